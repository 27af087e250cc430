import { defineContentScript } from 'wxt/utils/define-content-script';
import { Annotator } from '../../utils/annotator/annotator';
import { NEWS_SITE_MATCHES } from '../../utils/sites/news-sites';

export default defineContentScript({
  matches: NEWS_SITE_MATCHES,
  runAt: 'document_idle',
  // The card's styles are bundled as text into its shadow root, so no file has
  // to be web-accessible (pages could probe for it); the page-level highlight
  // styles are a manifest stylesheet (see wxt.config.ts).
  cssInjectionMode: 'manual',
  main(ctx) {
    // Only HTML documents are read: an XML or SVG document is left alone.
    if (!(document.documentElement instanceof HTMLElement)) return;
    new Annotator(ctx, document).start();
  },
});
