/**
 * The card's user interface, loaded into a page only when a reader first
 * opens a card there: Preact, the placement library and the card's styles
 * stay out of the content script that every news page pays for. The content
 * script imports `card.js` into its own isolated world, where it leaves
 * `createCardUi` under `CARD_UI_KEY`; the page's scripts cannot see it. The
 * file is web-accessible (an import needs that) at an address a page cannot
 * guess: per session in Chromium (`use_dynamic_url`), per install in Firefox.
 */
import { h, render } from 'preact';
import { createCardHost, type CardUi } from '../utils/dom/card-host';
import cardCss from './card.css?inline';
import { CardLayer } from './CardLayer';

export function createCardUi(doc: Document): CardUi {
  const host = createCardHost(doc, cardCss);
  return {
    show: (props) => render(props && h(CardLayer, props), host.container),
    remove: () => {
      render(null, host.container);
      host.remove();
    },
  };
}
