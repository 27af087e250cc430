import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createCardUi } from '../components/card-ui';
import { CARD_UI_KEY } from '../utils/dom/card-host';

/** Run by the background in a page's content-script world; see components/card-ui.tsx. */
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[CARD_UI_KEY] = createCardUi;
});
