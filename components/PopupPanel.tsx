import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground, sendToTab } from '../utils/messaging/channel';
import type { PageStats, SetRow } from '../utils/messaging/protocol';
import { plural, t } from '../utils/i18n';
import { siteOfPattern, sitePattern } from '../utils/sites/site-names';
import { targetTabId } from '../utils/popup/target-tab';
import { SetSwitch } from './SetSwitch';

type PanelState =
  | { status: 'loading' }
  /** No content script answered. `pattern` is the page's site when the toolbar click let us see it. */
  | { status: 'inactive'; tabId: number | null; pattern: string | null; busy: boolean; error?: string }
  | { status: 'ready'; tabId: number; stats: PageStats; busy: boolean; error?: string };

/** A set that marked something on this page, and whether it is on now. */
type PageSet = Pick<SetRow, 'id' | 'title' | 'version' | 'enabled'>;

/** How many mentions the current tab has, and the switch for its site. */
export function PopupPanel() {
  const [state, setState] = useState<PanelState>({ status: 'loading' });
  // The sets found on the page when the popup opened: a set switched off here
  // stays in the list (its marks are gone, but the reader may want it back).
  const [pageSets, setPageSets] = useState<PageSet[]>([]);

  const refresh = useCallback(async () => {
    const tabId = await targetTabId(location.search);
    if (tabId === null) return setState({ status: 'inactive', tabId, pattern: null, busy: false });
    try {
      const stats = await sendToTab(tabId, 'getPageStats', {});
      setState({ status: 'ready', tabId, stats, busy: false });
      const found = await sendToBackground('setsOf', { entityKeys: stats.entityKeys });
      setPageSets((known) => [
        ...known.map((set) => found.find((f) => f.id === set.id) ?? set),
        ...found.filter((f) => !known.some((set) => set.id === f.id)),
      ]);
    } catch {
      // No content script answered: the page is not on Backstory's site list.
      // Its address is readable only after the reader clicked Backstory's
      // button on it (`activeTab`); then the page can be offered to them.
      const url = await browser.tabs.get(tabId).then((tab) => tab.url, () => undefined);
      setState({ status: 'inactive', tabId, pattern: sitePattern(url), busy: false });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (state.status === 'loading') return <main class="popup" aria-busy="true" />;
  /** Runs one change with the buttons disabled, then shows the page as it now is, or the error. */
  const act = async (change: () => Promise<void>) => {
    setState({ ...state, busy: true });
    try {
      await change();
      await refresh();
    } catch (e) {
      setState({ ...state, busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  if (state.status === 'inactive') {
    const { tabId, pattern, busy, error } = state;
    const site = pattern && siteOfPattern(pattern);
    const enable = () => {
      if (!pattern || tabId === null) return;
      // Asked inside the click: a browser grants a permission only in answer to the reader.
      const asked = browser.permissions.request({ origins: [pattern] });
      void act(async () => {
        if (!(await asked)) throw new Error(t('popup_access_refused', site ?? pattern));
        await sendToBackground('enableSite', { tabId });
      });
    };
    return (
      <main class="popup">
        <h1>Backstory</h1>
        <p class="muted">{site ? t('popup_not_running_site', site) : t('popup_not_running_page')}</p>
        {pattern && tabId !== null && (
          <p class="grant">
            <button type="button" data-testid="annotate-once" disabled={busy} onClick={() => void act(() => sendToBackground('annotateOnce', { tabId }))}>
              {t('popup_annotate_once')}
            </button>
            <button type="button" data-testid="enable-site" disabled={busy} onClick={enable}>
              {t('popup_enable_site', site ?? pattern)}
            </button>
          </p>
        )}
        {error && <p class="error" role="alert">{error}</p>}
        <p class="links">
          <SetsLink />
        </p>
      </main>
    );
  }

  const { stats, busy, error } = state;
  const toggle = () => act(() => sendToBackground('setSiteEnabled', { site: stats.site, enabled: !stats.enabled }));

  return (
    <main class="popup">
      <h1>Backstory</h1>
      <p class="count" data-testid="count">
        {stats.enabled ? describeCount(stats) : t('popup_off_site')}
      </p>
      <label class="switch">
        <input type="checkbox" role="switch" data-testid="site-switch" checked={stats.enabled} disabled={busy} onChange={toggle} />
        <span>{t('popup_on_site', stats.site)}</span>
      </label>
      {stats.enabled && pageSets.length > 0 && (
        <ul class="page-sets" aria-label={t('popup_page_sets')}>
          {pageSets.map((set) => (
            <li key={set.id} data-set-id={set.id}>
              <SetSwitch
                title={set.title}
                enabled={set.enabled}
                disabled={busy}
                onToggle={() =>
                  act(async () => {
                    await sendToBackground('setSetEnabled', { setId: set.id, enabled: !set.enabled });
                    setPageSets((sets) => sets.map((s) => (s.id === set.id ? { ...s, enabled: !set.enabled } : s)));
                  })
                }
              >
                <span>
                  {set.title} <span class="muted">v{set.version}</span>
                </span>
              </SetSwitch>
            </li>
          ))}
        </ul>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <p class="links">
        {stats.enabled && stats.mentions > 0 && (
          <button type="button" class="link" data-testid="open-panel" disabled={busy} onClick={() => void act(() => openPanel(state.tabId))}>
            {t('popup_open_panel')}
          </button>
        )}
        <SetsLink />
      </p>
    </main>
  );
}

/**
 * Opens "On this page" in the tab and gets out of its way: the panel the
 * shortcut opens, for a reader with no keyboard (a touch screen) or who
 * does not know the key. If the page cannot answer, the popup stays and says so.
 */
async function openPanel(tabId: number): Promise<void> {
  try {
    await sendToTab(tabId, 'openPanel', {});
  } catch {
    throw new Error(t('popup_page_gone'));
  }
  window.close();
}

/** Opens the options page, where the reader's annotation sets are. */
function SetsLink() {
  return (
    <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
      {t('popup_sets_link')}
    </button>
  );
}

function describeCount({ mentions, entityKeys }: PageStats): string {
  if (mentions === 0) return t('popup_no_mentions');
  return t('popup_count', plural(mentions, 'mentions_one', 'mentions_other'), plural(entityKeys.length, 'entities_one', 'entities_other'));
}
