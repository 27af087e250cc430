/**
 * The news sites Backstory runs on without being asked (DESIGN.md, "Permissions
 * and privacy"). Every subdomain of each is included, over http and https. Any
 * other site needs the reader's explicit grant.
 */
export const NEWS_SITES = [
  'abc7news.com',
  'abcnews.go.com',
  'apnews.com',
  'axios.com',
  'bbc.co.uk',
  'bbc.com',
  'berkeleyside.org',
  'calmatters.org',
  'cbsnews.com',
  'cnn.com',
  'eastbayexpress.com',
  'eastbaytimes.com',
  'foxnews.com',
  'kqed.org',
  'ktvu.com',
  'latimes.com',
  'mercurynews.com',
  'nbcbayarea.com',
  'nbcnews.com',
  'npr.org',
  'nytimes.com',
  'oaklandside.org',
  'politico.com',
  'reuters.com',
  'sfchronicle.com',
  'sfgate.com',
  'theguardian.com',
  'usatoday.com',
  'washingtonpost.com',
] as const;

/** `*://*.example.com/*` matches example.com itself and every subdomain. */
export const NEWS_SITE_MATCHES: string[] = NEWS_SITES.map((domain) => `*://*.${domain}/*`);

/** Whether a host name is on the list: one of the sites or a subdomain of one. */
export function isNewsSite(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return NEWS_SITES.some((site) => host === site || host.endsWith(`.${site}`));
}
