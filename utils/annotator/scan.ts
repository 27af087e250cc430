/**
 * One pass over a page: read its text in runs of blocks, match, and hand the
 * matches to the mention layer, yielding to the page between slices so a long
 * page never holds the main thread.
 */
import type { PageMatcher } from '../matcher/page-matcher';
import type { MentionLayer } from '../dom/mentions';
import { isReadable, textRuns, type TextRun, type WalkOptions } from '../dom/text-blocks';

/** How long one slice may run before the page gets the thread back. */
const SLICE_MS = 8;
/** Characters matched in one go; a longer run (a megabyte text node) is matched in windows. */
const WINDOW = 16_384;

/** A run, and the slice its reading began in: text read before the page last ran may have changed since. */
export interface Batch {
  run: TextRun;
  slice: number;
}

export async function scanPage(
  root: Node,
  matcher: PageMatcher<Batch>,
  layer: MentionLayer,
  options: WalkOptions & { signal: AbortSignal; sliceMs?: number },
): Promise<void> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  if (!isReadable(root, options)) return;
  let slice = 0;
  let sliceStart = performance.now();
  // The walk reads the first node of a run before it hands over the run
  // before it, so a run's reading began in the slice the previous run arrived in.
  let readingSince = slice;

  for (const run of textRuns(root, options)) {
    if (options.signal.aborted) return;
    const batch: Batch = { run, slice: readingSince };
    readingSince = slice;
    const { text } = run;
    for (let from = 0; from < text.length; ) {
      const window = matcher.processWindow(batch, text, from, Math.min(text.length, from + WINDOW));
      for (const { block, mention } of window.found) {
        // Only text read in this very slice is known to be as it was read: a
        // mention from another run (held back for context, perhaps by an
        // earlier pass) or from before a pause is checked against the page.
        layer.add(block.run, mention, block !== batch || block.slice !== slice);
      }
      from = window.next;
      if (performance.now() - sliceStart > sliceMs) {
        await yieldToPage();
        if (options.signal.aborted) return;
        slice += 1;
        sliceStart = performance.now();
      }
    }
  }
}

function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
