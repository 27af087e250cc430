/**
 * The privacy check both browsers run: every request the browser makes, to
 * any host, reaches one logging server (Chromium by its host resolver, Firefox
 * through it as a proxy). A browser with Backstory, from its start to its
 * close, reading the demo article and ten real pages and opening a card, may
 * ask for no address that the same browser without Backstory does not.
 */
import { join } from 'node:path';
import { ROOT } from '../../../scripts/lib/browsers';
import { serveDirectories, type StaticServer } from '../../../scripts/lib/serve';
import { mentionCenter } from '../../../scripts/lib/page-probes';

const CORPUS = ['bbc-1', 'nytimes-1', 'wapo-2', 'lemonde-1', 'theverge', 'medium-1', 'wikipedia', 'seattletimes-1', 'rtl-1', 'yahoo-2'];

/** What both drivers' pages can do (Playwright's and Puppeteer's agree on these). */
interface BrowsedPage {
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>;
  waitForFunction(fn: () => boolean): Promise<unknown>;
  evaluate(fn: typeof mentionCenter, text: string): Promise<unknown>;
  mouse: { click(x: number, y: number): Promise<void> };
  close(): Promise<void>;
}

/** A browser started for one reading: pages to open, and how to close it. */
export interface Browsing {
  newPage(): Promise<BrowsedPage>;
  close(): Promise<void>;
}

/** The server every request goes to: the demo article at `/`, the real pages under `/real/`. */
export function serveEverything(): Promise<StaticServer> {
  return serveDirectories({ '/': join(ROOT, 'demo'), '/real/': join(ROOT, 'tests', 'fixtures', 'real-pages') });
}

/**
 * Reads the pages in a browser `start` launches (with Backstory or without),
 * and answers the addresses asked for between its start and its close —
 * without their query, since a browser's own checks carry a fresh key each time.
 */
async function addressesAsked(server: StaticServer, base: string, start: () => Promise<Browsing>, withBackstory: boolean): Promise<Set<string>> {
  const first = server.requests.length;
  const browser = await start();
  try {
    for (const path of ['/', ...CORPUS.map((name) => `/real/${name}.html`)]) {
      const page = await browser.newPage();
      await page.goto(`${base}${path}`, { waitUntil: 'load' }).catch(() => undefined);
      if (withBackstory && path === '/') {
        await page.waitForFunction(() => (CSS.highlights.get('backstory')?.size ?? 0) > 10);
        const point = (await page.evaluate(mentionCenter, 'ICE')) as { x: number; y: number };
        await page.mouse.click(point.x, point.y);
        await page.waitForFunction(() => document.querySelector('backstory-card') !== null);
      }
      // Time for anything late (a beacon on unload would come at close).
      await new Promise((resolve) => setTimeout(resolve, 700));
      await page.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await browser.close();
  }
  return new Set(server.requests.slice(first).filter((request) => !request.includes('/favicon.ico')).map((request) => request.split('?')[0]!));
}

/** The addresses only the browser with Backstory asked for (none, when Backstory sends nothing). */
export async function askedOnlyWithBackstory(
  server: StaticServer,
  base: string,
  start: { without: () => Promise<Browsing>; withBackstory: () => Promise<Browsing> },
): Promise<{ extra: string[]; baseline: number }> {
  const without = await addressesAsked(server, base, start.without, false);
  const seen = await addressesAsked(server, base, start.withBackstory, true);
  // A page may itself ask for something one time and not another (a lazy
  // image, a timer): what it asks in a second reading is its own too.
  if ([...seen].some((request) => !without.has(request))) {
    for (const request of await addressesAsked(server, base, start.without, false)) without.add(request);
  }
  return { extra: [...seen].filter((request) => !without.has(request)), baseline: without.size };
}

export const PRIVACY_CORPUS_SIZE = CORPUS.length;
