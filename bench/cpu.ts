/**
 * CPU on a page that never stops changing (issue #3): the demo article with a
 * live ticker that rewrites a headline, a clock and a feed every few
 * milliseconds (hundreds of mutations a second, many of them naming Oakland,
 * ICE, HSI…), measured over a fixed window in three browsers' arms,
 * interleaved and repeated:
 *
 * - `without`: Chromium without the extension (same binary, same flags and
 *   host rules, the page under the same news domain) — the page's own cost;
 * - `off-site`: the Chromium with Backstory loaded, the same page under a host
 *   outside the news list, where the content script is not injected — what
 *   having the extension in the browser costs this page by itself;
 * - `with`: the Chromium with Backstory, the page under www.ktvu.com.
 *
 * Two measures per window: the page's main-thread task time
 * (`Performance.getMetrics` TaskDuration: every task of the renderer's main
 * thread, the page's own script, the content script's isolated world, style,
 * layout and paint), and the CPU time of every process of that browser
 * (/proc: : renderer, GPU, browser, network, the
 * extension's service worker). Backstory's extra share is (with − without) /
 * window. Nothing here passes or fails.
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
const FEED_ITEMS = 100;
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
  window.__ticker = { ticks: () => ticks, skipped: () => skipped, callbacks: () => callbacks, stop: () => clearInterval(timer) };
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

const ARMS = ['without', 'off-site', 'with'] as const;
type Arm = (typeof ARMS)[number];

interface Sample {
  taskS: number;
  scriptS: number;
  processS: number;
  ticks: number;
  /** Timer callbacks a second: how often the page's own timer got the thread. */
  callbacks: number;
  skipped: number;
}

export interface CpuResult {
  date: string;
  page: string;
  windowMs: number;
  reps: number;
  tickPeriodMs: number;
  /** Medians over the repetitions, as shares of one core over the window. */
  arms: Record<Arm, { mainThreadShare: number; scriptShare: number; processShare: number; ticksPerSecond: number; callbacksPerSecond: number }>;
  /** Backstory's extra share: median of (with − without) per round, and with / without. */
  extra: {
    mainThread: number;
    process: number;
    mainThreadRatio: number;
    processRatio: number;
    mainThreadOverOffSite: number;
  };
  /** Marks the ticker's own lines received: while it ran (end of the window), and a second after it stopped. */
  marks: { live: number; settled: number; expected: number };
  samples: Record<Arm, Sample[]>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function launch(port: number, extension: boolean): Promise<{ context: BrowserContext; userDataDir: string; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'backstory-cpu-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ...(extension ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
    args: [
      ...(extension ? [`--disable-extensions-except=${CHROME_BUILD}`, `--load-extension=${CHROME_BUILD}`] : []),
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
  if (extension && !context.serviceWorkers().length) await context.waitForEvent('serviceworker');
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
 * extension's) is counted. Processes that end inside a window take their
 * time with them, which only a page closed during it would do.
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
        const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (name.startsWith('chrom')) root = Number(entry);
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

/** Counts the connected marks inside the live box, and the names its current text carries. */
async function liveMarks(page: Page): Promise<{ marks: number; expected: number }> {
  return page.evaluate((names) => {
    const live = document.getElementById('live')!;
    let marks = 0;
    for (const range of CSS.highlights.get('backstory') ?? []) {
      const r = range as AbstractRange;
      if (r.startContainer.isConnected && live.contains(r.startContainer)) marks += 1;
    }
    const text = live.innerText;
    const pattern = new RegExp(`\\b(?:${names.map((n) => n.replace(/ /g, '\\s+')).join('|')})\\b`, 'g');
    return { marks, expected: text.match(pattern)?.length ?? 0 };
  }, TICKER_NAMES);
}

export async function measureCpuOnChangingPage({
  port,
  pagesDir,
  windowMs = 6_000,
  reps = 5,
  settleMs = 2_000,
  tickPeriodMs = 4,
  log = console.log,
}: {
  port: number;
  /** A folder the server shows at `/bench/pages/`. */
  pagesDir: string;
  windowMs?: number;
  reps?: number;
  settleMs?: number;
  tickPeriodMs?: number;
  log?: (line: string) => void;
}): Promise<CpuResult> {
  writeFileSync(join(pagesDir, 'ticker.html'), tickerPage(tickPeriodMs));
  const path = '/bench/pages/ticker.html';
  const plain = await launch(port, false);
  const withExtension = await launch(port, true);
  const samples: Record<Arm, Sample[]> = { without: [], 'off-site': [], with: [] };
  let marks = { live: 0, settled: 0, expected: 0 };
  try {
    for (let round = 0; round < reps; round++) {
      // Each arm takes every place in turn.
      const order = ARMS.map((_, i) => ARMS[(i + round) % ARMS.length]!);
      for (const arm of order) {
        const context = arm === 'without' ? plain.context : withExtension.context;
        // `example.org` is outside the news list: the extension is in the browser but not on the page.
        const host = arm === 'off-site' ? 'www.example.org' : 'www.ktvu.com';
        const page = await context.newPage();
        const session = await context.newCDPSession(page);
        const { userDataDir } = arm === 'without' ? plain : withExtension;
        try {
          await session.send('Performance.enable', { timeDomain: 'threadTicks' });
          await page.goto(`http://${host}:${port}${path}`, { waitUntil: 'load' });
          // The content script runs at document idle and reads the page once; let that pass.
          await page.waitForTimeout(settleMs);
          const ticker = () => page.evaluate(() => {
            const t = (window as unknown as { __ticker: Record<'ticks' | 'callbacks' | 'skipped', () => number> }).__ticker;
            return { ticks: t.ticks(), callbacks: t.callbacks(), skipped: t.skipped() };
          });
          const k0 = await ticker();
          const m0 = await metric(session);
          const p0 = processCpuSeconds(userDataDir);
          const t0 = performance.now();
          await page.waitForTimeout(windowMs);
          const m1 = await metric(session);
          const p1 = processCpuSeconds(userDataDir);
          const elapsed = (performance.now() - t0) / 1_000;
          const k1 = await ticker();
          samples[arm].push({
            taskS: (m1.task - m0.task) / elapsed,
            scriptS: (m1.script - m0.script) / elapsed,
            processS: (p1 - p0) / elapsed,
            ticks: (k1.ticks - k0.ticks) / elapsed,
            callbacks: (k1.callbacks - k0.callbacks) / elapsed,
            skipped: k1.skipped - k0.skipped,
          });
          if (arm === 'with') {
            const running = await liveMarks(page);
            await page.evaluate(() => (window as unknown as { __ticker: { stop(): void } }).__ticker.stop());
            await page.waitForTimeout(1_000);
            const settled = await liveMarks(page);
            marks = { live: running.marks, settled: settled.marks, expected: settled.expected };
          }
          const s = samples[arm].at(-1)!;
          log(
            `  round ${round + 1} ${arm.padEnd(8)} main thread ${(100 * s.taskS).toFixed(1).padStart(5)} % | script ${(100 * s.scriptS).toFixed(1).padStart(5)} % | all processes ${(100 * s.processS).toFixed(1).padStart(5)} % | ${s.ticks.toFixed(0)} ticks/s (${s.callbacks.toFixed(0)} callbacks/s, ${s.skipped} skipped)` +
              (arm === 'with' ? ` | marks in the live box ${marks.live} running, ${marks.settled} of ${marks.expected} names settled` : ''),
          );
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    await withExtension.close();
    await plain.close();
  }
  const arms = Object.fromEntries(
    ARMS.map((arm) => [
      arm,
      {
        mainThreadShare: median(samples[arm].map((s) => s.taskS)),
        scriptShare: median(samples[arm].map((s) => s.scriptS)),
        processShare: median(samples[arm].map((s) => s.processS)),
        ticksPerSecond: median(samples[arm].map((s) => s.ticks)),
        callbacksPerSecond: median(samples[arm].map((s) => s.callbacks)),
      },
    ]),
  ) as CpuResult['arms'];
  const perRound = (f: (s: Sample) => number, a: Arm, b: Arm) => samples[a].map((s, i) => f(s) - f(samples[b][i]!));
  const ratioPerRound = (f: (s: Sample) => number, a: Arm, b: Arm) => samples[a].map((s, i) => f(s) / f(samples[b][i]!));
  return {
    date: new Date().toISOString(),
    page: 'demo article + live ticker',
    windowMs,
    reps,
    tickPeriodMs,
    arms,
    extra: {
      mainThread: median(perRound((s) => s.taskS, 'with', 'without')),
      process: median(perRound((s) => s.processS, 'with', 'without')),
      mainThreadRatio: median(ratioPerRound((s) => s.taskS, 'with', 'without')),
      processRatio: median(ratioPerRound((s) => s.processS, 'with', 'without')),
      mainThreadOverOffSite: median(perRound((s) => s.taskS, 'with', 'off-site')),
    },
    marks,
    samples,
  };
}
