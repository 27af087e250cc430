import { render } from 'preact';
import { OptionsPage } from '../../components/OptionsPage';
import { localizeDocument, t } from '../../utils/i18n';
import '../../components/options.css';

localizeDocument(document, t('options_title'));
render(<OptionsPage />, document.getElementById('app')!);
