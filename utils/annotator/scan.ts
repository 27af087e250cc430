/**
 * One pass over a page: walk its text in blocks, match, and hand the matches
 * to the mention layer, yielding to the page between slices so a long page
 * never holds the main thread.
 */
import type { PageMatcher } from '../matcher/page-matcher';
import type { MentionLayer } from '../dom/mentions';
import { isReadable, textBlocks, type TextBlock, type WalkOptions } from '../dom/text-blocks';

/** How long one slice may run before the page gets the thread back. */
const SLICE_MS = 8;
/** Characters matched in one go, so a megabyte text node is sliced too. */
const WINDOW = 16_384;
/** Characters read between two looks at the clock (reading the clock is not free). */
const CLOCK_EVERY = 4_096;

export async function scanPage(
  root: Node,
  matcher: PageMatcher<TextBlock>,
  layer: MentionLayer,
  options: WalkOptions & { signal: AbortSignal; sliceMs?: number },
): Promise<void> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  if (!isReadable(root, options)) return;
  let sliceStart = performance.now();
  let unclocked = 0;
  for (const block of textBlocks(root, options)) {
    if (options.signal.aborted) return;
    for (let from = 0; from < block.text.length; ) {
      const slice = matcher.processWindow(block, block.text, from, Math.min(block.text.length, from + WINDOW));
      for (const found of slice.found) layer.add(found.block, found.mention);
      unclocked += slice.next - from;
      from = slice.next;
      if (unclocked < CLOCK_EVERY) continue;
      unclocked = 0;
      if (performance.now() - sliceStart > sliceMs) {
        await yieldToPage();
        // The page may have changed the text while we were away.
        if (options.signal.aborted) return;
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
