import type { MentionsChart as Chart } from '../utils/research-log/chart';
import { formatDay } from '../utils/format/dates';
import { countOf } from '../utils/format/quantities';

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
  const summary =
    `Mentions per day from ${formatDay(first)} to ${formatDay(last)}: ` +
    series.map((entry) => `${entry.label}, ${entry.total}`).join('; ') +
    (others > 0 ? `; and ${countOf(others, 'other entity', 'other entities')}.` : '.');
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
          {formatDay(first)}
        </text>
        <text x={WIDTH} y={height - 6} text-anchor="end" class="chart-axis">
          {formatDay(last)}
        </text>
      </svg>
      <figcaption class="muted">
        The {series.length === 1 ? 'entity' : `${series.length} entities`} marked most often in the last {days.length} days
        {others > 0 ? ` (${countOf(others, 'other is', 'others are')} left out)` : ''}, one bar per day.
      </figcaption>
      <details>
        <summary>The chart’s numbers as a table</summary>
        <table class="chart-table">
          <caption>Mentions per entity per day</caption>
          <thead>
            <tr>
              <th scope="col">Entity</th>
              {shownDays.map(({ day }) => (
                <th key={day} scope="col">
                  {formatDay(day)}
                </th>
              ))}
              <th scope="col">Total</th>
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
