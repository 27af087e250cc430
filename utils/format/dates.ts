/**
 * Set dates are written YYYY, YYYY-MM or YYYY-MM-DD; readers see them as
 * "2016", "November 2016" or "March 1, 2003". Formatting is done in UTC so a
 * reader's time zone never moves a date by a day.
 */
export function formatSetDate(date: string, locale = 'en-US'): string {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || Number.isNaN(year)) return date;
  if (month === undefined) return String(year);
  const when = new Date(Date.UTC(year, month - 1, day ?? 1));
  if (Number.isNaN(when.getTime())) return date;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    ...(day === undefined ? {} : { day: 'numeric' }),
  }).format(when);
}

/** A moment on this computer (ms since the epoch), in the reader's own time zone: "Nov 27, 2026, 9:41 PM". */
export function formatTimestamp(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

/** A day written `YYYY-MM-DD` as a reader reads it, short: "Mar 14". */
export function formatDay(day: string, locale?: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(new Date(year!, month! - 1, date!));
}
