/**
 * The engine as a standalone bundle for the benchmark: the very modules the
 * content script runs (walk, match, range building, highlight registration),
 * plus the two contenders it is measured against. Built by bench/run.ts into
 * an IIFE that exposes `window.BackstoryBench`.
 */
import { MentionLayer } from '../utils/dom/mentions';
import { aliasGroupsFor, isLazy, type AliasLookup, type CompiledDictionary } from '../utils/matcher/compile';
import type { AliasLookupFunction } from '../utils/matcher/matcher';
import {
  PageMatcher,
  prepareDictionary,
  type DeliveredPageDictionary,
  type PageDictionary,
  type PreparedDictionary,
} from '../utils/matcher/page-matcher';
import { scanPage, type Batch, type PassOptions } from '../utils/annotator/scan';
import { PageWatcher } from '../utils/dom/page-watcher';
import { textRuns } from '../utils/dom/text-blocks';

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
  /** For a lazily delivered dictionary: the first words one pass looked up, and the characters of the answer. */
  lookups: Record<string, { words: number; answerChars: number }>;
  /** Whether each dictionary, as delivered, marked exactly what the whole dictionary marks (same texts, same order). */
  sameMarks: Record<string, boolean>;
  /** With `phases`: the walk alone, and each dictionary's pass without its layer (see `matchOnly`). */
  walk: number[];
  match: Record<string, number[]>;
  /**
   * With `phases`, for a dictionary delivered with prefilter patterns (the
   * bundled sets): those patterns alone run over the text the walk reads,
   * every hit found and nothing else done (see `patternsAlone`).
   */
  patterns: Record<string, number[]>;
}

/**
 * The background's side of `lookupAliases`, run in the page so that the
 * pass pays for all of it: the request and the answer go through JSON, as
 * Chromium's messaging carries them, and the lookup itself is the
 * background's (`aliasGroupsFor` on the whole dictionary, which the worker
 * holds in memory while it runs). What it does not pay for is the round
 * trip's latency between processes, and a stopped worker's read of Dexie.
 */
function backgroundLookup(whole: CompiledDictionary, stats: { words: number; answerChars: number }): AliasLookupFunction {
  return async (request) => {
    const received = JSON.parse(JSON.stringify(request)) as Parameters<AliasLookupFunction>[0];
    const answer: AliasLookup = { version: received.version, groups: aliasGroupsFor(whole, received.words) };
    const sent = JSON.stringify(answer);
    stats.words += received.words.length;
    stats.answerChars += sent.length;
    return JSON.parse(sent) as AliasLookup;
  };
}

/** How long a pass is run untimed before it is timed (see `timed` in `measure`). */
const PASS_WARM_UP_MS = 50;
/** How long one sample lasts at least: shorter runs are repeated within it (see `timed`). */
const SAMPLE_MS = 25;

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
  await scanPage(document.body, new PageMatcher<Batch>(dictionary), layer, passOptions());
  return layer;
}

/**
 * The page watcher, as the content script keeps one for the page's life
 * from before its first pass: each pass reads its count of changes at its
 * pauses (the lookup's, with a lazy dictionary). Started by `measure`.
 */
let watcher: PageWatcher | null = null;

/** A pass's options as the content script's, but unsliced: with the page watcher's count of changes. */
function passOptions(): PassOptions {
  const current = watcher!;
  return { signal: new AbortController().signal, sliceMs: Infinity, changes: () => current.changeCount() };
}

/** The walk alone: every text run read and joined, nothing matched. */
function walk(root: Node): number {
  let characters = 0;
  for (const run of textRuns(root)) characters += run.text.length;
  return characters;
}

/**
 * The pass without its layer: the same walk and matching, lookups and page
 * rules, but each mention only counted, so no range is built and nothing is
 * registered. With `walk`, it splits a pass's time into reading, matching
 * and marking.
 */
async function matchOnly(dictionary: PreparedDictionary): Promise<number> {
  let found = 0;
  const count = { add: () => (found += 1) > 0 };
  await scanPage(document.body, new PageMatcher<Batch>(dictionary), count, passOptions());
  return found;
}

/**
 * The browser's own search with the dictionary's prefilter patterns, alone:
 * each pattern run over each text the walk reads (read beforehand, not
 * timed), every hit found. What the matcher's word checks, the page rules
 * and the layer add to a pass comes on top of it; it says how much of a
 * pass's matching no change to those can take away.
 */
function patternsAlone(patterns: RegExp[], texts: string[]): number {
  let hits = 0;
  for (const pattern of patterns) {
    for (const text of texts) {
      pattern.lastIndex = 0;
      while (pattern.exec(text) !== null) hits += 1;
    }
  }
  return hits;
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
  /** Dictionary name → URL of its JSON as the background sends it to a page (whole, or its first-word table). */
  dictionaries: Record<string, string>;
  /** Dictionary name → URL of the whole compiled dictionary, as the background holds it. */
  wholeDictionaries: Record<string, string>;
  markTerms: Record<string, string[]>;
  markBudgetMs: number;
  /** Also time the pass's phases (`walk`, `matchOnly`): for the big pages, where the ratios are far from those of the corpus. */
  phases: boolean;
}): Promise<Timings> {
  watcher = new PageWatcher(document.body, { ignore: () => false, onChange: async () => {} });
  watcher.start();
  try {
    return await measureWatched(options);
  } finally {
    watcher.stop();
    watcher = null;
  }
}

async function measureWatched(options: Parameters<typeof measure>[0]): Promise<Timings> {
  const payloads: Record<string, string> = {};
  const wholes: Record<string, PageDictionary> = {};
  for (const [name, url] of Object.entries(options.dictionaries)) payloads[name] = await (await fetch(url)).text();
  for (const [name, url] of Object.entries(options.wholeDictionaries)) wholes[name] = (await (await fetch(url)).json()) as PageDictionary;
  const timings: Timings = { floor: [], backstory: {}, load: {}, mark: {}, mentions: {}, markMatches: {}, lookups: {}, sameMarks: {}, walk: [], match: {}, patterns: {} };
  // The page clock is coarse (0.1 ms), and one run of a few ms is not one
  // number: on the 1 MB page the floor took 2.3 to 9 ms run by run in one
  // session, so with a sample of one run the median of 5 landed at 2.8 ms in
  // one full run and 5.7 in another. A run that takes less than
  // `SAMPLE_MS` is repeated within its sample, as often as it takes to fill
  // it, and the sample is their mean.
  // No contender may pay for another's garbage (mark.js and the dictionary
  // loads make plenty): every sample starts from a collected heap (Chromium
  // runs with --expose-gc for the benchmark), then an untimed run brings back
  // what a full collection drops (the wrappers of the page's nodes), so each
  // contender is timed warm. Nor for another's code: a pass right after one
  // that ran other code (the bundled sets' regular expression, say) runs
  // while V8 optimizes the word loop again. With one untimed run, a large
  // dictionary right after the bundled sets took 1.3 times as long as its
  // twin sent whole, the same code (55 of 65 pages), so a pass's untimed runs
  // last `PASS_WARM_UP_MS`. The floor and the load keep their one untimed
  // run: the floor reads slower after long repetition (2.5 to 6 times here),
  // which would flatter every ratio.
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const timed = async (task: () => unknown, warmUpMs = 0): Promise<number> => {
    collect();
    const warm = performance.now();
    do await task();
    while (performance.now() - warm < warmUpMs);
    let start = performance.now();
    await task();
    const once = performance.now() - start;
    if (once >= SAMPLE_MS) return once;
    const repeat = Math.min(1_000, Math.ceil(SAMPLE_MS / Math.max(once, 0.05)));
    start = performance.now();
    for (let i = 0; i < repeat; i++) await task();
    return (performance.now() - start) / repeat;
  };
  const stats: Record<string, { words: number; answerChars: number }> = {};
  /** Load: from the message payload to a matcher ready to run (with its lookup, for a lazy dictionary). */
  const load = (name: string): PreparedDictionary => {
    const delivered = JSON.parse(payloads[name]!) as DeliveredPageDictionary;
    return prepareDictionary(delivered, isLazy(delivered.aliases) ? backgroundLookup(wholes[name]!.aliases, stats[name]!) : null);
  };
  const texts = (layer: MentionLayer) => [...layer.mentions].map((m) => m.text).join('\n');
  // One untimed round first, so every contender is measured warm; and the
  // marks of each dictionary as delivered against those of the whole one.
  floor(document.body);
  for (const name of Object.keys(payloads)) {
    stats[name] = { words: 0, answerChars: 0 };
    const delivered = await backstory(load(name));
    timings.lookups[name] = { ...stats[name]! };
    const whole = await backstory(prepareDictionary(wholes[name]!));
    timings.sameMarks[name] = delivered.size === whole.size && texts(delivered) === texts(whole);
    delivered.clear();
    whole.clear();
  }

  const pristine = document.body.cloneNode(true) as HTMLElement;
  const skipMark = new Set<string>();
  // The floor and each dictionary's load-and-pass, as contenders. Their order
  // turns by one every round: whichever runs right after another dictionary's
  // pass measured slower here, whatever it was, so each takes every place in turn.
  const contenders: (() => Promise<void>)[] = [
    async () => {
      timings.floor.push(await timed(() => floor(document.body)));
    },
    ...Object.keys(payloads).map((name) => async () => {
      let dictionary = load(name);
      (timings.load[name] ??= []).push(
        await timed(() => {
          dictionary = load(name);
        }),
      );
      // A pass with a lazily delivered dictionary starts with nothing looked
      // up, as a page's first pass does: every timed pass pays for its lookup.
      const lazy = dictionary.lookup !== null;
      const parsed = JSON.parse(payloads[name]!) as DeliveredPageDictionary;
      (timings.backstory[name] ??= []).push(
        await timed(async () => {
          const layer = await backstory(lazy ? prepareDictionary(parsed, dictionary.lookup) : dictionary);
          timings.mentions[name] = layer.size;
          layer.clear();
        }, PASS_WARM_UP_MS),
      );
      if (!options.phases) return;
      (timings.match[name] ??= []).push(
        await timed(() => matchOnly(lazy ? prepareDictionary(parsed, dictionary.lookup) : dictionary), PASS_WARM_UP_MS),
      );
    }),
    ...(options.phases
      ? [
          async () => {
            timings.walk.push(await timed(() => walk(document.body)));
          },
          ...Object.keys(payloads).flatMap((name) => {
            const { prefilters } = (JSON.parse(payloads[name]!) as DeliveredPageDictionary).aliases;
            if (prefilters.length === 0) return [];
            const patterns = prefilters.map(({ source, flags }) => new RegExp(source, flags));
            return [
              async () => {
                const texts = [...textRuns(document.body)].map((run) => run.text);
                (timings.patterns[name] ??= []).push(await timed(() => patternsAlone(patterns, texts)));
              },
            ];
          }),
        ]
      : []),
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
