/** End to end in real Firefox: the build in `.output/firefox-mv2`, installed as a temporary add-on. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { markedTexts, mentionCenter } from '../../scripts/lib/page-probes';
import { launchFirefox } from '../../scripts/lib/browsers';
import { PRIVACY_CORPUS_SIZE, askedOnlyWithBackstory, serveEverything, type Browsing } from './support/privacy';
import { eventually } from './support/driver';
import { FirefoxDriver } from './support/firefox-driver';
import { DEMO_ENTITY_COUNT, ICE_FACT, NEWS_HOST, OTHER_HOST } from './support/fixtures';
import { describeExtension, waitForMarks } from './support/suite';
import { checkLargeSet } from './support/large-set';

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
    it('sends nothing anywhere while annotating the demo article and ten real pages and opening a card', async () => {
      const server = await serveEverything();
      // Firefox sends every request, to any host, http or https, through the server as its proxy.
      const start = (withBackstory: boolean) => async (): Promise<Browsing> => {
        const { browser } = await launchFirefox({ hosts: [], proxyPort: server.port, ...(withBackstory ? {} : { extensionDir: null }) });
        return { newPage: () => browser.newPage(), close: () => browser.close() };
      };
      try {
        const { extra, baseline } = await askedOnlyWithBackstory(server, `http://${NEWS_HOST}`, { without: start(false), withBackstory: start(true) });
        expect(baseline).toBeGreaterThan(PRIVACY_CORPUS_SIZE);
        expect(extra, extra.join(' ')).toEqual([]);
      } finally {
        await server.close();
      }
    }, 180_000);
  });

  describe('Firefox: the background stopped in the middle of a session', () => {
    it('wakes for the next card and the next shortcut, from what it stored', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);

      await driver.stopBackground();
      const hsi = (await page.evaluate(mentionCenter, 'HSI'))!;
      await page.movePointer(hsi.x, hsi.y);
      await eventually('the HSI card shows a fact', () => page.cardShows('631 convictions'));
      expect(await driver.backgroundState()).toBe('running');
      await page.press('Escape');

      // The shortcut's listener wakes it too.
      await driver.stopBackground();
      await driver.pressPanelShortcut(page);
      await eventually('the panel lists the entities', () => page.cardShows(`${DEMO_ENTITY_COUNT} entities on this page`));
      expect(page.errors).toEqual([]);
      await page.close();
    });

    it('looks up a large dictionary’s names for the next page, from what it stored', async () => {
      await checkLargeSet(driver, (path) => driver.open(context.url(path)), () => driver.stopBackground());
    }, 120_000);
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
