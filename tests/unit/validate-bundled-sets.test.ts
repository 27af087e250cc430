import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateBundledSets } from '../../scripts/lib/validate-bundled-sets';

const GOOD = join(import.meta.dirname, '..', '..', 'public', 'sets', 'federal-immigration.json');
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'backstory-sets-'));
  copyFileSync(GOOD, join(folder, 'good.json'));
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('the build-time check of bundled sets', () => {
  it('passes a folder of valid sets', () => {
    expect(() => validateBundledSets(folder)).not.toThrow();
  });

  it('names the file and the JSON path of each error', () => {
    writeFileSync(join(folder, 'bad.json'), JSON.stringify({ formatVersion: 1, id: 'Bad Id!' }));
    expect(() => validateBundledSets(folder)).toThrow(/bad\.json is not a valid annotation set:\n\$\.id: An id uses only/);
  });

  it('names a file that is not JSON', () => {
    writeFileSync(join(folder, 'broken.json'), '{ "formatVersion": 1,');
    expect(() => validateBundledSets(folder)).toThrow(/broken\.json is not valid JSON/);
  });
});
