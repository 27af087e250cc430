/**
 * Reads a page's text the way a reader sees it: in blocks. Consecutive text
 * nodes under the same block element are joined, so a name split by inline
 * markup (`Homeland Security <b>Investigations</b>`) reads as one phrase, while
 * text in different paragraphs never runs together.
 */
import { isWordCharAt, isWordCharBefore } from '../matcher/fold';

const HIDDEN = 1;
const INLINE = 2;
const DRAWN = 3;

/**
 * One lookup per element: hidden or drawn (its text is never annotated, and
 * its subtree is passed over whole), inline (it flows inside a line), or,
 * when absent, a block (it starts a new one). What is hidden is not drawn,
 * so the text around it reads as one (`HS<template>…</template>I` is
 * `HSI`); a control, a picture or a formula is drawn in the line, and ends
 * the phrase as an image does (`HS<button>…</button>I` is no name).
 */
const TAG_KINDS = new Map<string, number>([
  // A ruby annotation (`rt`, `rp`) is drawn beside its line, not in it: the base text reads on.
  ...'script style noscript noframes noembed template option title head rt rp'.split(' ').map((tag) => [tag, HIDDEN] as const),
  ...'textarea input select iframe object embed canvas svg math button'.split(' ').map((tag) => [tag, DRAWN] as const),
  ...'a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd label mark nobr q ruby s samp small span strike strong sub sup time tt u var wbr'
    .split(' ')
    .map((tag) => [tag, INLINE] as const),
]);

/** Whether an element of this kind is passed over whole (hidden or drawn). */
function isSkipped(kind: number | undefined): boolean {
  return kind === HIDDEN || kind === DRAWN;
}

/**
 * Text read from a page: the text of whole blocks, one after another, each
 * block's text separated from the next by `BLOCK_SEPARATOR`. Matching a run
 * is matching its blocks; a page of many small paragraphs is read in a few
 * runs, not one object per paragraph.
 */
export interface TextRun {
  text: string;
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`. */
  starts: number[];
}

/** Joins blocks in a run: neither a word nor a space, so no match can cross it. */
export const BLOCK_SEPARATOR = '\u0000';

export interface WalkOptions {
  /** An extra element to leave out with its subtree (Backstory's own UI host). */
  exclude?: (element: Element) => boolean;
}

/** A run ends at the first block boundary after this many characters… */
const RUN_CHARACTERS = 16_384;
/** …or after this many nodes, so a page of many near-empty elements is still read in parts. */
const RUN_NODES = 4_096;

export function* textRuns(root: Node, options: WalkOptions = {}): Generator<TextRun> {
  const doc = root.ownerDocument ?? (root as Document);
  if (doc.designMode === 'on') return;
  // No filter callback: skipping by hand saves a call into script for every node.
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const { exclude } = options;

  // The run's text is joined once, when the run is complete: a string built
  // by `+=` stays a tree of pieces that every character read must walk down.
  let parts: string[] = [];
  let length = 0;
  let nodes: Text[] = [];
  let starts: number[] = [];
  let visited = 0;
  /** The block element of the text last read, and whether a block boundary came after it. */
  let block: Element | null = null;
  let boundary = false;
  // Consecutive text nodes usually share a parent, and a parent is usually
  // the element just visited or in the block of the text before: remember
  // what each decided rather than ask the DOM again.
  let lastElement: Element | null = null;
  let lastKind: number | undefined;
  let lastParent: Node | null = null;
  let lastParentBlock: Element | null = null;

  /** Where the walk stands when it hands over a run (see below). */
  let here: Range | undefined;

  let node = walker.nextNode();
  while (node) {
    visited += 1;
    // A text node has no `localName`: one property read tells an element
    // from text, and is all an element is asked (every question is a call
    // into the DOM).
    const name = (node as Element).localName;
    if (name !== undefined) {
      const element = node as Element;
      const kind = TAG_KINDS.get(name);
      if (isSkipped(kind) || (exclude !== undefined && name.includes('-') && exclude(element))) {
        if (kind === DRAWN) boundary = true;
        node = nextOutside(walker);
        continue;
      }
      // A line break or a nested block ends the phrase in progress.
      if (kind !== INLINE) boundary = true;
      lastElement = element;
      lastKind = kind;
      node = walker.nextNode();
      continue;
    }
    const data = (node as Text).data;
    if (data) {
      const parent = node.parentNode as Element;
      if (parent !== lastParent) {
        lastParent = parent;
        if (parent !== lastElement) lastParentBlock = blockOf(parent, block);
        else if (lastKind !== INLINE) lastParentBlock = parent;
        // An inline element just visited: its block is its parent's.
        else lastParentBlock = blockOf(parent.parentElement, block);
      }
      if (lastParentBlock !== block) {
        block = lastParentBlock;
        boundary = true;
      }
      if (boundary && nodes.length > 0 && (length >= RUN_CHARACTERS || visited >= RUN_NODES)) {
        // The reader of the runs may hand the thread to the page now. A
        // live range over this node follows the page's changes: if the
        // page takes this node out (or what holds it), even to put it
        // back elsewhere, the range is left where it was, and the walk
        // goes on from there.
        here ??= doc.createRange();
        here.selectNodeContents(node);
        yield { text: parts.join(''), nodes, starts };
        parts = [];
        length = 0;
        nodes = [];
        starts = [];
        visited = 0;
        if (here.startContainer !== node) {
          // Not where it was read: the rest of what was taken out is no
          // longer there (the page watcher reads what took its place, and
          // where it went if the page put it back).
          node = nextAfterRemoval(walker, here, root);
          block = lastElement = lastParent = null;
          continue;
        }
      } else if (nodes.length > 0 && (boundary || wordsMeetAtBlock(nodes[nodes.length - 1]!, node as Text))) {
        parts.push(BLOCK_SEPARATOR);
        length += BLOCK_SEPARATOR.length;
      }
      boundary = false;
      starts.push(length);
      nodes.push(node as Text);
      parts.push(data);
      length += data.length;
    }
    node = walker.nextNode();
  }
  if (nodes.length > 0) yield { text: parts.join(''), nodes, starts };
}

/**
 * Whether text in `element` is editable: it or an ancestor carries
 * `contenteditable` and is editable (a reader's comment box, an editor).
 * The walk reads such text like any other, since finding the few regions
 * first (one query over the whole page) cost a tenth of the walk on pages
 * that have none; the layer asks this of each mention's text instead.
 */
export function inEditableRegion(element: Element | null): boolean {
  for (let found = element?.closest('[contenteditable]'); found; found = found.parentElement?.closest('[contenteditable]')) {
    if ((found as HTMLElement).isContentEditable) return true;
  }
  return false;
}

/**
 * Whether text under `node` may be read: neither it nor an ancestor is
 * skipped, and it is not in an editable region (a page's changes there are
 * a reader typing, which the page watcher leaves alone).
 */
export function isReadable(node: Node, options: WalkOptions = {}): boolean {
  if ((node.ownerDocument ?? (node as Document)).designMode === 'on') return false;
  const start = node instanceof Element ? node : node.parentElement;
  if (inEditableRegion(start)) return false;
  for (let element = start; element; element = element.parentElement) {
    if (isSkipped(TAG_KINDS.get(element.localName)) || options.exclude?.(element)) return false;
  }
  return true;
}

/** The block element whose text `node` belongs to (itself, if it is one). */
export function blockElementOf(node: Node): Element | null {
  return blockOf(node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement);
}

/**
 * The block element `element` lies in: itself, or its nearest ancestor that
 * is not inline. `known`, a block already found, is not asked again (after
 * a link, the text goes on in the paragraph that held the text before it).
 */
function blockOf(element: Element | null, known: Element | null = null): Element | null {
  while (element !== null && element !== known && TAG_KINDS.get(element.localName) === INLINE) element = element.parentElement;
  return element;
}

/**
 * The node the walk goes on from after the page took out the node it stood
 * on: what follows the place `here` was moved to, in document order, or
 * null if that place is no longer under `root`.
 */
function nextAfterRemoval(walker: TreeWalker, here: Range, root: Node): Node | null {
  const { startContainer: container, startOffset: offset } = here;
  if (!root.contains(container)) return null;
  const before = offset > 0 ? container.childNodes[offset - 1] : undefined;
  if (before) {
    walker.currentNode = before;
    return nextOutside(walker);
  }
  walker.currentNode = container;
  return walker.nextNode();
}

/**
 * Whether two text nodes of one block meet word to word at an inline
 * element's edge (`<span>ICE</span><span>Reuters</span>`) where the page
 * draws an element as a block: their words are not one (see `boxBetween`).
 */
function wordsMeetAtBlock(before: Text, after: Text): boolean {
  return isWordCharAt(after.data, 0) && isWordCharBefore(before.data, before.data.length) && boxBetween(before, after);
}

/**
 * Whether the page draws an element between two text nodes of one block as a
 * block of its own (a `span` made a block, a link in a flex row, an empty
 * block between them), so that their words do not run on as one. Asked
 * only where a word ends on one side and another starts on the other, which
 * in running text is rare: each element there costs a style lookup. (The
 * answer holds for the styles of the moment: a page that later restyles an
 * element without changing its text is not read again for it.)
 */
function boxBetween(before: Text, after: Text): boolean {
  // The elements the line leaves…
  for (let element = before.parentElement; element !== null && !element.contains(after); element = element.parentElement) {
    if (isBlockBox(element)) return true;
  }
  // …and those it meets on its way to `after`, entered or passed, in document
  // order. Only inline and hidden elements can be there (anything else is a
  // boundary the walk found itself), and no text of a hidden one is read.
  for (let node = following(before, false); node !== null && node !== after; ) {
    const kind = TAG_KINDS.get((node as Element).localName);
    if (kind === INLINE && isBlockBox(node as Element)) return true;
    node = following(node, kind !== HIDDEN);
  }
  return false;
}

/** The node after `node` in document order: its first child when `into`, else what follows its subtree. */
function following(node: Node, into: boolean): Node | null {
  if (into && node.firstChild !== null) return node.firstChild;
  for (let at: Node | null = node; at !== null; at = at.parentNode) if (at.nextSibling !== null) return at.nextSibling;
  return null;
}

/**
 * Whether an element the walk takes for inline is drawn as a block. A float
 * or a positioned element is made a block too, but stands beside the line
 * (a drop cap: `<span class="initial">D</span>onald`), and an inline block
 * is in it: their words run on, as a reader reads them.
 */
function isBlockBox(element: Element): boolean {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  if (!style) return false;
  const { display, position } = style;
  // Hidden text is read as if drawn (see `TAG_KINDS`); ruby's base text runs on; a detached element has no style.
  if (display === '' || display === 'none' || display === 'contents' || display.includes('inline') || display.startsWith('ruby')) return false;
  return style.cssFloat === 'none' && position !== 'absolute' && position !== 'fixed';
}

/** The node after the walker's current node and its whole subtree. */
function nextOutside(walker: TreeWalker): Node | null {
  for (;;) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
    if (!walker.parentNode()) return null;
  }
}
