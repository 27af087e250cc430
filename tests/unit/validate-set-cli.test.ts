/**
 * `npm run validate-set`, run as a set author runs it: a real process over
 * real files, judged by its exit code and what it prints.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../utils/model/set-schema';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'sets');
const scratch = mkdtempSync(join(tmpdir(), 'backstory-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validate(...files: string[]): { code: number | null; out: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), join(ROOT, 'scripts', 'validate-set.ts'), ...files], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('npm run validate-set', () => {
  it('accepts a valid set: exit 0, and says what it read', () => {
    const { code, out } = validate(join(FIXTURES, 'good.json'));
    expect(code).toBe(0);
    expect(out).toContain('good.json: valid (example-good 1.0.0, 1 entity).');
  });

  it('lists every warning with its JSON path, and still exits 0', () => {
    const { code, out } = validate(join(FIXTURES, 'warnings.json'));
    expect(code).toBe(0);
    expect(out).toContain('warning $.entities[0].facts[0]: This fact has neither a date nor an "as of" date');
    expect(out).toContain('warning $.entities[0].sources[1]: No fact cites the source "s2".');
    expect(out).toContain('warning $.entities[1].aliases[0]: The alias "ICE" also names entity "ice" ($.entities[0].aliases[0])');
    expect(out).toContain('valid (example-warnings 1.0.0, 2 entities), 3 warnings.');
  });

  it('reports every error of an invalid set with its path and a sentence: exit 1', () => {
    const { code, out } = validate(join(FIXTURES, 'invalid.json'));
    expect(code).toBe(1);
    expect(out).toContain('error $.id: An id uses only a-z, 0-9');
    expect(out).toContain('error $.entities[0].sources[0].url: A URL must start with https:// or http:// and be written in ASCII (percent-encoded).');
    expect(out).toContain('invalid.json: invalid,');
  });

  it('reads a file that starts with a byte-order mark, as the extension does', () => {
    const file = join(scratch, 'bom.json');
    writeFileSync(file, `\uFEFF${readFileSync(join(FIXTURES, 'good.json'), 'utf8')}`);
    expect(validate(file)).toMatchObject({ code: 0, out: expect.stringContaining('bom.json: valid') });
  });

  it('says where a file stops being JSON: exit 1', () => {
    const { code, out } = validate(join(FIXTURES, 'not-json.json'));
    expect(code).toBe(1);
    expect(out).toMatch(/not-json\.json: error \$: This is not JSON: .+/);
  });

  it('refuses a file over the size limit without reading it: exit 1', () => {
    const huge = join(scratch, 'huge.json');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, LIMITS.fileBytes + 1);
    closeSync(fd);
    const { code, out } = validate(huge);
    expect(code).toBe(1);
    expect(out).toContain('huge.json: error $: The file is 5.0 MB; an annotation set is at most 5.0 MB.');
  });

  it('exits 2 for a file it cannot read, and checks the other files all the same', () => {
    const { code, out } = validate(join(scratch, 'missing.json'), join(FIXTURES, 'invalid.json'), FIXTURES);
    expect(code).toBe(2);
    expect(out).toContain('missing.json: cannot be read (no such file).');
    expect(out).toContain('invalid.json: invalid,');
    expect(out).toContain(`${FIXTURES}: cannot be read (not a file).`);
  });

  it('passes the bundled sets (their warnings are listed, not fatal)', () => {
    expect(validate(join(ROOT, 'public', 'sets', 'federal-immigration.json')).code).toBe(0);
  });
});
