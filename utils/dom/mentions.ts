/**
 * The mentions found on a page: static ranges painted with the CSS Custom
 * Highlight API and indexed per text node for hit-testing. Nothing is added to
 * or changed in the page's own nodes.
 *
 * Static ranges, not live ones: a live `Range` is updated by the browser on
 * every change to the document, so thousands of them would tax every
 * mutation the page makes. Backstory notices changed text itself (the page
 * watcher, then `pruneStale`) and makes a live range only for the mention a
 * reader points at.
 *
 * Every mark is registered, except on a page that never stops changing.
 * There Chromium takes every registered range out of the page's markers and
 * puts it back, and repaints its text, at every frame in which the page's
 * DOM changed (HighlightRegistry::ValidateHighlightMarkers), so each
 * registered mark costs a little of every frame, however far from the
 * reader. When the page watcher reports such a page (`paintNearOnly`), an
 * IntersectionObserver on the elements that hold marks tells which are near
 * the viewport, and only those stay registered until the page calms down:
 * that bounds the cost by what a reader can scroll to in a moment, however
 * long the page. Where there is no IntersectionObserver every mark is
 * registered.
 */
import type { Mention as TextMention } from '../matcher/matcher';
import { inEditableRegion, type TextRun } from './text-blocks';

import type { HighlightStyle } from './highlight-styles';

export const HIGHLIGHT_NAME = 'backstory';
export const ACTIVE_HIGHLIGHT_NAME = 'backstory-active';

export interface PageMention {
  /** The entity's key, `set id/entity id`. */
  entityId: string;
  range: StaticRange;
  /** The text as it was matched; a mention whose text changed is dropped. */
  text: string;
  /** The text nodes the mention covers, for the hit-test index. */
  nodes: Text[];
  /** A live copy of `range`, made when it is first needed (see `liveRange`). */
  live?: Range;
}

/** On a busy page, marks are registered this far above and below the viewport (a screen each way). */
export const PAINT_MARGIN = '100% 0px';

type Bounds = Pick<AbstractRange, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>;

interface Span {
  start: number;
  end: number;
  mention: PageMention;
}

/**
 * How a match reached the layer, which says what `add` checks against the
 * page before painting it:
 * - `fresh`: read in this very slice, or since the page last changed (the
 *   page watcher's count, see `PassOptions.changes`): it reads as it was read;
 * - `earlier`: from the run being read, but read before the page last ran
 *   and changed: its text may have changed since;
 * - `released`: held back for its context, from another run (perhaps read
 *   by an earlier pass): its text may have changed, and a later read of its
 *   block may have painted it already.
 */
export type Arrival = 'fresh' | 'earlier' | 'released';

export class MentionLayer {
  readonly #mentions = new Set<PageMention>();
  /** The hit-test index, built when first asked: a pass only collects mentions. */
  readonly #byNode = new Map<Text, Span[]>();
  /** The spans of the mentions added since the index was last built, for each text node a mention covers. */
  #unindexed: (Span & { node: Text })[] = [];
  /** The marks registered for painting: all of them, or on a busy page those whose element is near the viewport. */
  readonly #highlight = new Highlight();
  readonly #active = new Highlight();
  /** Whether only the marks near the viewport are registered (`paintNearOnly`). */
  #nearOnly = false;
  /** While `#nearOnly`: the mentions held by each element a mark starts in, and the elements near the viewport now. */
  readonly #byElement = new Map<Element, Set<PageMention>>();
  readonly #near = new Set<Element>();
  /** The element each watched mention is held under (the page may move its text since). */
  readonly #ownerOf = new Map<PageMention, Element>();
  /** Made when the page first turns busy: most pages never need one. */
  #observer: IntersectionObserver | null = null;

  constructor() {
    // The active mention is drawn over the others.
    this.#active.priority = 1;
  }

  /**
   * Registers only the marks near the viewport (`true`: the page never stops
   * changing), or every mark again (`false`). Switching on keeps every mark
   * registered until the browser first reports where their elements are, so
   * no mark near the reader blinks.
   */
  paintNearOnly(on: boolean): void {
    if (on === this.#nearOnly || typeof IntersectionObserver !== 'function') return;
    this.#nearOnly = on;
    if (on) {
      this.#observer ??= new IntersectionObserver((entries) => this.#onIntersect(entries), { rootMargin: PAINT_MARGIN });
      for (const mention of this.#mentions) this.#watch(mention);
      return;
    }
    this.#observer!.disconnect();
    for (const [element, held] of this.#byElement) {
      if (this.#near.has(element)) continue;
      for (const mention of held) this.#highlight.add(mention.range);
    }
    this.#byElement.clear();
    this.#near.clear();
    this.#ownerOf.clear();
  }

  get size(): number {
    return this.#mentions.size;
  }

  /** How many marks are registered for painting now (those near the viewport). */
  get paintedSize(): number {
    return this.#highlight.size;
  }

  get mentions(): IterableIterator<PageMention> {
    return this.#mentions.values();
  }

  /**
   * Turns a text match in a run into a range and paints it. Text in an
   * editable region (a comment box, an editor) is read with the rest but
   * never marked. Unless the match is `fresh`, the run was read before the
   * page last ran: a match whose text the page has changed since yields no
   * mention (the page watcher reads it again); that is not an error.
   */
  add(run: TextRun, match: TextMention, arrival: Arrival = 'released'): boolean {
    const first = locate(run, match.start, false);
    const last = locate(run, match.end, true);
    const startNode = run.nodes[first]!;
    const endNode = run.nodes[last]!;
    const startOffset = match.start - run.starts[first]!;
    const endOffset = match.end - run.starts[last]!;
    for (let i = first; i <= last; i++) if (inEditableRegion(run.nodes[i]!.parentElement)) return false;
    const text = run.text.slice(match.start, match.end);
    const nodes = first === last ? [startNode] : run.nodes.slice(first, last + 1);
    if (arrival !== 'fresh') {
      if (textOf(nodes, startOffset, endOffset) !== text) return false;
      // A mention held back for its context may have been painted from
      // another read meanwhile: paint it once. One from the run being read
      // cannot have been painted before (the annotator's passes never
      // overlap, and a block read again first loses its mentions, painted
      // or held), so it is spared the index.
      if (arrival === 'released' && this.paintedOver({ startContainer: startNode, startOffset, endContainer: endNode, endOffset })) return false;
    }
    const range = new StaticRange({ startContainer: startNode, startOffset, endContainer: endNode, endOffset });
    const mention: PageMention = { entityId: match.entityId, range, text, nodes };
    this.#mentions.add(mention);
    this.#paint(mention);
    if (this.#shown && !this.#registered) this.#register();
    // Its spans for the hit-test index: a node's length as read, unless the page has run since.
    for (let i = first; i <= last; i++) {
      const end = i === last ? endOffset : arrival === 'fresh' ? run.starts[i + 1]! - run.starts[i]! : run.nodes[i]!.data.length;
      this.#unindexed.push({ node: run.nodes[i]!, start: i === first ? startOffset : 0, end, mention });
    }
    return true;
  }

  /** Registers the mark, or on a busy page watches its element and registers it if that is near the viewport. */
  #paint(mention: PageMention): void {
    if (!this.#nearOnly || this.#watch(mention)) this.#highlight.add(mention.range);
  }

  /**
   * Watches the element the mark starts in (or `element`, one that holds
   * it); whether it is known to be near the viewport (or cannot be watched).
   */
  #watch(mention: PageMention, element = mention.range.startContainer.parentElement): boolean {
    if (!element) return true;
    this.#ownerOf.set(mention, element);
    const held = this.#byElement.get(element);
    if (held) held.add(mention);
    else {
      this.#byElement.set(element, new Set([mention]));
      this.#observer!.observe(element);
    }
    return this.#near.has(element);
  }

  #onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const { target, isIntersecting, boundingClientRect } of entries) {
      const held = this.#byElement.get(target);
      if (!held) continue;
      const parent = target.parentElement;
      if (!isIntersecting && boundingClientRect.width === 0 && boundingClientRect.height === 0 && parent) {
        // No box of its own (`display: contents`), so never near: its marks are drawn where its parent is.
        for (const mention of [...held]) {
          this.#unpaint(mention);
          if (this.#watch(mention, parent)) this.#highlight.add(mention.range);
        }
        continue;
      }
      if (isIntersecting) this.#near.add(target);
      else this.#near.delete(target);
      for (const { range } of held) {
        if (!isIntersecting) this.#highlight.delete(range);
        else if (!this.#highlight.has(range)) this.#highlight.add(range);
      }
    }
  }

  #unpaint(mention: PageMention): void {
    this.#highlight.delete(mention.range);
    const owner = this.#ownerOf.get(mention);
    if (!owner) return;
    this.#ownerOf.delete(mention);
    const held = this.#byElement.get(owner)!;
    held.delete(mention);
    if (held.size > 0) return;
    this.#byElement.delete(owner);
    this.#near.delete(owner);
    this.#observer!.unobserve(owner);
  }

  #styleName = '';
  /** Whether the marks are to be shown, and whether the highlights are registered for that yet. */
  #shown = false;
  #registered = false;

  /**
   * Shows the marks in the reader's chosen style. The highlights are
   * registered with the first mark: a page with nothing to mark (most pages)
   * never touches the browser's highlight registry.
   */
  show(style: HighlightStyle): void {
    this.#styleName = `${HIGHLIGHT_NAME}-${style}`;
    this.#shown = true;
    if (this.#registered || this.#mentions.size > 0) this.#register();
  }

  /** Registers the highlights so the browser paints them. */
  #register(): void {
    this.#registered = true;
    CSS.highlights.set(HIGHLIGHT_NAME, this.#highlight);
    CSS.highlights.set(this.#styleName, this.#highlight);
    CSS.highlights.set(ACTIVE_HIGHLIGHT_NAME, this.#active);
  }

  setActive(mention: PageMention | null): void {
    this.#active.clear();
    if (mention) this.#active.add(mention.range);
  }

  /**
   * The mentions drawn at the caret position `(node, offset)`: none, one, or
   * two where one mark ends right where the next begins (`287(g)ICE`).
   */
  at(node: Node, offset: number): PageMention[] {
    this.#indexPending();
    const found: PageMention[] = [];
    for (const span of this.#byNode.get(node as Text) ?? []) {
      if (span.start > offset) break;
      if (offset <= span.end) found.push(span.mention);
    }
    return found;
  }

  has(mention: PageMention): boolean {
    return this.#mentions.has(mention);
  }

  /** Drops the mentions that start inside `element`, before its text is read again. */
  removeInside(element: Node): void {
    this.#removeWhere((mention) => element.contains(mention.range.startContainer));
  }

  /** Drops mentions whose text left the page or no longer reads the same. */
  pruneStale(): void {
    this.#removeWhere((mention) => {
      const { startOffset, endOffset } = mention.range;
      return textOf(mention.nodes, startOffset, endOffset) !== mention.text;
    });
  }

  /** Removes every highlight this layer painted. */
  clear(): void {
    this.#observer?.disconnect();
    this.#nearOnly = false;
    this.#byElement.clear();
    this.#near.clear();
    this.#ownerOf.clear();
    this.#highlight.clear();
    this.#active.clear();
    this.#mentions.clear();
    this.#byNode.clear();
    this.#unindexed = [];
    this.#shown = false;
    if (!this.#registered) return;
    this.#registered = false;
    // Only our own entries are removed, and only if they are still ours.
    if (CSS.highlights.get(HIGHLIGHT_NAME) === this.#highlight) CSS.highlights.delete(HIGHLIGHT_NAME);
    if (CSS.highlights.get(this.#styleName) === this.#highlight) CSS.highlights.delete(this.#styleName);
    if (CSS.highlights.get(ACTIVE_HIGHLIGHT_NAME) === this.#active) CSS.highlights.delete(ACTIVE_HIGHLIGHT_NAME);
  }

  #removeWhere(doomed: (mention: PageMention) => boolean): void {
    this.#indexPending();
    for (const mention of this.#mentions) {
      if (!doomed(mention)) continue;
      this.#mentions.delete(mention);
      this.#unpaint(mention);
      this.#active.delete(mention.range);
      for (const node of mention.nodes) {
        const spans = this.#byNode.get(node)?.filter((span) => span.mention !== mention);
        if (spans?.length) this.#byNode.set(node, spans);
        else this.#byNode.delete(node);
      }
    }
  }

  /**
   * The mention painted now over exactly `range`'s text (of `entityId`, if
   * given), or null. A mention whose block was read again, because the page
   * changed something beside it, is a new object over the same text.
   */
  paintedOver(range: Bounds, entityId?: string): PageMention | null {
    this.#indexPending();
    const { startContainer, startOffset, endContainer, endOffset } = range;
    const span = this.#byNode.get(startContainer as Text)?.find(({ mention }) => {
      const painted = mention.range;
      return (
        (entityId === undefined || mention.entityId === entityId) &&
        painted.startContainer === startContainer &&
        painted.startOffset === startOffset &&
        painted.endContainer === endContainer &&
        painted.endOffset === endOffset
      );
    });
    return span?.mention ?? null;
  }

  #indexPending(): void {
    for (const { node, start, end, mention } of this.#unindexed) {
      const span = { start, end, mention };
      const spans = this.#byNode.get(node);
      if (!spans) this.#byNode.set(node, [span]);
      else {
        // Usually in text order; a mention released by later context may not be.
        spans.push(span);
        if (spans[spans.length - 2]!.start > span.start) spans.sort((a, b) => a.start - b.start);
      }
    }
    this.#unindexed = [];
  }
}

/** A live range over the mention's text, for measuring where it is drawn. */
export function liveRange(mention: PageMention): Range {
  if (mention.live) return mention.live;
  const { startContainer, startOffset, endContainer, endOffset } = mention.range;
  const range = startContainer.ownerDocument!.createRange();
  try {
    range.setStart(startContainer, startOffset);
    range.setEnd(endContainer, endOffset);
  } catch {
    // The page shortened the text since: an empty range measures as nothing.
    range.selectNodeContents(startContainer);
    range.collapse(true);
  }
  mention.live = range;
  return range;
}

/**
 * What a mention over `nodes` reads now, from `startOffset` in the first to
 * `endOffset` in the last; '' once one of them left the page (a node taken
 * out keeps its text) or is too short. Only the nodes read count: the text
 * of what lies between them unread (a `style` in mid-sentence) is no part
 * of the mention, as it was not of the run.
 */
function textOf(nodes: readonly Text[], startOffset: number, endOffset: number): string {
  const last = nodes.length - 1;
  let text = '';
  for (let i = 0; i <= last; i++) {
    const node = nodes[i]!;
    if (!node.isConnected || (i === last && endOffset > node.data.length)) return '';
    text += node.data.slice(i === 0 ? startOffset : 0, i === last ? endOffset : undefined);
  }
  return text;
}

/** The text node that holds the start of a match at `position` in a run's text. */
export function textNodeAt(run: TextRun, position: number): Text {
  return run.nodes[locate(run, position, false)]!;
}

/**
 * The index of the text node that holds a position in a run's text. An end
 * position that falls on a node boundary stays in the earlier node, so a
 * range never starts or ends in a node it does not cover.
 */
function locate(run: TextRun, position: number, isEnd: boolean): number {
  const { starts } = run;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const start = starts[mid]!;
    if (start < position || (!isEnd && start === position)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Whether the point lies on the painted text of a range (not just beside it). */
export function rangeContainsPoint(range: Range, x: number, y: number): boolean {
  for (const rect of range.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
  }
  return false;
}

/** The text node and offset under a viewport point, in both engines' dialects. */
export function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const legacy = (doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null }).caretRangeFromPoint;
  const range = legacy?.call(doc, x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}
