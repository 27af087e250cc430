/**
 * Starting the real browsers with the built extension, for `npm start` and the
 * end-to-end tests alike. Debian's Chromium still accepts `--load-extension`;
 * Firefox takes the build as a temporary add-on through WebDriver BiDi.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import puppeteer, { type Browser } from 'puppeteer-core';
import { GECKO_ID } from './gecko-id.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROME_BUILD = join(ROOT, '.output', 'chrome-mv3');
export const FIREFOX_BUILD = join(ROOT, '.output', 'firefox-mv2');

export const CHROMIUM_PATH = process.env.BACKSTORY_CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.BACKSTORY_FIREFOX ?? '/usr/bin/firefox-esr';

/** A fixed internal UUID, so tests know the moz-extension:// address of the popup. */
export const FIREFOX_EXTENSION_UUID = '6a1f1e0e-5b1d-4c53-9d55-0b5e5a7a2c11';

export function requireFile(path: string, what: string, howToGet: string): void {
  if (!existsSync(path)) throw new Error(`${what} was not found at ${path}. ${howToGet}`);
}

export function requireChromium(): void {
  requireFile(
    CHROMIUM_PATH,
    'Chromium',
    'Install it with `apt-get install chromium` (Debian/Ubuntu), or set BACKSTORY_CHROMIUM to a Chromium binary that accepts --load-extension.',
  );
}

export function requireFirefox(): void {
  requireFile(
    FIREFOX_PATH,
    'Firefox',
    'Install it with `apt-get install firefox-esr` (Debian/Ubuntu), or set BACKSTORY_FIREFOX to a Firefox binary.',
  );
}

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close: () => Promise<void>;
}

/**
 * Chromium with the extension loaded, every host name resolved to the local
 * server on `port`, so pages load under real news domains and the real match
 * patterns apply.
 */
export async function launchChromium({
  port,
  headless = true,
  extensionDir = CHROME_BUILD,
  viewport = { width: 1280, height: 800 },
  extensionDebugging = false,
  locale,
}: {
  port: number;
  /**
   * The browser's language (`--lang`), e.g. `es`: the extension's catalog
   * follows it. Debian's Chromium ships its own translations apart
   * (chromium-l10n), so without them its menus stay English and
   * `i18n.getUILanguage()` still answers `en-US`; the extension is in the
   * language asked for all the same.
   */
  locale?: string;
  /** Lets the DevTools protocol run the extension's toolbar action (tests only). */
  extensionDebugging?: boolean;
  headless?: boolean;
  extensionDir?: string;
  viewport?: { width: number; height: number } | null;
}): Promise<ChromiumSession> {
  requireChromium();
  requireFile(join(extensionDir, 'manifest.json'), 'The Chromium build', 'Run `npm run build` first.');
  const userDataDir = mkdtempSync(join(tmpdir(), 'backstory-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless,
    viewport,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=MAP * 127.0.0.1:${port}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(extensionDebugging ? ['--enable-unsafe-extension-debugging'] : []),
      ...(locale ? [`--lang=${locale}`] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface FirefoxSession {
  browser: Browser;
  extensionBase: string;
  close: () => Promise<void>;
}

/** Firefox with the extension as a temporary add-on; `hosts` resolve to 127.0.0.1. */
export async function launchFirefox({
  hosts,
  headless = true,
  extensionDir = FIREFOX_BUILD,
  answerPermissionPrompts = false,
  locale,
  proxyPort,
}: {
  hosts: string[];
  /**
   * Sends every request, to any host, http or https, through a proxy on this
   * port of 127.0.0.1 (the privacy test's logging server). `extensionDir: null`
   * starts the same Firefox without the extension.
   */
  proxyPort?: number;
  /**
   * The browser's language, e.g. `es-ES`: the extension's catalog follows it.
   * Firefox takes a language only from an installed language pack, and the
   * Debian package has none, so the locale service is told, before the
   * extension is installed, that the language is there and wanted (as a
   * language pack would); Firefox's own menus, with no pack, stay English.
   */
  locale?: string;
  /**
   * Grants optional permissions the extension asks for without showing the
   * prompt, as a reader pressing "Allow" would (tests only: WebDriver cannot
   * reach Firefox's prompt).
   */
  answerPermissionPrompts?: boolean;
  headless?: boolean;
  extensionDir?: string | null;
}): Promise<FirefoxSession> {
  requireFirefox();
  if (extensionDir) requireFile(join(extensionDir, 'manifest.json'), 'The Firefox build', 'Run `npm run build:firefox` first.');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless,
    defaultViewport: { width: 1280, height: 800 },
    // Firefox 153 lets WebDriver open moz-extension:// pages (the popup) only with this.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': hosts.join(','),
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      ...(answerPermissionPrompts ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
      ...(locale ? { 'intl.locale.requested': locale } : {}),
      ...(proxyPort
        ? {
            'network.proxy.type': 1,
            'network.proxy.http': '127.0.0.1',
            'network.proxy.http_port': proxyPort,
            'network.proxy.ssl': '127.0.0.1',
            'network.proxy.ssl_port': proxyPort,
            'network.proxy.no_proxies_on': '',
            'network.proxy.allow_hijacking_localhost': true,
          }
        : {}),
    },
  });
  if (locale) {
    const negotiated = await inFirefoxWindow(
      browser,
      `(() => {
        Services.locale.availableLocales = [...new Set([...Services.locale.availableLocales, ${JSON.stringify(locale)}])];
        Services.locale.requestedLocales = [${JSON.stringify(locale)}];
        return Services.locale.appLocaleAsBCP47;
      })()`,
    );
    if (negotiated !== locale) throw new Error(`Firefox would not take ${locale} as its language (it chose ${negotiated}).`);
  }
  if (extensionDir) await browser.installExtension(extensionDir);
  return {
    browser,
    extensionBase: `moz-extension://${FIREFOX_EXTENSION_UUID}`,
    close: () => browser.close(),
  };
}

/**
 * Evaluates `expression` in Firefox's own browser window, with its privileges
 * (WebDriver BiDi reaches it only with --remote-allow-system-access), and
 * answers its value when that is a string.
 */
export async function inFirefoxWindow(browser: Browser, expression: string): Promise<string | undefined> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const window = (tree.result as { contexts: { context: string; url: string }[] }).contexts.find((context) =>
    context.url.startsWith('chrome://browser/content/browser.xhtml'),
  );
  if (!window) throw new Error('Firefox showed no browser window.');
  const { result } = await connection.send('script.evaluate', { expression, target: { context: window.context }, awaitPromise: true });
  const outcome = result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } };
  if (outcome.type !== 'success') throw new Error(`Firefox's window said: ${outcome.exceptionDetails?.text ?? 'unknown'}`);
  return typeof outcome.result?.value === 'string' ? outcome.result.value : undefined;
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}
