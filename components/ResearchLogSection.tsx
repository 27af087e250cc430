import type { ResearchLog } from '../utils/messaging/protocol';
import { sendToBackground } from '../utils/messaging/channel';
import { countOf } from '../utils/format/quantities';
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
      <h2 id="research-log">Research log</h2>
      <p class="muted">
        When the log is on, Backstory keeps a record on this computer of each page where it marked names: when you read it,
        its address and title, the names marked and how often, and the cards you opened. The record never leaves this
        computer. Switching the log off stops recording and keeps what was recorded until you clear it.
      </p>
      <SetSwitch
        title="Research log"
        enabled={log?.enabled ?? false}
        disabled={busy || log === null}
        onToggle={() =>
          act(async () => {
            await sendToBackground('setResearchLog', { enabled: !log!.enabled });
            return null;
          })
        }
      >
        Keep a research log
      </SetSwitch>
      {log === null ? (
        <p aria-busy="true">Reading the log…</p>
      ) : (
        <p data-testid="log-count">{pages === 0 ? 'No pages recorded.' : `${countOf(pages, 'page', 'pages')} recorded.`}</p>
      )}
      <div class="actions">
        <button
          type="button"
          disabled={busy || pages === 0}
          onClick={() => act(async () => saveFile(fileName('csv'), researchLogCsv(log!.visits, log!.labels), 'text/csv'))}
        >
          Export CSV
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
          Export JSON (Web Annotations)
        </button>
        <button
          type="button"
          disabled={busy || pages === 0}
          onClick={() =>
            act(async () => {
              if (!confirm(`Clear the research log? The ${countOf(pages, 'page', 'pages')} recorded will be deleted.`)) return null;
              await sendToBackground('clearResearchLog', {});
              return 'The research log is empty.';
            })
          }
        >
          Clear…
        </button>
      </div>
      {log && pages > 0 && <MentionsChart chart={mentionsChart(log.visits, log.labels)} />}
    </section>
  );
}
