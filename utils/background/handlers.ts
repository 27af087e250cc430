/**
 * What the background answers. Every answer is read from the database: the
 * MV3 service worker is stopped when idle, so nothing here may live only in
 * memory.
 */
import { browser } from 'wxt/browser';
import type { BackstoryDatabase, StoredSet } from '../db/database';
import {
  clearVisits,
  entityLabels,
  exportSet,
  findEntity,
  highlightStyle,
  installSet,
  isSiteEnabled,
  listSets,
  listVisits,
  recordCardsOpened,
  recordVisit,
  removeSet,
  researchLogEnabled,
  setHighlightStyle,
  setResearchLogEnabled,
  setSetEnabled,
  setSiteEnabled,
  sitesSwitchedOff,
} from '../db/store';
import { formatSetErrors, validateSetText } from '../model/validate-set';
import { sendToTab, type BackgroundHandlers } from '../messaging/channel';
import type { SetRow } from '../messaging/protocol';
import { cardFor } from '../sets/card';
import { MAX_ENTITIES_PER_PHRASE, entityKey, parseEntityKey, splitEntityKeys } from '../sets/entity-key';
import { dueSubscriptions, subscribe, updateSubscription } from '../sets/subscriptions';
import { annotateTab, enableSiteOf, forgetSite, grantedSites } from './granted-sites';
import { sitePattern } from '../sites/site-names';
import { currentPageDictionary, deliveredPageDictionary, lookupAliases } from './page-dictionary';

/** `whenReady()` settles once the bundled sets are in the database. */
export function createBackgroundHandlers(db: BackstoryDatabase, whenReady: () => Promise<unknown>): BackgroundHandlers {
  return {
    async getPageConfig({ site }) {
      await whenReady();
      const [style, researchLog] = await Promise.all([highlightStyle(db), researchLogEnabled(db)]);
      if (!(await isSiteEnabled(db, site))) return { enabled: false, highlightStyle: style, researchLog, dictionary: null };
      return { enabled: true, highlightStyle: style, researchLog, dictionary: await deliveredPageDictionary(db) };
    },

    async lookupAliases({ version, words }) {
      await whenReady();
      return lookupAliases(db, version, words);
    },

    async getCard({ entityKey: key, published }, sender) {
      await whenReady();
      const found = (await Promise.all(splitEntityKeys(key).slice(0, MAX_ENTITIES_PER_PHRASE).map((one) => findEntity(db, one)))).flatMap(
        (entry) => (entry ? [entry] : []),
      );
      // The research log (when on) notes the card on the visit of the tab that asked.
      if (sender.tab?.id !== undefined && sender.url) {
        const keys = found.map((entry) => entityKey(entry.set.id, entry.entity.id));
        await recordCardsOpened(db, sender.tab.id, sender.url, keys).catch(reportError);
      }
      return found.map((entry) => cardFor(entry.entity, entry.set, published));
    },

    async entityLabels({ entityKeys }) {
      await whenReady();
      const found = await Promise.all(entityKeys.map((key) => findEntity(db, key)));
      return found.flatMap((entry, i) => (entry ? [{ entityKey: entityKeys[i]!, label: entry.entity.label, kind: entry.entity.kind }] : []));
    },

    async logVisit({ loadedAt, url, title, entities }, sender) {
      // The channel let only a content script through: it has a tab and an address.
      const page = new URL(url);
      if (!/^https?:$/.test(page.protocol) || page.origin !== new URL(sender.url!).origin) {
        throw new Error('A page may report only itself to the research log.');
      }
      await recordVisit(db, { tab: sender.tab!.id!, loadedAt, url, title, entities });
    },

    async getResearchLog() {
      const [enabled, visits] = await Promise.all([researchLogEnabled(db), listVisits(db)]);
      const keys = visits.flatMap((visit) => [...visit.entities.map((entity) => entity.key), ...visit.opened]);
      return { enabled, visits, labels: await entityLabels(db, keys) };
    },

    async setResearchLog({ enabled }) {
      await setResearchLogEnabled(db, enabled);
      // Open tabs read their configuration again, and with it whether to report what they mark.
      await tellOpenTabs((tabId) => sendToTab(tabId, 'setsChanged', {}));
    },

    clearResearchLog: () => clearVisits(db),

    async setSiteEnabled({ site, enabled }) {
      await setSiteEnabled(db, site, enabled);
      await tellOpenTabs((tabId) => sendToTab(tabId, 'siteSettingChanged', { site }));
    },

    async listSets() {
      await whenReady();
      return setRows(await listSets(db));
    },

    listSitesOff: () => sitesSwitchedOff(db),

    async subscribeSet({ url }) {
      await whenReady();
      const set = await subscribe(db, url);
      await repaintAfterSetsChanged(db);
      return { id: set.id, title: set.title, entities: set.entities.length };
    },

    async updateSet({ setId }) {
      const result = await updateSubscription(db, setId);
      if (result.status === 'updated') await repaintAfterSetsChanged(db);
      return result;
    },

    async setsOf({ entityKeys }) {
      const setIds = new Set(entityKeys.map((key) => parseEntityKey(key)?.setId));
      return setRows((await listSets(db)).filter((set) => setIds.has(set.id)));
    },

    async setSetEnabled({ setId, enabled }) {
      await setSetEnabled(db, setId, enabled);
      await repaintAfterSetsChanged(db);
    },

    async importSet({ text }) {
      await whenReady();
      const result = validateSetText(text, new TextEncoder().encode(text).length);
      if (!result.ok) {
        const shown = result.errors.slice(0, 5);
        const more = result.errors.length - shown.length;
        throw new Error(`This is not a valid annotation set:\n${formatSetErrors(shown)}${more > 0 ? `\n(and ${more} more)` : ''}`);
      }
      await installSet(db, result.set, 'file');
      await repaintAfterSetsChanged(db);
      return { id: result.set.id, title: result.set.title, entities: result.set.entities.length };
    },

    async exportSet({ setId }) {
      const set = await exportSet(db, setId);
      return { fileName: `${set.id}-${set.version}.json`, json: `${JSON.stringify(set, null, 2)}\n` };
    },

    async removeSet({ setId }) {
      await removeSet(db, setId);
      await repaintAfterSetsChanged(db);
    },

    getHighlightStyle: () => highlightStyle(db),

    async setHighlightStyle({ style }) {
      await setHighlightStyle(db, style);
      // Open tabs read their configuration again, the new style with it.
      await tellOpenTabs((tabId) => sendToTab(tabId, 'setsChanged', {}));
    },

    enableSite: ({ tabId }) => enableSiteOf(db, tabId),
    annotateOnce: ({ tabId }) => annotateTab(tabId),
    listGrantedSites: () => grantedSites(db),

    async forgetSite({ pattern }) {
      // A subscription fetched from the same origin still needs its permission.
      const subscribed = (await listSets(db)).flatMap((set) => (set.subscription ? [sitePattern(set.subscription.url)] : []));
      await forgetSite(db, pattern, new Set(subscribed.filter((p): p is string => p !== null)));
    },
  };

  /** Sets as the options page and the popup list them, with their entity counts. */
  async function setRows(sets: StoredSet[]): Promise<SetRow[]> {
    const counts = new Map<string, number>();
    await db.entities.each((entity) => counts.set(entity.setId, (counts.get(entity.setId) ?? 0) + 1));
    return sets.map(
      (set): SetRow => ({
        id: set.id,
        title: set.title,
        publisher: set.publisher.name,
        version: set.version,
        entities: counts.get(set.id) ?? 0,
        origin: set.origin,
        enabled: set.enabled,
        updated: set.updated,
        installedAt: set.installedAt,
        ...(set.updateUrl ? { updateUrl: set.updateUrl } : {}),
        ...(set.subscription
          ? { subscription: { url: set.subscription.url, checkedAt: set.subscription.checkedAt, error: set.subscription.error } }
          : {}),
      }),
    );
  }
}

/** The page dictionary follows the sets (its cache key is their fingerprint); open tabs read their page again. */
async function repaintAfterSetsChanged(db: BackstoryDatabase): Promise<void> {
  await currentPageDictionary(db);
  await tellOpenTabs((tabId) => sendToTab(tabId, 'setsChanged', {}));
}

/**
 * Checks every subscribed set whose interval has passed (the background's
 * hourly alarm); open tabs are repainted if any set changed.
 */
export async function checkDueSubscriptions(db: BackstoryDatabase, now = Date.now()): Promise<void> {
  // All at once, so the alarm's work ends within one check's time limit, before
  // the browser stops an idle background. A failed check is recorded on its set.
  const results = await Promise.all(dueSubscriptions(await listSets(db), now).map((setId) => updateSubscription(db, setId)));
  if (results.some((result) => result.status === 'updated')) await repaintAfterSetsChanged(db);
}

/**
 * Tells every open tab at once. Without the `tabs` permission we cannot see
 * tab URLs, so each content script decides whether the news is its own; tabs
 * without one simply do not answer.
 */
async function tellOpenTabs(send: (tabId: number) => Promise<unknown>): Promise<void> {
  const tabs = await browser.tabs.query({});
  // Each tab answers once it has repainted, so the popup can show the new
  // count; a tab that is frozen or slow is not waited for past a moment.
  const patience = () => new Promise((resolve) => setTimeout(resolve, TAB_PATIENCE_MS));
  await Promise.all(
    tabs.map((tab) => (tab.id === undefined ? undefined : Promise.race([send(tab.id).catch(() => undefined), patience()]))),
  );
}

const TAB_PATIENCE_MS = 2_000;

function reportError(error: unknown): void {
  console.error('Backstory:', error);
}
