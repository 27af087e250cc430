/**
 * Follows a page that changes after load (live blogs, infinite scroll, single-
 * page apps) with one MutationObserver. It only notes which blocks changed;
 * the work happens in batches at most every `MIN_INTERVAL_MS`, so a page that
 * mutates itself hundreds of times a second costs Backstory a bounded share
 * of the CPU however fast it churns. It also tells when the page is busy:
 * changing many times a second, second after second (see `onBusy`).
 */
import { blockElementOf } from './text-blocks';

/**
 * Whether the nearest sibling on either side of a new block that is not blank
 * text is text or inline: then the block stands inside a phrase of the block
 * around it. A new block among blocks (an item added to a feed) is not.
 */
function nextToInlineText(block: Element): boolean {
  const inline = (start: Node | null, next: (node: Node) => Node | null): boolean => {
    for (let node = start; node; node = next(node)) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (/\S/.test((node as Text).data)) return true;
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        return blockElementOf(node) !== node;
      }
    }
    return false;
  };
  return inline(block.previousSibling, (node) => node.previousSibling) || inline(block.nextSibling, (node) => node.nextSibling);
}

/** Quiet time that gathers a burst of mutations into one batch. */
const BATCH_DELAY_MS = 50;
/** The shortest time between the starts of two batches. */
const MIN_INTERVAL_MS = 250;
/** Past this many changed blocks, reading the whole page again is cheaper. */
const MAX_ROOTS = 500;
/** A page that changes at this many moments a second (mutation callbacks) … */
export const BUSY_CHANGES_PER_SECOND = 10;
/** … for this many seconds running is busy; the first calmer second ends it. */
export const BUSY_AFTER_SECONDS = 2;
const SECOND_MS = 1000;

export interface WatchOptions {
  /** Mutations in or of these elements are Backstory's own, and ignored. */
  ignore: (node: Node) => boolean;
  /** Reads the given blocks again; `textRemoved` says that some text left the page. */
  onChange: (roots: Element[], textRemoved: boolean) => Promise<void>;
  /** The page became busy (`true`) or calm again (`false`). */
  onBusy?: (busy: boolean) => void;
}

export class PageWatcher {
  readonly #root: Element;
  readonly #options: WatchOptions;
  readonly #observer: MutationObserver;
  readonly #dirty = new Set<Element>();
  #textRemoved = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastRun = -Infinity;
  #running = false;
  /** The page's changes in the second being counted, the busy seconds running, and the verdict. */
  #changes = 0;
  #busySeconds = 0;
  #busy = false;
  #rateTimer: ReturnType<typeof setTimeout> | undefined;
  /** Every change noted since watching began (see `changeCount`). */
  #noted = 0;
  #watching = false;

  constructor(root: Element, options: WatchOptions) {
    this.#root = root;
    this.#options = options;
    this.#observer = new MutationObserver((records) => this.#note(records));
  }

  start(): void {
    // What changed while it was not watching is unknown: no count before this one vouches for now.
    this.#noted += 1;
    this.#watching = true;
    // `contenteditable` switched on or off changes what may be marked (see `inEditableRegion`).
    this.#observer.observe(this.#root, { childList: true, subtree: true, characterData: true, attributeFilter: ['contenteditable'] });
  }

  stop(): void {
    this.#watching = false;
    this.#observer.disconnect();
    clearTimeout(this.#timer);
    clearTimeout(this.#rateTimer);
    this.#rateTimer = undefined;
    this.#dirty.clear();
  }

  /**
   * How many of the page's changes (Backstory's own aside) the watcher has
   * seen up to this very moment: the records the observer has not handed
   * over yet are taken now. The same count twice means that no text under
   * the root changed in between, so a pass can trust what it read before
   * yielding to the page. A watcher that is not watching, or whose root was
   * taken out of the document (its changes are no longer seen), vouches for
   * nothing: it counts a change every time it is asked.
   */
  changeCount(): number {
    const records = this.#observer.takeRecords();
    if (records.length) this.#note(records);
    if (!this.#watching || !this.#root.isConnected) this.#noted += 1;
    return this.#noted;
  }

  #note(records: MutationRecord[]): void {
    let changed = false;
    const ignore = (node: Node) => this.#options.ignore(node);
    for (const record of records) {
      if (ignore(record.target)) continue;
      if (record.type !== 'childList') {
        // Changed text, or `contenteditable` switched: text that became
        // editable loses its marks, text that stopped being so is read.
        if (record.type === 'characterData') this.#textRemoved = true;
        changed = true;
        this.#noted += 1;
        this.#markDirty(blockElementOf(record.target));
        continue;
      }
      // Each node asked once: whether it is Backstory's own is a call into the DOM.
      const added = [...record.addedNodes].filter((node) => !ignore(node));
      const removed = [...record.removedNodes].some((node) => !ignore(node));
      // Only Backstory's own nodes went in or out (its card's host): not a change of the page.
      if (!added.length && !removed && record.addedNodes.length + record.removedNodes.length > 0) continue;
      changed = true;
      this.#noted += 1;
      if (removed) {
        this.#textRemoved = true;
        // Removing a node can join the text around it into one phrase.
        this.#markDirty(blockElementOf(record.target));
      }
      for (const node of added) {
        // A new block is read on its own; new inline text is read with its block,
        // and so is the text around a block put between the words of a phrase (a line break in a name).
        const isBlock = node instanceof Element && blockElementOf(node) === node;
        if (isBlock) this.#markDirty(node);
        if (!isBlock || nextToInlineText(node)) this.#markDirty(blockElementOf(record.target));
      }
    }
    if (changed) this.#countChange();
    if (this.#dirty.size || this.#textRemoved) this.#schedule();
  }

  /** Counts the page's changes a second at a time; a page that never changes runs no timer. */
  #countChange(): void {
    this.#changes += 1;
    this.#rateTimer ??= setTimeout(() => this.#measureRate(), SECOND_MS);
  }

  #measureRate(): void {
    const busySecond = this.#changes >= BUSY_CHANGES_PER_SECOND;
    this.#changes = 0;
    this.#busySeconds = busySecond ? this.#busySeconds + 1 : 0;
    const busy = this.#busy ? busySecond : this.#busySeconds >= BUSY_AFTER_SECONDS;
    if (busy !== this.#busy) {
      this.#busy = busy;
      this.#options.onBusy?.(busy);
    }
    // Seconds are counted back to back while the page is or may be becoming busy (a calm one is noticed without a change).
    this.#rateTimer = busySecond || busy ? setTimeout(() => this.#measureRate(), SECOND_MS) : undefined;
  }

  #markDirty(block: Element | null): void {
    if (block) this.#dirty.add(block);
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#running) return;
    const wait = Math.max(BATCH_DELAY_MS, this.#lastRun + MIN_INTERVAL_MS - performance.now());
    this.#timer = setTimeout(() => void this.#run(), wait);
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#running = true;
    this.#lastRun = performance.now();
    const roots = outermost([...this.#dirty].filter((element) => element.isConnected));
    const textRemoved = this.#textRemoved;
    this.#dirty.clear();
    this.#textRemoved = false;
    try {
      await this.#options.onChange(roots.length > MAX_ROOTS ? [this.#root] : roots, textRemoved);
    } finally {
      this.#running = false;
      if (this.#dirty.size || this.#textRemoved) this.#schedule();
    }
  }
}

/** Drops every element that lies inside another one of the list. */
function outermost(elements: Element[]): Element[] {
  const set = new Set(elements);
  return elements.filter((element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (set.has(parent)) return false;
    }
    return true;
  });
}
