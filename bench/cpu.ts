/**
 * CPU on a page that never stops changing (issue #3): a live ticker that
 * rewrites a headline, a clock and a feed every 4 ms (about a thousand
 * mutations a second, many naming Oakland, ICE, HSI…) above the demo article,
 * and above a long live blog (the article's paragraphs twenty times over).
 * Each page is measured over a fixed window in these arms, interleaved and
 * repeated (each arm takes every place in turn):
 *
 * - `without`: Chromium without the extension (same binary, flags and host
 *   rules, the page under the same news domain): the page's own cost;
 * - `off-site`: the Chromium with Backstory loaded, the same page under a host
 *   outside the news list, where the content script is not injected: what
 *   having the extension in the browser costs the page by itself;
 * - `with`: the Chromium with Backstory, the page under www.ktvu.com;
 * - optionally `with (compare)`: another build (the engine before a change).
 *
 * Measures per window: the page's main-thread task time as thread CPU time
 * (`Performance.getMetrics` TaskDuration: the page's script, the content
 * script's isolated world, style, layout, paint), the frames the page drew
 * (requestAnimationFrame), and the CPU time of the browser's whole process
 * tree from /proc (browser, renderers, GPU, network, the extension's service
 * worker). Backstory's extra share is (with − without) / window, per round,
 * median. Nothing here passes or fails.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROME_BUILD, CHROMIUM_PATH, ROOT } from '../scripts/lib/browsers';

/** Names from the bundled sets that the ticker's lines carry (the page's context words are in the article). */
export const TICKER_NAMES = ['Oakland', 'ICE', 'HSI', 'East Bay Express', 'Libby Schaaf', 'KTVU'];

const LINES = [
  'Oakland police closed Broadway after a crash near 14th Street.',
  'Markets were flat in early trading.',
  'ICE agents were reported near the Fruitvale BART station.',
  'Traffic is heavy on the Bay Bridge westbound.',
  'HSI declined to comment on the operation.',
  'Rain is expected after sunset.',
  'The East Bay Express has asked for the records.',
  'The council meets again on Tuesday.',
  'Mayor Libby Schaaf will speak at noon, KTVU reports.',
  'A water main break closed two lanes downtown.',
];

/**
 * The ticker: a tick rewrites the headline, sets the clock's text and adds a
 * feed item (dropping the oldest past `FEED_ITEMS`), four mutations. Ticks
 * are due every `periodMs` from the start, and each timer callback runs the
 * ticks that are due, so the page makes the same changes per second whatever
 * the timer's clamping and the machine's load; a page that falls more than
 * 100 ticks behind skips them (counted as `skipped`).
 */
const FEED_ITEMS = 40;
function tickerScript(periodMs: number): string {
  return `
(() => {
  const lines = ${JSON.stringify(LINES)};
  const headline = document.getElementById('live-headline');
  const clock = document.getElementById('live-clock').firstChild;
  const feed = document.getElementById('live-feed');
  let ticks = 0, skipped = 0, callbacks = 0;
  const tick = () => {
    ticks += 1;
    headline.textContent = lines[ticks % lines.length] + ' (update ' + ticks + ')';
    clock.data = 'Updated ' + ticks + ' times';
    const item = document.createElement('li');
    item.textContent = lines[(ticks * 3) % lines.length] + ' #' + ticks;
    feed.prepend(item);
    if (feed.childElementCount > ${FEED_ITEMS}) feed.lastElementChild.remove();
  };
  const start = performance.now();
  const timer = setInterval(() => {
    callbacks += 1;
    const due = Math.floor((performance.now() - start) / ${periodMs});
    if (due - ticks - skipped > 100) skipped = due - ticks - 100;
    while (ticks + skipped < due) tick();
  }, ${Math.max(1, Math.floor(periodMs / 2))});
  let frames = 0;
  const frame = () => { frames += 1; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  window.__ticker = { ticks: () => ticks, skipped: () => skipped, callbacks: () => callbacks, frames: () => frames, stop: () => clearInterval(timer) };
})();`;
}

/** The demo article with a live-updates box above the article and the ticker's script. */
export function tickerPage(periodMs: number): string {
  const article = readFileSync(join(ROOT, 'demo', 'article.html'), 'utf8');
  const box = `<aside id="live" aria-label="Live updates"><h2>Live</h2><p id="live-headline">Waiting for updates.</p><p><span id="live-clock">Not updated yet</span></p><ul id="live-feed"></ul></aside>`;
  return article
    .replace('<main>', `<main>\n      ${box}`)
    .replace('</body>', `<script>${tickerScript(periodMs)}</script>\n  </body>`);
}

/** The demo article's paragraphs, `copies` times over: a long live blog under the ticker. */
export function longTickerPage(periodMs: number, copies: number): string {
  const html = tickerPage(periodMs);
  const article = /<article>([\s\S]*?)<\/article>/.exec(html)![1]!;
  const paragraphs = article.replace(/<h1>[\s\S]*?<\/h1>/, '').replace(/<p class="byline">[\s\S]*?<\/p>/, '');
  const posts = Array.from({ length: copies }, (_, i) => `<section class="post"><h2>Update ${copies - i}</h2>${paragraphs}</section>`).join('\n');
  return html.replace('</article>', `${posts}</article>`);
}

/** One arm: a browser (with a build of the extension, or none) and the host the page is served under. */
interface ArmSpec {
  name: string;
  extensionDir: string | null;
  host: string;
}

interface Sample {
  /** Shares of one core over the window. */
  taskS: number;
  scriptS: number;
  processS: number;
  /** Main-thread ms per frame the page drew. */
  taskMsPerFrame: number;
  frames: number;
  ticks: number;
  /** Timer callbacks a second: how often the page's own timer got the thread. */
  callbacks: number;
  skipped: number;
}

interface ArmResult {
  mainThreadShare: number;
  scriptShare: number;
  processShare: number;
  mainThreadMsPerFrame: number;
  framesPerSecond: number;
  ticksPerSecond: number;
  callbacksPerSecond: number;
}

export interface CpuPageResult {
  page: string;
  arms: Record<string, ArmResult>;
  /** Backstory's extra, medians of the per-round differences and ratios against `without`. */
  extra: Record<string, { mainThreadShare: number; processShare: number; mainThreadRatio: number; processRatio: number; mainThreadMsPerFrame: number }>;
  /** Distinct marks painted in the live box over 2 s while the ticker ran; marks there a second after it stopped, and the names its text carries then; marks painted on the whole page then. */
  marks: { running: number; settled: number; expected: number; allMarks: number };
  samples: Record<string, Sample[]>;
}

export interface CpuResult {
  date: string;
  windowMs: number;
  reps: number;
  tickPeriodMs: number;
  pages: CpuPageResult[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function launch(port: number, extensionDir: string | null): Promise<{ context: BrowserContext; userDataDir: string; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'backstory-cpu-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ...(extensionDir ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
    args: [
      ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
      `--host-resolver-rules=MAP * 127.0.0.1:${port}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  if (extensionDir && !context.serviceWorkers().length) await context.waitForEvent('serviceworker');
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Linux's clock ticks per second for /proc/<pid>/stat (`getconf CLK_TCK`; 100 on every Linux we run). */
const CLOCK_TICKS = 100;

/**
 * The CPU seconds (user + system) of a browser's whole process tree: the
 * browser process is the one whose command line names its profile folder,
 * and every process under it (zygotes, renderers, GPU, network, the
 * extension's) is counted.
 */
function processCpuSeconds(userDataDir: string): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  let root = -1;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      if (root < 0 && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`--user-data-dir=${userDataDir}`)) {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('chrom')) root = Number(entry);
      }
    } catch {
      // The process ended while we read.
    }
  }
  if (root < 0) throw new Error(`No browser process for ${userDataDir}.`);
  const inTree = (pid: number): boolean => {
    for (let p = pid, depth = 0; p > 1 && depth < 64; depth++) {
      if (p === root) return true;
      p = stats.get(p)?.parent ?? 0;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, { ticks: t }] of stats) if (inTree(pid)) ticks += t;
  return ticks / CLOCK_TICKS;
}

async function metric(session: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: value('TaskDuration'), script: value('ScriptDuration') };
}

/** Counts the connected, painted marks inside the live box and on the page, and the names the box's text carries. */
async function liveMarks(page: Page): Promise<{ marks: number; expected: number; allMarks: number }> {
  return page.evaluate((names) => {
    const live = document.getElementById('live')!;
    let marks = 0;
    let allMarks = 0;
    for (const range of CSS.highlights.get('backstory') ?? []) {
      const r = range as AbstractRange;
      if (!r.startContainer.isConnected) continue;
      allMarks += 1;
      if (live.contains(r.startContainer)) marks += 1;
    }
    const pattern = new RegExp(`\\b(?:${names.map((n) => n.replace(/ /g, '\\s+')).join('|')})\\b`, 'g');
    return { marks, allMarks, expected: live.innerText.match(pattern)?.length ?? 0 };
  }, TICKER_NAMES);
}

/**
 * The distinct marks painted in the live box while the ticker runs, looked at
 * every 50 ms for `ms` (after the window, so the looking costs no arm).
 */
async function marksWhileRunning(page: Page, ms: number): Promise<number> {
  return page.evaluate(async (ms) => {
    const live = document.getElementById('live')!;
    const seen = new Set<AbstractRange>();
    for (const end = performance.now() + ms; performance.now() < end; ) {
      for (const range of CSS.highlights.get('backstory') ?? []) {
        const r = range as AbstractRange;
        if (r.startContainer.isConnected && live.contains(r.startContainer)) seen.add(r);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return seen.size;
  }, ms);
}

type TickerState = { ticks: number; callbacks: number; skipped: number; frames: number };
const readTicker = (page: Page) =>
  page.evaluate((): TickerState => {
    const t = (window as unknown as { __ticker: Record<keyof TickerState, () => number> }).__ticker;
    return { ticks: t.ticks(), callbacks: t.callbacks(), skipped: t.skipped(), frames: t.frames() };
  });

export async function measureCpuOnChangingPage({
  port,
  pagesDir,
  windowMs = 6_000,
  reps = 5,
  settleMs = 4_000,
  tickPeriodMs = 4,
  longCopies = 20,
  compare = null,
  log = console.log,
}: {
  port: number;
  /** A folder the server shows at `/bench/pages/`. */
  pagesDir: string;
  windowMs?: number;
  reps?: number;
  settleMs?: number;
  tickPeriodMs?: number;
  /** The long page: the demo article's paragraphs this many times. */
  longCopies?: number;
  /** Another build of the extension, measured as one more arm (`with (compare)`), e.g. the engine before a change. */
  compare?: string | null;
  log?: (line: string) => void;
}): Promise<CpuResult> {
  writeFileSync(join(pagesDir, 'ticker.html'), tickerPage(tickPeriodMs));
  writeFileSync(join(pagesDir, 'ticker-long.html'), longTickerPage(tickPeriodMs, longCopies));
  const pages = [
    { name: 'demo article + live ticker', path: '/bench/pages/ticker.html' },
    { name: `live blog (demo article × ${longCopies}) + live ticker`, path: '/bench/pages/ticker-long.html' },
  ];
  const arms: ArmSpec[] = [
    { name: 'without', extensionDir: null, host: 'www.ktvu.com' },
    // Outside the news list: the extension is in the browser but not on the page.
    { name: 'off-site', extensionDir: CHROME_BUILD, host: 'www.example.org' },
    { name: 'with', extensionDir: CHROME_BUILD, host: 'www.ktvu.com' },
    ...(compare ? [{ name: 'with (compare)', extensionDir: compare, host: 'www.ktvu.com' }] : []),
  ];
  const browsers = new Map<string | null, Awaited<ReturnType<typeof launch>>>();
  const results: CpuPageResult[] = [];
  try {
    for (const arm of arms) if (!browsers.has(arm.extensionDir)) browsers.set(arm.extensionDir, await launch(port, arm.extensionDir));
    for (const target of pages) {
      log(`  ${target.name}`);
      const samples: Record<string, Sample[]> = Object.fromEntries(arms.map((arm) => [arm.name, []]));
      let marks = { running: 0, settled: 0, expected: 0, allMarks: 0 };
      for (let round = 0; round < reps; round++) {
        // Each arm takes every place in turn.
        const order = arms.map((_, i) => arms[(i + round) % arms.length]!);
        for (const arm of order) {
          const browser = browsers.get(arm.extensionDir)!;
          const page = await browser.context.newPage();
          const session = await browser.context.newCDPSession(page);
          try {
            // Thread time, not wall time: a task descheduled by another process on the machine is not charged.
            await session.send('Performance.enable', { timeDomain: 'threadTicks' });
            await page.goto(`http://${arm.host}:${port}${target.path}`, { waitUntil: 'load' });
            // The content script runs at document idle and reads the page once; let that pass.
            await page.waitForTimeout(settleMs);
            const k0 = await readTicker(page);
            const m0 = await metric(session);
            const p0 = processCpuSeconds(browser.userDataDir);
            const t0 = performance.now();
            await page.waitForTimeout(windowMs);
            const m1 = await metric(session);
            const p1 = processCpuSeconds(browser.userDataDir);
            const elapsed = (performance.now() - t0) / 1_000;
            const k1 = await readTicker(page);
            const frames = k1.frames - k0.frames;
            const sample: Sample = {
              taskS: (m1.task - m0.task) / elapsed,
              scriptS: (m1.script - m0.script) / elapsed,
              processS: (p1 - p0) / elapsed,
              taskMsPerFrame: ((m1.task - m0.task) * 1_000) / Math.max(1, frames),
              frames: frames / elapsed,
              ticks: (k1.ticks - k0.ticks) / elapsed,
              callbacks: (k1.callbacks - k0.callbacks) / elapsed,
              skipped: k1.skipped - k0.skipped,
            };
            samples[arm.name]!.push(sample);
            let seen = '';
            if (arm.name === 'with') {
              const running = await marksWhileRunning(page, 2_000);
              await page.evaluate(() => (window as unknown as { __ticker: { stop(): void } }).__ticker.stop());
              await page.waitForTimeout(1_000);
              const settled = await liveMarks(page);
              marks = { running, settled: settled.marks, expected: settled.expected, allMarks: settled.allMarks };
              seen = ` | live box: ${marks.running} marks painted in 2 s running, ${marks.settled} settled for ${marks.expected} names; ${marks.allMarks} painted on the page`;
            }
            const pct = (x: number) => `${(100 * x).toFixed(1).padStart(5)} %`;
            log(
              `    round ${round + 1} ${arm.name.padEnd(14)} main thread ${pct(sample.taskS)} (${sample.taskMsPerFrame.toFixed(2)} ms × ${sample.frames.toFixed(0)} frames/s) | script ${pct(sample.scriptS)} | all processes ${pct(sample.processS)} | ${sample.ticks.toFixed(0)} ticks/s, ${sample.callbacks.toFixed(0)} timer callbacks/s${sample.skipped ? `, ${sample.skipped} skipped` : ''}${seen}`,
            );
          } finally {
            await page.close();
          }
        }
      }
      const armResults = Object.fromEntries(
        arms.map(({ name }) => {
          const list = samples[name]!;
          const m = (f: (s: Sample) => number) => median(list.map(f));
          return [
            name,
            {
              mainThreadShare: m((s) => s.taskS),
              scriptShare: m((s) => s.scriptS),
              processShare: m((s) => s.processS),
              mainThreadMsPerFrame: m((s) => s.taskMsPerFrame),
              framesPerSecond: m((s) => s.frames),
              ticksPerSecond: m((s) => s.ticks),
              callbacksPerSecond: m((s) => s.callbacks),
            },
          ];
        }),
      );
      const against = samples.without!;
      const perRound = (name: string, f: (s: Sample) => number, op: (a: number, b: number) => number) =>
        median(samples[name]!.map((s, i) => op(f(s), f(against[i]!))));
      const minus = (a: number, b: number) => a - b;
      const over = (a: number, b: number) => a / b;
      const extra = Object.fromEntries(
        arms
          .filter(({ name }) => name !== 'without')
          .map(({ name }) => [
            name,
            {
              mainThreadShare: perRound(name, (s) => s.taskS, minus),
              processShare: perRound(name, (s) => s.processS, minus),
              mainThreadRatio: perRound(name, (s) => s.taskS, over),
              processRatio: perRound(name, (s) => s.processS, over),
              mainThreadMsPerFrame: perRound(name, (s) => s.taskMsPerFrame, minus),
            },
          ]),
      );
      results.push({ page: target.name, arms: armResults, extra, marks, samples });
    }
  } finally {
    for (const browser of browsers.values()) await browser.close();
  }
  return { date: new Date().toISOString(), windowMs, reps, tickPeriodMs, pages: results };
}
