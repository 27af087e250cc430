/** End to end in real Chromium: the build in `.output/chrome-mv3`, loaded with --load-extension. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChromiumDriver } from './support/chromium-driver';
import { eventually } from './support/driver';
import { ICE_FACT, ICE_SOURCE_URL, NEWS_HOST } from './support/fixtures';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/lib/browsers';
import { PRIVACY_CORPUS_SIZE, askedOnlyWithBackstory, serveEverything, type Browsing } from './support/privacy';
import { chromium } from 'playwright-core';
import { describeExtension, pointAt, waitForMarks } from './support/suite';
import type { TestPage } from './support/driver';
import { mentionCenter } from '../../scripts/lib/page-probes';
import { checkLargeSet } from './support/large-set';

/** Where the tests leave screenshots of what they saw (ignored by git). */
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
/** The stores' screenshots (1280×800), made from the demo article. */
const STORE_SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'store');

const driver = new ChromiumDriver();

/** How many pixels two screenshots of the same size differ in, counted by drawing both on a canvas in a blank tab. */
async function differingPixels(a: Buffer, b: Buffer): Promise<number> {
  const blank = await driver.session.context.newPage();
  try {
    return await blank.evaluate(async ([a, b]: [string, string]) => {
      const pixels = async (base64: string) => {
        const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height).data;
      };
      const [first, second] = [await pixels(a), await pixels(b)];
      if (first.length !== second.length) throw new Error('The screenshots are not the same size.');
      let count = 0;
      for (let i = 0; i < first.length; i += 4) {
        if (first[i] !== second[i] || first[i + 1] !== second[i + 1] || first[i + 2] !== second[i + 2]) count += 1;
      }
      return count;
    }, [a.toString('base64'), b.toString('base64')] as [string, string]);
  } finally {
    await blank.close();
  }
}

/** The extension's worker, as the DevTools protocol reports it: each running status it goes through, from now on. */
async function watchWorker(page: TestPage) {
  const cdp = await driver.session.context.newCDPSession(await driver.pageOf(page));
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.scriptURL.startsWith(`chrome-extension://${driver.session.extensionId}/`)) statuses.push(version.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, statuses };
}

describeExtension(driver, (context) => {
  // What only the DevTools protocol can check: the card's markup inside its closed shadow root.
  describe('Chromium: the card inside its closed shadow root', () => {
    it('links each source to its web address, opening in a new tab without a referrer', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);
      await pointAt(page, 'ICE');
      await eventually('the ICE card shows a fact', () => page.cardShows(ICE_FACT));

      const card = await driver.card(page);
      expect(card.closedShadowRoot).toBe(true);
      const links = card.links.filter((link) => link.class === 'source');
      expect(links.length).toBeGreaterThanOrEqual(2);
      expect(links.find((link) => link.href === ICE_SOURCE_URL)).toBeDefined();
      for (const link of links) {
        expect(link.href).toMatch(/^https:\/\//);
        expect(link).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
      }
      await page.close();
    });
  });

  describe('Chromium: store screenshots', () => {
    it('makes the 1280×800 store screenshots from the demo article', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);
      mkdirSync(STORE_SHOTS, { recursive: true });
      const point = await page.evaluate(mentionCenter, 'ICE');
      await page.click(point!.x, point!.y);
      await eventually('the ICE card shows a fact', () => page.cardShows(ICE_FACT));
      await page.screenshot(join(STORE_SHOTS, '1-card.png'));
      await page.press('Escape');
      await driver.pressPanelShortcut(page);
      await eventually('the panel lists the entities', () => page.cardShows('entities on this page'));
      await page.screenshot(join(STORE_SHOTS, '2-on-this-page.png'));
      for (const name of ['1-card.png', '2-on-this-page.png']) {
        // A PNG's width and height are the first two numbers of its IHDR chunk.
        const header = readFileSync(join(STORE_SHOTS, name));
        expect([header.readUInt32BE(16), header.readUInt32BE(20)]).toEqual([1280, 800]);
      }
      await page.close();
    });
  });

  describe('Chromium: the popup and the options page, light and dark', () => {
    it.each(['light', 'dark'] as const)('look right and pass axe in the %s scheme (screenshots saved)', async (scheme) => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);
      mkdirSync(SCREENSHOTS, { recursive: true });
      expect(await driver.extensionPageInScheme('popup', scheme, join(SCREENSHOTS, `popup-${scheme}.png`))).toEqual([]);
      expect(await driver.extensionPageInScheme('options', scheme, join(SCREENSHOTS, `options-${scheme}.png`))).toEqual([]);
      await page.close();
    });
  });

  describe('Chromium: a right-to-left page', () => {
    it('keeps the card’s own words left to right and the card on screen', async () => {
      const page = await driver.open(context.url('/fixtures/rtl-page.html'));
      await waitForMarks(page);
      await pointAt(page, 'ICE');
      await eventually('the ICE card shows a fact', () => page.cardShows(ICE_FACT));
      expect((await driver.card(page)).dir).toBe('ltr');
      expect(await driver.shadowAccessibilityViolations(page)).toEqual([]);
      expect(page.errors).toEqual([]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot(join(SCREENSHOTS, 'card-rtl-page.png'));
      await page.close();
    });
  });

  describe('Chromium: the card in time', () => {
    it('lists the background known at the article’s date first, then what came since, each oldest first', async () => {
      const page = await driver.open(context.url('/fixtures/dated-article.html'));
      await waitForMarks(page);
      await pointAt(page, 'Oakland City Council');
      await eventually('the council card is open', () => page.cardShows('voted 8–0'));
      const { text } = await driver.card(page);
      const at = (needle: string) => text.indexOf(needle);
      const order = ['late November 2016', 'voted unanimously to end', 'Since this article', 'voted 8–0', 'Surveillance Technology Ordinance'].map(at);
      expect(order.every((place) => place >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      await page.close();
    });
  });

  describe('Chromium: the card’s states, accessibility and looks', () => {
    const shot = async (page: TestPage, name: string) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot(join(SCREENSHOTS, `${name}.png`));
    };
    const clickMark = async (page: TestPage, text: string) => {
      const point = await page.evaluate(mentionCenter, text);
      if (!point) throw new Error(`No mark reads "${text}".`);
      await page.click(point.x, point.y);
    };

    it('has no serious or critical axe violation in the card and the panel, on a light page and a dark one', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);
      await clickMark(page, 'ICE');
      await eventually('the ICE card shows a fact', () => page.cardShows(ICE_FACT));
      expect((await driver.card(page)).theme).toBe('light');
      expect(await driver.shadowAccessibilityViolations(page)).toEqual([]);
      await shot(page, 'card-light');
      await page.press('Escape');
      await driver.pressPanelShortcut(page);
      await eventually('the panel lists the entities', () => page.cardShows('entities on this page'));
      expect(await driver.shadowAccessibilityViolations(page)).toEqual([]);
      await shot(page, 'panel-light');
      await page.close();

      // A site that paints itself dark gets a dark card, whatever the system's setting.
      const dark = await driver.open(context.url('/fixtures/dark-page.html'));
      await waitForMarks(dark);
      await clickMark(dark, 'ICE');
      await eventually('the ICE card shows a fact', () => dark.cardShows(ICE_FACT));
      expect((await driver.card(dark)).theme).toBe('dark');
      expect(await driver.shadowAccessibilityViolations(dark)).toEqual([]);
      await shot(dark, 'card-dark');
      await dark.press('Escape');
      await driver.pressPanelShortcut(dark);
      await eventually('the panel lists the entities', () => dark.cardShows('entities on this page'));
      expect(await driver.shadowAccessibilityViolations(dark)).toEqual([]);
      await shot(dark, 'panel-dark');
      expect([...page.errors, ...dark.errors]).toEqual([]);
      await dark.close();
    });

    it('prints the page as its author made it: no marks and no card on paper', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);
      await clickMark(page, 'ICE');
      await eventually('the ICE card shows a fact', () => page.cardShows(ICE_FACT));
      const tab = await driver.pageOf(page);
      const hostDisplay = () => page.evaluate(() => getComputedStyle(document.querySelector('backstory-card')!).display, undefined);
      /** The viewport as drawn now, and as drawn with Backstory's highlights taken out of the registry (then put back). */
      const withAndWithoutMarks = async () => {
        const drawn = await tab.screenshot();
        const saved = await page.evaluate(() => {
          const ours = [...CSS.highlights.keys()].filter((name) => name.startsWith('backstory'));
          (window as unknown as { saved: [string, Highlight][] }).saved = ours.map((name) => [name, CSS.highlights.get(name)!]);
          for (const name of ours) CSS.highlights.delete(name);
          return ours.length;
        }, undefined);
        const bare = await tab.screenshot();
        await page.evaluate(() => {
          for (const [name, highlight] of (window as unknown as { saved: [string, Highlight][] }).saved) CSS.highlights.set(name, highlight);
        }, undefined);
        return { drawn, bare, saved };
      };

      // On screen, the marks and the active one are drawn (thousands of pixels), and the card is there
      // (drawn once its fade-in is done).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const screen = await withAndWithoutMarks();
      expect(screen.saved).toBeGreaterThanOrEqual(3);
      expect(await differingPixels(screen.drawn, screen.bare)).toBeGreaterThan(1_000);
      expect(await hostDisplay()).not.toBe('none');

      // On paper, neither. (Where a mark ends inside a word, `Schaaf|'s`, the
      // browser draws the text in two pieces whether or not the mark has a
      // look, which moves a pixel or two of antialiasing.)
      await tab.emulateMedia({ media: 'print' });
      const paper = await withAndWithoutMarks();
      expect(paper.saved).toBe(screen.saved);
      expect(await differingPixels(paper.drawn, paper.bare)).toBeLessThan(20);
      expect(await hostDisplay()).toBe('none');
      // Back on screen, all of it is there again (once the card's fade-in, which starts over, is done).
      await tab.emulateMedia({ media: 'screen' });
      expect(await hostDisplay()).not.toBe('none');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await differingPixels(await tab.screenshot(), screen.drawn)).toBeLessThan(20);
      expect(page.errors).toEqual([]);
      await page.close();
    });

    const SCHEMES = [
      { scheme: 'light', path: '/', mark: 'HSI', fact: '631 convictions' },
      { scheme: 'dark', path: '/fixtures/dark-page.html', mark: 'ICE', fact: ICE_FACT },
    ];

    it.each(SCHEMES)('shows “Loading…” while the background is busy, then the card ($scheme page)', async ({ scheme, path, mark, fact }) => {
      const page = await driver.open(context.url(path));
      await waitForMarks(page);
      const worker = await driver.worker();
      // The background's thread is held busy for two seconds, as a slow database would.
      const busy = worker.evaluate(() => {
        const until = Date.now() + 2_000;
        while (Date.now() < until);
      });
      await clickMark(page, mark);
      await eventually('the card says it is loading', () => page.cardShows('Loading…'));
      expect((await driver.card(page)).theme).toBe(scheme);
      await shot(page, `card-loading-${scheme}`);
      await busy;
      await eventually('the card shows a fact', () => page.cardShows(fact));
      expect(await page.cardShows('Loading…')).toBe(false);
      expect(page.errors).toEqual([]);
      await page.close();
    });

    it.each(SCHEMES)('offers “Try again” when the background goes away mid-answer, and the retry brings the card ($scheme page)', async ({ scheme, path, mark, fact }) => {
      const page = await driver.open(context.url(path));
      await waitForMarks(page);
      const worker = await driver.worker();
      const busy = worker
        .evaluate(() => {
          const until = Date.now() + 5_000;
          while (Date.now() < until);
        })
        .catch(() => undefined);
      await clickMark(page, mark);
      await eventually('the card says it is loading', () => page.cardShows('Loading…'));
      // The browser stops the worker while the card's request waits on it.
      const cdp = await driver.session.context.newCDPSession(await driver.pageOf(page));
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await eventually('the card offers to try again', () => page.cardShows('Try again'));
      expect(await page.cardShows('Backstory could not load this card')).toBe(true);
      await shot(page, `card-error-${scheme}`);
      await busy;
      await driver.clickInCard(page, 'Try again');
      await eventually('the card shows a fact', () => page.cardShows(fact));
      expect(await page.cardShows('Try again')).toBe(false);
      expect(page.errors).toEqual([]);
      await page.close();
    });
  });

  describe('Chromium: privacy', () => {
    it('sends nothing anywhere while annotating the demo article and ten real pages and opening a card', async () => {
      const server = await serveEverything();
      const withBackstory = async (): Promise<Browsing> => {
        const session = await launchChromium({ port: server.port });
        return { newPage: () => session.context.newPage(), close: () => session.close() };
      };
      // Without Backstory: the same kind of browser (a persistent profile, the same switches and
      // window) with an empty extension loaded, so what Chromium itself asks for extensions (its
      // updater's check) is in both readings.
      const without = async (): Promise<Browsing> => {
        const profile = mkdtempSync(join(tmpdir(), 'backstory-plain-'));
        const empty = join(profile, 'empty-extension');
        mkdirSync(empty);
        writeFileSync(join(empty, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0' }));
        const context = await chromium.launchPersistentContext(profile, {
          executablePath: CHROMIUM_PATH,
          headless: true,
          viewport: { width: 1280, height: 800 },
          ignoreDefaultArgs: ['--disable-extensions'],
          args: [
            `--disable-extensions-except=${empty}`,
            `--load-extension=${empty}`,
            `--host-resolver-rules=MAP * 127.0.0.1:${server.port}`,
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        });
        return {
          newPage: () => context.newPage(),
          close: async () => {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
          },
        };
      };
      try {
        const { extra, baseline } = await askedOnlyWithBackstory(server, `http://${NEWS_HOST}:${server.port}`, { without, withBackstory });
        expect(baseline).toBeGreaterThan(PRIVACY_CORPUS_SIZE);
        expect(extra, extra.join(' ')).toEqual([]);
      } finally {
        await server.close();
      }
    }, 120_000);
  });

  describe('Chromium: the service worker', () => {
    it('answers after the browser stops it, from what it stored', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);

      const { cdp, statuses } = await watchWorker(page);
      await cdp.send('ServiceWorker.stopAllWorkers');
      await eventually('the worker has stopped', async () => statuses.at(-1) === 'stopped');

      await pointAt(page, 'HSI');
      await eventually('the HSI card shows a fact', () => page.cardShows('631 convictions'));
      // The card's request woke the worker up again.
      expect(statuses.lastIndexOf('running')).toBeGreaterThan(statuses.indexOf('stopped'));
      await page.close();
    });

    it('looks up a large dictionary’s names for each page, also once stopped, from what it stored', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);
      const { cdp, statuses } = await watchWorker(page);
      await checkLargeSet(
        driver,
        (path) => driver.open(context.url(path)),
        async () => {
          await cdp.send('ServiceWorker.stopAllWorkers');
          await eventually('the worker has stopped', async () => statuses.at(-1) === 'stopped');
        },
      );
      await cdp.detach().catch(() => undefined);
      // The page the DevTools session is attached to, kept open until now.
      await page.close();
    }, 120_000);
  });

  // Last: it reloads the extension under the browser the other cases share.
  // (An extension loaded with --load-extension does not come back from
  // runtime.reload() in this Chromium, so for the open page it is gone, as an
  // update or a removal leaves it.)
  describe('Chromium: an extension reloaded under an open page', () => {
    it('tells the reader of an open card to reload, drops the marks, and leaves nothing once the card is closed', async () => {
      // Two open pages, a light one and a dark one, each with a pinned card.
      const open = async (path: string) => {
        const page = await driver.open(context.url(path));
        await waitForMarks(page);
        const point = (await page.evaluate(mentionCenter, 'ICE'))!;
        await page.click(point.x, point.y);
        await eventually('the ICE card shows a fact', () => page.cardShows(ICE_FACT));
        return { page, point };
      };
      const pages = [await open('/'), await open('/fixtures/dark-page.html')];

      const worker = await driver.worker();
      await worker.evaluate(() => (globalThis as { chrome?: any }).chrome.runtime.reload()).catch(() => undefined);
      mkdirSync(SCREENSHOTS, { recursive: true });
      for (const [i, { page, point }] of pages.entries()) {
        // Chromium tells the old script nothing: it finds out at the reader's next move.
        await eventually('the card says Backstory was updated', async () => {
          await page.movePointer(point.x + 2, point.y + 2);
          return page.cardShows('Backstory was updated');
        });
        expect(await page.cardShows('Reload page')).toBe(true);
        expect(await page.evaluate(() => CSS.highlights.get('backstory')?.size ?? 0, undefined)).toBe(0);
        await page.screenshot(join(SCREENSHOTS, `card-updated-${i === 0 ? 'light' : 'dark'}.png`));

        // The pinned card has the keyboard; Escape closes it, and Backstory's host leaves the page.
        await page.press('Escape');
        await eventually('Backstory has left the page', async () => !(await page.evaluate(() => document.querySelector('backstory-card') !== null, undefined)));
        expect(page.errors).toEqual([]);
        await page.close();
      }
    });
  });
});
