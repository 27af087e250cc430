import type { ElementHandle, Page } from 'puppeteer-core';
import { inFirefoxWindow, launchFirefox, type FirefoxSession } from '../../../scripts/lib/browsers';
import { eventually, isReportedTrouble, type ExtensionDriver, type SavedFile, type OptionsPage, type PopupPage, type TestPage } from './driver';
import { GECKO_ID } from '../../../scripts/lib/gecko-id';
import { EXPORT_BUTTONS, axeExpression, findAnnotatedTab, findTabShowing, keepSavedFiles, readResearchChart, takeSavedFile } from './extension-pages';
import { AXE_SOURCE } from './axe';

export class FirefoxDriver implements ExtensionDriver {
  readonly browserName = 'Firefox';
  #session: FirefoxSession | undefined;
  /** The browser's language, when not the default English (see `launchFirefox`). */
  readonly #locale: string | undefined;
  /** Whether every request goes through the test server as a proxy (see `start`). */
  readonly #throughServer: boolean;

  constructor({ locale, throughServer = false }: { locale?: string; throughServer?: boolean } = {}) {
    this.#locale = locale;
    this.#throughServer = throughServer;
  }
  readonly #pages = new WeakMap<TestPage, Page>();

  get session(): FirefoxSession {
    if (!this.#session) throw new Error('Firefox has not been started.');
    return this.#session;
  }

  get extensionOrigin(): string {
    return this.session.extensionBase;
  }

  /**
   * Starts Firefox with the build. With `throughServer`, every request, to any
   * host, http or https, goes to the server on `port` as Firefox's proxy
   * (`launchFirefox`'s `proxyPort`): a page's remote assets are answered or
   * refused at once on loopback, and nothing waits on a name lookup.
   */
  async start(port: number, hosts: string[]): Promise<void> {
    this.#session = await launchFirefox({
      hosts,
      answerPermissionPrompts: true,
      locale: this.#locale,
      proxyPort: this.#throughServer ? port : undefined,
    });
  }

  async stop(): Promise<void> {
    await this.#session?.close();
  }

  async open(url: string): Promise<TestPage> {
    const page = await this.session.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
    page.on('console', (message) => {
      if (isReportedTrouble(message.type(), message.text())) errors.push(message.text());
    });
    await page.goto(url);
    const testPage: TestPage = {
      errors,
      evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<never>,
      waitFor: async (fn, arg, timeout = 10_000) => {
        await page.waitForFunction(fn as (arg: unknown) => boolean, { timeout }, arg);
      },
      movePointer: (x, y) => page.mouse.move(x, y),
      click: (x, y) => page.mouse.click(x, y),
      tap: (x, y) => page.touchscreen.tap(x, y),
      press: (key) => page.keyboard.press(key as never),
      setViewportSize: (width, height) => page.setViewport({ width, height }),
      // The card's shadow root is closed to page scripts; the browser's own
      // find-in-page still sees its rendered text, as a reader would.
      cardShows: (text) =>
        page.evaluate((needle) => {
          const found = (window as unknown as { find(s: string, c?: boolean, b?: boolean, w?: boolean): boolean }).find(
            needle,
            true,
            false,
            true,
          );
          getSelection()?.removeAllRanges();
          return found;
        }, text),
      // A find selects text in a closed shadow root too, and Firefox gives the
      // page that selection's range: the first found outside the page's own tree.
      uiTextCenter: (text) =>
        page.evaluate((needle) => {
          const selection = getSelection()!;
          selection.removeAllRanges();
          // Case-sensitive, forwards from the last one found, not wrapping round.
          const findNext = () => (window as unknown as { find(s: string, c?: boolean, b?: boolean, w?: boolean): boolean }).find(needle, true, false, false);
          let center: { x: number; y: number } | null = null;
          for (let tries = 0; tries < 50 && !center && findNext(); tries++) {
            const range = selection.getRangeAt(0);
            if (range.startContainer.getRootNode() === document) continue;
            const { left, top, width, height } = range.getBoundingClientRect();
            center = { x: left + width / 2, y: top + height / 2 };
          }
          selection.removeAllRanges();
          return center;
        }, text),
      screenshot: async (path) => {
        await page.screenshot({ path });
      },
      close: () => page.close(),
    };
    this.#pages.set(testPage, page);
    return testPage;
  }

  async openOptions(): Promise<OptionsPage> {
    const page = await this.#openExtensionPage(`${this.session.extensionBase}/options.html`);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.waitForSelector('.sets');
    const row = (setId: string) => `[data-set-id="${setId}"]`;
    /** The research log's switch and chart show what is stored once the log has been read (its count shows then). */
    const logRead = () => page.waitForSelector('[data-testid=log-count]');
    const pressLogButton = (label: string) =>
      page.$$eval('[data-testid=research-log] button', (buttons, name) => buttons.find((b) => b.textContent?.trim() === name)?.click(), label);
    return {
      importFile: async (path) => {
        const input = await page.waitForSelector('input[type=file]');
        await (input as ElementHandle<HTMLInputElement>).uploadFile(path);
      },
      notice: () => page.evaluate(() => (document.querySelector('.notice') as HTMLElement | null)?.innerText ?? ''),
      isSetOn: (setId) => page.$eval(`${row(setId)} [role=switch]`, (el) => (el as HTMLInputElement).checked),
      toggleSet: (setId) => page.click(`${row(setId)} [role=switch]`),
      removeSet: (setId) =>
        page.$$eval(`${row(setId)} button`, (buttons) => buttons.find((b) => b.textContent?.trim() === 'Remove')?.click()),
      setIds: () => page.$$eval('[data-set-id]', (rows) => rows.map((r) => r.getAttribute('data-set-id')!)),
      updateSet: (setId) =>
        page.$$eval(`${row(setId)} button`, (buttons) => buttons.find((b) => b.textContent?.trim() === 'Update now')?.click()),
      // A real click: the button asks for a permission, which needs the reader's input.
      keepUpToDate: (setId) => page.click(`${row(setId)} ::-p-text(Keep up to date)`),
      rowText: (setId) => page.$eval(row(setId), (el) => (el as HTMLElement).innerText),
      evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<never>,
      sitesOff: () => page.$$eval('[data-site]', (rows) => rows.map((r) => r.getAttribute('data-site')!)),
      turnSiteOn: (site) => page.click(`[data-site="${site}"] button`),
      chooseHighlightStyle: (style) => page.click(`input[name=highlight-style][value=${style}]`),
      sitesAdded: () => page.$$eval('[data-added-site]', (rows) => rows.map((r) => r.getAttribute('data-added-site')!)),
      accessibilityViolations: () => page.evaluate(axeExpression(AXE_SOURCE)) as Promise<string[]>,
      removeAddedSite: (pattern) => page.click(`[data-added-site="${pattern}"] button`),
      isResearchLogOn: async () => {
        await logRead();
        return page.$eval('[data-testid=research-log] [role=switch]', (el) => (el as HTMLInputElement).checked);
      },
      toggleResearchLog: async () => {
        await logRead();
        await page.click('[data-testid=research-log] [role=switch]');
      },
      researchLogCount: async () => (await page.waitForSelector('[data-testid=log-count]'))!.evaluate((el) => (el as HTMLElement).innerText),
      exportResearchLog: async (format) => {
        await page.evaluate(keepSavedFiles);
        await pressLogButton(EXPORT_BUTTONS[format]);
        let file: SavedFile | null = null;
        await eventually('the page has saved the file', async () => (file = await page.evaluate(takeSavedFile)) !== null);
        return file!;
      },
      clearResearchLog: () => pressLogButton('Clear…'),
      researchChart: async () => {
        await logRead();
        return page.evaluate(readResearchChart);
      },
      close: () => page.close(),
    };
  }

  async openPopup(): Promise<PopupPage> {
    const tabId = (await this.#probe(findAnnotatedTab, undefined))?.id ?? null;
    if (tabId === null) throw new Error('No tab runs Backstory.');
    const popup = await this.#openExtensionPage(`${this.session.extensionBase}/popup.html?tab=${tabId}`);
    await popup.waitForSelector('[data-testid=site-switch]');
    return popupPage(popup);
  }

  async clickToolbarButton(page: TestPage): Promise<PopupPage> {
    const target = this.#pages.get(page);
    if (!target) throw new Error('That page was not opened by this driver.');
    const url = target.url();
    await runToolbarAction(this.session, url);
    const tabId = await this.#probe(findTabShowing, url);
    if (tabId === null) throw new Error(`The toolbar click did not let Backstory see ${url}.`);
    const popup = await this.#openExtensionPage(`${this.session.extensionBase}/popup.html?tab=${tabId}`);
    await popup.waitForSelector('.popup h1');
    return popupPage(popup);
  }

  /**
   * Runs the command of the key Firefox bound to "on-this-page" in the page's
   * window, as the key press would: through the browser's own key element,
   * which sets off the extension's `commands.onCommand`.
   */
  async pressPanelShortcut(page: TestPage): Promise<string> {
    const url = this.#pages.get(page)?.url();
    if (!url) throw new Error('That page was not opened by this driver.');
    return (await inBrowserWindow(
      this.session,
      `(() => {
        for (const win of Services.wm.getEnumerator('navigator:browser')) {
          const tab = win.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
          if (!tab) continue;
          win.focus();
          win.gBrowser.selectedTab = tab;
          const keys = [...win.document.querySelectorAll('keyset[id^="ext-keyset-id-"] key')];
          const key = keys.find((element) => element.getAttribute('key'));
          if (!key) throw new Error('Firefox bound no key to the command.');
          key.doCommand();
          return key.getAttribute('modifiers').split(',').map((m) => m[0].toUpperCase() + m.slice(1)).join('+') + '+' + key.getAttribute('key');
        }
        throw new Error('No tab shows ' + ${JSON.stringify(url)});
      })()`,
    )) as string;
  }

  /**
   * Stops Backstory's event page as Firefox does when it has been idle (the
   * same call as about:debugging's "Terminate background script"), and
   * answers once it has stopped.
   */
  async stopBackground(): Promise<void> {
    await inBrowserWindow(this.session, `WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension.terminateBackground()`);
    await eventually('the background has stopped', async () => (await this.backgroundState()) === 'stopped');
  }

  /** Where Backstory's event page is: 'running', 'stopped' (or 'starting', 'suspending' in between). */
  async backgroundState(): Promise<string> {
    return (await inBrowserWindow(this.session, `String(WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension.backgroundState)`))!;
  }

  /** Runs `fn` in an extension page of its own, closed afterwards. */
  async #probe<A, R>(fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
    const probe = await this.#openExtensionPage(`${this.session.extensionBase}/popup.html`);
    const result = (await probe.evaluate(fn as (arg: unknown) => Promise<R>, arg)) as R;
    await probe.close();
    return result;
  }

  /**
   * Firefox never reports a moz-extension:// navigation as finished to
   * WebDriver BiDi, so the page is watched until it has loaded instead.
   */
  async #openExtensionPage(url: string): Promise<Page> {
    const page = await this.session.browser.newPage();
    void page.goto(url, { timeout: 30_000 }).catch(() => undefined);
    await eventually(`${url} has loaded`, () =>
      page
        .evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete')
        .catch(() => false),
    );
    return page;
  }
}

function popupPage(popup: Page): PopupPage {
  return {
    countText: async () => (await popup.waitForSelector('[data-testid=count]'))!.evaluate((el) => (el as HTMLElement).innerText),
    isOn: () => popup.$eval('[data-testid=site-switch]', (el) => (el as HTMLInputElement).checked),
    toggle: () => popup.click('[data-testid=site-switch]'),
    pageSets: () =>
      popup.$$eval('.page-sets [data-set-id]', (rows) =>
        rows.map((row) => ({ id: row.getAttribute('data-set-id')!, on: (row.querySelector('[role=switch]') as HTMLInputElement).checked })),
      ),
    toggleSet: (setId) => popup.click(`.page-sets [data-set-id="${setId}"] [role=switch]`),
    inactiveText: () => popup.$eval('.popup > .muted', (el) => (el as HTMLElement).innerText),
    annotateOnce: () => popup.click('[data-testid=annotate-once]'),
    openPanel: () => popup.click('[data-testid=open-panel]'),
    enableSite: () => popup.click('[data-testid=enable-site]'),
    errorText: () => popup.evaluate(() => (document.querySelector('.error') as HTMLElement | null)?.innerText ?? ''),
    accessibilityViolations: () => popup.evaluate(axeExpression(AXE_SOURCE)) as Promise<string[]>,
    evaluate: (fn, arg) => popup.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<never>,
    close: () => popup.close(),
  };
}

/**
 * Selects the tab showing `url` and clicks Backstory's toolbar button in its
 * window, through Firefox's own browser-action code (the path its keyboard
 * shortcut takes): the extension gets `activeTab` for that tab and the popup
 * opens. WebDriver BiDi reaches the browser's own windows only with
 * --remote-allow-system-access.
 */
async function runToolbarAction(session: FirefoxSession, url: string): Promise<void> {
  await inBrowserWindow(
    session,
    `(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(GECKO_ID)});
      for (const win of Services.wm.getEnumerator('navigator:browser')) {
        const tab = win.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
        if (!tab) continue;
        win.focus();
        win.gBrowser.selectedTab = tab;
        // A click while the popup of an earlier click is still open closes
        // it, as on screen; the next click opens it for this tab.
        const action = ExtensionParent.apiManager.global.browserActionFor(extension);
        for (let click = 0; click < 2 && !extension.tabManager.hasActiveTabPermission(tab); click++) {
          await action.triggerAction(win);
        }
        if (!extension.tabManager.hasActiveTabPermission(tab)) throw new Error('The click gave no activeTab.');
        return;
      }
      throw new Error('No tab shows ' + ${JSON.stringify(url)});
    })()`,
  );
}

/** Runs `expression` in the browser window of the session (see `inFirefoxWindow`). */
function inBrowserWindow(session: FirefoxSession, expression: string): Promise<string | undefined> {
  return inFirefoxWindow(session.browser, expression);
}
