/**
 * The layering DESIGN.md sets out, checked on the source: imports point down,
 * the content script never reaches the database, the matcher stays pure.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(IMPORT)].map((match) => (match[1] ?? match[2])!);
}

function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(ROOT, from)} imports ${specifier}, which does not resolve.`);
}

/** Every file reachable from `entry`, and every package any of them imports. */
function closure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of importsOf(file)) {
      const local = resolveLocal(file, specifier);
      if (local) visit(local);
      else packages.add(specifier);
    }
  };
  visit(join(ROOT, entry));
  return { files: [...files].map((file) => relative(ROOT, file)), packages: [...packages] };
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => join(ROOT, folder, name));
}

describe('layering', () => {
  it('keeps the content script away from the database', () => {
    const { files, packages } = closure('entrypoints/content/index.ts');
    expect(files.filter((file) => file.startsWith('utils/db/'))).toEqual([]);
    expect(packages).not.toContain('dexie');
    // The walk really follows imports: it reaches the matcher and the DOM layer.
    expect(files).toEqual(expect.arrayContaining(['utils/matcher/matcher.ts', 'utils/dom/mentions.ts']));
  });

  it('keeps the card’s user interface out of the content script every news page loads', () => {
    // Preact, the placement library and the card arrive with card.js, on the first card opened.
    const { files, packages } = closure('entrypoints/content/index.ts');
    expect(packages.filter((name) => /^(preact|@floating-ui)/.test(name))).toEqual([]);
    expect(files).not.toContain('components/CardLayer.tsx');
    expect(closure('entrypoints/card.ts').packages).toEqual(expect.arrayContaining(['preact', '@floating-ui/dom']));
  });

  it('keeps the matcher pure: no imports from outside it, no DOM or browser globals', () => {
    for (const file of sourceFiles('utils/matcher')) {
      for (const specifier of importsOf(file)) expect(specifier, relative(ROOT, file)).toMatch(/^\.\/[\w-]+$/);
      expect(readFileSync(file, 'utf8'), relative(ROOT, file)).not.toMatch(/\b(document|window|browser|chrome)\./);
    }
  });

  it('never writes HTML: no innerHTML, outerHTML, insertAdjacentHTML or dangerouslySetInnerHTML anywhere', () => {
    // Set text is untrusted; Preact renders it as text. docs/publishing.md relies on this for web-ext lint's warnings.
    const writers = [...sourceFiles('utils'), ...sourceFiles('entrypoints'), ...sourceFiles('components')].filter((file) =>
      /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write)\b/.test(readFileSync(file, 'utf8')),
    );
    expect(writers.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('lets only utils/db know Dexie', () => {
    const outside = [...sourceFiles('utils'), ...sourceFiles('entrypoints'), ...sourceFiles('components')].filter(
      (file) => !relative(ROOT, file).startsWith('utils/db/') && importsOf(file).includes('dexie'),
    );
    expect(outside.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('keeps the model free of everything but its schema library', () => {
    for (const file of sourceFiles('utils/model')) {
      const external = importsOf(file).filter((s) => !s.startsWith('.'));
      expect(external.every((s) => s === 'valibot' || s === '@valibot/to-json-schema'), relative(ROOT, file)).toBe(true);
    }
  });
});
