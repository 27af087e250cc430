import { render } from 'preact';
import { PopupPanel } from '../../components/PopupPanel';
import { localizeDocument, t } from '../../utils/i18n';
import '../../components/popup.css';

localizeDocument(document, t('extension_name'));
render(<PopupPanel />, document.getElementById('app')!);
