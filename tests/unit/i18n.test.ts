/**
 * Backstory's own words: the English and Spanish catalogs agree with each
 * other and with the code, and `t` puts the browser's answer on screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { interfaceDirection, interfaceLanguage, plural, t } from '../../utils/i18n';

const ROOT = join(import.meta.dirname, '..', '..');

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
type Catalog = Record<string, Message>;

const LANGUAGES = ['en', 'es'] as const;
const catalogs = Object.fromEntries(
  LANGUAGES.map((language) => [language, JSON.parse(readFileSync(join(ROOT, 'public', '_locales', language, 'messages.json'), 'utf8')) as Catalog]),
) as Record<(typeof LANGUAGES)[number], Catalog>;

/** Every .ts and .tsx file that ships in the extension. */
function sourceFiles(): { path: string; text: string }[] {
  return ['components', 'entrypoints', 'utils'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file))
      .map((file) => join(ROOT, folder, file))
      .map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') })),
  );
}

/** The message keys the code names: `t('key', …)` and `plural(n, 'one', 'other', …)`. */
function keysInCode(): Map<string, string> {
  const used = new Map<string, string>();
  for (const { path, text } of sourceFiles()) {
    for (const [, key] of text.matchAll(/\bt\(\s*'([^']+)'/g)) used.set(key!, path);
    for (const [, one, other] of text.matchAll(/\bplural\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*'([^']+)',\s*'([^']+)'/g)) {
      used.set(one!, path);
      used.set(other!, path);
    }
  }
  return used;
}

/** Placeholders a message uses (`$NAME$`), lower case as the browsers match them. */
const placeholdersIn = (text: string) => [...text.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map(([, name]) => name!.toLowerCase());

describe('the message catalogs', () => {
  it('have the same keys in English and Spanish', () => {
    expect(Object.keys(catalogs.es).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it('give every message a description for translators', () => {
    for (const language of LANGUAGES) {
      for (const [key, entry] of Object.entries(catalogs[language])) {
        expect(entry.description?.trim(), `${language}/${key}`).toBeTruthy();
        expect(entry.message.trim(), `${language}/${key}`).toBeTruthy();
      }
    }
  });

  it('declare the same placeholders in both languages, numbered in order, and use only declared ones', () => {
    for (const [key, en] of Object.entries(catalogs.en)) {
      const es = catalogs.es[key]!;
      expect(es.placeholders ?? {}, key).toEqual(
        Object.fromEntries(Object.entries(en.placeholders ?? {}).map(([name, { content }]) => [name, expect.objectContaining({ content })])),
      );
      const declared = Object.keys(en.placeholders ?? {});
      expect(
        declared.map((name) => en.placeholders![name]!.content),
        key,
      ).toEqual(declared.map((_, i) => `$${i + 1}`));
      for (const entry of [en, es]) {
        for (const name of placeholdersIn(entry.message)) expect(declared, `${key}: $${name}$`).toContain(name);
        // A lone "$" would be read as the start of a placeholder.
        expect(entry.message.replace(/\$[A-Za-z0-9_@]+\$/g, ''), key).not.toContain('$');
      }
    }
  });

  it('translate every message into Spanish (a brand name and a word both languages share aside)', () => {
    const same = Object.keys(catalogs.en).filter((key) => catalogs.en[key]!.message === catalogs.es[key]!.message);
    expect(same.sort()).toEqual(['chart_total', 'extension_name']);
  });

  it('say which language each catalog is', () => {
    for (const language of LANGUAGES) expect(catalogs[language].language?.message).toBe(language);
  });
});

describe('the code and the catalogs', () => {
  const used = keysInCode();

  it('finds the messages the code uses (the scan itself works)', () => {
    expect(used.get('panel_title')).toBe(join('components', 'PagePanel.tsx'));
    expect(used.get('announce_entities_other')).toBe(join('utils', 'annotator', 'annotator.ts'));
    expect(used.size).toBeGreaterThan(80);
  });

  it('names only messages both catalogs have', () => {
    for (const [key, path] of used) {
      if (key.startsWith('@@')) continue; // defined by the browser for every extension
      for (const language of LANGUAGES) expect(catalogs[language], `${key} (used in ${path}) in ${language}`).toHaveProperty([key]);
    }
  });

  it('names every message by a literal key, so that this scan sees them all', () => {
    // (utils/i18n.ts itself passes keys on.)
    for (const { path, text } of sourceFiles().filter(({ path }) => path !== join('utils', 'i18n.ts'))) {
      expect([...text.matchAll(/\bt\((?!\s*')/g)].map(([call]) => call), path).toEqual([]);
      expect([...text.matchAll(/\bplural\((?![^,()]+(?:\([^()]*\))?[^,()]*,\s*'[^']+',\s*'[^']+')/g)].map(([call]) => call), path).toEqual([]);
    }
  });

  it('uses every message of the catalogs, in the code or the manifest', () => {
    const manifest = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    const inManifest = [...manifest.matchAll(/__MSG_(\w+)__/g)].map(([, key]) => key!);
    expect(inManifest.sort()).toEqual(['command_on_this_page', 'extension_description', 'extension_name']);
    const unused = Object.keys(catalogs.en).filter((key) => !used.has(key) && !inManifest.includes(key));
    expect(unused).toEqual([]);
  });
});

/**
 * The browser's `i18n` as Chromium and Firefox implement it, on one catalog:
 * named placeholders filled from `$1`…, an unknown key answered with ''.
 */
function fakeI18n(language: 'en' | 'es', uiLanguage: string, bidiDir = 'ltr') {
  const catalog = catalogs[language];
  return {
    getUILanguage: () => uiLanguage,
    getMessage(key: string, substitutions: string[] = []): string {
      if (key === '@@bidi_dir') return bidiDir;
      const entry = catalog[key];
      if (!entry) return '';
      return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name: string) => {
        const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
        return content.replace(/\$(\d)/g, (__, n: string) => substitutions[Number(n) - 1] ?? '');
      });
    },
  };
}

describe('t', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('fills the placeholders, in either language', () => {
    vi.stubGlobal('chrome', { i18n: fakeI18n('en', 'en-US') });
    expect(t('announce_mention', 'Oakland, California', 2, 5)).toBe('Oakland, California: mention 2 of 5');
    vi.stubGlobal('chrome', { i18n: fakeI18n('es', 'es-419') });
    expect(t('announce_mention', 'Oakland, California', 2, 5)).toBe('Oakland, California: mención 2 de 5');
    expect(t('card_since')).toBe('Desde este artículo');
  });

  it('prefers the `browser` global where there is one (Firefox)', () => {
    vi.stubGlobal('chrome', { i18n: fakeI18n('en', 'en-US') });
    vi.stubGlobal('browser', { i18n: fakeI18n('es', 'es-ES') });
    expect(t('close')).toBe('Cerrar');
  });

  it('picks one or other by the count, 0 taking the plural as in both languages', () => {
    vi.stubGlobal('chrome', { i18n: fakeI18n('es', 'es-MX') });
    expect(plural(1, 'entities_one', 'entities_other')).toBe('1 entidad');
    expect(plural(0, 'entities_one', 'entities_other')).toBe('0 entidades');
    expect(plural(15, 'announce_entities_one', 'announce_entities_other')).toBe('15 entidades en esta página');
    vi.stubGlobal('chrome', { i18n: fakeI18n('en', 'en-US') });
    expect(t('popup_count', plural(12, 'mentions_one', 'mentions_other'), plural(1, 'entities_one', 'entities_other'))).toBe(
      '12 mentions of 1 entity on this page.',
    );
  });

  it('shows a missing key as itself and says so on the console', () => {
    vi.stubGlobal('chrome', { i18n: fakeI18n('en', 'en-US') });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(t('no_such_message' as never)).toBe('no_such_message');
    expect(warn).toHaveBeenCalledWith('Backstory: no message "no_such_message" in the catalog.');
  });

  it('names the interface language and direction from the catalog the browser chose', () => {
    vi.stubGlobal('chrome', { i18n: fakeI18n('es', 'es-MX') });
    expect([interfaceLanguage(), interfaceDirection()]).toEqual(['es-MX', 'ltr']);
    // No catalog for French: the browser falls back to English, and so does `lang`.
    vi.stubGlobal('chrome', { i18n: fakeI18n('en', 'fr-FR') });
    expect(interfaceLanguage()).toBe('en');
    // An Arabic browser's `@@bidi_dir` is rtl, but the English it falls back to is not.
    vi.stubGlobal('chrome', { i18n: fakeI18n('en', 'ar', 'rtl') });
    expect([interfaceLanguage(), interfaceDirection()]).toEqual(['en', 'ltr']);
  });
});

describe('keepMessages', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('keeps what it read for when the extension has gone and the catalog answers nothing', async () => {
    // A module of its own, with nothing read yet.
    vi.resetModules();
    const i18n = await import('../../utils/i18n');
    vi.stubGlobal('chrome', { i18n: fakeI18n('es', 'es-ES') });
    i18n.keepMessages('card_updated');
    const gone = () => {
      throw new Error('Extension context invalidated.');
    };
    vi.stubGlobal('chrome', { i18n: { getMessage: gone, getUILanguage: gone } });
    expect(i18n.t('card_updated')).toBe('Backstory se actualizó. Es necesario recargar la página para volver a ver sus fichas.');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(i18n.t('reload_page')).toBe('reload_page');
    expect(warn).toHaveBeenCalledOnce();
  });
});
