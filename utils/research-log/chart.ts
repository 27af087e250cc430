/**
 * The numbers behind the options page's chart: mentions per entity per day,
 * for the entities seen most. Days are the reader's own (local time).
 */
import type { LoggedVisit } from './visit';

export interface MentionsChart {
  /** `YYYY-MM-DD`, oldest first, one per day up to `today`. */
  days: string[];
  /** The entities with the most mentions in those days, most first. */
  series: { key: string; label: string; counts: number[]; total: number }[];
  /** The largest count in one day of one entity (the bars' scale). */
  max: number;
  /** Entities with mentions in those days that the chart leaves out. */
  others: number;
}

export function mentionsChart(
  visits: readonly LoggedVisit[],
  labels: Readonly<Record<string, string>>,
  { today = Date.now(), days: dayCount = 14, top = 6 }: { today?: number; days?: number; top?: number } = {},
): MentionsChart {
  const last = new Date(today);
  const days = Array.from({ length: dayCount }, (_, i) =>
    dayOf(new Date(last.getFullYear(), last.getMonth(), last.getDate() - (dayCount - 1 - i)).getTime()),
  );
  const column = new Map(days.map((day, i) => [day, i]));
  const perEntity = new Map<string, number[]>();
  for (const visit of visits) {
    const i = column.get(dayOf(visit.at));
    if (i === undefined) continue;
    for (const { key, count } of visit.entities) {
      const counts = perEntity.get(key) ?? Array<number>(dayCount).fill(0);
      counts[i]! += count;
      perEntity.set(key, counts);
    }
  }
  const ranked = [...perEntity]
    .map(([key, counts]) => ({ key, label: labels[key] ?? key, counts, total: counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  const series = ranked.slice(0, top);
  return { days, series, max: Math.max(0, ...series.flatMap((s) => s.counts)), others: ranked.length - series.length };
}

/** A moment's day on this computer, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}
