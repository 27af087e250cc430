import { render } from 'preact';
import { PopupPanel } from '../../components/PopupPanel';
import '../../components/popup.css';

render(<PopupPanel />, document.getElementById('app')!);
