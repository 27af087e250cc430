import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground, sendToTab } from '../utils/messaging/channel';
import type { PageStats } from '../utils/messaging/protocol';
import { targetTabId } from '../utils/popup/target-tab';

type PanelState =
  | { status: 'loading' }
  | { status: 'inactive' }
  | { status: 'ready'; tabId: number; stats: PageStats; busy: boolean; error?: string };

/** How many mentions the current tab has, and the switch for its site. */
export function PopupPanel() {
  const [state, setState] = useState<PanelState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    const tabId = await targetTabId(location.search);
    if (tabId === null) return setState({ status: 'inactive' });
    try {
      const stats = await sendToTab(tabId, 'getPageStats', {});
      setState({ status: 'ready', tabId, stats, busy: false });
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
        <input type="checkbox" role="switch" checked={stats.enabled} disabled={busy} onChange={toggle} />
        <span>On {stats.site}</span>
      </label>
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

function describeCount({ mentions, entities }: PageStats): string {
  if (mentions === 0) return 'No mentions on this page.';
  const m = mentions === 1 ? '1 mention' : `${mentions} mentions`;
  const e = entities === 1 ? '1 entity' : `${entities} entities`;
  return `${m} of ${e} on this page.`;
}
