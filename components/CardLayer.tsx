import { autoUpdate, computePosition, flip, inline, offset, shift } from '@floating-ui/dom';
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
}

/**
 * Places the card beside its mention and keeps it there while the page
 * scrolls. A class component: the content script ships Preact's core alone,
 * not its hooks module, since every news page pays for its size.
 */
export class CardLayer extends Component<CardLayerProps> {
  readonly #frame = createRef<HTMLDivElement>();
  #stopFollowing: (() => void) | null = null;

  override componentDidMount(): void {
    this.#follow();
  }

  override componentDidUpdate(previous: CardLayerProps): void {
    if (previous.anchor !== this.props.anchor || previous.state !== this.props.state) this.#follow();
  }

  override componentWillUnmount(): void {
    this.#stopFollowing?.();
  }

  #follow(): void {
    this.#stopFollowing?.();
    this.#stopFollowing = null;
    const { anchor } = this.props;
    const floating = this.#frame.current?.firstElementChild as HTMLElement | null | undefined;
    if (!anchor || !floating) return;
    const place = () =>
      computePosition(anchor, floating, {
        strategy: 'fixed',
        placement: 'bottom-start',
        // `inline` keeps the card beside the line the pointer is on when a mention wraps.
        middleware: [inline(), offset(6), flip(), shift({ padding: 8 })],
      }).then(({ x, y }) => {
        floating.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      });
    this.#stopFollowing = autoUpdate(anchor, floating, place);
  }

  override render({ anchor, state, onClose, onRetry, onPointerEnter, onPointerLeave }: CardLayerProps) {
    if (!anchor) return null;
    return (
      <div ref={this.#frame} onPointerEnter={onPointerEnter} onPointerLeave={onPointerLeave}>
        <MentionCard state={state} onClose={onClose} onRetry={onRetry} />
      </div>
    );
  }
}
