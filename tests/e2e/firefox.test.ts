/** End to end in real Firefox: the build in `.output/firefox-mv2`, installed as a temporary add-on. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { markedTexts, mentionCenter } from '../../scripts/lib/page-probes';
import { ROOT, launchFirefox, type FirefoxSession } from '../../scripts/lib/browsers';
import { serveDirectories } from '../../scripts/lib/serve';
import { eventually } from './support/driver';
import { FirefoxDriver } from './support/firefox-driver';
import { ICE_FACT, NEWS_HOST, OTHER_HOST } from './support/fixtures';
import { describeExtension, waitForMarks } from './support/suite';

const driver = new FirefoxDriver();

describeExtension(driver, (context) => {
  // Firefox can be told to answer its permission prompt as a reader pressing
  // "Allow" would; Chromium's prompt is out of reach of any test driver.
  describe('Firefox: a site the reader adds', () => {
    it('runs on every page of a site enabled from the popup, until the site is removed on the options page', async () => {
      const pattern = `http://${OTHER_HOST}/*`;
      const page = await driver.open(context.url('/', OTHER_HOST));
      const popup = await driver.clickToolbarButton(page);
      await popup.enableSite();
      // The open page at once, and the popup speaks about it.
      const marks = await waitForMarks(page);
      expect(marks).toContain('ICE');
      await eventually('the popup shows the site switch', () => popup.isOn().catch(() => false));
      await popup.close();

      // A page opened later on the site: the registered content script.
      const next = await driver.open(context.url('/', OTHER_HOST));
      expect(await waitForMarks(next, marks.length)).toEqual(marks);
      await next.close();

      const options = await driver.openOptions();
      await eventually('the site is listed', async () => JSON.stringify(await options.sitesAdded()) === JSON.stringify([pattern]));
      await options.removeAddedSite(pattern);
      await eventually('the list is empty', async () => (await options.sitesAdded()).length === 0);
      // The permission went back with it.
      const granted = await options.evaluate(
        (origin) => (globalThis as unknown as { browser: any }).browser.permissions.contains({ origins: [origin] }),
        pattern,
      );
      expect(granted).toBe(false);
      await options.close();

      const after = await driver.open(context.url('/', OTHER_HOST));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await after.evaluate(markedTexts, undefined)).toBeNull();
      expect([...page.errors, ...after.errors]).toEqual([]);
      await after.close();
      await page.close();
    });
  });

  describe('Firefox: a set file that names its update address', () => {
    it('offers to keep it up to date, subscribes at that address, and keeps the file’s copy when the address fails', async () => {
      const options = await driver.openOptions();
      await options.importFile(join(import.meta.dirname, '..', 'fixtures', 'sets', 'with-update-url.json'));
      await eventually('the set is listed', async () => (await options.setIds()).includes('e2e-updatable'));
      await options.keepUpToDate('e2e-updatable');
      // Nothing serves https on this machine's loopback: the subscription fails and says where.
      await eventually('the failure is shown', async () => (await options.notice()).startsWith(`Could not reach ${OTHER_HOST}`));
      expect(await options.rowText('e2e-updatable')).toContain('Imported from a file');
      await options.removeSet('e2e-updatable');
      await eventually('the set is removed', async () => !(await options.setIds()).includes('e2e-updatable'));
      await options.close();
    });
  });

  describe('Firefox: privacy', () => {
    // Firefox sends every request, to any host, through one logging proxy
    // here. The same pages are read by the same Firefox without the extension,
    // then with Backstory (marking, a card opened): the reading with Backstory
    // may ask for nothing the readings without it did not.
    const CORPUS = ['bbc-1', 'nytimes-1', 'wapo-2', 'lemonde-1', 'theverge', 'medium-1', 'wikipedia', 'seattletimes-1', 'rtl-1', 'yahoo-2'];

    it('sends nothing anywhere while annotating the demo article and ten real pages and opening a card', async () => {
      const server = await serveDirectories({ '/': join(ROOT, 'demo'), '/real/': join(ROOT, 'tests', 'fixtures', 'real-pages') });
      /** Everything asked while a Firefox runs, from its start (an extension's first requests come at install) to its close. */
      const browse = async (withExtension: boolean) => {
        const start = server.requests.length;
        const session: FirefoxSession = await launchFirefox({ hosts: [], proxyPort: server.port, ...(withExtension ? {} : { extensionDir: null }) });
        try {
          for (const path of ['/', ...CORPUS.map((name) => `/real/${name}.html`)]) {
            const page = await session.browser.newPage();
            await page.goto(`http://${NEWS_HOST}${path}`, { waitUntil: 'load' }).catch(() => undefined);
            if (withExtension && path === '/') {
              await page.waitForFunction(() => (CSS.highlights.get('backstory')?.size ?? 0) > 10);
              const point = (await page.evaluate(mentionCenter, 'ICE'))!;
              await page.mouse.click(point.x, point.y);
              await page.waitForFunction(() => document.querySelector('backstory-card') !== null);
            }
            await new Promise((resolve) => setTimeout(resolve, 700));
            await page.close();
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        } finally {
          await session.close();
        }
        // By address without its query: the browser's own checks carry a fresh key each time.
        return new Set(server.requests.slice(start).filter((request) => !request.includes('/favicon.ico')).map((request) => request.split('?')[0]!));
      };
      try {
        const without = await browse(false);
        const seen = await browse(true);
        expect(without.size).toBeGreaterThan(CORPUS.length);
        // A page may itself ask for something one time and not another: a second reading's requests are its own too.
        if ([...seen].some((request) => !without.has(request))) {
          for (const request of await browse(false)) without.add(request);
        }
        const extra = [...seen].filter((request) => !without.has(request));
        expect(extra, extra.join(' ')).toEqual([]);
      } finally {
        await server.close();
      }
    }, 180_000);
  });

  // Last: it reloads the extension under the browser the other cases share.
  describe('Firefox: Backstory reloaded under an open page', () => {
    it('leaves no stale card behind: the new copy marks the page, and its card opens', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);
      const point = await page.evaluate(mentionCenter, 'ICE');
      await page.click(point!.x, point!.y);
      await eventually('the ICE card shows a fact', () => page.cardShows(ICE_FACT));

      // Firefox stops the old copy of the content script dead and runs the new one in the open tab.
      const options = await driver.openOptions();
      await options.evaluate(() => void setTimeout(() => (globalThis as unknown as { browser: any }).browser.runtime.reload(), 100), undefined);
      await eventually('the old card has gone', async () => !(await page.cardShows(ICE_FACT)), 15_000);
      expect(await page.evaluate(() => document.querySelectorAll('backstory-card').length, undefined)).toBe(0);
      await waitForMarks(page, 10);

      // The new copy paints over the old marks in the same places; the pointer
      // moves until the new copy, once it has read the page, answers.
      const hsi = (await page.evaluate(mentionCenter, 'HSI'))!;
      let nudge = 0;
      await eventually('the new copy opens the HSI card', async () => {
        await page.movePointer(hsi.x + (nudge++ % 2), hsi.y);
        return page.cardShows('631 convictions');
      });
      expect(await page.evaluate(() => document.querySelectorAll('backstory-card').length, undefined)).toBe(1);
      expect(page.errors).toEqual([]);
      await page.close();
    });
  });
});
