/** How Backstory names sites: for the per-site switch, and when the reader grants one. */

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

/**
 * The key a per-site switch is stored under: the host name without a leading
 * `www.`, so that `www.ktvu.com` and `ktvu.com` share one switch.
 */
export function siteKey(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '');
}
