import { browser } from 'wxt/browser';

/**
 * The tab the popup speaks about: the active tab of the window it opened
 * from, or the tab named by `?tab=ID` when the popup page is opened on its
 * own (as the end-to-end tests do, since they cannot click the toolbar).
 */
export async function targetTabId(search: string): Promise<number | null> {
  const named = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(named) && named > 0) return named;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}
