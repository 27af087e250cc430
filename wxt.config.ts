import { join } from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { GECKO_ID } from './scripts/lib/gecko-id';
import { validateBundledSets } from './scripts/lib/validate-bundled-sets';
import { PANEL_COMMAND } from './utils/messaging/protocol';
import { NEWS_SITE_MATCHES } from './utils/sites/news-sites';

/**
 * Origins the reader may grant one at a time, when asked: a site to annotate
 * beyond the news list (utils/background/granted-sites.ts), or the address of a
 * subscribed set (https, or this computer: utils/sets/subscriptions.ts).
 */
const OPTIONAL_ORIGINS = ['https://*/*', 'http://*/*'];

/** What the Firefox sources archive holds: everything the build reads, and how to run it. */
const SOURCES_ALLOWLIST = [
  'SOURCES.md',
  'LICENSE',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'wxt.config.ts',
  'entrypoints/**',
  'components/**',
  'utils/**',
  'public/**',
  'scripts/lib/gecko-id.ts',
  'scripts/lib/validate-bundled-sets.ts',
];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  vite: () => ({
    plugins: [preact()],
  }),
  // Store packages are named with package.json's version. Firefox's reviewers
  // rebuild the package from the sources archive, which holds exactly the
  // files the build reads (an allowlist: nothing else of the repository goes
  // to a store); tests/e2e/release.test.ts builds it and compares.
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    includeSources: SOURCES_ALLOWLIST,
  },
  manifest: ({ browser }) => ({
    // The extension's words are in public/_locales (English and Spanish); the
    // browser picks the catalog from its own language, English when it has none.
    default_locale: 'en',
    name: '__MSG_extension_name__',
    description: '__MSG_extension_description__',
    // Content scripts run on the news-site list and the database is IndexedDB
    // in the extension's own origin. `alarms` checks subscribed sets on their
    // interval; `activeTab` and `scripting` let the reader run Backstory on a
    // page or site beyond the list (none of the three shows a warning at
    // install). Any other origin is asked for one at a time, at the moment of
    // use (optional; Firefox's Manifest V2 calls optional hosts
    // `optional_permissions`).
    permissions: ['alarms', 'activeTab', 'scripting'],
    ...(browser === 'firefox'
      ? { optional_permissions: OPTIONAL_ORIGINS }
      : { optional_host_permissions: OPTIONAL_ORIGINS }),
    // The card's code (components/card-ui.tsx) is loaded by the content script
    // the first time a reader opens a card, so pages that are only read never
    // pay for it. Chromium gives it a new address each session
    // (`use_dynamic_url`); Firefox's address holds a random per-install id
    // (WXT writes Manifest V2's plain list for it).
    // Either way a page cannot guess the address to probe for Backstory.
    // A keyboard shortcut for the "On this page" panel; readers change it in
    // the browser's own shortcut settings.
    commands: {
      [PANEL_COMMAND]: {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_command_on_this_page__',
      },
    },
    web_accessible_resources: [{ resources: ['card.js'], matches: ['<all_urls>'], use_dynamic_url: true }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 140: the first Firefox with the CSS Custom Highlight API (every
            // mark) and with data_collection_permissions, which says here that
            // Backstory collects nothing. Android had the latter from 142.
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : // 111: CSS.highlights (105) and the card's color-mix() (111).
        { minimum_chrome_version: '111' }),
  }),
  hooks: {
    // The content script's bundle, which every news page pays for, is built
    // with the browser's own API object instead of the polyfill (why:
    // utils/messaging/native-browser.ts) and without the news-site list, which
    // only the manifest needs (utils/sites/news-sites.page.ts). Every other
    // entrypoint keeps the polyfill the module above installs.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const here = (...path: string[]) => join(import.meta.dirname, ...path);
      const alias = config.resolve?.alias;
      const entries = Array.isArray(alias)
        ? alias
        : Object.entries(alias ?? {}).map(([find, to]) => ({ find, replacement: to as string }));
      config.resolve = {
        ...config.resolve,
        alias: [
          { find: /^wxt\/browser$/, replacement: here('utils', 'messaging', 'native-browser.ts') },
          { find: /^(?:\.\.\/)+utils\/sites\/news-sites$/, replacement: here('utils', 'sites', 'news-sites.page.ts') },
          ...entries,
        ],
      };
    },
    // A bundled set that fails validation fails the build, naming file and place.
    'build:before': (wxt) => {
      validateBundledSets(join(wxt.config.publicDir, 'sets'));
    },
    // The highlight styles must reach the page itself (not the card's shadow
    // root), and a manifest stylesheet does that without adding a node.
    'build:manifestGenerated': (_wxt, manifest) => {
      const script = manifest.content_scripts?.find(
        (entry) => JSON.stringify(entry.matches) === JSON.stringify(NEWS_SITE_MATCHES),
      );
      if (!script) throw new Error('The news-site content script is missing from the manifest.');
      script.css = [...(script.css ?? []), 'highlights.css'];
    },
  },
});
