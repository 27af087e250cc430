/**
 * The browser's own extension API object, for the content script, which is
 * built with this module in place of `wxt/browser` (see wxt.config.ts).
 *
 * The content script runs on every news page a reader opens, so it carries no
 * more than it needs: its only calls (`runtime.sendMessage`, `runtime.onMessage`,
 * `runtime.id` and `runtime.getURL`) behave the same natively in Chromium
 * (Manifest V3: promises) and Firefox, so the polyfill's 3 KB (gzip) would be parsed on every
 * page for nothing. The background, popup and options pages keep the polyfill.
 */
type Api = typeof import('wxt/browser').browser;

const scope = globalThis as { browser?: Api; chrome?: Api };

export const browser: Api = scope.browser?.runtime?.id ? scope.browser : scope.chrome!;
