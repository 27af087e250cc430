import type { ResearchLog } from '../utils/messaging/protocol';
import { sendToBackground } from '../utils/messaging/channel';
import { plural, t } from '../utils/i18n';
import { dayOf, mentionsChart } from '../utils/research-log/chart';
import { researchLogAnnotations, researchLogCsv } from '../utils/research-log/export';
import { MentionsChart } from './MentionsChart';
import { saveFile } from './save-file';
import { SetSwitch } from './SetSwitch';

export interface ResearchLogSectionProps {
  /** `null` until it has been read. */
  log: ResearchLog | null;
  busy: boolean;
  /** Runs an action of the page's (its outcome shown, the page read again). */
  act: (action: () => Promise<string | null>) => void;
}

/** The research log: its switch, what it holds, exports, clearing, and a chart. */
export function ResearchLogSection({ log, busy, act }: ResearchLogSectionProps) {
  const pages = log?.visits.length ?? 0;
  const fileName = (extension: string) => `backstory-research-log-${dayOf(Date.now())}.${extension}`;
  return (
    <section class="research" aria-labelledby="research-log" data-testid="research-log">
      <h2 id="research-log">{t('log_heading')}</h2>
      <p class="muted">{t('log_intro')}</p>
      <SetSwitch
        title={t('log_heading')}
        enabled={log?.enabled ?? false}
        disabled={busy || log === null}
        onToggle={() =>
          act(async () => {
            await sendToBackground('setResearchLog', { enabled: !log!.enabled });
            return null;
          })
        }
      >
        {t('log_switch')}
      </SetSwitch>
      {log === null ? (
        <p aria-busy="true">{t('log_reading')}</p>
      ) : (
        <p data-testid="log-count">{pages === 0 ? t('log_empty') : plural(pages, 'log_pages_one', 'log_pages_other')}</p>
      )}
      <div class="actions">
        <button
          type="button"
          disabled={busy || pages === 0}
          onClick={() => act(async () => saveFile(fileName('csv'), researchLogCsv(log!.visits, log!.labels), 'text/csv'))}
        >
          {t('log_export_csv')}
        </button>
        <button
          type="button"
          disabled={busy || pages === 0}
          onClick={() =>
            act(async () =>
              saveFile(
                fileName('json'),
                `${JSON.stringify(researchLogAnnotations(log!.visits, log!.labels), null, 2)}\n`,
                'application/ld+json',
              ),
            )
          }
        >
          {t('log_export_json')}
        </button>
        <button
          type="button"
          disabled={busy || pages === 0}
          onClick={() =>
            act(async () => {
              if (!confirm(plural(pages, 'log_clear_confirm_one', 'log_clear_confirm_other'))) return null;
              await sendToBackground('clearResearchLog', {});
              return t('log_cleared');
            })
          }
        >
          {t('log_clear')}
        </button>
      </div>
      {log && pages > 0 && <MentionsChart chart={mentionsChart(log.visits, log.labels)} />}
    </section>
  );
}
