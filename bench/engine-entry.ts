/**
 * The engine as a standalone bundle for the benchmark: the very modules the
 * content script runs (walk, match, range building, highlight registration),
 * plus the two contenders it is measured against. Built by bench/run.ts into
 * an IIFE that exposes `window.BackstoryBench`.
 */
import { MentionLayer } from '../utils/dom/mentions';
import { PageMatcher, type PageDictionary } from '../utils/matcher/page-matcher';
import { scanPage } from '../utils/annotator/scan';
import type { TextBlock } from '../utils/dom/text-blocks';

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
  /** Runs per sample for the floor, Backstory and load (mark.js: one). */
  repeat: number;
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
async function backstory(dictionary: PageDictionary): Promise<MentionLayer> {
  const layer = new MentionLayer();
  layer.show();
  await scanPage(document.body, new PageMatcher<TextBlock>(dictionary), layer, {
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
  const timings: Timings = { floor: [], backstory: {}, load: {}, mark: {}, mentions: {}, markMatches: {}, repeat: 1 };
  // The page clock is coarse (0.1 ms): on a small page, each sample times `repeat`
  // runs of a contender, enough for the floor to take about 5 ms.
  let runs = 0;
  const calibration = performance.now();
  while (performance.now() - calibration < 20) {
    floor(document.body);
    runs += 1;
  }
  const repeat = Math.max(1, Math.ceil(5 / (20 / runs)));
  timings.repeat = repeat;
  const timed = async (task: () => unknown): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < repeat; i++) await task();
    return (performance.now() - start) / repeat;
  };
  const pristine = document.body.cloneNode(true) as HTMLElement;
  const skipMark = new Set<string>();
  for (let rep = 0; rep < options.reps; rep++) {
    timings.floor.push(await timed(() => floor(document.body)));

    for (const [name, json] of Object.entries(payloads)) {
      // Load: from the message payload to a matcher ready to run.
      let dictionary = JSON.parse(json) as PageDictionary;
      (timings.load[name] ??= []).push(
        await timed(() => {
          dictionary = JSON.parse(json) as PageDictionary;
          return new PageMatcher<TextBlock>(dictionary);
        }),
      );
      (timings.backstory[name] ??= []).push(
        await timed(async () => {
          const layer = await backstory(dictionary);
          timings.mentions[name] = layer.size;
          layer.clear();
        }),
      );
    }

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
