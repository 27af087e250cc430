import { describe, expect, it } from 'vitest';
import { siteOfPattern, sitePattern } from '../../utils/sites/site-names';

describe('the site a reader grants', () => {
  it('is the page’s scheme and host name, whatever its port, path or query', () => {
    expect(sitePattern('https://www.example.org/news/a?b=c#d')).toBe('https://www.example.org/*');
    expect(sitePattern('http://blog.example.org:8080/')).toBe('http://blog.example.org/*');
    expect(siteOfPattern('https://www.example.org/*')).toBe('www.example.org');
  });

  it('exists only for web pages', () => {
    for (const url of ['chrome://extensions/', 'about:blank', 'file:///tmp/a.html', 'moz-extension://x/popup.html', 'not a url', undefined]) {
      expect(sitePattern(url)).toBeNull();
    }
  });
});
