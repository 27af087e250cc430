import { autoUpdate, computePosition, flip, inline, offset, shift } from '@floating-ui/dom';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { MentionCard, type CardState } from './MentionCard';

export interface CardLayerProps {
  /** The mention the card belongs to; `null` hides the card. */
  anchor: Range | null;
  state: CardState;
  onClose: () => void;
  onPointerEnter: () => void;
  onPointerLeave: () => void;
}

/** Places the card beside its mention and keeps it there while the page scrolls. */
export function CardLayer({ anchor, state, onClose, onPointerEnter, onPointerLeave }: CardLayerProps) {
  const frame = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const floating = frame.current?.firstElementChild as HTMLElement | null | undefined;
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
    return autoUpdate(anchor, floating, place);
  }, [anchor, state]);

  if (!anchor) return null;
  return (
    <div ref={frame} onPointerEnter={onPointerEnter} onPointerLeave={onPointerLeave}>
      <MentionCard state={state} onClose={onClose} />
    </div>
  );
}
