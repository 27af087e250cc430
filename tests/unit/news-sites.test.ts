import { describe, expect, it } from 'vitest';
import { NEWS_SITES, NEWS_SITE_MATCHES } from '../../utils/sites/news-sites';
import { siteKey } from '../../utils/sites/site-names';

/** The sites DESIGN.md ("Permissions and privacy") says Backstory runs on by default, at least. */
const REQUIRED = `ktvu.com eastbayexpress.com oaklandside.org sfchronicle.com sfgate.com kqed.org mercurynews.com
eastbaytimes.com berkeleyside.org latimes.com nytimes.com washingtonpost.com apnews.com reuters.com npr.org cnn.com
foxnews.com nbcnews.com abcnews.go.com cbsnews.com theguardian.com bbc.com bbc.co.uk usatoday.com politico.com axios.com
calmatters.org abc7news.com nbcbayarea.com`.split(/\s+/);

describe('the default news sites', () => {
  it('include every site the design names', () => {
    expect(REQUIRED.filter((site) => !(NEWS_SITES as readonly string[]).includes(site))).toEqual([]);
  });

  it('match each site and every subdomain, over http and https', () => {
    expect(NEWS_SITE_MATCHES).toContain('*://*.kqed.org/*');
    expect(NEWS_SITE_MATCHES).toHaveLength(NEWS_SITES.length);
  });

  it('share one switch between a site and its www. name', () => {
    expect(siteKey('WWW.KQED.org')).toBe('kqed.org');
    expect(siteKey('projects.kqed.org')).toBe('projects.kqed.org');
  });
});
