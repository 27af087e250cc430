/**
 * `npm run bench`: the annotation pass measured side by side with the
 * physical floor (a bare text walk) and with mark.js, in one page session,
 * interleaved and repeated, on the real-page corpus, the demo article and
 * generated 1 MB and 2 MB pages; then long tasks on the 2 MB page with and
 * without the extension, and the content script's size. Prints a table and
 * writes bench/results.json. Not a test: nothing here passes or fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { CHROME_BUILD, CHROMIUM_PATH, ROOT, launchChromium, requireChromium } from '../scripts/lib/browsers';
import { serveDirectories } from '../scripts/lib/serve';
import { deliveredForm } from '../utils/matcher/compile';
import { compilePageDictionary } from '../utils/matcher/page-matcher';
import { validateAnnotationSet } from '../utils/model/validate-set';
import { BUNDLED_SET_FILES } from '../utils/sets/bundled';
import { dictionaryEntriesFor, pageDictionaryFor } from '../utils/sets/dictionary';
import type { Timings } from './engine-entry';
import { generatedDictionary, generatedPage } from './generate';
import { measureCpuOnChangingPage, type CpuResult } from './cpu';

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    /** Only this many corpus pages (all by default), for a quick look. */
    pages: { type: 'string' },
    'mark-budget': { type: 'string', default: '60000' },
    /**
     * `cpu`: only the CPU measurement on a page that never stops changing (merged into results.json);
     * `pages`: only the side-by-side runs on the pages, printed and not written (a quick look).
     */
    only: { type: 'string' },
    /** The CPU measurement's window, in ms, and its rounds (at least 5). */
    'cpu-window': { type: 'string', default: '6000' },
    'cpu-reps': { type: 'string', default: '5' },
    /** Another Chromium build of the extension to measure as one more arm (e.g. the engine before a change). */
    'cpu-compare': { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'cpu' && args.only !== 'pages') throw new Error(`--only takes \`cpu\` or \`pages\` (got ${args.only}).`);
const CPU_ONLY = args.only === 'cpu';
const PAGES_ONLY = args.only === 'pages';
const CPU_WINDOW_MS = Number(args['cpu-window']);
const CPU_REPS = Math.max(5, Number(args['cpu-reps']));
const REPS = Math.max(5, Number(args.reps));
const MARK_BUDGET_MS = Number(args['mark-budget']);
const CORPUS = join(ROOT, 'tests', 'fixtures', 'real-pages');
const OUT = join(ROOT, 'bench', '.build');

requireChromium();
if (!existsSync(CORPUS)) throw new Error(`The page corpus was not found at ${CORPUS}.`);
mkdirSync(join(OUT, 'pages'), { recursive: true });
mkdirSync(join(OUT, 'dict'), { recursive: true });

// 1. The extension (for its size and the long-task run) and the engine bundle.
console.log('Building…');
const wxt = spawnSync(join(ROOT, 'node_modules', '.bin', 'wxt'), ['build'], { cwd: ROOT, stdio: 'ignore' });
if (wxt.status !== 0) throw new Error('wxt build failed.');
if (CPU_ONLY) {
  const server = await serveDirectories({ '/demo/': join(ROOT, 'demo'), '/bench/': OUT });
  const cpu = await measureCpu(server.port);
  await server.close();
  // The rest of results.json stays as the last full run wrote it.
  const resultsPath = join(ROOT, 'bench', 'results.json');
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as { summary: Record<string, unknown> };
  results.summary.cpuOnChangingPage = cpuSummary(cpu);
  writeFileSync(resultsPath, `${JSON.stringify({ ...results, cpuOnChangingPage: cpu }, null, 2)}\n`);
  console.log('\nWrote the cpuOnChangingPage section of bench/results.json');
  process.exit(0);
}
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: OUT,
    emptyOutDir: false,
    minify: true,
    lib: { entry: join(ROOT, 'bench', 'engine-entry.ts'), formats: ['iife'], name: 'BackstoryBenchModule', fileName: () => 'engine.js' },
  },
});
const engineSource = readFileSync(join(OUT, 'engine.js'), 'utf8');
const markSource = readFileSync(join(ROOT, 'node_modules', 'mark.js', 'dist', 'mark.min.js'), 'utf8');

// 2. Dictionaries, compiled as the background compiles them.
const bundledEntities = BUNDLED_SET_FILES.flatMap((file) => {
  const result = validateAnnotationSet(JSON.parse(readFileSync(join(ROOT, 'public', 'sets', file), 'utf8')));
  if (!result.ok) throw new Error(`public/sets/${file} is invalid.`);
  return result.set.entities.map((entity) => ({ ...entity, setId: result.set.id }));
});
const generated50k = generatedDictionary(50_000);
const dictionaries = {
  bundled: pageDictionaryFor(bundledEntities),
  '5k': compilePageDictionary(generated50k.slice(0, 5_000), []),
  '50k': compilePageDictionary(generated50k, []),
  // The large ones sent whole, as before lazy delivery: the same engine, side
  // by side in the same session, for what delivery alone changes.
  '5k whole': compilePageDictionary(generated50k.slice(0, 5_000), []),
  '50k whole': compilePageDictionary(generated50k, []),
};
// What the background holds (`.whole.json`), and what it sends a page: the
// whole dictionary when small, else its first-word table (see `deliveredForm`).
const deliveredChars: Record<string, number> = {};
for (const [name, dictionary] of Object.entries(dictionaries)) {
  const delivered = JSON.stringify(name.endsWith(' whole') ? dictionary : { ...dictionary, aliases: deliveredForm(dictionary.aliases, `bench-${name}`) });
  deliveredChars[name] = delivered.length;
  writeFileSync(join(OUT, 'dict', `${name}.json`), delivered);
  writeFileSync(join(OUT, 'dict', `${name}.whole.json`), JSON.stringify(dictionary));
}
const markTerms = {
  bundled: dictionaryEntriesFor(bundledEntities).entries.filter((e) => e.entityId !== null).map((e) => e.text),
  'generated-50': generated50k.slice(0, 50).map((e) => e.text),
};

// 3. Pages: the corpus, the demo article, and generated pages naming bundled and generated names.
const names = [...markTerms.bundled, ...generated50k.slice(0, 200).map((e) => e.text)];
writeFileSync(join(OUT, 'pages', 'generated-1mb.html'), generatedPage(1_000_000, names));
writeFileSync(join(OUT, 'pages', 'generated-2mb.html'), generatedPage(2_000_000, names));
const corpusPages = readdirSync(CORPUS).filter((f) => f.endsWith('.html')).sort();
const scenarios = [
  ...corpusPages.slice(0, args.pages ? Number(args.pages) : undefined).map((f) => ({ name: f, path: `/corpus/${f}`, kind: 'corpus' })),
  { name: 'demo article', path: '/demo/article.html', kind: 'demo' },
  { name: 'generated 1 MB', path: '/bench/pages/generated-1mb.html', kind: '1mb' },
  { name: 'generated 2 MB', path: '/bench/pages/generated-2mb.html', kind: '2mb' },
];

const server = await serveDirectories({
  '/corpus/': CORPUS,
  '/demo/': join(ROOT, 'demo'),
  '/bench/': OUT,
});
const base = `http://127.0.0.1:${server.port}`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Row {
  page: string;
  kind: string;
  floorMs: number;
  /** The fastest and slowest of the floor's samples: how far one page's floor moves within a session. */
  floorRange: [number, number];
  dictionaries: Record<
    string,
    {
      backstoryMs: number;
      loadMs: number;
      mentions: number;
      ratio: number;
      loadRatio: number;
      /** First words one pass looked up (a lazily delivered dictionary), and the answer's characters. */
      lookups: { words: number; answerChars: number };
      /** Marked exactly what the whole dictionary marks. */
      sameMarks: boolean;
    }
  >;
  markJs: Record<string, { ms: number; matches: number; ratio: number } | null>;
  /**
   * On the big pages, a pass split in floors: the walk alone (`walkMs`),
   * the pass without its layer less the walk (matching: words, lookups,
   * page rules), and the full pass less that (the layer: ranges built and
   * registered). Differences of medians of separate samples, so a guide to
   * where the time goes, not an exact account.
   */
  phases?: {
    walkMs: number;
    dictionaries: Record<
      string,
      {
        matchOnlyMs: number;
        walk: number;
        match: number;
        layer: number;
        /** Of `match`, for a dictionary with prefilter patterns: the patterns alone over the text the walk reads. */
        patterns?: number;
      }
    >;
  };
}

// 4. The side-by-side runs, one page session each.
const browser: Browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--js-flags=--expose-gc'],
});
const rows: Row[] = [];
try {
  for (const scenario of scenarios) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Saved pages ask for remote assets; refuse them at once instead of waiting.
    await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    await page.goto(`${base}${scenario.path}`, { waitUntil: 'load', timeout: 60_000 });
    await page.evaluate(`${markSource}\n;${engineSource}`);
    const big = scenario.kind === '1mb' || scenario.kind === '2mb';
    const timings = (await page.evaluate(
      (options) => (globalThis as unknown as { BackstoryBench: { measure(o: unknown): Promise<unknown> } }).BackstoryBench.measure(options),
      {
        reps: REPS,
        dictionaries: Object.fromEntries(Object.keys(dictionaries).map((name) => [name, `${base}/bench/dict/${encodeURIComponent(name)}.json`])),
        wholeDictionaries: Object.fromEntries(Object.keys(dictionaries).map((name) => [name, `${base}/bench/dict/${encodeURIComponent(name)}.whole.json`])),
        // mark.js on every page with the bundled terms; with 50 generated terms on the big pages.
        markTerms: big ? markTerms : { bundled: markTerms.bundled },
        markBudgetMs: MARK_BUDGET_MS,
        phases: big,
      },
    )) as Timings;
    const floorMs = median(timings.floor);
    const floorRange: [number, number] = [Math.min(...timings.floor), Math.max(...timings.floor)];
    const row: Row = { page: scenario.name, kind: scenario.kind, floorMs, floorRange, dictionaries: {}, markJs: {} };
    for (const name of Object.keys(dictionaries)) {
      const backstoryMs = median(timings.backstory[name]!);
      const loadMs = median(timings.load[name]!);
      row.dictionaries[name] = {
        backstoryMs,
        loadMs,
        mentions: timings.mentions[name]!,
        ratio: backstoryMs / floorMs,
        loadRatio: loadMs / backstoryMs,
        lookups: timings.lookups[name]!,
        sameMarks: timings.sameMarks[name]!,
      };
    }
    for (const [name, runs] of Object.entries(timings.mark)) {
      const ms = median(runs);
      const finished = runs.length === REPS && runs.every((r) => r <= MARK_BUDGET_MS);
      const against = name === 'bundled' ? row.dictionaries.bundled!.backstoryMs : row.dictionaries['5k']!.backstoryMs;
      row.markJs[name] = finished ? { ms, matches: timings.markMatches[name]!, ratio: ms / against } : null;
    }
    if (big) {
      const walkMs = median(timings.walk);
      row.phases = {
        walkMs,
        dictionaries: Object.fromEntries(
          Object.keys(dictionaries).map((name) => {
            const matchOnlyMs = median(timings.match[name]!);
            const { backstoryMs } = row.dictionaries[name]!;
            const patterns = timings.patterns[name] ? { patterns: median(timings.patterns[name]) / floorMs } : {};
            return [name, { matchOnlyMs, walk: walkMs / floorMs, match: (matchOnlyMs - walkMs) / floorMs, layer: (backstoryMs - matchOnlyMs) / floorMs, ...patterns }];
          }),
        ),
      };
    }
    rows.push(row);
    const d = row.dictionaries;
    console.log(
      `${scenario.name.padEnd(40)} floor ${floorMs.toFixed(2).padStart(8)} ms (${floorRange.map((ms) => ms.toFixed(2)).join('–')}) | bundled ×${d.bundled!.ratio.toFixed(2)} | 5k ×${d['5k']!.ratio.toFixed(2)} | 50k ×${d['50k']!.ratio.toFixed(2)}` +
        (row.markJs.bundled ? ` | mark.js/backstory ×${row.markJs.bundled.ratio.toFixed(0)}` : ''),
    );
    if (row.phases) {
      const split = Object.entries(row.phases.dictionaries).map(
        ([name, p]) =>
          `${name} ${p.walk.toFixed(2)} + ${p.match.toFixed(2)}${p.patterns === undefined ? '' : ` (patterns alone ${p.patterns.toFixed(2)})`} + ${p.layer.toFixed(2)} (${d[name]!.mentions} marks)`,
      );
      console.log(`${''.padEnd(40)} in floors, walk + match + layer: ${split.join(' | ')}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}

if (PAGES_ONLY) {
  await server.close();
  console.log('\n--only pages: bench/results.json was not written.');
  process.exit(0);
}

// 5. Long tasks on the 2 MB page, with and without the extension, same browser build.
console.log('Long tasks on the 2 MB page…');
const longTasks = await measureLongTasks();
// 6. CPU on a page that never stops changing, with and without the extension.
const cpu = await measureCpu(server.port);
await server.close();

// 7. The content script's size.
const contentScript = readFileSync(join(CHROME_BUILD, 'content-scripts', 'content.js'));
const contentGzip = gzipSync(contentScript, { level: 9 }).length;

const corpusRows = rows.filter((r) => r.kind === 'corpus');
const summary = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  date: new Date().toISOString().slice(0, 10),
  reps: REPS,
  corpusMedianRatio: Object.fromEntries(
    Object.keys(dictionaries).map((name) => [name, median(corpusRows.map((r) => r.dictionaries[name]!.ratio))]),
  ),
  oneMbRatio: Object.fromEntries(
    Object.keys(dictionaries).map((name) => [name, rows.find((r) => r.kind === '1mb')!.dictionaries[name]!.ratio]),
  ),
  /** The 1 MB page's passes split into walk, match and layer, in floors (see `Row.phases`). */
  oneMbPhases: rows.find((r) => r.kind === '1mb')!.phases!.dictionaries,
  markJsOverBackstoryOneMb: rows.find((r) => r.kind === '1mb')!.markJs.bundled?.ratio ?? null,
  loadOverPassMedian: Object.fromEntries(
    Object.keys(dictionaries).map((name) => [name, median(rows.map((r) => r.dictionaries[name]!.loadRatio))]),
  ),
  longTasks,
  cpuOnChangingPage: cpuSummary(cpu),
  contentScript: { bytes: contentScript.length, gzipBytes: contentGzip },
  /** What a page receives of each dictionary, in characters of JSON. */
  deliveredChars,
  /** Pages where a dictionary as delivered marked other than the whole one (should be none). */
  differentMarks: rows.flatMap((r) => Object.entries(r.dictionaries).flatMap(([name, d]) => (d.sameMarks ? [] : [`${r.page} (${name})`]))),
  /** Median over pages with a lookup: first words looked up in one pass. */
  lookupWordsMedian: Object.fromEntries(
    Object.keys(dictionaries).map((name) => {
      const words = rows.map((r) => r.dictionaries[name]!.lookups.words).filter((w) => w > 0);
      return [name, { pages: words.length, median: words.length ? median(words) : 0 }];
    }),
  ),
};
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ summary, rows, cpuOnChangingPage: cpu }, null, 2)}\n`);
console.log('\nSummary');
console.log(JSON.stringify(summary, null, 2));
console.log('\nWrote bench/results.json');

async function measureLongTasks() {
  const page2mb = `/bench/pages/generated-2mb.html`;
  const observe = () => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  };
  const collect = async (page: import('playwright-core').Page) => {
    // Let the page settle: Backstory's pass runs after load, at document idle.
    await page.waitForTimeout(4_000);
    return page.evaluate(() => {
      const loadEnd = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const tasks = (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks;
      const after = tasks.filter((t) => t.start >= loadEnd.loadEventEnd);
      return {
        marks: CSS.highlights.get('backstory')?.size ?? 0,
        afterLoad: { count: after.length, maxMs: Math.max(0, ...after.map((t) => t.duration)) },
        all: { count: tasks.length, maxMs: Math.max(0, ...tasks.map((t) => t.duration)) },
      };
    });
  };

  const session = await launchChromium({ port: server.port });
  const withPage = await session.context.newPage();
  await withPage.addInitScript(observe);
  await withPage.goto(`http://www.ktvu.com:${server.port}${page2mb}`);
  const withExtension = await collect(withPage);
  await session.close();

  const plain = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const withoutPage = await plain.newPage();
  await withoutPage.addInitScript(observe);
  await withoutPage.goto(`${base}${page2mb}`);
  const withoutExtension = await collect(withoutPage);
  await plain.close();
  return { withExtension, withoutExtension };
}

/** CPU on the live-ticker pages: prints the rounds as they go, then the table. */
async function measureCpu(port: number): Promise<CpuResult> {
  console.log(`CPU on a page that never stops changing (${CPU_REPS} rounds of ${CPU_WINDOW_MS / 1000} s, arms interleaved)…`);
  mkdirSync(join(OUT, 'pages'), { recursive: true });
  const cpu = await measureCpuOnChangingPage({
    port,
    pagesDir: join(OUT, 'pages'),
    windowMs: CPU_WINDOW_MS,
    reps: CPU_REPS,
    compare: args['cpu-compare'] ? resolve(args['cpu-compare']) : null,
  });
  const pct = (share: number) => `${(100 * share).toFixed(1)} %`;
  for (const page of cpu.pages) {
    console.log(`\n${page.page}: medians, shares of one core`);
    console.log('| arm | main thread | per frame | frames/s | script | all processes | ticks/s | timer callbacks/s | extra main thread (− without) | × without | extra all processes | × without |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [arm, a] of Object.entries(page.arms)) {
      const e = page.extra[arm];
      console.log(
        `| ${arm} | ${pct(a.mainThreadShare)} | ${a.mainThreadMsPerFrame.toFixed(2)} ms | ${a.framesPerSecond.toFixed(0)} | ${pct(a.scriptShare)} | ${pct(a.processShare)} | ${a.ticksPerSecond.toFixed(0)} | ${a.callbacksPerSecond.toFixed(0)} | ` +
          (e ? `${pct(e.mainThreadShare)} | ×${e.mainThreadRatio.toFixed(2)} | ${pct(e.processShare)} | ×${e.processRatio.toFixed(2)} |` : '| | | |'),
      );
    }
    console.log(
      `Marks in the live box (last round): ${page.marks.running} painted over 2 s while the ticker ran; ${page.marks.settled} a second after it stopped, for ${page.marks.expected} names in its text (${page.marks.allMarks} painted on the whole page, the rest wait until scrolled near).`,
    );
  }
  return cpu;
}

function cpuSummary(cpu: CpuResult) {
  return {
    ...cpu,
    pages: cpu.pages.map(({ samples: _samples, ...page }) => page),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  };
}
