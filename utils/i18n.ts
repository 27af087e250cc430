/**
 * Backstory's own words in the reader's language: the browser picks the
 * catalog in `public/_locales/` from its own interface language (English when
 * it has none for that language). Set content is never translated here; it
 * shows in the language its set declares.
 *
 * The browser's own API object is read from the global scope, not through
 * `wxt/browser`, so the content script and card.js never pull in the polyfill
 * (utils/messaging/native-browser.ts says why): `i18n.getMessage` and
 * `i18n.getUILanguage` are synchronous and the same natively everywhere.
 */
import type catalog from '../public/_locales/en/messages.json';

/** A message of Backstory's catalogs, or one the browser defines for every extension. */
export type MessageKey = keyof typeof catalog | '@@bidi_dir';

interface I18nApi {
  getMessage(key: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

function api(): I18nApi | undefined {
  const scope = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  return scope.browser?.i18n ?? scope.chrome?.i18n;
}

/**
 * Messages without placeholders read so far. An extension updated or reloaded
 * under an open page leaves its old script without a catalog (Chromium's
 * `getMessage` answers nothing then), and the card must still say so.
 */
const known = new Map<string, string>();

/**
 * The message `key` with `substitutions` in its placeholders. A key missing
 * from the catalog comes back as itself, and says so on the console, so a
 * forgotten message shows in the interface and fails the end-to-end tests.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  let message: string | undefined;
  try {
    message = api()?.getMessage(key, substitutions.map(String));
  } catch {
    // The extension went away under this script; what it read before is below.
  }
  if (message) {
    if (substitutions.length === 0) known.set(key, message);
    return message;
  }
  const before = known.get(key);
  if (before) return before;
  console.warn(`Backstory: no message "${key}" in the catalog.`);
  return key;
}

/** Reads messages now, so that they can still be shown once the extension has gone (see `known`). */
export function keepMessages(...keys: MessageKey[]): void {
  for (const key of keys) t(key);
}

/**
 * `one` when `count` is 1, else `other`; `count` is the first substitution.
 * English and Spanish both have just these two forms (0 takes the plural in
 * both), so every counted phrase is two messages.
 */
export function plural(count: number, one: MessageKey, other: MessageKey, ...more: (string | number)[]): string {
  return t(count === 1 ? one : other, count, ...more);
}

/**
 * The language Backstory's words are shown in, for `lang` and for dates: the
 * browser's interface language when Backstory has a catalog for it (`es-MX`
 * keeps Mexico's conventions), otherwise the catalog the browser fell back to.
 */
export function interfaceLanguage(): string {
  const ui = api()?.getUILanguage() ?? '';
  return hasCatalogFor(ui) ? ui : t('language');
}

/**
 * The direction of Backstory's words. The browser's `@@bidi_dir` follows its
 * interface language, which is right only when Backstory has a catalog for
 * that language; the fallback catalog, English, runs left to right.
 */
export function interfaceDirection(): 'ltr' | 'rtl' {
  return hasCatalogFor(api()?.getUILanguage() ?? '') && t('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
}

/** Whether the catalog in use is the one for `language` (its `language` message names it). */
function hasCatalogFor(language: string): boolean {
  return language.split('-')[0]!.toLowerCase() === t('language');
}

/** Gives an extension page its language, direction and title. */
export function localizeDocument(doc: Document, title: string): void {
  doc.documentElement.lang = interfaceLanguage();
  doc.documentElement.dir = interfaceDirection();
  doc.title = title;
}
