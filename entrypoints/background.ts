import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { checkDueSubscriptions, createBackgroundHandlers } from '../utils/background/handlers';
import { syncGrantedSites } from '../utils/background/granted-sites';
import { currentPageDictionary } from '../utils/background/page-dictionary';
import { BackstoryDatabase } from '../utils/db/database';
import { handleBackgroundRequests, sendToTab } from '../utils/messaging/channel';
import { PANEL_COMMAND } from '../utils/messaging/protocol';
import { loadBundledSets, type ReadBundledFile } from '../utils/sets/bundled';

const readBundledFile: ReadBundledFile = async (file) => {
  const response = await fetch(browser.runtime.getURL(`/sets/${file}` as '/sets/oakland-civic.json'));
  return response.json();
};

export default defineBackground({
  // In Firefox too, an event page that the browser stops when idle, as it
  // stops Chromium's worker: Backstory holds no memory between a reader's moves.
  persistent: false,
  main,
});

function main(): void {
  const db = new BackstoryDatabase();
  // Each start of the worker checks that the bundled sets are present; install
  // and update rewrite them from the package. Requests wait for this.
  // The page dictionary is compiled here, ahead of the first page that asks.
  const warm = () => currentPageDictionary(db).then(() => undefined);
  let ready = loadBundledSets(db, readBundledFile, { force: false }).then(warm).catch(reportError);

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install' || reason === 'update') {
      ready = ready.then(() => loadBundledSets(db, readBundledFile, { force: true })).then(warm).catch(reportError);
    }
  });

  handleBackgroundRequests(createBackgroundHandlers(db, () => ready));

  // Subscribed sets are checked on their interval: an hourly alarm asks which
  // are due. Alarms outlive the worker, and creating one again would restart
  // its hour, so a worker that wakes often must not re-create it.
  void browser.alarms.get(SUBSCRIPTION_ALARM).then((alarm) => {
    if (!alarm) return browser.alarms.create(SUBSCRIPTION_ALARM, { periodInMinutes: 60 });
  });
  // Sites the reader added are registered again at every start (an update
  // drops them); one whose permission was taken back in the browser's
  // settings leaves the list.
  void syncGrantedSites(db).catch(reportError);
  browser.permissions.onRemoved.addListener(() => void syncGrantedSites(db).catch(reportError));

  // The reader's "On this page" shortcut: the tab's content script opens its
  // panel. A tab Backstory does not run in has no one to answer, and that is fine.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === PANEL_COMMAND && tab?.id !== undefined) void sendToTab(tab.id, 'togglePanel', {}).catch(() => undefined);
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SUBSCRIPTION_ALARM) void ready.then(() => checkDueSubscriptions(db)).catch(reportError);
  });
}

const SUBSCRIPTION_ALARM = 'check-subscriptions';

function reportError(error: unknown): void {
  console.error('Backstory:', error);
}
