import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { BUNDLED_SET_FILES } from '../../utils/sets/bundled';
import { buildJsonSchema } from '../../utils/model/json-schema';
import { validateAnnotationSet } from '../../utils/model/validate-set';

const ROOT = join(import.meta.dirname, '..', '..');
const SETS_DIR = join(ROOT, 'public', 'sets');
const SCHEMA_FILE = join(ROOT, 'schema', 'annotation-set.schema.json');

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
/** A valid set to break in the tests below. */
const bundled = readJson(join(SETS_DIR, 'federal-immigration.json')) as Record<string, any>;
const copy = (): Record<string, any> => structuredClone(bundled);

describe('bundled annotation sets', () => {
  const files = readdirSync(SETS_DIR).filter((name) => name.endsWith('.json'));

  it('are exactly the files the background loads', () => {
    expect([...files].sort()).toEqual([...BUNDLED_SET_FILES].sort());
  });

  it.each(files)('%s passes the runtime validator', (file) => {
    const result = validateAnnotationSet(readJson(join(SETS_DIR, file)));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each(files)('%s passes the published JSON Schema', (file) => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(readJson(SCHEMA_FILE) as object);
    expect(validate(readJson(join(SETS_DIR, file))) ? [] : validate.errors).toEqual([]);
  });
});

describe('the published JSON Schema', () => {
  it('is generated from the runtime schema (run `npm run schema` after changing it)', () => {
    expect(readJson(SCHEMA_FILE)).toEqual(buildJsonSchema());
  });
});

describe('validateAnnotationSet', () => {
  it('names the place of each error', () => {
    const set = copy();
    set.entities[1].facts[0].sources = [];
    set.entities[0].sources[0].url = 'javascript:alert(1)';
    delete set.title;
    const result = validateAnnotationSet(set);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['$.title', '$.entities[1].facts[0].sources', '$.entities[0].sources[0].url']),
    );
  });

  it('refuses links that are not http(s)', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://example.org/']) {
      const set = copy();
      set.entities[0].sources[0].url = url;
      expect(validateAnnotationSet(set).ok, url).toBe(false);
    }
  });

  it('reads a homepage, a subscription address and interval, and Wikidata ids', () => {
    const set = copy();
    Object.assign(set, { homepage: 'https://example.org/', updateUrl: 'https://example.org/set.json', updateIntervalHours: 24 });
    set.entities[0].externalIds = { wikidata: 'Q17042' };
    const result = validateAnnotationSet(set);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each([
    ['an update URL over plain http', { updateUrl: 'http://example.org/set.json' }, '$.updateUrl', 'An update URL must start with https:// and be written in ASCII (percent-encoded).'],
    ['a source URL not percent-encoded (the JSON Schema’s “uri” refuses it too)', { homepage: 'https://example.org/18-u-s-c-§-1590/' }, '$.homepage', 'A URL must start with https:// or http:// and be written in ASCII (percent-encoded).'],
    ['an update interval of no hours', { updateIntervalHours: 0 }, '$.updateIntervalHours', 'An update interval is at least 1 hour.'],
    ['an update interval past 30 days', { updateIntervalHours: 721 }, '$.updateIntervalHours', 'An update interval is at most 720 hours (30 days).'],
    ['a fractional update interval', { updateIntervalHours: 1.5 }, '$.updateIntervalHours', 'An update interval is a whole number of hours.'],
    ['a homepage that is a script', { homepage: 'javascript:alert(1)' }, '$.homepage', 'A URL must start with https:// or http:// and be written in ASCII (percent-encoded).'],
  ])('refuses %s', (_what, fields, path, message) => {
    const result = validateAnnotationSet({ ...copy(), ...fields });
    expect(result.ok ? [] : result.errors).toContainEqual({ path, message });
  });

  it('refuses a Wikidata id that is not one', () => {
    for (const wikidata of ['17042', 'Q', 'Q0', 'q17042', 'Q17042 ']) {
      const set = copy();
      set.entities[0].externalIds = { wikidata };
      expect(validateAnnotationSet(set), wikidata).toMatchObject({ ok: false, errors: [{ path: '$.entities[0].externalIds.wikidata' }] });
    }
  });

  it('refuses a fact that cites a source the entity does not list', () => {
    const set = copy();
    set.entities[0].facts[0].sources = ['no-such-source'];
    const result = validateAnnotationSet(set);
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: '$.entities[0].facts[0].sources[0]',
        message: 'The fact cites source "no-such-source", which this entity does not list.',
      },
    ]);
  });

  it('refuses duplicate entity ids', () => {
    const set = copy();
    set.entities[1].id = set.entities[0].id;
    const result = validateAnnotationSet(set);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$.entities[1].id']);
  });

  it('refuses ids outside the safe alphabet', () => {
    const set = copy();
    set.entities[2].id = '<script>';
    const result = validateAnnotationSet(set);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$.entities[2].id']);
  });

  it('refuses unknown fields, so a typo is not silently ignored', () => {
    const set = copy();
    set.entities[0].sumary = 'typo';
    expect(validateAnnotationSet(set).ok).toBe(false);
  });

  it('refuses a newer format with a message that says to update', () => {
    const result = validateAnnotationSet({ ...copy(), formatVersion: 2 });
    expect(result.ok ? '' : result.errors[0]!.message).toMatch(/format version 2.*Update Backstory/);
  });

  it('refuses text past its length limit', () => {
    const set = copy();
    set.entities[0].summary = 'x'.repeat(5_000);
    const result = validateAnnotationSet(set);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$.entities[0].summary']);
  });

  it('refuses an entity whose every alias waits for a full name that cannot come', () => {
    const set = copy();
    set.entities[0].aliases = [{ text: 'Oakland', requiresFullNameFirst: true }];
    const result = validateAnnotationSet(set);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$.entities[0].aliases']);
  });

  it('refuses input that is not an object at all', () => {
    for (const input of [null, 42, 'set', []]) expect(validateAnnotationSet(input).ok).toBe(false);
  });
});
