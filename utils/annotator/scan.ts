/**
 * One pass over a page: walk its text in blocks, match, and hand the matches
 * to the mention layer, yielding to the page between slices so a long page
 * never holds the main thread.
 */
import type { PageMatcher } from '../matcher/page-matcher';
import type { MentionLayer } from '../dom/mentions';
import { textBlocks, type TextBlock, type WalkOptions } from '../dom/text-blocks';

/** How long one slice may run before the page gets the thread back. */
const SLICE_MS = 8;

export async function scanPage(
  root: Node,
  matcher: PageMatcher<TextBlock>,
  layer: MentionLayer,
  options: WalkOptions & { signal: AbortSignal },
): Promise<void> {
  let sliceStart = performance.now();
  for (const block of textBlocks(root, options)) {
    if (options.signal.aborted) return;
    for (const found of matcher.process(block, block.text)) layer.add(found.block, found.mention);
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToPage();
      sliceStart = performance.now();
    }
  }
}

function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
