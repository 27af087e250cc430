/**
 * The card's user interface, loaded into a page only when a reader first
 * opens a card or the "On this page" panel there: Preact, the placement
 * library and the styles stay out of the content script that every news page
 * pays for. The content script imports `card.js` into its own isolated world,
 * where it leaves `createCardUi` under `CARD_UI_KEY`; the page's scripts
 * cannot see it. The file is web-accessible (an import needs that) at an
 * address a page cannot guess: per session in Chromium (`use_dynamic_url`),
 * per install in Firefox.
 */
import { createRef, h, render } from 'preact';
import { createCardHost, type CardUi } from '../utils/dom/card-host';
import { interfaceDirection, interfaceLanguage, keepMessages } from '../utils/i18n';
import cardCss from './card.css?inline';
import { CardLayer } from './CardLayer';
import { PagePanel } from './PagePanel';

export function createCardUi(doc: Document): CardUi {
  const host = createCardHost(doc, cardCss);
  // Backstory's own words are in the interface's language and run in its
  // direction, not the page's: an English card on a right-to-left page is not
  // mirrored. (Each set's text says its own language inside the card.)
  host.container.lang = interfaceLanguage();
  host.container.dir = interfaceDirection();
  // What the card says once the extension is updated under the page, read
  // while the catalog is still there (see MentionCard's 'updated' state).
  keepMessages('card_updated', 'reload_page', 'close');
  const part = (className: string) => {
    const element = doc.createElement('div');
    element.className = className;
    host.container.append(element);
    return element;
  };
  const cardPart = part('card-part');
  const panelPart = part('panel-part');
  // One polite live region for what a screen reader should hear: the entity
  // and mention the panel moved to, a card's arrival, an error.
  const status = part('visually-hidden');
  status.setAttribute('role', 'status');
  const panel = createRef<PagePanel>();
  return {
    show: (props) => {
      if (props) host.container.dataset.theme = pageTheme(props.anchor?.startContainer ?? null, doc);
      render(props && h(CardLayer, props), cardPart);
    },
    showPanel: (props) => {
      if (props) host.container.dataset.theme = pageTheme(doc.body, doc);
      render(props && <PagePanel {...props} ref={panel} />, panelPart);
    },
    focusPanel: () => panel.current?.focus(),
    announce: (message) => {
      // The same words twice are still news: clear first, then say them.
      status.textContent = '';
      setTimeout(() => (status.textContent = message), 50);
    },
    remove: () => {
      render(null, cardPart);
      render(null, panelPart);
      host.remove();
    },
  };
}

/**
 * Whether the card should be dark: after the background the page paints behind
 * `node` (the nearest opaque one up the tree), so a dark site gets a dark card
 * whatever the system says; where the page paints none, the reader's
 * `prefers-color-scheme` decides (in card.css).
 */
export function pageTheme(node: Node | null, doc: Document): 'light' | 'dark' | 'system' {
  const view = doc.defaultView;
  let element: Element | null = node instanceof Element ? node : (node?.parentElement ?? null);
  for (; element && view; element = element.parentElement) {
    const rgba = parseColor(view.getComputedStyle(element).backgroundColor);
    if (rgba && rgba[3] > 0.5) return luminance(rgba) < 0.35 ? 'dark' : 'light';
  }
  return 'system';
}

function parseColor(value: string): [number, number, number, number] | null {
  const parts = /^rgba?\(([^)]+)\)$/.exec(value)?.[1]?.split(/[\s,/]+/).filter(Boolean).map(Number);
  if (!parts || parts.length < 3 || parts.some(Number.isNaN)) return null;
  return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
}

/** Relative luminance (WCAG), 0 for black to 1 for white. */
function luminance([r, g, b]: [number, number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
