/**
 * Sets come from anywhere. Each hostile one is refused with a message that
 * says what and where, or — where text is only odd, not dangerous — accepted
 * as plain text (the card renders it as text: see the end-to-end suite).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../utils/model/limits';
import { COMMON_ENGLISH_WORDS } from '../../utils/model/common-words';
import { validateAnnotationSet, validateSetText, type SetValidation } from '../../utils/model/validate-set';

const GOOD = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sets', 'good.json'), 'utf8'));
const good = () => structuredClone(GOOD);
const errorsOf = (result: SetValidation) => (result.ok ? [] : result.errors.map((error) => `${error.path}: ${error.message}`));

const MARKUP = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

describe('hostile sets', () => {
  it('accepts markup in every text field as text: nothing in a set is HTML', () => {
    const set = good();
    set.title = set.description = MARKUP;
    set.publisher.name = MARKUP;
    const entity = set.entities[0];
    entity.label = entity.summary = MARKUP;
    entity.aliases.push({ text: '<b>Oakland</b>' });
    entity.facts[0].text = MARKUP;
    Object.assign(entity.sources[0], { title: MARKUP, publisher: MARKUP });
    const result = validateAnnotationSet(set);
    expect(errorsOf(result)).toEqual([]);
    // Kept exactly as written, to be shown as the same characters.
    expect(result.ok && result.set.entities[0]!.summary).toBe(MARKUP);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['file:', 'file:///etc/passwd'],
    ['protocol-relative', '//evil.example/x'],
  ])('refuses a %s link wherever a set gives one', (_kind, url) => {
    for (const place of ['source', 'homepage', 'publisher'] as const) {
      const set = good();
      if (place === 'source') set.entities[0].sources[0].url = url;
      if (place === 'homepage') set.homepage = url;
      if (place === 'publisher') set.publisher.url = url;
      expect(errorsOf(validateAnnotationSet(set)).join('\n')).toContain('A URL must start with https:// or http://');
    }
  });

  it('refuses 100,000 entities, saying the most a set may hold', () => {
    const set = good();
    set.entities = Array.from({ length: 100_000 }, (_, i) => ({ ...GOOD.entities[0], id: `e${i}` }));
    const errors = errorsOf(validateAnnotationSet(set));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(new RegExp(`^\\$\\.entities: .*${LIMITS.entities}`, 'm'));
    // Building and validating 100,000 entities takes 2-7 s on the shared machine: Vitest's 5 s default is a clock, not the behaviour.
  }, 60_000);

  it('counts the entities before checking any: 100,000 empty ones make one error, not 100,000', () => {
    const set = good();
    set.entities = Array.from({ length: 100_000 }, () => ({}));
    expect(errorsOf(validateAnnotationSet(set))).toEqual([`$.entities: A set has at most ${LIMITS.entities} entities.`]);
  });

  it('refuses a 50 MB file before reading it', () => {
    const bytes = 50 * 1024 * 1024;
    expect(errorsOf(validateSetText('{}', bytes))).toEqual(['$: The file is 50.0 MB; an annotation set is at most 5.0 MB.']);
  });

  it('refuses deeply nested JSON with a message, not a crash', () => {
    const depth = 200_000;
    const text = `{"formatVersion":1,"id":"deep","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const errors = errorsOf(validateSetText(text, text.length));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^\$/);
  });

  it('refuses duplicate entity ids', () => {
    const set = good();
    set.entities.push(structuredClone(set.entities[0]));
    expect(errorsOf(validateAnnotationSet(set))).toContain('$.entities[1].id: The entity id "oakland" is used twice.');
  });

  it.each(['O', 'é', '-', '“”', 'A.', ' x ', 'A\u02bc', '\u02bcA'])('refuses the alias %j, which has fewer than two letters or digits', (text) => {
    const set = good();
    set.entities[0].aliases = [{ text, caseSensitive: true }];
    expect(errorsOf(validateAnnotationSet(set)).join('\n')).toContain('has fewer than two letters or digits');
  });

  it('refuses an alias for every common English word that ignores case, naming each', () => {
    const set = good();
    const words = [...COMMON_ENGLISH_WORDS].filter((word) => word.length > 1).slice(0, LIMITS.aliasesPerEntity);
    set.entities[0].aliases = words.map((text) => ({ text }));
    const errors = errorsOf(validateAnnotationSet(set));
    expect(errors).toHaveLength(words.length);
    expect(errors[0]).toContain('is a common English word and this alias ignores case');
    // Written case-sensitively ("Will" the name), the same words are the author's call.
    set.entities[0].aliases = [{ text: 'Will', caseSensitive: true }];
    expect(errorsOf(validateAnnotationSet(set))).toEqual([]);
  });

  it('refuses text past its limits, and anything that is not a set at all', () => {
    const set = good();
    set.entities[0].summary = 'x'.repeat(LIMITS.summary + 1);
    expect(errorsOf(validateAnnotationSet(set)).join('\n')).toContain('$.entities[0].summary');
    for (const input of [null, 42, 'set', [], { formatVersion: 1 }]) expect(validateAnnotationSet(input).ok).toBe(false);
  });
});
