/**
 * The engine as a standalone bundle for the benchmark: the very modules the
 * content script runs (walk, match, range building, highlight registration),
 * plus the two contenders it is measured against. Built by bench/run.ts into
 * an IIFE that exposes `window.BackstoryBench`.
 */
import { MentionLayer } from '../utils/dom/mentions';
import { PageMatcher, prepareDictionary, type PageDictionary, type PreparedDictionary } from '../utils/matcher/page-matcher';
import { scanPage, type Batch } from '../utils/annotator/scan';

declare const Mark: new (context: Element) => {
  mark(terms: string[], options: Record<string, unknown>): void;
  unmark(options?: Record<string, unknown>): void;
};

export interface Timings {
  floor: number[];
  backstory: Record<string, number[]>;
  load: Record<string, number[]>;
  mark: Record<string, number[]>;
  mentions: Record<string, number>;
  markMatches: Record<string, number>;
}

/** The physical floor: a TreeWalker over the text nodes that reads every character. */
function floor(root: Node): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let sum = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node as Text).data;
    for (let i = 0; i < data.length; i++) sum = (sum + data.charCodeAt(i)) | 0;
  }
  return sum;
}

/** The content script's full pass, unsliced: collect, match, build ranges, register highlights. */
async function backstory(dictionary: PreparedDictionary): Promise<MentionLayer> {
  const layer = new MentionLayer();
  layer.show('underline');
  await scanPage(document.body, new PageMatcher<Batch>(dictionary), layer, {
    signal: new AbortController().signal,
    sliceMs: Infinity,
  });
  return layer;
}

function markJs(terms: string[]): Promise<number> {
  return new Promise((resolve) => {
    new Mark(document.body).mark(terms, {
      separateWordSearch: false,
      accuracy: 'exactly',
      done: (count: number) => resolve(count),
    });
  });
}

/**
 * Runs every contender `reps` times, interleaved, on this page. mark.js runs
 * on a fresh copy of the body each time; the original is put back after.
 */
async function measure(options: {
  reps: number;
  /** Dictionary name → URL of its compiled JSON, as the background would send it. */
  dictionaries: Record<string, string>;
  markTerms: Record<string, string[]>;
  markBudgetMs: number;
}): Promise<Timings> {
  const payloads: Record<string, string> = {};
  for (const [name, url] of Object.entries(options.dictionaries)) payloads[name] = await (await fetch(url)).text();
  const timings: Timings = { floor: [], backstory: {}, load: {}, mark: {}, mentions: {}, markMatches: {} };
  // The page clock is coarse (0.1 ms): a run that takes less than about 5 ms
  // is repeated within its sample, as often as it takes to fill 5 ms.
  // No contender may pay for another's garbage (mark.js and the dictionary
  // loads make plenty): every sample starts from a collected heap (Chromium
  // runs with --expose-gc for the benchmark), then one untimed run brings back
  // what a full collection drops (the wrappers of the page's nodes), so each
  // contender is timed warm.
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const timed = async (task: () => unknown): Promise<number> => {
    collect();
    await task();
    let start = performance.now();
    await task();
    const once = performance.now() - start;
    if (once >= 5) return once;
    const repeat = Math.min(1_000, Math.ceil(5 / Math.max(once, 0.05)));
    start = performance.now();
    for (let i = 0; i < repeat; i++) await task();
    return (performance.now() - start) / repeat;
  };
  // One untimed round first, so every contender is measured warm.
  floor(document.body);
  for (const json of Object.values(payloads)) (await backstory(prepareDictionary(JSON.parse(json) as PageDictionary))).clear();

  const pristine = document.body.cloneNode(true) as HTMLElement;
  const skipMark = new Set<string>();
  // The floor and each dictionary's load-and-pass, as contenders. Their order
  // turns by one every round: whichever runs right after another dictionary's
  // pass measured slower here, whatever it was, so each takes every place in turn.
  const contenders: (() => Promise<void>)[] = [
    async () => {
      timings.floor.push(await timed(() => floor(document.body)));
    },
    ...Object.entries(payloads).map(([name, json]) => async () => {
      // Load: from the message payload to a matcher ready to run.
      let dictionary = prepareDictionary(JSON.parse(json) as PageDictionary);
      (timings.load[name] ??= []).push(
        await timed(() => {
          dictionary = prepareDictionary(JSON.parse(json) as PageDictionary);
        }),
      );
      (timings.backstory[name] ??= []).push(
        await timed(async () => {
          const layer = await backstory(dictionary);
          timings.mentions[name] = layer.size;
          layer.clear();
        }),
      );
    }),
  ];
  for (let rep = 0; rep < options.reps; rep++) {
    for (let i = 0; i < contenders.length; i++) await contenders[(rep + i) % contenders.length]!();

    for (const [name, terms] of Object.entries(options.markTerms)) {
      if (skipMark.has(name)) continue;
      let start: number;
      const original = document.body;
      document.documentElement.replaceChild(pristine.cloneNode(true), original);
      start = performance.now();
      timings.markMatches[name] = await markJs(terms);
      const elapsed = performance.now() - start;
      (timings.mark[name] ??= []).push(elapsed);
      document.documentElement.replaceChild(original, document.body);
      if (elapsed > options.markBudgetMs) skipMark.add(name);
    }
  }
  return timings;
}

(globalThis as { BackstoryBench?: unknown }).BackstoryBench = { measure };
