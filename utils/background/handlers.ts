/**
 * What the background answers. Every answer is read from the database: the
 * MV3 service worker is stopped when idle, so nothing here may live only in
 * memory.
 */
import { browser } from 'wxt/browser';
import type { BackstoryDatabase } from '../db/database';
import { findEntity, isSiteEnabled, setSiteEnabled } from '../db/store';
import { sendToTab, type BackgroundHandlers } from '../messaging/channel';
import { cardFor } from '../sets/card';
import { currentPageDictionary } from './page-dictionary';

/** `whenReady()` settles once the bundled sets are in the database. */
export function createBackgroundHandlers(db: BackstoryDatabase, whenReady: () => Promise<unknown>): BackgroundHandlers {
  return {
    async getPageConfig({ site }) {
      await whenReady();
      if (!(await isSiteEnabled(db, site))) return { enabled: false, dictionary: null };
      return { enabled: true, dictionary: await currentPageDictionary(db) };
    },

    async getCard({ entityId }) {
      await whenReady();
      const found = await findEntity(db, entityId);
      return found ? cardFor(found.entity, found.set) : null;
    },

    async setSiteEnabled({ site, enabled }) {
      await setSiteEnabled(db, site, enabled);
      await tellOpenTabs(site);
    },
  };
}

/**
 * Lets every open tab of the site follow the switch at once. Without the
 * `tabs` permission we cannot see tab URLs, so each content script decides
 * whether the site is its own; tabs without one simply do not answer.
 */
async function tellOpenTabs(site: string): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map((tab) => (tab.id === undefined ? undefined : sendToTab(tab.id, 'siteSettingChanged', { site }).catch(() => undefined))),
  );
}
