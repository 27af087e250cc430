/**
 * What the shared end-to-end suite needs from a browser. Chromium is driven
 * by Playwright, Firefox by Puppeteer over WebDriver BiDi; each driver hides
 * its tool behind this, so both browsers run the very same test cases.
 */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface TestPage {
  /** Errors the page or a content script reported since the page opened. */
  readonly errors: string[];
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  waitFor<A>(fn: PageFunction<A, boolean>, arg: A, timeoutMs?: number): Promise<void>;
  movePointer(x: number, y: number): Promise<void>;
  click(x: number, y: number): Promise<void>;
  /** A tap of one finger on a touch screen (touch events, then the pointer and mouse events a browser makes of a tap). */
  tap(x: number, y: number): Promise<void>;
  press(key: string): Promise<void>;
  /** Makes the page's viewport `width` × `height` CSS pixels (a small screen, a short window). */
  setViewportSize(width: number, height: number): Promise<void>;
  /** Whether Backstory's closed shadow root (card, panel, live region) currently shows `text`. */
  cardShows(text: string): Promise<boolean>;
  /** The middle of the first text in Backstory's closed shadow root that contains `text` (on one line), in viewport pixels; null when none does. */
  uiTextCenter(text: string): Promise<{ x: number; y: number } | null>;
  /** Saves what the page shows to a PNG file. */
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface PopupPage {
  countText(): Promise<string>;
  isOn(): Promise<boolean>;
  toggle(): Promise<void>;
  /** The sets listed as found on the page, with their switches. */
  pageSets(): Promise<{ id: string; on: boolean }[]>;
  toggleSet(setId: string): Promise<void>;
  /** The line under the title on a page Backstory does not run on. */
  inactiveText(): Promise<string>;
  annotateOnce(): Promise<void>;
  /** Presses "On this page…", which opens the panel in the tab (the popup then closes itself). */
  openPanel(): Promise<void>;
  /** Presses "Enable on <site>" (the browser then asks the reader for that site). */
  enableSite(): Promise<void>;
  /** The error the popup shows ('' when none). */
  errorText(): Promise<string>;
  /** axe-core's serious and critical violations on the page, one line each. */
  accessibilityViolations(): Promise<string[]>;
  /** Runs `fn` in the popup, an extension page with the extension's API. */
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export interface OptionsPage {
  /** Imports a set file through the page's file picker. */
  importFile(path: string): Promise<void>;
  /** The outcome line the page shows after an action ('' when none). */
  notice(): Promise<string>;
  isSetOn(setId: string): Promise<boolean>;
  toggleSet(setId: string): Promise<void>;
  /** Removes a set, answering yes when the page asks to confirm. */
  removeSet(setId: string): Promise<void>;
  setIds(): Promise<string[]>;
  /** Presses "Update now" on a subscribed set's row. */
  updateSet(setId: string): Promise<void>;
  /** Presses "Keep up to date" on the row of a set imported from a file that names its update address. */
  keepUpToDate(setId: string): Promise<void>;
  /** What a set's row says. */
  rowText(setId: string): Promise<string>;
  /** Runs `fn` in the options page, an extension page with the extension's API. */
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  /** The sites listed as switched off. */
  sitesOff(): Promise<string[]>;
  turnSiteOn(site: string): Promise<void>;
  /** Chooses how marks look ('underline', 'dotted', 'tint', 'hover'). */
  chooseHighlightStyle(style: string): Promise<void>;
  /** The sites granted beyond the news list, as match patterns. */
  sitesAdded(): Promise<string[]>;
  removeAddedSite(pattern: string): Promise<void>;
  /** Whether the research log's switch is on. */
  isResearchLogOn(): Promise<boolean>;
  toggleResearchLog(): Promise<void>;
  /** What the research log says it holds ("No pages recorded.", "1 page recorded."). */
  researchLogCount(): Promise<string>;
  /** Presses an export button of the research log; the file the page saved, read back through the page. */
  exportResearchLog(format: 'csv' | 'json'): Promise<SavedFile>;
  /** Clears the research log, answering yes when the page asks to confirm. */
  clearResearchLog(): Promise<void>;
  /** The research log's chart: its accessible name and its table, header row first; null when there is none. */
  researchChart(): Promise<ChartContent | null>;
  /** axe-core's serious and critical violations on the page, one line each. */
  accessibilityViolations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface SavedFile {
  fileName: string;
  text: string;
}

export interface ChartContent {
  name: string;
  rows: string[][];
}

export interface ExtensionDriver {
  readonly browserName: string;
  start(port: number, hosts: string[]): Promise<void>;
  stop(): Promise<void>;
  open(url: string): Promise<TestPage>;
  /** Opens the popup for the (one) tab where Backstory is running. */
  openPopup(): Promise<PopupPage>;
  /**
   * What a reader's click on Backstory's toolbar button does for `page`: the
   * browser's own action runs (granting `activeTab` for that tab) and the
   * popup opens for it. The popup is opened as a tab the test can drive.
   */
  clickToolbarButton(page: TestPage): Promise<PopupPage>;
  openOptions(): Promise<OptionsPage>;
  /**
   * What the reader's "On this page" keyboard shortcut does for `page`, the
   * one tab Backstory runs in. Answers the key combination the browser bound
   * to the command (e.g. `Alt+Shift+K`).
   */
  pressPanelShortcut(page: TestPage): Promise<string>;
  /** The extension's own origin (`chrome-extension://id`, `moz-extension://uuid`). */
  readonly extensionOrigin: string;
}

/**
 * Whether a console message counts as a failure: any error, or Backstory's
 * own one-line warning (Playwright calls the level `warning`, Puppeteer `warn`).
 */
export function isReportedTrouble(type: string, text: string): boolean {
  return type === 'error' || ((type === 'warning' || type === 'warn') && text.startsWith('Backstory:'));
}

/** Polls `check` until it returns true, or fails with `what`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
