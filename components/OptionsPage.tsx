import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TargetedDragEvent } from 'preact';
import { sendToBackground } from '../utils/messaging/channel';
import type { ResearchLog, SetRow } from '../utils/messaging/protocol';
import { countOf } from '../utils/format/quantities';
import { LIMITS, megabytes } from '../utils/model/limits';
import { formatSetDate, formatTimestamp } from '../utils/format/dates';
import { siteOfPattern, sitePattern } from '../utils/sites/site-names';
import { subscriptionUrl } from '../utils/sets/subscription-url';
import { HIGHLIGHT_STYLES, type HighlightStyle } from '../utils/dom/highlight-styles';
import { ResearchLogSection } from './ResearchLogSection';
import { saveFile } from './save-file';
import { SetSwitch } from './SetSwitch';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

const STYLE_NAMES: Record<HighlightStyle, string> = {
  underline: 'Underline',
  dotted: 'Dotted underline',
  tint: 'Background tint',
  hover: 'Hidden until pointed at',
};

const ORIGINS: Record<SetRow['origin'], string> = {
  bundled: 'Comes with Backstory',
  file: 'Imported from a file',
  url: 'Subscribed',
};

/** The reader's annotation sets: switch, export, remove, and import new ones; the research log. */
export function OptionsPage() {
  const [sets, setSets] = useState<SetRow[] | null>(null);
  const [sitesOff, setSitesOff] = useState<string[]>([]);
  const [sitesAdded, setSitesAdded] = useState<string[]>([]);
  const [style, setStyle] = useState<HighlightStyle | null>(null);
  const [log, setLog] = useState<ResearchLog | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [address, setAddress] = useState('');

  const refresh = useCallback(async () => {
    try {
      setSets(await sendToBackground('listSets', {}));
      setSitesOff(await sendToBackground('listSitesOff', {}));
      setSitesAdded(await sendToBackground('listGrantedSites', {}));
      setStyle(await sendToBackground('getHighlightStyle', {}));
      setLog(await sendToBackground('getResearchLog', {}));
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** Runs one action, then shows its outcome and the list as it now is. */
  const act = async (action: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const done = await action();
      if (done) setNotice({ kind: 'ok', text: done });
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const importFiles = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    void act(async () => {
      if (file.size > LIMITS.fileBytes) throw new Error(`${file.name} is ${megabytes(file.size)}; a set is at most ${megabytes(LIMITS.fileBytes)}.`);
      const imported = await sendToBackground('importSet', { text: await file.text() });
      return `Imported “${imported.title}” (${countOf(imported.entities, 'entity', 'entities')}).`;
    });
  };

  /** Subscribes to the set at `address`, asking for its site's permission inside the reader's click. */
  const subscribeTo = (address: string, afterwards?: () => void) => {
    // Checked before asking, so no permission is asked for an address that
    // would be refused; asked at once, while the click still counts as the
    // reader's: browsers grant a permission only in direct answer to a gesture.
    let url: URL;
    try {
      url = new URL(subscriptionUrl(address));
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
      return;
    }
    const pattern = sitePattern(url.href)!; // https, or http to this computer: always a site
    const permission = browser.permissions.request({ origins: [pattern] });
    void act(async () => {
      if (!(await permission)) throw new Error(`Backstory needs your permission to fetch sets from ${url.hostname}.`);
      const subscribed = await sendToBackground('subscribeSet', { url: url.href });
      afterwards?.();
      return `Subscribed to “${subscribed.title}” (${countOf(subscribed.entities, 'entity', 'entities')}).`;
    });
  };

  const subscribe = (event: Event) => {
    event.preventDefault();
    subscribeTo(address, () => setAddress(''));
  };

  const onDrop = (event: TargetedDragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    importFiles(event.dataTransfer?.files ?? null);
  };

  return (
    <main class="options">
      <h1>Annotation sets</h1>
      <p class="muted">Backstory marks the names of the sets that are on. Everything here stays on this computer.</p>

      <div aria-live="polite">
        {notice && (
          <p class={notice.kind === 'error' ? 'notice error' : 'notice'} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
      </div>

      {sets === null ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <ul class="sets" aria-label="Installed sets">
          {sets.map((set) => (
            <li key={set.id} class="set" data-set-id={set.id}>
              <div class="set-head">
                <SetSwitch
                  title={set.title}
                  enabled={set.enabled}
                  disabled={busy}
                  onToggle={() =>
                    void act(async () => {
                      await sendToBackground('setSetEnabled', { setId: set.id, enabled: !set.enabled });
                      return null;
                    })
                  }
                >
                  <span class="title">{set.title}</span>
                </SetSwitch>
                <span class="version">v{set.version}</span>
              </div>
              <p class="meta">
                {set.publisher} · {countOf(set.entities, 'entity', 'entities')} · {ORIGINS[set.origin]} · updated {formatSetDate(set.updated)}
              </p>
              {set.subscription && (
                <p class="meta">
                  From {set.subscription.url}
                  {set.subscription.checkedAt !== undefined && ` · checked ${formatTimestamp(set.subscription.checkedAt)}`}
                </p>
              )}
              {set.subscription?.error && (
                <p class="error" role="status">
                  Last update failed {formatTimestamp(set.subscription.error.at)}: {set.subscription.error.message}
                </p>
              )}
              <div class="actions">
                {set.subscription && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => {
                        const result = await sendToBackground('updateSet', { setId: set.id });
                        if (result.status === 'failed') throw new Error(`The update failed; the installed version stays. ${result.message}`);
                        return result.status === 'updated' ? `Updated “${set.title}” to v${result.version}.` : `“${set.title}” is up to date.`;
                      })
                    }
                  >
                    Update now
                  </button>
                )}
                {set.origin === 'file' && set.updateUrl && (
                  // A file says where its publisher keeps it: subscribing there replaces the file's copy.
                  <button type="button" disabled={busy} title={set.updateUrl} onClick={() => subscribeTo(set.updateUrl!)}>
                    Keep up to date
                  </button>
                )}
                <button type="button" disabled={busy} onClick={() => void act(() => download(set.id))}>
                  Export
                </button>
                {set.origin !== 'bundled' && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => {
                        if (!confirm(`Remove “${set.title}”? Its facts will no longer show.`)) return null;
                        await sendToBackground('removeSet', { setId: set.id });
                        return `Removed “${set.title}”.`;
                      })
                    }
                  >
                    Remove
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      <form class="subscribe" onSubmit={subscribe}>
        <h2>Subscribe to a set</h2>
        <p class="muted">
          The set at this address is installed now and checked again on its interval. Backstory asks your permission to
          fetch from its site, and sends nothing about you.
        </p>
        <input
          type="url"
          required
          placeholder="https://example.org/set.json"
          aria-label="Address of an annotation set"
          value={address}
          disabled={busy}
          onInput={(event) => setAddress(event.currentTarget.value)}
        />{' '}
        <button type="submit" disabled={busy}>
          Subscribe
        </button>
      </form>

      <section class="sites" aria-labelledby="sites-off">
        <h2 id="sites-off">Sites where Backstory is off</h2>
        {sitesOff.length === 0 ? (
          <p class="muted">None: Backstory runs on every news site of its list. Switch it off for a site from the popup.</p>
        ) : (
          <ul>
            {sitesOff.map((site) => (
              <li key={site} data-site={site}>
                <span>{site}</span>{' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      await sendToBackground('setSiteEnabled', { site, enabled: true });
                      return `Backstory is on again on ${site}.`;
                    })
                  }
                >
                  Turn back on
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="marks" aria-labelledby="marks-look">
        <h2 id="marks-look">How names are marked</h2>
        <div role="radiogroup" aria-labelledby="marks-look" class="styles">
          {HIGHLIGHT_STYLES.map((choice) => (
            <label key={choice} class={`style style-${choice}`}>
              <input
                type="radio"
                name="highlight-style"
                value={choice}
                checked={style === choice}
                disabled={busy || style === null}
                onChange={() =>
                  void act(async () => {
                    await sendToBackground('setHighlightStyle', { style: choice });
                    return null;
                  })
                }
              />{' '}
              {STYLE_NAMES[choice]}
            </label>
          ))}
        </div>
      </section>

      <section class="sites" aria-labelledby="sites-added">
        <h2 id="sites-added">Sites you added</h2>
        {sitesAdded.length === 0 ? (
          <p class="muted">
            None. To run Backstory on a site beyond its news list, open the site, click Backstory’s button and choose “Enable on” the site.
          </p>
        ) : (
          <ul>
            {sitesAdded.map((pattern) => (
              <li key={pattern} data-added-site={pattern}>
                <span>{siteOfPattern(pattern)}</span>{' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      await sendToBackground('forgetSite', { pattern });
                      return `Backstory no longer runs on ${siteOfPattern(pattern)}; pages open there keep their marks until reloaded.`;
                    })
                  }
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section
        class={dragging ? 'import dragging' : 'import'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <h2>Import a set</h2>
        <p class="muted">Drop an annotation set file (.json) here, or choose one.</p>
        <input
          type="file"
          accept=".json,application/json"
          aria-label="Choose an annotation set file"
          disabled={busy}
          onChange={(event) => {
            importFiles(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
      </section>

      <ResearchLogSection log={log} busy={busy} act={(action) => void act(action)} />
    </main>
  );
}

/** Saves a set as a file, as it was installed. */
async function download(setId: string): Promise<string> {
  const { fileName, json } = await sendToBackground('exportSet', { setId });
  return saveFile(fileName, json, 'application/json');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
