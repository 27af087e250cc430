import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground, sendToTab } from '../utils/messaging/channel';
import type { PageStats, SetRow } from '../utils/messaging/protocol';
import { targetTabId } from '../utils/popup/target-tab';

type PanelState =
  | { status: 'loading' }
  | { status: 'inactive' }
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
    if (tabId === null) return setState({ status: 'inactive' });
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
      setState({ status: 'inactive' });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (state.status === 'loading') return <main class="popup" aria-busy="true" />;
  if (state.status === 'inactive') {
    return (
      <main class="popup">
        <h1>Backstory</h1>
        <p class="muted">Backstory does not run on this page.</p>
        <SetsLink />
      </main>
    );
  }

  const { stats, busy, error } = state;
  const toggle = async () => {
    setState({ ...state, busy: true });
    try {
      await sendToBackground('setSiteEnabled', { site: stats.site, enabled: !stats.enabled });
      await refresh();
    } catch (e) {
      setState({ ...state, busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <main class="popup">
      <h1>Backstory</h1>
      <p class="count" data-testid="count">
        {stats.enabled ? describeCount(stats) : 'Off on this site.'}
      </p>
      <label class="switch">
        <input type="checkbox" role="switch" data-testid="site-switch" checked={stats.enabled} disabled={busy} onChange={toggle} />
        <span>On {stats.site}</span>
      </label>
      {stats.enabled && pageSets.length > 0 && (
        <ul class="page-sets" aria-label="Sets on this page">
          {pageSets.map((set) => (
            <li key={set.id} data-set-id={set.id}>
              <label class="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={set.enabled}
                  disabled={busy}
                  aria-label={`${set.title}: ${set.enabled ? 'on' : 'off'}`}
                  onChange={async () => {
                    setState({ ...state, busy: true });
                    try {
                      await sendToBackground('setSetEnabled', { setId: set.id, enabled: !set.enabled });
                      setPageSets((sets) => sets.map((s) => (s.id === set.id ? { ...s, enabled: !set.enabled } : s)));
                      await refresh();
                    } catch (e) {
                      setState({ ...state, busy: false, error: e instanceof Error ? e.message : String(e) });
                    }
                  }}
                />
                <span>
                  {set.title} <span class="muted">v{set.version}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <SetsLink />
    </main>
  );
}

/** Opens the options page, where the reader's annotation sets are. */
function SetsLink() {
  return (
    <p class="links">
      <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
        Annotation sets…
      </button>
    </p>
  );
}

function describeCount({ mentions, entityKeys: { length: entities } }: PageStats): string {
  if (mentions === 0) return 'No mentions on this page.';
  const m = mentions === 1 ? '1 mention' : `${mentions} mentions`;
  const e = entities === 1 ? '1 entity' : `${entities} entities`;
  return `${m} of ${e} on this page.`;
}
