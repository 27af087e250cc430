import type { MentionsChart as Chart } from '../utils/research-log/chart';
import { formatDay } from '../utils/format/dates';
import { interfaceLanguage, plural, t } from '../utils/i18n';

export interface MentionsChartProps {
  chart: Chart;
}

const WIDTH = 560;
const LABEL_WIDTH = 240;
const ROW = 30;
const BAR_MAX = 20;
const AXIS = 22;
const LABEL_CHARS = 28;

/**
 * Mentions per entity per day, one row of bars per entity: a picture for
 * the eye (role="img", with a summary as its name) and the same numbers as a
 * table for everyone else.
 */
export function MentionsChart({ chart }: MentionsChartProps) {
  const { days, series, max, others } = chart;
  const first = days[0]!;
  const last = days.at(-1)!;
  const step = (WIDTH - LABEL_WIDTH) / days.length;
  const height = series.length * ROW + AXIS;
  const language = interfaceLanguage();
  const dayName = (date: string) => formatDay(date, language);
  const totals = series.map((entry) => `${entry.label}, ${entry.total}`).join('; ');
  const summary =
    others > 0
      ? t('chart_summary_others', dayName(first), dayName(last), totals, plural(others, 'chart_others_one', 'chart_others_other'))
      : t('chart_summary', dayName(first), dayName(last), totals);
  const shownDays = days.map((day, i) => ({ day, i })).filter(({ i }) => series.some((entry) => entry.counts[i]! > 0));

  return (
    <figure class="chart">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        {series.map((entry, row) => {
          const base = row * ROW + ROW - 4;
          return (
            <g key={entry.key}>
              <text x="0" y={base - 4} class="chart-label">
                {clip(entry.label)} ({entry.total})
              </text>
              <line x1={LABEL_WIDTH} x2={WIDTH} y1={base} y2={base} class="chart-base" />
              {entry.counts.map((count, i) =>
                count > 0 ? (
                  <rect
                    key={days[i]}
                    class="chart-bar"
                    x={LABEL_WIDTH + i * step + step * 0.15}
                    width={step * 0.7}
                    y={base - Math.max(2, (count / max) * BAR_MAX)}
                    height={Math.max(2, (count / max) * BAR_MAX)}
                  />
                ) : null,
              )}
            </g>
          );
        })}
        <text x={LABEL_WIDTH} y={height - 6} class="chart-axis">
          {dayName(first)}
        </text>
        <text x={WIDTH} y={height - 6} text-anchor="end" class="chart-axis">
          {dayName(last)}
        </text>
      </svg>
      <figcaption class="muted">
        {plural(series.length, 'chart_caption_one', 'chart_caption_other', days.length)}
        {others > 0 && ` ${plural(others, 'chart_left_out_one', 'chart_left_out_other')}`}
      </figcaption>
      <details>
        <summary>{t('chart_table')}</summary>
        <table class="chart-table">
          <caption>{t('chart_table_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart_entity')}</th>
              {shownDays.map(({ day }) => (
                <th key={day} scope="col">
                  {formatDay(day, language)}
                </th>
              ))}
              <th scope="col">{t('chart_total')}</th>
            </tr>
          </thead>
          <tbody>
            {series.map((entry) => (
              <tr key={entry.key}>
                <th scope="row">{entry.label}</th>
                {shownDays.map(({ day, i }) => (
                  <td key={day}>{entry.counts[i]}</td>
                ))}
                <td>{entry.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function clip(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}
