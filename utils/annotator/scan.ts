/**
 * One pass over a page: walk its text in blocks, match, and hand the matches
 * to the mention layer, yielding to the page between slices so a long page
 * never holds the main thread.
 *
 * Short blocks are matched together: a batch of blocks is joined into one
 * string with a separator no alias can contain, so a page of many small
 * paragraphs costs one matcher call per batch, not one per paragraph.
 */
import type { Mention } from '../matcher/matcher';
import type { PageMatcher } from '../matcher/page-matcher';
import type { MentionLayer } from '../dom/mentions';
import { isReadable, textBlocks, type TextBlock, type WalkOptions } from '../dom/text-blocks';

/** How long one slice may run before the page gets the thread back. */
const SLICE_MS = 8;
/** Characters matched in one go; a longer block (a megabyte text node) is matched in windows. */
const WINDOW = 16_384;
/** Joins the blocks of a batch: neither a word nor a space, so no match can cross it. */
const SEPARATOR = '\u0000';

/** Blocks matched as one string; `starts[i]` is where `blocks[i]` begins in it. */
export interface Batch {
  blocks: TextBlock[];
  starts: number[];
}

export async function scanPage(
  root: Node,
  matcher: PageMatcher<Batch>,
  layer: MentionLayer,
  options: WalkOptions & { signal: AbortSignal; sliceMs?: number },
): Promise<void> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  if (!isReadable(root, options)) return;
  let sliceStart = performance.now();

  const matchBatch = async (blocks: TextBlock[]): Promise<boolean> => {
    const batch: Batch = { blocks, starts: [] };
    let text = '';
    for (const block of blocks) {
      if (text) text += SEPARATOR;
      batch.starts.push(text.length);
      text += block.text;
    }
    for (let from = 0; from < text.length; ) {
      const slice = matcher.processWindow(batch, text, from, Math.min(text.length, from + WINDOW));
      for (const found of slice.found) paint(layer, found.block, found.mention);
      from = slice.next;
      if (performance.now() - sliceStart > sliceMs) {
        await yieldToPage();
        // The page may have changed while we were away; the layer checks each range it builds.
        if (options.signal.aborted) return false;
        sliceStart = performance.now();
      }
    }
    return true;
  };

  let pending: TextBlock[] = [];
  let pendingLength = 0;
  for (const block of textBlocks(root, options)) {
    if (options.signal.aborted) return;
    if (pending.length && pendingLength + block.text.length > WINDOW) {
      if (!(await matchBatch(pending))) return;
      pending = [];
      pendingLength = 0;
    }
    pending.push(block);
    pendingLength += block.text.length + SEPARATOR.length;
  }
  if (pending.length) await matchBatch(pending);
}

/** Hands a match in a batch's joined text to the layer, in the block it lies in. */
function paint(layer: MentionLayer, batch: Batch, mention: Mention): void {
  const { starts, blocks } = batch;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= mention.start) low = mid;
    else high = mid - 1;
  }
  const offset = starts[low]!;
  layer.add(blocks[low]!, { ...mention, start: mention.start - offset, end: mention.end - offset });
}

function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
