import { render } from 'preact';
import { OptionsPage } from '../../components/OptionsPage';
import '../../components/options.css';

render(<OptionsPage />, document.getElementById('app')!);
