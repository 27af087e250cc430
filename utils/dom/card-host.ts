/**
 * Backstory's one element in a page: `<backstory-card>`, whose closed shadow
 * root holds the card. The page's CSS cannot reach inside (the host resets
 * everything it would inherit), and keys pressed in the card do not reach the
 * page's own shortcuts.
 */
export const HOST_TAG = 'backstory-card';

/**
 * Where the card's user interface, once loaded (components/card-ui.tsx),
 * leaves its factory on the content script's global.
 */
export const CARD_UI_KEY = 'backstoryCardUi';

/** An entity in the "On this page" panel. */
export interface PanelEntry {
  entityKey: string;
  label: string;
  kind: import('../model/set-schema').EntityKind;
  /** Mentions of the entity on the page. */
  count: number;
}

/** The card and the panel on screen: `show(null)` hides the card, `showPanel(null)` the panel. */
export interface CardUi {
  show(props: import('../../components/CardLayer').CardLayerProps | null): void;
  showPanel(props: import('../../components/PagePanel').PagePanelProps | null): void;
  /** Gives the keyboard back to the panel (after a card opened from it closes). */
  focusPanel(): void;
  /** Says `message` through a polite live region. */
  announce(message: string): void;
  remove(): void;
}

export interface CardHost {
  /** Where the card is rendered, inside the shadow root. */
  readonly container: HTMLElement;
  remove(): void;
}

export function createCardHost(doc: Document, css: string): CardHost {
  const host = doc.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  // Nothing of Backstory's is printed: a page printed or saved as a PDF with a card open comes out as the page.
  style.textContent = `:host { all: initial !important; }\n@media print { :host { display: none !important; } }\n${css}`;
  const container = doc.createElement('div');
  shadow.append(style, container);
  for (const type of ['keydown', 'keyup', 'keypress']) shadow.addEventListener(type, (event) => event.stopPropagation());
  (doc.body ?? doc.documentElement).append(host);
  return { container, remove: () => host.remove() };
}
