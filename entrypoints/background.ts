import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackgroundHandlers } from '../utils/background/handlers';
import { currentPageDictionary } from '../utils/background/page-dictionary';
import { BackstoryDatabase } from '../utils/db/database';
import { handleBackgroundRequests } from '../utils/messaging/channel';
import { loadBundledSets, type ReadBundledFile } from '../utils/sets/bundled';

const readBundledFile: ReadBundledFile = async (file) => {
  const response = await fetch(browser.runtime.getURL(`/sets/${file}` as '/sets/oakland-ice.json'));
  return response.json();
};

export default defineBackground(() => {
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
});

function reportError(error: unknown): void {
  console.error('Backstory:', error);
}
