/** How a site beyond the news list is named when the reader grants it. */

/**
 * The match pattern a page's site is granted under: its scheme and host name
 * (`https://www.example.org/*`). Only web pages can be granted.
 */
export function sitePattern(url: string | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.hostname) return null;
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/** The host name a site pattern names, for people to read. */
export function siteOfPattern(pattern: string): string {
  return pattern.replace(/^https?:\/\//, '').replace(/\/\*$/, '');
}
