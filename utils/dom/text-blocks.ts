/**
 * Reads a page's text the way a reader sees it: in blocks. Consecutive text
 * nodes under the same block element are joined, so a name split by inline
 * markup (`Homeland Security <b>Investigations</b>`) reads as one phrase, while
 * text in different paragraphs never runs together.
 */

/** Elements whose text is never annotated, and whose subtrees are skipped whole. */
const SKIPPED_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'NOFRAMES', 'NOEMBED', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'TITLE',
  'HEAD', 'IFRAME', 'OBJECT', 'EMBED', 'CANVAS', 'SVG', 'MATH', 'BUTTON',
]);

/** Elements that flow inside a line; anything else starts a new block. */
const INLINE_TAGS = new Set([
  'A', 'ABBR', 'B', 'BDI', 'BDO', 'CITE', 'CODE', 'DATA', 'DEL', 'DFN', 'EM', 'FONT', 'I', 'INS',
  'KBD', 'LABEL', 'MARK', 'Q', 'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR',
]);

export interface TextBlock {
  text: string;
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`. */
  starts: number[];
}

export interface WalkOptions {
  /** An extra element to leave out with its subtree (Backstory's own UI host). */
  exclude?: (element: Element) => boolean;
}

export function* textBlocks(root: Node, options: WalkOptions = {}): Generator<TextBlock> {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.nodeType === Node.ELEMENT_NODE && isSkipped(node as Element, options)
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });

  let current: TextBlock | null = null;
  let currentBlock: Element | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      // A line break or a nested block ends the phrase in progress.
      if (!INLINE_TAGS.has((node as Element).tagName.toUpperCase()) && current) {
        yield current;
        current = null;
        currentBlock = null;
      }
      continue;
    }
    const text = node as Text;
    if (!text.data) continue;
    const block = blockElementOf(text);
    if (current && block !== currentBlock) {
      yield current;
      current = null;
    }
    if (!current) {
      current = { text: '', nodes: [], starts: [] };
      currentBlock = block;
    }
    current.starts.push(current.text.length);
    current.nodes.push(text);
    current.text += text.data;
  }
  if (current) yield current;
}

/** Whether text under `node` may be read: neither it nor an ancestor is skipped. */
export function isReadable(node: Node, options: WalkOptions = {}): boolean {
  for (let element = node instanceof Element ? node : node.parentElement; element; element = element.parentElement) {
    if (isSkipped(element, options)) return false;
  }
  return true;
}

/** The block element whose text `node` belongs to (itself, if it is one). */
export function blockElementOf(node: Node): Element | null {
  let element = node instanceof Element ? node : node.parentElement;
  while (element && INLINE_TAGS.has(element.tagName.toUpperCase())) element = element.parentElement;
  return element;
}

function isSkipped(element: Element, options: WalkOptions): boolean {
  if (SKIPPED_TAGS.has(element.tagName.toUpperCase())) return true;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  return options.exclude?.(element) ?? false;
}
