/**
 * What the content script's bundle gets in place of `news-sites.ts` (the
 * `vite:build:extendConfig` hook in wxt.config.ts). The content script names
 * its match patterns only for WXT to write them into the manifest, which WXT
 * reads from the source; in a page the list would be dead weight on every
 * news article (about 0.2 KB gzip).
 */
export const NEWS_SITE_MATCHES: string[] = [];
