/**
 * One pass over a page: read its text in runs of blocks, match, and hand the
 * matches to the mention layer, yielding to the page between slices so a long
 * page never holds the main thread.
 */
import type { Mention } from '../matcher/matcher';
import type { PageMatcher } from '../matcher/page-matcher';
import type { Arrival, MentionLayer } from '../dom/mentions';
import { isReadable, textRuns, type TextRun, type WalkOptions } from '../dom/text-blocks';

/** How long one slice may run before the page gets the thread back. */
const SLICE_MS = 8;
/** Characters matched in one go; a longer run (a megabyte text node) is matched in windows. */
const WINDOW = 16_384;

/** A run, and the slice its reading began in: text read before the page last ran may have changed since (see `changes`). */
export interface Batch<R = TextRun> {
  run: R;
  slice: number;
}

export interface PassOptions {
  signal: AbortSignal;
  sliceMs?: number;
  /**
   * How many changes the page has made so far (the page watcher's count,
   * see `PageWatcher.changeCount`). While it stays the same across the
   * page's turns, what was read before them still reads the same, and its
   * mentions need no checking against the page. Without it, every mention
   * read before the page last ran is checked.
   */
  changes?: () => number;
}

export async function scanPage(
  root: Node,
  matcher: PageMatcher<Batch>,
  layer: Pick<MentionLayer, 'add'>,
  options: WalkOptions & PassOptions,
): Promise<void> {
  if (!isReadable(root, options)) return;
  await matchRuns(textRuns(root, options), matcher, (run, mention, arrival) => layer.add(run, mention, arrival), options);
}

/**
 * The pass itself, apart from the page: runs in document order in, each
 * mention out with how it arrived, which says what must be checked of it
 * against the page (see `Arrival`).
 */
export async function matchRuns<R extends { text: string }>(
  runs: Iterable<R>,
  matcher: PageMatcher<Batch<R>>,
  add: (run: R, mention: Mention, arrival: Arrival) => void,
  options: PassOptions,
): Promise<void> {
  type Waiting = { batch: Batch<R>; from: number; words: number[] }[];
  const sliceMs = options.sliceMs ?? SLICE_MS;
  matcher.beginPass();
  let slice = 0;
  let sliceStart = performance.now();
  /**
   * The first slice since which the page has made no change: text whose
   * reading began in it or later reads as it was read. Without a count of
   * changes, each slice is its own (NaN equals nothing).
   */
  const changes = options.changes ?? (() => NaN);
  let unchangedSince = slice;
  let changesSeen = changes();
  /** A new slice begins: the page has just run. */
  const nextSlice = () => {
    slice += 1;
    sliceStart = performance.now();
    const count = changes();
    if (count !== changesSeen) unchangedSince = slice;
    changesSeen = count;
  };
  // The walk reads the first node of a run before it hands over the run
  // before it, so a run's reading began in the slice the previous run arrived in.
  let readingSince = slice;
  /**
   * With a large dictionary, a window may name words whose aliases the page
   * has not been given yet (see `LazyDictionary`): from that window on, the
   * runs are only read for such words, and kept, until one lookup brings all
   * their aliases; then they are matched, in order. `null` while none waits.
   */
  let waiting: Waiting | null = null;

  /** Yields once this slice has run its time; false if the pass was called off meanwhile. */
  const pause = async (): Promise<boolean> => {
    if (performance.now() - sliceStart <= sliceMs) return true;
    await yieldToPage();
    if (options.signal.aborted) return false;
    nextSlice();
    return true;
  };

  /**
   * Matches `batch` from `from` on (from the words a probe recorded, when
   * given); returns where a window stalled, or -1 once the run is read.
   */
  const read = async (batch: Batch<R>, from: number, words?: number[]): Promise<number> => {
    const { text } = batch.run;
    while (from < text.length) {
      const window = matcher.processWindow(batch, text, from, Math.min(text.length, from + WINDOW), words);
      if (window.stalled) return from;
      for (const { block, mention } of window.found) {
        // Only text read since the page last changed is known to be as it
        // was read: a mention from another run (held back for context,
        // perhaps by an earlier pass) or read before a change is checked
        // against the page.
        add(block.run, mention, block !== batch ? 'released' : block.slice < unchangedSince ? 'earlier' : 'fresh');
      }
      from = window.next;
      if (!(await pause())) return -1;
    }
    return -1;
  };

  for (const run of runs) {
    if (options.signal.aborted) return;
    const batch: Batch<R> = { run, slice: readingSince };
    readingSince = slice;
    if (waiting) {
      waiting.push({ batch, from: 0, words: matcher.probe(run.text, 0) });
      if (!(await pause())) return;
      continue;
    }
    const stalled = await read(batch, 0);
    if (stalled >= 0) waiting = [{ batch, from: stalled, words: matcher.probe(run.text, stalled) }];
  }
  // The runs read while waiting, matched now with the aliases looked up
  // (after this pause, every mention is checked against the page, unless
  // the page made no change meanwhile). A word whose lookup failed matches
  // nothing in this pass, so none stalls twice; if one did, its run would
  // wait for one more lookup.
  while (waiting) {
    if (options.signal.aborted) return;
    await matcher.lookup();
    if (options.signal.aborted) return;
    nextSlice();
    const held: Waiting = waiting;
    waiting = null;
    for (const { batch, from, words } of held) {
      if (options.signal.aborted) return;
      if (waiting) {
        (waiting as Waiting).push({ batch, from, words: matcher.probe(batch.run.text, from) });
        continue;
      }
      const stalled = await read(batch, from, words);
      if (stalled >= 0) waiting = [{ batch, from: stalled, words: matcher.probe(batch.run.text, stalled) }];
    }
  }
}

function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
