import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../../scripts/lib/browsers';
import { eventually, isReportedTrouble, type ExtensionDriver, type SavedFile, type OptionsPage, type PageFunction, type PopupPage, type TestPage } from './driver';
import { EXPORT_BUTTONS, axeExpression, findAnnotatedTab, findTabShowing, keepSavedFiles, pressPanelShortcut, readResearchChart, takeSavedFile } from './extension-pages';
import { AXE_SOURCE } from './axe';

export class ChromiumDriver implements ExtensionDriver {
  readonly browserName = 'Chromium';
  #session: ChromiumSession | undefined;
  /** The browser's language, when not the default English (see `launchChromium`). */
  readonly #locale: string | undefined;

  constructor({ locale }: { locale?: string } = {}) {
    this.#locale = locale;
  }
  readonly #cdp = new WeakMap<TestPage, CDPSession>();
  readonly #pages = new WeakMap<TestPage, Page>();

  get session(): ChromiumSession {
    if (!this.#session) throw new Error('Chromium has not been started.');
    return this.#session;
  }

  get extensionOrigin(): string {
    return `chrome-extension://${this.session.extensionId}`;
  }

  async start(port: number): Promise<void> {
    this.#session = await launchChromium({ port, extensionDebugging: true, locale: this.#locale });
  }

  async stop(): Promise<void> {
    await this.#session?.close();
  }

  async open(url: string): Promise<TestPage> {
    const page = await this.session.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (isReportedTrouble(message.type(), message.text())) errors.push(message.text());
    });
    await page.goto(url);
    const cdp = await this.session.context.newCDPSession(page);
    let touchScreen = false;
    const testPage: TestPage = {
      errors,
      evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) => page.evaluate(fn as PageFunction<unknown, R>, arg as unknown),
      waitFor: async (fn, arg, timeout = 10_000) => {
        await page.waitForFunction(fn as PageFunction<unknown, boolean>, arg as unknown, { timeout });
      },
      movePointer: (x, y) => page.mouse.move(x, y),
      click: (x, y) => page.mouse.click(x, y),
      tap: async (x, y) => {
        // From its first tap on, the page is on a touch screen, as on a phone (for the rest of its life).
        if (!touchScreen) await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
        touchScreen = true;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      },
      press: (key) => page.keyboard.press(key),
      setViewportSize: (width, height) => page.setViewportSize({ width, height }),
      cardShows: async (text) => (await readCard(cdp)).text.includes(text),
      uiTextCenter: (text) => uiTextCenter(cdp, text),
      screenshot: async (path) => {
        await page.screenshot({ path });
      },
      close: () => page.close(),
    };
    this.#cdp.set(testPage, cdp);
    this.#pages.set(testPage, page);
    return testPage;
  }

  /** The Playwright page behind a test page, for what only Chromium can do. */
  async pageOf(page: TestPage): Promise<Page> {
    const found = this.#pages.get(page);
    if (!found) throw new Error('That page was not opened by this driver.');
    return found;
  }

  /** The card's markup as the DevTools protocol sees it, closed shadow root included. */
  card(page: TestPage): Promise<CardContent> {
    return readCard(this.#sessionOf(page).cdp);
  }

  async openOptions(): Promise<OptionsPage> {
    const page: Page = await this.session.context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`chrome-extension://${this.session.extensionId}/options.html`);
    await page.locator('.sets').waitFor();
    const row = (setId: string) => page.locator(`[data-set-id="${setId}"]`);
    const log = page.getByTestId('research-log');
    /** The research log's switch and chart show what is stored once the log has been read (its count shows then). */
    const logRead = () => page.getByTestId('log-count').waitFor();
    return {
      importFile: (path) => page.locator('input[type=file]').setInputFiles(path),
      notice: async () => ((await page.locator('.notice').count()) ? page.locator('.notice').innerText() : ''),
      isSetOn: (setId) => row(setId).getByRole('switch').isChecked(),
      toggleSet: (setId) => row(setId).getByRole('switch').click(),
      removeSet: (setId) => row(setId).getByRole('button', { name: 'Remove' }).click(),
      setIds: () => page.locator('[data-set-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-set-id')!)),
      updateSet: (setId) => row(setId).getByRole('button', { name: 'Update now' }).click(),
      keepUpToDate: (setId) => row(setId).getByRole('button', { name: 'Keep up to date' }).click(),
      rowText: (setId) => row(setId).innerText(),
      evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) => page.evaluate(fn as PageFunction<unknown, R>, arg as unknown),
      sitesOff: () => page.locator('[data-site]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-site')!)),
      turnSiteOn: (site) => page.locator(`[data-site="${site}"]`).getByRole('button', { name: 'Turn back on' }).click(),
      chooseHighlightStyle: (style) => page.locator(`input[name=highlight-style][value=${style}]`).click(),
      sitesAdded: () => page.locator('[data-added-site]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-added-site')!)),
      accessibilityViolations: () => page.evaluate(axeExpression(AXE_SOURCE)) as Promise<string[]>,
      removeAddedSite: (pattern) => page.locator(`[data-added-site="${pattern}"]`).getByRole('button', { name: 'Remove' }).click(),
      isResearchLogOn: async () => {
        await logRead();
        return log.getByRole('switch').isChecked();
      },
      toggleResearchLog: async () => {
        await logRead();
        await log.getByRole('switch').click();
      },
      researchLogCount: () => page.getByTestId('log-count').innerText(),
      exportResearchLog: async (format) => {
        await page.evaluate(keepSavedFiles);
        await log.getByRole('button', { name: EXPORT_BUTTONS[format], exact: true }).click();
        let file: SavedFile | null = null;
        await eventually('the page has saved the file', async () => (file = await page.evaluate(takeSavedFile)) !== null);
        return file!;
      },
      clearResearchLog: () => log.getByRole('button', { name: 'Clear…' }).click(),
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
    const popup = await this.#popupFor(tabId);
    await popup.getByTestId('site-switch').waitFor();
    return popupPage(popup);
  }

  /**
   * No driver can press an extension's shortcut in Chromium (a key sent through
   * the DevTools protocol goes to the page, not to the browser's key bindings).
   * So this checks that Chromium bound the manifest's suggested key to the
   * command, then sends from an extension page what the background's
   * `commands.onCommand` listener sends: the tab's content script is told.
   */
  async pressPanelShortcut(_page: TestPage): Promise<string> {
    return this.#probe(pressPanelShortcut, undefined);
  }

  /**
   * axe-core on Backstory's card and panel. axe cannot enter a closed shadow
   * root, but the DevTools protocol can hand the page a reference to it: its
   * nodes are cloned, styles and all, into an open shadow root beside it, axe
   * runs on that copy (colours, names, roles and contrast as drawn), and the
   * copy is removed.
   */
  async shadowAccessibilityViolations(page: TestPage): Promise<string[]> {
    const { cdp, playwrightPage } = this.#sessionOf(page);
    const shadow = (await backstoryHost(cdp))?.shadowRoots?.[0];
    if (!shadow?.backendNodeId) throw new Error('Backstory has no shadow root on the page.');
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId })) as { object: { objectId: string } };
    await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function () {
        const copy = document.createElement('backstory-axe-copy');
        const open = copy.attachShadow({ mode: 'open' });
        for (const child of this.childNodes) open.append(child.cloneNode(true));
        document.documentElement.append(copy);
      }`,
    });
    try {
      return (await playwrightPage.evaluate(axeExpression(AXE_SOURCE, 'document.querySelector("backstory-axe-copy")'))) as string[];
    } finally {
      await playwrightPage.evaluate(() => document.querySelector('backstory-axe-copy')?.remove());
    }
  }

  /** Clicks the button reading `label` in Backstory's closed shadow root, where the pointer would. */
  async clickInCard(page: TestPage, label: string): Promise<void> {
    const { cdp, playwrightPage } = this.#sessionOf(page);
    const find = (node: DomNode): DomNode | undefined =>
      node.localName === 'button' && node.children?.some((child) => child.nodeValue?.trim() === label)
        ? node
        : [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(find).find(Boolean);
    const host = await backstoryHost(cdp);
    const button = host && find(host);
    if (!button?.backendNodeId) throw new Error(`Backstory shows no "${label}" button.`);
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: button.backendNodeId })) as { model: { content: number[] } };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    await playwrightPage.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  }

  #sessionOf(page: TestPage): { cdp: CDPSession; playwrightPage: Page } {
    const cdp = this.#cdp.get(page);
    const playwrightPage = this.#pages.get(page);
    if (!cdp || !playwrightPage) throw new Error('That page was not opened by this driver.');
    return { cdp, playwrightPage };
  }

  /** The extension's service worker as it runs now (the browser may have stopped and started it again). */
  async worker(): Promise<import('playwright-core').Worker> {
    const prefix = `chrome-extension://${this.session.extensionId}/`;
    const running = this.session.context.serviceWorkers().find((worker) => worker.url().startsWith(prefix));
    return running ?? (await this.session.context.waitForEvent('serviceworker', { predicate: (worker) => worker.url().startsWith(prefix) }));
  }

  async clickToolbarButton(page: TestPage): Promise<PopupPage> {
    const url = (await this.pageOf(page)).url();
    // The DevTools protocol runs the extension's action as a click on its
    // button would (it needs --enable-unsafe-extension-debugging and a pipe).
    const browser = this.session.context.browser();
    if (!browser) throw new Error('Chromium was started without a browser-level connection.');
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] })) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const tab = targetInfos.find((info) => info.url === url);
    if (!tab) throw new Error(`No tab shows ${url}.`);
    await cdp.send('Extensions.triggerAction' as never, { id: this.session.extensionId, targetId: tab.targetId } as never);
    await cdp.detach();
    const tabId = await this.#probe(findTabShowing, url);
    if (tabId === null) throw new Error(`The toolbar click did not let Backstory see ${url}.`);
    const popup = await this.#popupFor(tabId);
    await popup.locator('.popup h1').waitFor();
    return popupPage(popup);
  }

  /** Runs `fn` in an extension page of its own, closed afterwards. */
  async #probe<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
    const probe = await this.session.context.newPage();
    await probe.goto(`chrome-extension://${this.session.extensionId}/popup.html`);
    const result = await probe.evaluate(fn as PageFunction<unknown, R>, arg as unknown);
    await probe.close();
    return result;
  }

  /**
   * Opens the popup (for the one tab Backstory runs in) or the options page in
   * the given colour scheme, saves a screenshot of it, and answers axe-core's
   * serious and critical violations there.
   */
  async extensionPageInScheme(which: 'popup' | 'options', scheme: 'light' | 'dark', path: string): Promise<string[]> {
    let page: Page;
    if (which === 'popup') {
      const tabId = (await this.#probe(findAnnotatedTab, undefined))?.id ?? null;
      if (tabId === null) throw new Error('No tab runs Backstory.');
      page = await this.session.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`chrome-extension://${this.session.extensionId}/popup.html?tab=${tabId}`);
      await page.getByTestId('count').waitFor();
      // The popup is as wide as its content; the screenshot is of that.
      await page.setViewportSize({ width: 300, height: 420 });
    } else {
      page = await this.session.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`chrome-extension://${this.session.extensionId}/options.html`);
      await page.locator('.sets').waitFor();
    }
    await page.screenshot({ path, fullPage: which === 'options' });
    const violations = (await page.evaluate(axeExpression(AXE_SOURCE))) as string[];
    await page.close();
    return violations;
  }

  async #popupFor(tabId: number): Promise<Page> {
    const popup: Page = await this.session.context.newPage();
    await popup.goto(`chrome-extension://${this.session.extensionId}/popup.html?tab=${tabId}`);
    return popup;
  }
}

function popupPage(popup: Page): PopupPage {
  const toggle = popup.getByTestId('site-switch');
  return {
    countText: () => popup.getByTestId('count').innerText(),
    isOn: () => toggle.isChecked(),
    toggle: () => toggle.click(),
    pageSets: () =>
      popup.locator('.page-sets [data-set-id]').evaluateAll((rows) =>
        rows.map((row) => ({ id: row.getAttribute('data-set-id')!, on: (row.querySelector('[role=switch]') as HTMLInputElement).checked })),
      ),
    toggleSet: (setId) => popup.locator(`.page-sets [data-set-id="${setId}"] [role=switch]`).click(),
    inactiveText: () => popup.locator('.popup > .muted').innerText(),
    annotateOnce: () => popup.getByTestId('annotate-once').click(),
    openPanel: () => popup.getByTestId('open-panel').click(),
    enableSite: () => popup.getByTestId('enable-site').click(),
    errorText: async () => ((await popup.locator('.error').count()) ? popup.locator('.error').innerText() : ''),
    accessibilityViolations: () => popup.evaluate(axeExpression(AXE_SOURCE)) as Promise<string[]>,
    evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) => popup.evaluate(fn as PageFunction<unknown, R>, arg as unknown),
    close: () => popup.close(),
  };
}

type DomNode = {
  nodeType: number;
  backendNodeId?: number;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
};

export interface CardContent {
  text: string;
  links: Record<string, string>[];
  closedShadowRoot: boolean;
  /** The colour scheme the card chose ('light', 'dark', or 'system' to follow the reader's). */
  theme: string;
  /** The direction Backstory's own words run in, whatever the page's. */
  dir: string;
  /** The language Backstory's own words are in. */
  lang: string;
  /** The accessible names given as `aria-label` (the close button's, the card's). */
  labels: string[];
}

/** Backstory's host element, its closed shadow root included, as the DevTools protocol's pierce option sees it. */
async function backstoryHost(cdp: CDPSession): Promise<DomNode | undefined> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const find = (node: DomNode): DomNode | undefined =>
    node.localName === 'backstory-card' ? node : (node.children ?? []).map(find).find(Boolean);
  return find(root);
}

/** The middle of the first line of the first text node in Backstory's closed shadow root that contains `text`, as the DevTools protocol lays it out. */
async function uiTextCenter(cdp: CDPSession, text: string): Promise<{ x: number; y: number } | null> {
  const host = await backstoryHost(cdp);
  const find = (node: DomNode): DomNode | undefined =>
    node.nodeType === 3 && node.nodeValue?.includes(text) ? node : [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(find).find(Boolean);
  const found = host && find(host);
  if (!found) return null;
  const { quads } = (await cdp.send('DOM.getContentQuads', { backendNodeId: found.backendNodeId })) as { quads: number[][] };
  const quad = quads[0];
  if (!quad) return null;
  return { x: (quad[0]! + quad[2]! + quad[4]! + quad[6]!) / 4, y: (quad[1]! + quad[3]! + quad[5]! + quad[7]!) / 4 };
}

/**
 * The text and links inside Backstory's closed shadow root. Page scripts
 * cannot see into it; the DevTools protocol's pierce option can.
 */
async function readCard(cdp: CDPSession): Promise<CardContent> {
  const host = await backstoryHost(cdp);
  const result: CardContent = { text: '', links: [], closedShadowRoot: false, theme: '', dir: '', lang: '', labels: [] };
  if (!host) return result;
  result.closedShadowRoot = host.shadowRoots?.[0]?.shadowRootType === 'closed';
  const visit = (node: DomNode) => {
    if (node.localName === 'style') return;
    if (node.nodeType === 3 && node.nodeValue) result.text += `${node.nodeValue} `;
    const attributes: Record<string, string> = {};
    const list = node.attributes ?? [];
    for (let i = 0; i + 1 < list.length; i += 2) attributes[list[i]!] = list[i + 1]!;
    if (node.localName === 'a') result.links.push(attributes);
    if (attributes['aria-label']) result.labels.push(attributes['aria-label']);
    if (attributes['data-theme']) {
      result.theme = attributes['data-theme'];
      result.dir = attributes.dir ?? '';
      result.lang = attributes.lang ?? '';
    }
    [...(node.shadowRoots ?? []), ...(node.children ?? [])].forEach(visit);
  };
  visit(host);
  return result;
}
