/**
 * Reads a page's text the way a reader sees it: in blocks. Consecutive text
 * nodes under the same block element are joined, so a name split by inline
 * markup (`Homeland Security <b>Investigations</b>`) reads as one phrase, while
 * text in different paragraphs never runs together.
 */

/** Elements whose text is never annotated, and whose subtrees are skipped whole. */
const SKIPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'noframes', 'noembed', 'template', 'textarea', 'input', 'select', 'option',
  'title', 'head', 'iframe', 'object', 'embed', 'canvas', 'svg', 'math', 'button',
]);

/** Elements that flow inside a line; anything else starts a new block. */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins',
  'kbd', 'label', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);

const SKIPPED = 1;
const INLINE = 2;
/** One lookup per element: skipped, inline, or (absent) a block. */
const TAG_KINDS = new Map<string, number>([
  ...[...SKIPPED_TAGS].map((tag) => [tag, SKIPPED] as const),
  ...[...INLINE_TAGS].map((tag) => [tag, INLINE] as const),
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
  if (doc.designMode === 'on') return;
  // No filter callback: skipping by hand saves a call into script for every node.
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);

  let current: TextBlock | null = null;
  let currentBlock: Element | null = null;
  // Consecutive text nodes usually share a parent: remember what it decides.
  let lastParent: Node | null = null;
  let lastParentBlock: Element | null = null;
  // Editable regions, found natively in one query rather than asked of every element.
  const editable = new Set<Element>();
  if (root instanceof Element || root instanceof Document || root instanceof DocumentFragment) {
    for (const element of root.querySelectorAll('[contenteditable]')) {
      if ((element as HTMLElement).isContentEditable) editable.add(element);
    }
  }
  let node = walker.nextNode();
  while (node) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      // Every element costs a call into the DOM, so each is asked one thing: its name.
      const element = node as Element;
      const name = element.localName;
      const kind = TAG_KINDS.get(name);
      if (kind === SKIPPED || editable.has(element) || (name.includes('-') && options.exclude?.(element))) {
        node = nextOutside(walker);
        continue;
      }
      // A line break or a nested block ends the phrase in progress.
      if (kind !== INLINE && current) {
        yield current;
        current = null;
        currentBlock = null;
      }
      node = walker.nextNode();
      continue;
    }
    const text = node as Text;
    if (text.data) {
      const parent = text.parentNode;
      if (parent !== lastParent) {
        lastParent = parent;
        lastParentBlock = blockElementOf(text);
      }
      if (current && lastParentBlock !== currentBlock) {
        yield current;
        current = null;
      }
      if (!current) {
        current = { text: '', nodes: [], starts: [] };
        currentBlock = lastParentBlock;
      }
      current.starts.push(current.text.length);
      current.nodes.push(text);
      current.text += text.data;
    }
    node = walker.nextNode();
  }
  if (current) yield current;
}

/** Whether text under `node` may be read: neither it nor an ancestor is skipped. */
export function isReadable(node: Node, options: WalkOptions = {}): boolean {
  if ((node.ownerDocument ?? (node as Document)).designMode === 'on') return false;
  for (let element = node instanceof Element ? node : node.parentElement; element; element = element.parentElement) {
    if (isSkipped(element, options)) return false;
  }
  return true;
}

/** The block element whose text `node` belongs to (itself, if it is one). */
export function blockElementOf(node: Node): Element | null {
  let element = node instanceof Element ? node : node.parentElement;
  while (element && INLINE_TAGS.has(element.localName)) element = element.parentElement;
  return element;
}

/** The node after the walker's current node and its whole subtree. */
function nextOutside(walker: TreeWalker): Node | null {
  for (;;) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
    if (!walker.parentNode()) return null;
  }
}

function isSkipped(element: Element, options: WalkOptions): boolean {
  if (SKIPPED_TAGS.has(element.localName)) return true;
  // Only an element that carries the attribute can start an editable region;
  // its subtree is skipped with it.
  if (element.hasAttribute('contenteditable') && (element as HTMLElement).isContentEditable) return true;
  return options.exclude?.(element) ?? false;
}
