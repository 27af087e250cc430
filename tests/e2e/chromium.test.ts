/** End to end in real Chromium: the build in `.output/chrome-mv3`, loaded with --load-extension. */
import { describe, expect, it } from 'vitest';
import { ChromiumDriver } from './support/chromium-driver';
import { eventually } from './support/driver';
import { ICE_FACT, ICE_SOURCE_URL } from './support/fixtures';
import { describeExtension, pointAt, waitForMarks } from './support/suite';

const driver = new ChromiumDriver();

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

  describe('Chromium: the service worker', () => {
    it('answers after the browser stops it, from what it stored', async () => {
      const page = await driver.open(context.url('/'));
      await waitForMarks(page);

      // The extension's worker, as the DevTools protocol reports it.
      const cdp = await driver.session.context.newCDPSession(await driver.pageOf(page));
      const statuses: string[] = [];
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const version of versions) {
          if (version.scriptURL.startsWith(`chrome-extension://${driver.session.extensionId}/`)) statuses.push(version.runningStatus);
        }
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await eventually('the worker has stopped', async () => statuses.at(-1) === 'stopped');

      await pointAt(page, 'HSI');
      await eventually('the HSI card shows a fact', () => page.cardShows('631 convictions'));
      // The card's request woke the worker up again.
      expect(statuses.lastIndexOf('running')).toBeGreaterThan(statuses.indexOf('stopped'));
      await page.close();
    });
  });
});
