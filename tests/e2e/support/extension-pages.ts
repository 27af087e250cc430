/**
 * Runs in an extension page (the popup opened in a tab): finds the tab whose
 * Backstory content script answers, since without the `tabs` permission tab
 * URLs are hidden, with what that content script says of its page (it
 * answers once its first pass is done). Self-contained: it is sent to the
 * page as source.
 */
export async function findAnnotatedTab(): Promise<{ id: number; stats: { site: string; enabled: boolean; mentions: number } } | null> {
  const api = (globalThis as { browser?: any; chrome?: any }).browser ?? (globalThis as { chrome?: any }).chrome;
  const self = await api.tabs.getCurrent();
  for (const tab of await api.tabs.query({})) {
    if (tab.id === undefined || tab.id === self?.id) continue;
    try {
      // The content script answers `{ ok, value }` (utils/messaging/channel.ts).
      const answer = await api.tabs.sendMessage(tab.id, { protocol: 'backstory/1', type: 'getPageStats', payload: {} });
      if (answer?.ok) return { id: tab.id, stats: answer.value };
    } catch {
      // No Backstory content script in that tab.
    }
  }
  return null;
}

/**
 * Runs in an extension page: the key Chromium bound to the "on-this-page"
 * command, after telling the one tab Backstory runs in what the command
 * tells it. Self-contained.
 */
export async function pressPanelShortcut(): Promise<string> {
  const api = (globalThis as { chrome?: any }).chrome;
  const commands: { name: string; shortcut?: string }[] = await api.commands.getAll();
  const command = commands.find(({ name }) => name === 'on-this-page');
  if (!command?.shortcut) throw new Error('The browser bound no key to the "on-this-page" command.');
  const self = await api.tabs.getCurrent();
  for (const tab of await api.tabs.query({})) {
    if (tab.id === undefined || tab.id === self?.id) continue;
    const stats = await api.tabs.sendMessage(tab.id, { protocol: 'backstory/1', type: 'getPageStats', payload: {} }).catch(() => null);
    if (!stats) continue;
    await api.tabs.sendMessage(tab.id, { protocol: 'backstory/1', type: 'togglePanel', payload: {} });
    return command.shortcut;
  }
  throw new Error('No tab runs Backstory.');
}

/** Parses the popup's count line ("12 mentions of 4 entities on this page."). */
export function parseCount(text: string): { mentions: number; entities: number } | null {
  const match = /(\d+) mentions? of (\d+) entit(?:y|ies)/.exec(text);
  return match ? { mentions: Number(match[1]), entities: Number(match[2]) } : null;
}

/**
 * Runs in an extension page: the id of the tab showing `url`. A tab's address
 * is visible only where Backstory may read it, so this finds a tab just after
 * the toolbar button was clicked on it (`activeTab`). Self-contained.
 */
export async function findTabShowing(url: string): Promise<number | null> {
  const api = (globalThis as { browser?: any; chrome?: any }).browser ?? (globalThis as { chrome?: any }).chrome;
  const tabs: { id?: number; url?: string }[] = await api.tabs.query({});
  return tabs.find((tab) => tab.url === url)?.id ?? null;
}

/**
 * An expression that runs axe-core in the page it is evaluated in and yields
 * its serious and critical violations, one line each. Sent as source through
 * the DevTools protocol or WebDriver BiDi, which the extension pages' content
 * security policy does not stop.
 */
export function axeExpression(axeSource: string, context = 'document'): string {
  return `${axeSource}
axe.run(${context}, { resultTypes: ['violations'] }).then((result) =>
  result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.impact + ' ' + violation.id + ': ' + violation.nodes.map((node) => node.html.slice(0, 80)).join(' | ')))`;
}

/**
 * Runs in an extension page: from now on a link click that saves a file
 * (`<a download>`, as the options page's exports do) is kept for
 * `takeSavedFile` instead of reaching the browser's downloads. Self-contained.
 */
export function keepSavedFiles(): void {
  const page = window as unknown as { savedFiles?: { fileName: string; href: string }[] };
  if (page.savedFiles) return;
  const saved: { fileName: string; href: string }[] = (page.savedFiles = []);
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) saved.push({ fileName: this.download, href: this.href });
    else click.call(this);
  };
}

/** Runs in an extension page: the oldest file kept by `keepSavedFiles`, read from its Blob address. Self-contained. */
export async function takeSavedFile(): Promise<{ fileName: string; text: string } | null> {
  const saved = (window as unknown as { savedFiles?: { fileName: string; href: string }[] }).savedFiles?.shift();
  if (!saved) return null;
  return { fileName: saved.fileName, text: await (await fetch(saved.href)).text() };
}

/** Runs in the options page: the research log's chart as assistive technology gets it. Self-contained. */
export function readResearchChart(): { name: string; rows: string[][] } | null {
  const svg = document.querySelector('[data-testid=research-log] svg[role=img]');
  if (!svg) return null;
  const rows = [...document.querySelectorAll('[data-testid=research-log] table tr')].map((row) =>
    [...row.children].map((cell) => (cell.textContent ?? '').trim()),
  );
  return { name: svg.getAttribute('aria-label') ?? '', rows };
}

/** The labels of the research log's export buttons. */
export const EXPORT_BUTTONS = { csv: 'Export CSV', json: 'Export JSON (Web Annotations)' } as const;
