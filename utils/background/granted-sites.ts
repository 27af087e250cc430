/**
 * Sites beyond the default news list. The reader grants a site from the popup:
 * the browser asks for that one origin's permission, and the content script is
 * registered for it (`scripting.registerContentScripts`). "Annotate this page
 * once" injects the same script into one tab, on the `activeTab` grant a
 * toolbar click gives.
 *
 * The reader's list is kept in the database (`settings`, key `grantedSites`):
 * browsers drop registered scripts when the extension updates, so at every
 * start the registrations are made again from the list, for the sites whose
 * permission the reader has not taken back.
 */
import { browser } from 'wxt/browser';
import type { BackstoryDatabase } from '../db/database';
import { isNewsSite } from '../sites/news-sites';
import { siteOfPattern, sitePattern } from '../sites/site-names';

/** The built content script and the page stylesheet, as the manifest's news-site entry has them. */
const CONTENT_SCRIPT = '/content-scripts/content.js';
const PAGE_STYLES = '/highlights.css';
/** Registered scripts Backstory made for a granted site are named `site <match pattern>`. */
const SCRIPT_PREFIX = 'site ';
const SETTING = 'grantedSites';

/** The sites the reader granted, in the order they were added. */
export async function grantedSites(db: BackstoryDatabase): Promise<string[]> {
  const stored = (await db.settings.get(SETTING))?.value;
  return Array.isArray(stored) ? stored.filter((pattern): pattern is string => typeof pattern === 'string') : [];
}

async function saveGrantedSites(db: BackstoryDatabase, patterns: string[]): Promise<void> {
  await db.settings.put({ key: SETTING, value: patterns });
}

/**
 * Runs Backstory on the tab's site from now on, and on the tab at once. The
 * popup asked for the permission first; without it this refuses.
 */
export async function enableSiteOf(db: BackstoryDatabase, tabId: number): Promise<string> {
  const pattern = sitePattern((await browser.tabs.get(tabId)).url);
  if (!pattern) throw new Error('Backstory can be switched on only for web pages (http or https).');
  if (isNewsSite(siteOfPattern(pattern))) {
    throw new Error(`Backstory already runs on ${siteOfPattern(pattern)}; reload the page to see its marks.`);
  }
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    throw new Error(`Backstory was not given access to ${siteOfPattern(pattern)}.`);
  }
  const sites = await grantedSites(db);
  if (!sites.includes(pattern)) await saveGrantedSites(db, [...sites, pattern]);
  await registerSites([pattern]);
  await annotateTab(tabId);
  return pattern;
}

/** Registers the content script for each pattern not registered yet. */
async function registerSites(patterns: string[]): Promise<void> {
  const registered = new Set((await browser.scripting.getRegisteredContentScripts()).map((script) => script.id));
  const missing = patterns.filter((pattern) => !registered.has(SCRIPT_PREFIX + pattern));
  if (missing.length === 0) return;
  await browser.scripting.registerContentScripts(
    missing.map((pattern) => ({
      id: SCRIPT_PREFIX + pattern,
      matches: [pattern],
      js: [CONTENT_SCRIPT],
      css: [PAGE_STYLES],
      runAt: 'document_idle' as const,
      persistAcrossSessions: true,
    })),
  );
}

/**
 * Runs the content script in one tab now (the popup's "Annotate this page
 * once", or a site just granted). A second copy in the same page replaces the
 * first (WXT's content-script context stops the older one).
 */
export async function annotateTab(tabId: number): Promise<void> {
  try {
    await browser.scripting.insertCSS({ target: { tabId }, files: [PAGE_STYLES] });
    await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT] });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Backstory could not read this page. Open the Backstory button on the page itself and try again. (${reason})`);
  }
}

/**
 * Stops running on a granted site and gives its permission back, unless a
 * subscribed set is fetched from that same origin (`keep`).
 */
export async function forgetSite(db: BackstoryDatabase, pattern: string, keep: ReadonlySet<string>): Promise<void> {
  const sites = await grantedSites(db);
  if (!sites.includes(pattern)) return;
  await saveGrantedSites(
    db,
    sites.filter((site) => site !== pattern),
  );
  const registered = (await browser.scripting.getRegisteredContentScripts()).some((script) => script.id === SCRIPT_PREFIX + pattern);
  if (registered) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_PREFIX + pattern] });
  if (!keep.has(pattern)) await browser.permissions.remove({ origins: [pattern] });
}

/**
 * Brings the registrations in line with the reader's list (at every start,
 * after an update dropped them, and when a permission goes): each listed site
 * whose permission is still granted is registered; a site whose permission
 * the reader took back in the browser's own settings leaves the list.
 */
export async function syncGrantedSites(db: BackstoryDatabase): Promise<void> {
  const sites = await grantedSites(db);
  const kept: string[] = [];
  for (const pattern of sites) if (await browser.permissions.contains({ origins: [pattern] })) kept.push(pattern);
  if (kept.length !== sites.length) await saveGrantedSites(db, kept);
  const stale = (await browser.scripting.getRegisteredContentScripts())
    .map((script) => script.id)
    .filter((id) => id.startsWith(SCRIPT_PREFIX) && !kept.includes(id.slice(SCRIPT_PREFIX.length)));
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
  await registerSites(kept);
}
