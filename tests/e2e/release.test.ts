/**
 * What a maintainer ships: the permissions each manifest asks for (against a
 * list committed on purpose), Firefox's lint, and the sources archive Mozilla's
 * reviewers rebuild the package from. Runs after the builds `npm test` makes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/browsers';

const TARGETS = ['chrome-mv3', 'edge-mv3', 'firefox-mv2'] as const;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches: string[] }[];
  web_accessible_resources?: unknown[];
  minimum_chrome_version?: string;
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } } };
}

function manifestOf(target: string): Manifest {
  const path = join(ROOT, '.output', target, 'manifest.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** What a manifest lets the extension reach, in the form release/permissions.json keeps. */
function accessOf(manifest: Manifest) {
  const sorted = (list: string[] | undefined) => [...(list ?? [])].sort();
  return {
    permissions: sorted(manifest.permissions),
    optional_permissions: sorted(manifest.optional_permissions),
    host_permissions: sorted(manifest.host_permissions),
    optional_host_permissions: sorted(manifest.optional_host_permissions),
    content_scripts: sorted([...new Set((manifest.content_scripts ?? []).flatMap((script) => script.matches))]),
    web_accessible_resources: manifest.web_accessible_resources ?? [],
  };
}

/**
 * Runs a command as a maintainer's shell would: without the NODE_ENV=test and
 * VITEST variables this test runs under, which would make Vite build for
 * development (absolute paths, debugging hooks) instead of a release.
 */
function run(command: string, args: string[], cwd = ROOT): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
}

function filesUnder(directory: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) visit(path);
      else files.set(relative(directory, path).split('\\').join('/'), readFileSync(path));
    }
  };
  visit(directory);
  return files;
}

function unzip(path: string): Map<string, Buffer> {
  const entries = unzipSync(readFileSync(path));
  return new Map(Object.entries(entries).filter(([name]) => !name.endsWith('/')).map(([name, data]) => [name, Buffer.from(data)]));
}

describe('release: permissions', () => {
  const committed = JSON.parse(readFileSync(join(ROOT, 'release', 'permissions.json'), 'utf8')) as Record<string, unknown>;

  it.each(TARGETS)('%s asks for exactly what release/permissions.json lists', (target) => {
    // A new permission or host fails here until the list is changed on purpose (and docs/publishing.md says why).
    expect(accessOf(manifestOf(target))).toEqual(committed[target]);
  });

  it.each(TARGETS)('%s requires no <all_urls>, tabs, webRequest or host permission', (target) => {
    const manifest = manifestOf(target);
    const required = [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])];
    for (const forbidden of ['<all_urls>', 'tabs', 'webRequest', 'webRequestBlocking', 'history', 'cookies']) expect(required).not.toContain(forbidden);
    expect(required.filter((permission) => permission.includes('://') || permission.includes('*'))).toEqual([]);
  });

  it('states the minimum browser versions and, for Firefox, that nothing is collected', () => {
    for (const target of ['chrome-mv3', 'edge-mv3']) expect(manifestOf(target).minimum_chrome_version).toBe('111');
    const gecko = manifestOf('firefox-mv2').browser_specific_settings?.gecko;
    expect(gecko?.id).toBeTruthy();
    // The CSS Custom Highlight API, which paints every mark, came in Firefox 140.
    expect(Number.parseFloat(gecko?.strict_min_version ?? '0')).toBeGreaterThanOrEqual(140);
    expect(gecko?.data_collection_permissions?.required).toEqual(['none']);
  });
});

describe('release: Firefox lint', () => {
  it('web-ext lint finds no error, and docs/publishing.md explains every warning', () => {
    const report = JSON.parse(run('npx', ['web-ext', 'lint', '--source-dir', join(ROOT, '.output', 'firefox-mv2'), '--self-hosted=false', '--output', 'json'])) as {
      errors: { code: string }[];
      warnings: { code: string; file: string }[];
    };
    expect(report.errors).toEqual([]);
    const publishing = readFileSync(join(ROOT, 'docs', 'publishing.md'), 'utf8');
    for (const warning of report.warnings) {
      // Chunk names carry a content hash; the doc names the chunk by its stem.
      const file = warning.file.replace(/-[\w-]{8}\.js$/, '-*.js');
      expect(publishing, `${warning.code} in ${warning.file}`).toContain(`| \`${warning.code}\` | \`${file}\` |`);
    }
  }, 120_000);
});

describe('release: the Firefox sources archive', () => {
  it('holds only the allowlisted files, and builds the Firefox package byte for byte', () => {
    run('npx', ['wxt', 'zip', '-b', 'firefox']);
    const packageFiles = unzip(join(ROOT, '.output', `backstory-${VERSION}-firefox.zip`));
    const sources = unzip(join(ROOT, '.output', `backstory-${VERSION}-sources.zip`));

    const names = [...sources.keys()];
    expect(names).toContain('SOURCES.md');
    expect(names).toContain('package-lock.json');
    expect(names.filter((name) => /^(tests|bench|demo|docs|node_modules|\.output|\.git|\.wxt)\//.test(name))).toEqual([]);

    const folder = mkdtempSync(join(tmpdir(), 'backstory-sources-'));
    try {
      for (const [name, data] of sources) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), data);
      }
      // `npm ci` would fetch the same pinned packages; the test lends the installed ones.
      symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
      run('npx', ['wxt', 'build', '-b', 'firefox'], folder);
      const rebuilt = filesUnder(join(folder, '.output', 'firefox-mv2'));
      expect([...rebuilt.keys()].sort()).toEqual([...packageFiles.keys()].sort());
      const differing = [...rebuilt].filter(([name, data]) => !data.equals(packageFiles.get(name)!)).map(([name]) => name);
      expect(differing).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
