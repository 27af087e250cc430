/**
 * Follows a page that changes after load (live blogs, infinite scroll, single-
 * page apps) with one MutationObserver. It only notes which blocks changed;
 * the work happens in batches at most every `MIN_INTERVAL_MS`, so a page that
 * mutates itself hundreds of times a second costs Backstory a bounded share
 * of the CPU however fast it churns.
 */
import { blockElementOf } from './text-blocks';

/** Quiet time that gathers a burst of mutations into one batch. */
const BATCH_DELAY_MS = 50;
/** The shortest time between the starts of two batches. */
const MIN_INTERVAL_MS = 250;
/** Past this many changed blocks, reading the whole page again is cheaper. */
const MAX_ROOTS = 500;

export interface WatchOptions {
  /** Mutations in or of these elements are Backstory's own, and ignored. */
  ignore: (node: Node) => boolean;
  /** Reads the given blocks again; `textRemoved` says that some text left the page. */
  onChange: (roots: Element[], textRemoved: boolean) => Promise<void>;
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

  constructor(root: Element, options: WatchOptions) {
    this.#root = root;
    this.#options = options;
    this.#observer = new MutationObserver((records) => this.#note(records));
  }

  start(): void {
    this.#observer.observe(this.#root, { childList: true, subtree: true, characterData: true });
  }

  stop(): void {
    this.#observer.disconnect();
    clearTimeout(this.#timer);
    this.#dirty.clear();
  }

  #note(records: MutationRecord[]): void {
    for (const record of records) {
      if (this.#options.ignore(record.target)) continue;
      if (record.type === 'characterData') {
        this.#textRemoved = true;
        this.#markDirty(blockElementOf(record.target));
        continue;
      }
      const removed = [...record.removedNodes].some((node) => !this.#options.ignore(node));
      if (removed) {
        this.#textRemoved = true;
        // Removing a node can join the text around it into one phrase.
        this.#markDirty(blockElementOf(record.target));
      }
      for (const node of record.addedNodes) {
        if (this.#options.ignore(node)) continue;
        // A new block is read on its own; new inline text is read with its block.
        this.#markDirty(node instanceof Element && blockElementOf(node) === node ? node : blockElementOf(record.target));
      }
    }
    if (this.#dirty.size || this.#textRemoved) this.#schedule();
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
