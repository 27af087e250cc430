/**
 * The card's user interface, loaded into a page only when a reader first
 * opens a card there: Preact, the placement library and the card's styles
 * stay out of the content script that every news page pays for. The
 * background runs this file in the content script's own isolated world
 * (`scripting.executeScript`), where it leaves `createCardUi` for the content
 * script under `CARD_UI_KEY`; the page itself can neither see nor fetch it.
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
