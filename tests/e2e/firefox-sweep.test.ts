/**
 * The robustness sweep in Firefox: every saved real page
 * (tests/fixtures/real-pages) loads with the build in `.output/firefox-mv2`,
 * served under a news domain so the manifest's match patterns apply, and
 * Backstory reads it without a word in the console and without an uncaught
 * error of its own. Chromium's sweep is the accuracy measurement
 * (scripts/lib/accuracy.ts), which fails on any `Backstory:` line there.
 *
 * Firefox has a browser of its own here: every request goes through the
 * loopback server as its proxy, so the pages' remote assets are answered or
 * refused at once and nothing leaves the machine or waits on a name lookup.
 */
import type { ConsoleMessage, Page } from 'puppeteer-core';
import { describe, it } from 'vitest';
import { REAL_PAGES_DIR, htmlFiles } from '../../scripts/lib/accuracy';
import { eventually, type OptionsPage } from './support/driver';
import { findAnnotatedTab } from './support/extension-pages';
import { FirefoxDriver } from './support/firefox-driver';
import { NEWS_HOST } from './support/fixtures';
import { serveEverything } from './support/privacy';

const PAGES = htmlFiles(REAL_PAGES_DIR);
/** The pages one after another; a loaded two-core machine takes about two minutes. */
const SWEEP_TIMEOUT_MS = 5 * 60_000;
/** How long a page may take to load and be read once (as long as the accuracy measurement allows). */
const FIRST_PASS_TIMEOUT_MS = 20_000;
/**
 * How Firefox words an uncaught exception (`TypeError: …`, `AbortError: …`,
 * `uncaught exception: …` for a thrown value that is not an error), unlike the
 * network and security reports it also gives as page errors. A `SyntaxError`
 * without a source is a page script that does not parse.
 */
const EXCEPTION = /^(?:uncaught exception: |(?!SyntaxError\b)\w*Error: )/;

describe(`Firefox: the ${PAGES.length} real pages`, () => {
  it('each loads and is read by Backstory, which reports no error and throws none on any of them', async () => {
    if (PAGES.length === 0) throw new Error(`The real pages are missing: no *.html in ${REAL_PAGES_DIR}.`);
    const server = await serveEverything();
    const driver = new FirefoxDriver({ throughServer: true });
    try {
      await driver.start(server.port, []);
      const options = await driver.openOptions();
      // One tab, page after page (a tab for each page took half as long
      // again): a document's content script stops answering once the tab has
      // left it, so the answer after each load is the new page's.
      const tab = await driver.session.browser.newPage();
      const said = listenForBackstory(tab, driver.extensionOrigin);
      const trouble: string[] = [];
      for (const file of PAGES) {
        await readPage(tab, options, file);
        trouble.push(...said.splice(0).map((line) => `  ${file}: ${line}`));
      }
      if (trouble.length) throw new Error(`Backstory reported trouble on real pages in Firefox:\n${trouble.join('\n')}`);
    } finally {
      await driver.stop();
      await server.close();
    }
  }, SWEEP_TIMEOUT_MS);
});

/**
 * Loads `file` in `tab` and waits until Backstory has read it once: its
 * content script answers, which it does once its first pass is done.
 */
async function readPage(tab: Page, options: OptionsPage, file: string): Promise<void> {
  const url = `http://${NEWS_HOST}/real/${file}`;
  // A frame whose host the server refuses shows Firefox's error page, and
  // WebDriver BiDi reports that as the whole navigation failing; the page
  // itself loads all the same, which the checks below show.
  await tab.goto(url, { waitUntil: 'load' }).catch(() => undefined);
  // The content script answers once its first pass over the page is done,
  // and only the tab's current document answers.
  let found: Awaited<ReturnType<typeof findAnnotatedTab>> = null;
  await eventually(
    `Backstory's content script answered on ${file}`,
    async () => (found = await options.evaluate(findAnnotatedTab, undefined)) !== null,
    FIRST_PASS_TIMEOUT_MS,
  );
  // Asked of the page last, so whatever it logged before has come in.
  const address = await tab.evaluate(() => location.href);
  if (address !== url) throw new Error(`The tab shows ${address} instead of ${file}: that page was not read.`);
  // The content script names the page's site (ktvu.com for www.ktvu.com).
  const { site, enabled } = found!.stats;
  if (!NEWS_HOST.endsWith(`.${site}`) || !enabled) {
    throw new Error(`Backstory answered on ${file} for ${site}, ${enabled ? 'on' : 'off'}: it did not read the page as ${NEWS_HOST}.`);
  }
}

/**
 * Collects what Backstory says on `page`: console messages that name it or
 * come from its code, and uncaught errors with its code on their stack.
 * Firefox gives no stack at all for a promise the content script left
 * rejected, so an uncaught exception without one counts too: a page's own
 * exceptions come with its stack (of the real pages' many errors, the only ones
 * without are scripts that do not parse and network or security reports).
 */
function listenForBackstory(page: Page, extensionOrigin: string): string[] {
  const said: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.text().startsWith('Backstory:') || message.location().url?.startsWith(extensionOrigin)) {
      said.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error: unknown) => {
    const { message, stack = '' } = error instanceof Error ? error : new Error(String(error));
    const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
    const own = frames.find((frame) => frame.includes(extensionOrigin));
    if (own) said.push(`uncaught ${message} ${own.trim()}`);
    else if (frames.length === 0 && EXCEPTION.test(message)) said.push(`uncaught ${message} (Firefox names no source: a promise Backstory left rejected?)`);
  });
  return said;
}
