import { defineContentScript } from 'wxt/utils/define-content-script';
import { Annotator } from '../../utils/annotator/annotator';
import { NEWS_SITE_MATCHES } from '../../utils/sites/news-sites';

const ANNOTATED_TYPES = new Set(['text/html', 'application/xhtml+xml']);

export default defineContentScript({
  matches: NEWS_SITE_MATCHES,
  runAt: 'document_idle',
  // The card's styles travel as text inside card.js into its shadow root; the
  // page-level highlight styles are a manifest stylesheet (see wxt.config.ts).
  cssInjectionMode: 'manual',
  main(ctx) {
    // Only HTML documents are read. An XML feed or SVG file is left alone, even
    // when the browser shows it through its own HTML viewer.
    if (!ANNOTATED_TYPES.has(document.contentType)) return;
    new Annotator(ctx, document).start();
  },
});
