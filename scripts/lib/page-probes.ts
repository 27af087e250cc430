/**
 * Functions `npm start` and the tests run in the page's main world through Playwright or
 * Puppeteer. Each must be self-contained: it is sent to the page as source.
 * They read only what any page could read: `CSS.highlights` and the DOM.
 * Backstory paints static ranges; a probe makes a live range to read one.
 */

/** The text of every painted mention, or null when Backstory registered none. */
export function markedTexts(): string[] | null {
  const highlight = CSS.highlights.get('backstory');
  const text = (r: AbstractRange) => {
    const live = document.createRange();
    live.setStart(r.startContainer, r.startOffset);
    live.setEnd(r.endContainer, r.endOffset);
    return live.toString();
  };
  return highlight ? [...highlight].map(text) : null;
}

/** How many painted mentions lie inside elements matching `selector`. */
export function marksInside(selector: string): number {
  const highlight = CSS.highlights.get('backstory');
  if (!highlight) return 0;
  const containers = [...document.querySelectorAll(selector)];
  return [...highlight].filter((range) => {
    const node = (range as AbstractRange).startContainer;
    return containers.some((container) => container.contains(node));
  }).length;
}

/** The centre of the first painted mention whose text is `text`, in viewport pixels. */
export function mentionCenter(text: string): { x: number; y: number } | null {
  const highlight = CSS.highlights.get('backstory');
  const live = (r: AbstractRange) => {
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return range;
  };
  const range = highlight && ([...highlight] as AbstractRange[]).map(live).find((r) => r.toString() === text);
  if (!range) return null;
  range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  const rect = range.getClientRects()[0]!;
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/** Elements that are not in the page as served: only Backstory's host may be. */
export async function nodesAddedToPage(): Promise<{ added: string[]; sameArticle: boolean }> {
  const served = new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html');
  const tags = (doc: Document) => [...doc.body.children].map((el) => el.tagName.toLowerCase());
  const before = tags(served);
  const added = tags(document).filter((tag) => !before.includes(tag));
  const article = (doc: Document) => doc.querySelector('article')?.outerHTML;
  return { added, sameArticle: article(served) === article(document) };
}

/** A painted mention with the page's text around it (see `markContexts`). */
export interface MarkContext {
  text: string;
  /** Its place among the marks in document order. */
  order: number;
  before: string;
  after: string;
}

/**
 * Every painted mention, in the order of the `backstory` highlight's ranges
 * (the order the content script lists its mentions in), with about `radius`
 * characters of the page's readable text on each side, whitespace folded.
 */
export function markContexts(radius: number): MarkContext[] {
  const highlight = CSS.highlights.get('backstory');
  if (!highlight) return [];
  const ranges = ([...highlight] as AbstractRange[]).map((r) => {
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return range;
  });
  const byPosition = ranges.map((_, i) => i).sort((a, b) => ranges[a]!.compareBoundaryPoints(Range.START_TO_START, ranges[b]!));
  const order: number[] = [];
  byPosition.forEach((index, rank) => (order[index] = rank));

  const unread = 'script, style, noscript, template, textarea, title';
  const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest(unread) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  // Text of different blocks is joined with a space, text of one block as it is.
  const blockOf = (node: Node) => {
    let element = node.parentElement;
    while (element && /^(inline|contents)/.test(getComputedStyle(element).display)) element = element.parentElement;
    return element;
  };
  const fold = (text: string) => text.replace(/\s+/g, ' ');
  const gather = (node: Node, offset: number, forward: boolean): string => {
    if (!(node instanceof Text)) return '';
    let text = forward ? node.data.slice(offset) : node.data.slice(0, offset);
    let block = blockOf(node);
    walker.currentNode = node;
    for (let steps = 0; fold(text).trim().length < radius && steps < 500; steps++) {
      const next = forward ? walker.nextNode() : walker.previousNode();
      if (!next) break;
      const nextBlock = blockOf(next);
      const gap = nextBlock === block ? '' : ' ';
      block = nextBlock;
      text = forward ? text + gap + (next as Text).data : (next as Text).data + gap + text;
    }
    const folded = fold(text);
    return forward ? folded.slice(0, radius).trimEnd() : folded.slice(-radius).trimStart();
  };
  return ranges.map((range, i) => ({
    text: range.toString(),
    order: order[i]!,
    before: gather(range.startContainer, range.startOffset, false),
    after: gather(range.endContainer, range.endOffset, true),
  }));
}

/**
 * The mention Backstory shows as active (the one whose card is open): its
 * text, where it starts in the document's text, and whether it is in view.
 * `null` when none is. Self-contained: it runs in the page.
 */
export function activeMention(): { text: string; offset: number; inView: boolean } | null {
  const active = CSS.highlights.get('backstory-active');
  const first = active ? ([...active] as AbstractRange[])[0] : undefined;
  if (!first) return null;
  const range = document.createRange();
  range.setStart(first.startContainer, first.startOffset);
  range.setEnd(first.endContainer, first.endOffset);
  const before = document.createRange();
  before.setStart(document.body, 0);
  before.setEnd(first.startContainer, first.startOffset);
  const { top, bottom } = range.getBoundingClientRect();
  return { text: range.toString(), offset: before.toString().length, inView: top >= 0 && bottom <= innerHeight };
}

/** The element that has the keyboard, as the page sees it (Backstory's host when focus is inside it). */
export function focusedElement(): string {
  const element = document.activeElement;
  return element ? `${element.localName}${element.id ? `#${element.id}` : ''}` : '';
}

/** Where something is drawn, in viewport pixels (right and bottom exclusive, as a DOMRect's). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The box of the first painted mention whose text is `text`, where it is now (unlike `mentionCenter`, nothing is scrolled). */
export function mentionBox(text: string): Box | null {
  const highlight = CSS.highlights.get('backstory');
  const live = (r: AbstractRange) => {
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return range;
  };
  const range = highlight && ([...highlight] as AbstractRange[]).map(live).find((r) => r.toString() === text);
  if (!range) return null;
  const { left, top, right, bottom } = range.getBoundingClientRect();
  return { left, top, right, bottom };
}

/**
 * The part of Backstory's card drawn inside the viewport, to the pixel; null
 * when none is. Its shadow root is closed, so this asks what any page can: at
 * which points Backstory's host is the element on top. A coarse grid finds a
 * point of the card, and its edges are found along lines through the middle
 * (the card is a rectangle; the viewport's edge ends the search).
 */
export function cardBox(): Box | null {
  const onCard = (x: number, y: number) => document.elementFromPoint(x, y)?.localName === 'backstory-card';
  /** The last pixel still on the card going from `inside` (on it) towards `outside` (off it). */
  const edge = (inside: number, outside: number, on: (n: number) => boolean) => {
    while (Math.abs(outside - inside) > 1) {
      const middle = Math.floor((inside + outside) / 2);
      if (on(middle)) inside = middle;
      else outside = middle;
    }
    return inside;
  };
  for (let y = 4; y < innerHeight; y += 8) {
    for (let x = 4; x < innerWidth; x += 8) {
      if (!onCard(x, y)) continue;
      const across = (from: number, row: number): [number, number] => [edge(from, -1, (n) => onCard(n, row)), edge(from, innerWidth, (n) => onCard(n, row))];
      const [rowLeft, rowRight] = across(x, y);
      const middleX = Math.floor((rowLeft + rowRight) / 2);
      const top = edge(y, -1, (n) => onCard(middleX, n));
      const bottom = edge(y, innerHeight, (n) => onCard(middleX, n));
      const [left, right] = across(middleX, Math.floor((top + bottom) / 2));
      return { left, top, right: right + 1, bottom: bottom + 1 };
    }
  }
  return null;
}
