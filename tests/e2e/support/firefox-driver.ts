import type { ElementHandle, Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from '../../../scripts/lib/browsers';
import { eventually, isReportedTrouble, type ExtensionDriver, type OptionsPage, type PopupPage, type TestPage } from './driver';
import { findAnnotatedTab } from './extension-pages';

export class FirefoxDriver implements ExtensionDriver {
  readonly browserName = 'Firefox';
  #session: FirefoxSession | undefined;

  get session(): FirefoxSession {
    if (!this.#session) throw new Error('Firefox has not been started.');
    return this.#session;
  }

  async start(_port: number, hosts: string[]): Promise<void> {
    this.#session = await launchFirefox({ hosts });
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
    return {
      errors,
      evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<never>,
      waitFor: async (fn, arg, timeout = 10_000) => {
        await page.waitForFunction(fn as (arg: unknown) => boolean, { timeout }, arg);
      },
      movePointer: (x, y) => page.mouse.move(x, y),
      press: (key) => page.keyboard.press(key as never),
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
      close: () => page.close(),
    };
  }

  async openOptions(): Promise<OptionsPage> {
    const page = await this.#openExtensionPage(`${this.session.extensionBase}/options.html`);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.waitForSelector('.sets');
    const row = (setId: string) => `[data-set-id="${setId}"]`;
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
      rowText: (setId) => page.$eval(row(setId), (el) => (el as HTMLElement).innerText),
      evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<never>,
      sitesOff: () => page.$$eval('[data-site]', (rows) => rows.map((r) => r.getAttribute('data-site')!)),
      turnSiteOn: (site) => page.click(`[data-site="${site}"] button`),
      close: () => page.close(),
    };
  }

  async openPopup(): Promise<PopupPage> {
    const popupUrl = `${this.session.extensionBase}/popup.html`;
    const probe = await this.#openExtensionPage(popupUrl);
    const tabId = await probe.evaluate(findAnnotatedTab);
    await probe.close();
    if (tabId === null) throw new Error('No tab runs Backstory.');
    const popup = await this.#openExtensionPage(`${popupUrl}?tab=${tabId}`);
    await popup.waitForSelector('[data-testid=site-switch], [data-testid=count]');
    return {
      countText: () => popup.$eval('[data-testid=count]', (el) => (el as HTMLElement).innerText),
      isOn: () => popup.$eval('[data-testid=site-switch]', (el) => (el as HTMLInputElement).checked),
      toggle: () => popup.click('[data-testid=site-switch]'),
      pageSets: () =>
        popup.$$eval('.page-sets [data-set-id]', (rows) =>
          rows.map((row) => ({ id: row.getAttribute('data-set-id')!, on: (row.querySelector('[role=switch]') as HTMLInputElement).checked })),
        ),
      toggleSet: (setId) => popup.click(`.page-sets [data-set-id="${setId}"] [role=switch]`),
      close: () => popup.close(),
    };
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
