/**
 * The date a news page says it was published, read from the page itself (never
 * sent anywhere): the card uses it to tell the background a reader had then
 * from what happened since. In order of trust: the article's structured data
 * (JSON-LD `datePublished`), its Open Graph / schema.org meta tags, then a
 * `<time datetime>` marked as the publication date or in the article's header.
 * A date elsewhere on the page (a comment, a sidebar) is not the article's.
 */
const DATE = /^\d{4}-\d{2}-\d{2}/;
const JSON_LD_DATE = /"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})/;
/** Meta tags first, then a marked or header `<time>`; within each, the first on the page. */
const PLACES = ['meta[property="article:published_time"],meta[itemprop=datePublished]', '[itemprop=datePublished][datetime],header time[datetime]'];

/** `YYYY-MM-DD`, or `''` when the page does not say. */
export function publishedDate(doc: Document): string {
  // Read as text, not run: the first article date in the page's structured data.
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const found = JSON_LD_DATE.exec(script.textContent ?? '');
    if (found) return found[1]!;
  }
  for (const selector of PLACES) {
    const element = doc.querySelector(selector);
    const value = element?.getAttribute('content') ?? element?.getAttribute('datetime') ?? '';
    if (DATE.test(value)) return value.slice(0, 10);
  }
  return '';
}
