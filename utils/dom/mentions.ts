/**
 * The mentions found on a page: DOM ranges painted with the CSS Custom
 * Highlight API and indexed per text node for hit-testing. Nothing is added to
 * or changed in the page's own nodes.
 */
import type { Mention as TextMention } from '../matcher/matcher';
import type { TextBlock } from './text-blocks';

export const HIGHLIGHT_NAME = 'backstory';
export const ACTIVE_HIGHLIGHT_NAME = 'backstory-active';

export interface PageMention {
  entityId: string;
  range: Range;
  /** The text as it was matched; a mention whose text changed is dropped. */
  text: string;
  /** The text nodes the mention covers, for the hit-test index. */
  nodes: Text[];
}

interface Span {
  start: number;
  end: number;
  mention: PageMention;
}

export class MentionLayer {
  readonly #mentions = new Set<PageMention>();
  readonly #byNode = new Map<Text, Span[]>();
  readonly #highlight = new Highlight();
  readonly #active = new Highlight();

  constructor() {
    // The active mention is drawn over the others.
    this.#active.priority = 1;
  }

  get size(): number {
    return this.#mentions.size;
  }

  get mentions(): IterableIterator<PageMention> {
    return this.#mentions.values();
  }

  /**
   * Turns a text match in a block into a range and paints it. A block whose
   * text the page changed since it was read yields no mention (the page
   * watcher reads it again); that is not an error.
   */
  add(block: TextBlock, match: TextMention): boolean {
    const start = locate(block, match.start, false);
    const end = locate(block, match.end, true);
    const text = block.text.slice(match.start, match.end);
    const range = start.node.ownerDocument.createRange();
    try {
      range.setStart(start.node, start.offset);
      range.setEnd(end.node, end.offset);
    } catch {
      return false;
    }
    if (range.toString() !== text) return false;
    const mention: PageMention = { entityId: match.entityId, range, text, nodes: [] };
    this.#mentions.add(mention);
    this.#highlight.add(range);
    this.#index(block, match, mention);
    return true;
  }

  /** Registers the highlights so the browser paints them. */
  show(): void {
    CSS.highlights.set(HIGHLIGHT_NAME, this.#highlight);
    CSS.highlights.set(ACTIVE_HIGHLIGHT_NAME, this.#active);
  }

  setActive(mention: PageMention | null): void {
    this.#active.clear();
    if (mention) this.#active.add(mention.range);
  }

  /** The mention drawn under the caret position `(node, offset)`, if any. */
  at(node: Node, offset: number): PageMention | null {
    const spans = this.#byNode.get(node as Text);
    if (!spans) return null;
    for (const span of spans) {
      if (offset >= span.start && offset <= span.end) return span.mention;
      if (span.start > offset) break;
    }
    return null;
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
    this.#removeWhere((mention) => !mention.range.startContainer.isConnected || mention.range.toString() !== mention.text);
  }

  /** Removes every highlight this layer painted. */
  clear(): void {
    this.#highlight.clear();
    this.#active.clear();
    this.#mentions.clear();
    this.#byNode.clear();
    // Only our own entries are removed, and only if they are still ours.
    if (CSS.highlights.get(HIGHLIGHT_NAME) === this.#highlight) CSS.highlights.delete(HIGHLIGHT_NAME);
    if (CSS.highlights.get(ACTIVE_HIGHLIGHT_NAME) === this.#active) CSS.highlights.delete(ACTIVE_HIGHLIGHT_NAME);
  }

  #removeWhere(doomed: (mention: PageMention) => boolean): void {
    for (const mention of this.#mentions) {
      if (!doomed(mention)) continue;
      this.#mentions.delete(mention);
      this.#highlight.delete(mention.range);
      this.#active.delete(mention.range);
      for (const node of mention.nodes) {
        const spans = this.#byNode.get(node)?.filter((span) => span.mention !== mention);
        if (spans?.length) this.#byNode.set(node, spans);
        else this.#byNode.delete(node);
      }
    }
  }

  #index(block: TextBlock, match: TextMention, mention: PageMention): void {
    block.nodes.forEach((node, i) => {
      const nodeStart = block.starts[i]!;
      const nodeEnd = nodeStart + node.data.length;
      if (nodeEnd <= match.start || nodeStart >= match.end) return;
      mention.nodes.push(node);
      const span = { start: Math.max(match.start, nodeStart) - nodeStart, end: Math.min(match.end, nodeEnd) - nodeStart, mention };
      const spans = this.#byNode.get(node);
      if (!spans) this.#byNode.set(node, [span]);
      else {
        // Usually in text order; a mention released by later context may not be.
        spans.push(span);
        if (spans.length > 1 && spans[spans.length - 2]!.start > span.start) spans.sort((a, b) => a.start - b.start);
      }
    });
  }
}

/**
 * The text node and offset of a position in a block's text. An end position
 * that falls on a node boundary stays in the earlier node, so a range never
 * starts or ends in a node it does not cover.
 */
function locate(block: TextBlock, position: number, isEnd: boolean): { node: Text; offset: number } {
  let low = 0;
  let high = block.nodes.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const start = block.starts[mid]!;
    if (start < position || (!isEnd && start === position)) low = mid;
    else high = mid - 1;
  }
  return { node: block.nodes[low]!, offset: position - block.starts[low]! };
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
