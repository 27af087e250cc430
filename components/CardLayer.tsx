import { autoUpdate, computePosition, flip, inline, offset, shift, size, type VirtualElement } from '@floating-ui/dom';
import { Component, createRef } from 'preact';
import { MentionCard, type CardState } from './MentionCard';

export interface CardLayerProps {
  /** The mention the card belongs to; `null` hides the card. */
  anchor: Range | null;
  state: CardState;
  onClose: () => void;
  /** Asks for the card again after an error. */
  onRetry: () => void;
  onPointerEnter: () => void;
  onPointerLeave: () => void;
  /**
   * A pinned card (clicked, or opened from the panel) takes the keyboard: focus
   * moves into it, Tab stays inside, and focus returns where it was when it closes.
   */
  modal: boolean;
}

/**
 * Places the card beside its mention and keeps it there while the page
 * scrolls. A class component: the content script ships Preact's core alone,
 * not its hooks module, since every news page pays for its size.
 */
export class CardLayer extends Component<CardLayerProps> {
  readonly #frame = createRef<HTMLDivElement>();
  #stopFollowing: (() => void) | null = null;

  /** Where focus was before the card took it, to give it back. */
  #returnFocus: HTMLElement | null = null;

  override componentDidMount(): void {
    this.#follow();
    if (this.props.modal) this.#takeFocus();
  }

  override componentDidUpdate(previous: CardLayerProps): void {
    if (previous.anchor !== this.props.anchor || previous.state !== this.props.state) this.#follow();
    if (this.props.modal && (!previous.modal || previous.anchor !== this.props.anchor)) this.#takeFocus();
    else if (!this.props.modal && previous.modal) this.#giveFocusBack();
  }

  override componentWillUnmount(): void {
    this.#stopFollowing?.();
    this.#giveFocusBack();
  }

  #card(): HTMLElement | null {
    return (this.#frame.current?.firstElementChild as HTMLElement | null | undefined) ?? null;
  }

  #takeFocus(): void {
    const card = this.#card();
    if (!card) return;
    const active = deepActiveElement(card);
    if (!card.contains(active)) this.#returnFocus ??= active;
    card.focus({ preventScroll: true });
  }

  #giveFocusBack(): void {
    const target = this.#returnFocus;
    this.#returnFocus = null;
    if (target?.isConnected) target.focus({ preventScroll: true });
  }

  /** Tab and Shift+Tab go round the card's own controls while it is pinned. */
  #trapTab = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab' || !this.props.modal) return;
    const card = this.#card();
    if (!card) return;
    const stops = [...card.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')];
    if (stops.length === 0) {
      event.preventDefault();
      return;
    }
    const active = deepActiveElement(card);
    const at = stops.indexOf(active as HTMLElement);
    const next = event.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : at === -1 || at === stops.length - 1 ? 0 : at + 1;
    event.preventDefault();
    stops[next]!.focus();
  };

  #follow(): void {
    this.#stopFollowing?.();
    this.#stopFollowing = null;
    const { anchor } = this.props;
    const floating = this.#card();
    if (!anchor || !floating) return;
    const reference = mentionReference(anchor);
    const place = () => {
      // Measured at its full height each time, so a card squeezed into a short space grows again where there is room.
      floating.style.removeProperty('--room');
      return computePosition(reference, floating, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          // `inline` keeps the card beside the line the pointer is on when a mention wraps.
          inline(),
          offset(6),
          // Below the mention, else above it, else on the side with more room.
          flip({ padding: 8 }),
          shift({ padding: 8 }),
          // No taller than the room on that side, its content scrolling inside (card.css): the card is
          // fixed, so a part the window cut off (its close button, above the top) could not be scrolled to.
          size({
            padding: 8,
            apply: ({ availableHeight }) => floating.style.setProperty('--room', `${Math.max(0, Math.floor(availableHeight))}px`),
          }),
        ],
      }).then(({ x, y }) => {
        floating.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      });
    };
    this.#stopFollowing = autoUpdate(reference, floating, place);
  }

  override render({ anchor, state, onClose, onRetry, onPointerEnter, onPointerLeave, modal }: CardLayerProps) {
    if (!anchor) return null;
    return (
      <div ref={this.#frame} onPointerEnter={onPointerEnter} onPointerLeave={onPointerLeave} onKeyDown={this.#trapTab}>
        <MentionCard state={state} modal={modal} onClose={onClose} onRetry={onRetry} />
      </div>
    );
  }
}

/**
 * The mention as floating-ui sees it. Given a bare Range, `autoUpdate` has no
 * element to watch and follows only the window's scroll and size: the card
 * stayed put when the layout moved the mention (a banner growing above it) or
 * a box it is in scrolled. The element holding the mention's start gives it
 * the scrolling boxes around it and the moves and resizes to watch, while the
 * range still says where the text is drawn (`inline` needs its lines).
 */
function mentionReference(range: Range): VirtualElement {
  const start = range.startContainer;
  return {
    getBoundingClientRect: () => range.getBoundingClientRect(),
    getClientRects: () => range.getClientRects(),
    contextElement: start instanceof Element ? start : (start.parentElement ?? undefined),
  };
}

/** The focused element, looking inside the shadow root `inside` belongs to (the document only sees its host). */
function deepActiveElement(inside: Element): HTMLElement | null {
  const root = inside.getRootNode() as Document | ShadowRoot;
  const active = root.activeElement ?? inside.ownerDocument.activeElement;
  return active instanceof HTMLElement ? active : null;
}
