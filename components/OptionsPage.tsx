import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TargetedDragEvent } from 'preact';
import { sendToBackground } from '../utils/messaging/channel';
import type { ResearchLog, SetRow } from '../utils/messaging/protocol';
import { interfaceLanguage, plural, t } from '../utils/i18n';
import { LIMITS, megabytes } from '../utils/model/limits';
import { formatSetDate, formatTimestamp } from '../utils/format/dates';
import { siteOfPattern, sitePattern } from '../utils/sites/site-names';
import { subscriptionUrl } from '../utils/sets/subscription-url';
import { HIGHLIGHT_STYLES, type HighlightStyle } from '../utils/dom/highlight-styles';
import { ResearchLogSection } from './ResearchLogSection';
import { saveFile } from './save-file';
import { SetSwitch } from './SetSwitch';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

// Functions, not tables of words: the catalog is read when the page draws.
const styleName = (style: HighlightStyle): string =>
  ({ underline: t('style_underline'), dotted: t('style_dotted'), tint: t('style_tint'), hover: t('style_hover') })[style];

const originOf = (origin: SetRow['origin']): string =>
  ({ bundled: t('origin_bundled'), file: t('origin_file'), url: t('origin_url') })[origin];

const entities = (count: number) => plural(count, 'entities_one', 'entities_other');

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

  /** Reads the lists again; false (with the error shown) when that failed. */
  const refresh = useCallback(async (): Promise<boolean> => {
    try {
      setSets(await sendToBackground('listSets', {}));
      setSitesOff(await sendToBackground('listSitesOff', {}));
      setSitesAdded(await sendToBackground('listGrantedSites', {}));
      setStyle(await sendToBackground('getHighlightStyle', {}));
      setLog(await sendToBackground('getResearchLog', {}));
      return true;
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
      return false;
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /**
   * Runs one action, then shows the list as it now is and, once it is shown,
   * the action's outcome: a notice never speaks of a row the list has not
   * caught up with.
   */
  const act = async (action: () => Promise<string | null>) => {
    setBusy(true);
    let outcome: Notice = null;
    try {
      const done = await action();
      if (done) outcome = { kind: 'ok', text: done };
    } catch (error) {
      outcome = { kind: 'error', text: messageOf(error) };
    }
    const listed = await refresh();
    setBusy(false);
    // A list that could not be read stays said, unless the action failed too.
    if (outcome && (listed || outcome.kind === 'error')) setNotice(outcome);
  };

  const importFiles = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    void act(async () => {
      if (file.size > LIMITS.fileBytes) throw new Error(t('file_too_big', file.name, megabytes(file.size), megabytes(LIMITS.fileBytes)));
      const imported = await sendToBackground('importSet', { text: await file.text() });
      return t('imported', imported.title, entities(imported.entities));
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
      if (!(await permission)) throw new Error(t('permission_needed', url.hostname));
      const subscribed = await sendToBackground('subscribeSet', { url: url.href });
      afterwards?.();
      return t('subscribed', subscribed.title, entities(subscribed.entities));
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

  const language = interfaceLanguage();
  return (
    <main class="options">
      <h1>{t('options_heading')}</h1>
      <p class="muted">{t('options_intro')}</p>

      <div aria-live="polite">
        {notice && (
          <p class={notice.kind === 'error' ? 'notice error' : 'notice'} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
      </div>

      {sets === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <ul class="sets" aria-label={t('options_installed_sets')}>
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
                {t('set_meta', set.publisher, entities(set.entities), originOf(set.origin), formatSetDate(set.updated, language))}
              </p>
              {set.subscription && (
                <p class="meta">
                  {set.subscription.checkedAt === undefined
                    ? t('subscription_from', set.subscription.url)
                    : t('subscription_from_checked', set.subscription.url, formatTimestamp(set.subscription.checkedAt, language))}
                </p>
              )}
              {set.subscription?.error && (
                <p class="error" role="status">
                  {t('subscription_failed', formatTimestamp(set.subscription.error.at, language), set.subscription.error.message)}
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
                        if (result.status === 'failed') throw new Error(t('update_failed', result.message));
                        return result.status === 'updated' ? t('updated_to', set.title, result.version) : t('up_to_date', set.title);
                      })
                    }
                  >
                    {t('update_now')}
                  </button>
                )}
                {set.origin === 'file' && set.updateUrl && (
                  // A file says where its publisher keeps it: subscribing there replaces the file's copy.
                  <button type="button" disabled={busy} title={set.updateUrl} onClick={() => subscribeTo(set.updateUrl!)}>
                    {t('keep_up_to_date')}
                  </button>
                )}
                <button type="button" disabled={busy} onClick={() => void act(() => download(set.id))}>
                  {t('export')}
                </button>
                {set.origin !== 'bundled' && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => {
                        if (!confirm(t('remove_confirm', set.title))) return null;
                        await sendToBackground('removeSet', { setId: set.id });
                        return t('removed', set.title);
                      })
                    }
                  >
                    {t('remove')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      <form class="subscribe" onSubmit={subscribe}>
        <h2>{t('subscribe_heading')}</h2>
        <p class="muted">{t('subscribe_intro')}</p>
        <input
          type="url"
          required
          placeholder="https://example.org/set.json"
          aria-label={t('subscribe_address')}
          value={address}
          disabled={busy}
          onInput={(event) => setAddress(event.currentTarget.value)}
        />{' '}
        <button type="submit" disabled={busy}>
          {t('subscribe')}
        </button>
      </form>

      <section class="sites" aria-labelledby="sites-off">
        <h2 id="sites-off">{t('sites_off_heading')}</h2>
        {sitesOff.length === 0 ? (
          <p class="muted">{t('sites_off_none')}</p>
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
                      return t('site_on_again', site);
                    })
                  }
                >
                  {t('turn_back_on')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="marks" aria-labelledby="marks-look">
        <h2 id="marks-look">{t('marks_heading')}</h2>
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
              {styleName(choice)}
            </label>
          ))}
        </div>
      </section>

      <section class="sites" aria-labelledby="sites-added">
        <h2 id="sites-added">{t('sites_added_heading')}</h2>
        {sitesAdded.length === 0 ? (
          <p class="muted">{t('sites_added_none')}</p>
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
                      return t('site_forgotten', siteOfPattern(pattern));
                    })
                  }
                >
                  {t('remove')}
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
        <h2>{t('import_heading')}</h2>
        <p class="muted">{t('import_intro')}</p>
        <input
          type="file"
          accept=".json,application/json"
          aria-label={t('import_choose')}
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
