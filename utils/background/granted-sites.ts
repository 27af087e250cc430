/**
 * Sites beyond the default news list. The reader grants a site from the popup:
 * the browser asks for that one origin's permission, and the content script is
 * registered for it (`scripting.registerContentScripts`, kept across browser
 * restarts). "Annotate this page once" injects the same script into one tab,
 * on the `activeTab` grant a toolbar click gives.
 *
 * The registered scripts are the list itself: no second record can disagree
 * with what the browser will actually run.
 */
import { browser } from 'wxt/browser';
import { siteOfPattern, sitePattern } from '../sites/site-names';

/** The built content script and the page stylesheet, as the manifest's news-site entry has them. */
const CONTENT_SCRIPT = '/content-scripts/content.js';
const PAGE_STYLES = '/highlights.css';
/** Registered scripts Backstory made for a granted site are named `site <match pattern>`. */
const SCRIPT_PREFIX = 'site ';

/** The sites the reader granted, in the order the browser lists them. */
export async function grantedSites(): Promise<string[]> {
  const scripts = await browser.scripting.getRegisteredContentScripts();
  return scripts.filter((script) => script.id.startsWith(SCRIPT_PREFIX)).map((script) => script.id.slice(SCRIPT_PREFIX.length));
}

/**
 * Runs Backstory on the tab's site from now on, and on the tab at once. The
 * popup asked for the permission first; without it this refuses.
 */
export async function enableSiteOf(tabId: number): Promise<string> {
  const pattern = sitePattern((await browser.tabs.get(tabId)).url);
  if (!pattern) throw new Error('Backstory can be switched on only for web pages (http or https).');
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    throw new Error(`Backstory was not given access to ${siteOfPattern(pattern)}.`);
  }
  if (!(await grantedSites()).includes(pattern)) {
    await browser.scripting.registerContentScripts([
      {
        id: SCRIPT_PREFIX + pattern,
        matches: [pattern],
        js: [CONTENT_SCRIPT],
        css: [PAGE_STYLES],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  }
  await annotateTab(tabId);
  return pattern;
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
export async function forgetSite(pattern: string, keep: ReadonlySet<string>): Promise<void> {
  if (!(await grantedSites()).includes(pattern)) return;
  await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_PREFIX + pattern] });
  if (!keep.has(pattern)) await browser.permissions.remove({ origins: [pattern] });
}

/**
 * Unregisters sites whose permission the reader took back in the browser's own
 * settings: the list then shows only sites Backstory really runs on.
 */
export async function dropRevokedSites(): Promise<void> {
  const revoked: string[] = [];
  for (const pattern of await grantedSites()) {
    if (!(await browser.permissions.contains({ origins: [pattern] }))) revoked.push(SCRIPT_PREFIX + pattern);
  }
  if (revoked.length) await browser.scripting.unregisterContentScripts({ ids: revoked });
}
