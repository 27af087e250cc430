/**
 * A large dictionary reaches a page as its first-word table alone; the
 * aliases of the first words a pass meets are looked up in the background,
 * once per pass. What a page marks must not change.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generatedDictionary, random } from '../../bench/generate';
import { matchRuns, type Batch } from '../../utils/annotator/scan';
import { forgetPageDictionaryMemory, deliveredPageDictionary, lookupAliases } from '../../utils/background/page-dictionary';
import { BackstoryDatabase } from '../../utils/db/database';
import { installSet, setSetEnabled } from '../../utils/db/store';
import { HASH_MASK, hashWord } from '../../utils/matcher/fold';
import {
  ANY_NEXT,
  LAZY_THRESHOLD,
  MAX_KEYS_PER_WORD,
  NO_SPACE,
  SPACE_THEN_OTHER,
  aliasGroupsFor,
  deliveredForm,
  isLazy,
  type AliasLookup,
  type CompiledDictionary,
  type WordAsked,
} from '../../utils/matcher/compile';
import type { AliasLookupFunction, DictionaryEntry } from '../../utils/matcher/matcher';
import {
  PageMatcher,
  compilePageDictionary,
  prepareDictionary,
  type DeliveredPageDictionary,
  type PageDictionary,
  type Requirement,
} from '../../utils/matcher/page-matcher';
import { parseEnvelope } from '../../utils/messaging/channel';
import { PROTOCOL_TAG, backgroundRequests } from '../../utils/messaging/protocol';
import type { AnnotationSet } from '../../utils/model/set-schema';
import { validateAnnotationSet } from '../../utils/model/validate-set';

const generated = generatedDictionary(6_000);
/** The rules that read more than one word: exclusions, full name first, context, case. */
const ruled: DictionaryEntry[] = [
  { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
  { text: 'Oakland County', entityId: null, caseSensitive: false },
  { text: 'Libby Schaaf', entityId: 'schaaf', caseSensitive: false },
  { text: 'Schaaf', entityId: 'schaaf', caseSensitive: false, requiresFullNameFirst: true },
  { text: 'ICE', entityId: 'ice', caseSensitive: true },
  { text: `${generated[0]!.text} Oakland`, entityId: 'longer', caseSensitive: false },
  { text: 'Alpha Beta', entityId: 'alpha-beta', caseSensitive: false },
  { text: 'Beta Gamma', entityId: 'beta-gamma', caseSensitive: false },
  { text: 'Gamma', entityId: 'gamma', caseSensitive: false },
  // What follows a first word, as a lookup asks by it: no space, a space
  // then no word, a second word with case, diacritics, an astral letter.
  { text: 'U.S. Immigration', entityId: 'us-immigration', caseSensitive: false },
  { text: 'U.S.', entityId: 'us', caseSensitive: false },
  { text: 'Schaaf (mayor)', entityId: 'schaaf-mayor', caseSensitive: false },
  { text: 'ICE Director', entityId: 'ice-director', caseSensitive: true },
  { text: 'Alpha Ñandú', entityId: 'alpha-nandu', caseSensitive: false },
  { text: 'Alpha 𝒜bc Delta', entityId: 'alpha-abc', caseSensitive: false },
  // U+02BC is a letter that pages set as an apostrophe: it ends a word there, as `'` does.
  { text: "Beto O'Rourke", entityId: 'orourke', caseSensitive: false },
  { text: "Gamma 'Delta'", entityId: 'gamma-delta', caseSensitive: false },
];
const requirements: Requirement[] = [{ entityId: 'oakland', anyOf: ['California', 'Bay Area'] }];
const whole = compilePageDictionary([...generated, ...ruled], requirements);
const lazy = (dictionary: PageDictionary, version = 'v1'): DeliveredPageDictionary => ({
  ...dictionary,
  aliases: deliveredForm(dictionary.aliases, version),
});

/** The background's side, through JSON as the browsers' messaging carries it; counts the requests. */
function background(dictionary: CompiledDictionary, version = 'v1') {
  const requests: WordAsked[][] = [];
  const lookup: AliasLookupFunction = async (request) => {
    const sent = JSON.parse(JSON.stringify(request)) as Parameters<AliasLookupFunction>[0];
    requests.push(sent.words);
    if (sent.version !== version) throw new Error('the annotation sets changed');
    const answer: AliasLookup = { version, groups: aliasGroupsFor(dictionary, sent.words) };
    return JSON.parse(JSON.stringify(answer)) as AliasLookup;
  };
  return { lookup, requests };
}

/** Pages of blocks: common words, the generated names, and the ruled names, some runs longer than a window. */
function page(seed: number, blocks: number): string[] {
  const next = random(seed);
  const words = ['the', 'of', 'mayor', 'said', 'in', 'California', 'Oakland', 'County', 'Libby', 'Schaaf', 'ICE', 'ice', 'Bay', 'Area', "Schaaf's",
    'U.S.', 'U.S', 'Immigration', '(mayor)', 'Director', 'director', 'Alpha', 'Beta', 'Gamma', 'Ñandú', 'ÑANDÚ', 'ñandúes', '𝒜bc', '𝒜BC', 'Delta',
    'Beto', "O'Rourke", 'O\u02bcRourke', 'O\u2019Rourke', "'Delta'", '\u02bcDelta\u02bc'];
  const names = [...generated.slice(0, 400).map((e) => e.text), generated[0]!.text];
  return Array.from({ length: blocks }, () => {
    const length = next() < 0.1 ? 4_000 : 5 + Math.floor(next() * 60);
    const out: string[] = [];
    for (let i = 0; i < length; i++) {
      const pick = next();
      out.push(pick < 0.05 ? names[Math.floor(next() * names.length)]! : words[Math.floor(next() * words.length)]!);
    }
    return out.join([' ', '\u00a0', '\n', ' \t\u2009'][Math.floor(next() * 4)]!);
  });
}

interface Run {
  text: string;
  index: number;
}

async function marks(matcher: PageMatcher<Batch<Run>>, blocks: string[]): Promise<string[]> {
  const found: string[] = [];
  await matchRuns(
    blocks.map((text, index) => ({ text, index })),
    matcher,
    (run, mention) => found.push(`${run.index}@${mention.start}-${mention.end}:${mention.entityId}`),
    { signal: new AbortController().signal, sliceMs: Infinity },
  );
  return found;
}

describe('a large dictionary delivered lazily', () => {
  it('is delivered as its first-word table past the threshold, and the bundled-size one whole', () => {
    const delivered = lazy(whole);
    expect(isLazy(delivered.aliases)).toBe(true);
    expect(JSON.stringify(delivered).length).toBeLessThan(JSON.stringify(whole).length / 5);
    const small = compilePageDictionary(ruled, requirements);
    expect(JSON.stringify(small.aliases).length).toBeLessThan(LAZY_THRESHOLD);
    expect(isLazy(lazy(small).aliases)).toBe(false);
  });

  it('marks exactly what the whole dictionary marks, with one lookup for the pass', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const blocks = page(seed, 120);
      const expected = await marks(new PageMatcher(prepareDictionary(whole)), blocks);
      const { lookup, requests } = background(whole.aliases);
      const got = await marks(new PageMatcher(prepareDictionary(lazy(whole), lookup)), blocks);
      expect(expected.length).toBeGreaterThan(100);
      expect(got).toEqual(expected);
      expect(requests).toHaveLength(1);
    }
  });

  it('marks what the whole dictionary marks where a first word is asked for with what followed it', async () => {
    // Short pages, so no first word meets more than MAX_KEYS_PER_WORD different words and is asked for whole.
    // Each a page of its own, so that no other occurrence of its first word brings the aliases it needs.
    const pages = [
      "Beto O'Rourke",
      'Beto O\u02bcRourke',
      'Beto\u00a0O\u2019Rourke',
      "Gamma 'Delta'",
      'Gamma \u02bcDelta\u02bc',
      'Gamma\n\u2018Delta\u2019',
      'U.S. Immigration',
      'U.S.\tImmigration',
      'U.S',
      'Schaaf\u2009(mayor)',
      'ICE Director',
      'ICE director',
      'Alpha \u00d1and\u00fa',
      'ALPHA \u00d1AND\u00da',
      'Alpha \u00f1and\u00faes',
      'Alpha \ud835\udc9cbc Delta',
      'Alpha \ud835\udc9cBC\u3000Delta',
    ];
    let marked = 0;
    for (const text of pages) {
      const { lookup, requests } = background(whole.aliases);
      const expected = await marks(new PageMatcher(prepareDictionary(whole)), [text]);
      marked += expected.length;
      expect(await marks(new PageMatcher(prepareDictionary(lazy(whole), lookup)), [text]), text).toEqual(expected);
      expect(requests.flat().some((word) => word.includes(ANY_NEXT))).toBe(false);
    }
    expect(marked).toBeGreaterThanOrEqual(14);
  });

  it('keeps what it looked up for later passes (a page that changes), and asks only for new words', async () => {
    const { lookup, requests } = background(whole.aliases);
    const prepared = prepareDictionary(lazy(whole), lookup);
    const blocks = page(5, 40);
    const first = await marks(new PageMatcher(prepareDictionary(whole)), blocks);
    expect(await marks(new PageMatcher(prepared), blocks)).toEqual(first);
    expect(await marks(new PageMatcher(prepared), blocks)).toEqual(first);
    expect(requests).toHaveLength(1);
    const newName = generated[5_000]!.text;
    const again = await marks(new PageMatcher(prepared), [`A word on ${newName} today.`]);
    expect(again).toHaveLength(1);
    expect(requests).toHaveLength(2);
    const firstWord = newName.split(' ')[0]!;
    expect(requests[1]!.map(([hash]) => hash)).toContain(hashWord(firstWord.toLowerCase(), 0, firstWord.length));
    // Nothing asked twice: a first word asked again was met before a new word,
    // and is asked with what it was asked before too, so the answer replaces the old.
    const before = new Map(requests[0]!.map(([hash, ...keys]) => [hash, keys]));
    for (const [hash, ...keys] of requests[1]!) {
      const old = before.get(hash) ?? [];
      expect(keys).toEqual(expect.arrayContaining(old));
      expect(keys.length).toBeGreaterThan(old.length);
    }
  });

  it('asks for all the aliases of a first word met before too many different words', async () => {
    const { lookup, requests } = background(whole.aliases);
    const name = generated.find((entry) => entry.text.includes(' '))!.text;
    const [firstWord] = name.split(' ');
    const others = generated.slice(100, 100 + MAX_KEYS_PER_WORD + 10).map((entry) => entry.text);
    const blocks = [...others.map((other) => `${firstWord} ${other}.`), `Then ${name} spoke.`];
    const expected = await marks(new PageMatcher(prepareDictionary(whole)), blocks);
    expect(await marks(new PageMatcher(prepareDictionary(lazy(whole), lookup)), blocks)).toEqual(expected);
    expect(expected.some((mark) => mark.startsWith(`${blocks.length - 1}@5-`))).toBe(true);
    const hash = hashWord(firstWord!.toLowerCase(), 0, firstWord!.length);
    expect(requests.flat().filter(([asked]) => asked === hash)).toEqual([[hash, ANY_NEXT]]);
  });

  it('splits a lookup of more than 4,096 first words between requests', async () => {
    const many = compilePageDictionary(
      Array.from({ length: 5_000 }, (_, i) => ({ text: `Zeta${i} Omega`, entityId: `zeta-${i}`, caseSensitive: false })),
      [],
    );
    const { lookup, requests } = background(many.aliases);
    const blocks = Array.from({ length: 50 }, (_, block) => Array.from({ length: 100 }, (_, i) => `Zeta${block * 100 + i} ${i % 3 ? 'Omega' : 'said'}`).join(', '));
    const expected = await marks(new PageMatcher(prepareDictionary(many)), blocks);
    expect(expected.length).toBe(3_300);
    expect(await marks(new PageMatcher(prepareDictionary(lazy(many), lookup)), blocks)).toEqual(expected);
    expect(requests.map((words) => words.length)).toEqual([4_096, 904]);
  });

  it('notes every word while it waits, even inside what the aliases it has would match', async () => {
    const { lookup, requests } = background(whole.aliases);
    const prepared = prepareDictionary(lazy(whole), lookup);
    expect(await marks(new PageMatcher(prepared), ['Beta'])).toEqual([]);
    // "Alpha" must be looked up; "Beta Gamma" would match with what the page
    // has, yet "Alpha Beta" wins, and then "Gamma" must be known too.
    const blocks = ['Alpha Beta Gamma'];
    const expected = await marks(new PageMatcher(prepareDictionary(whole)), blocks);
    expect(expected).toEqual(['0@0-10:alpha-beta', '0@11-16:gamma']);
    expect(await marks(new PageMatcher(prepared), blocks)).toEqual(expected);
    expect(requests).toHaveLength(2);
  });

  it('carries on without the names when a lookup fails, and asks again on the next pass', async () => {
    const { lookup: working, requests } = background(whole.aliases);
    let fail = true;
    const lookup: AliasLookupFunction = (request) => (fail ? Promise.resolve(null) : working(request));
    const prepared = prepareDictionary(lazy(whole), lookup);
    const blocks = [`Libby Schaaf, mayor of Oakland, California, met ${generated[1]!.text}.`, 'Schaaf said so.'];
    expect(await marks(new PageMatcher(prepared), blocks)).toEqual([]);
    fail = false;
    const expected = await marks(new PageMatcher(prepareDictionary(whole)), blocks);
    expect(expected.length).toBe(4);
    expect(await marks(new PageMatcher(prepared), blocks)).toEqual(expected);
    expect(requests).toHaveLength(1);
  });

  it('takes nothing from an answer for another dictionary', async () => {
    const other = compilePageDictionary(
      ruled.map((entry) => ({ ...entry, entityId: entry.entityId && `other-${entry.entityId}` })).concat(generated),
      [],
    );
    const { lookup } = background(other.aliases, 'v2');
    const liar: AliasLookupFunction = async (request) => ({ ...(await lookup({ ...request, version: 'v2' }))!, version: 'v2' });
    const prepared = prepareDictionary(lazy(whole, 'v1'), liar);
    expect(await marks(new PageMatcher(prepared), ['Libby Schaaf in Oakland'])).toEqual([]);
  });

  describe('what a mention read before the lookup’s pause is checked for', () => {
    // Oakland and ICE in the first run; the lookup is asked for there, and
    // the second run is read while it waits. Both runs are matched after it.
    const blocks = ['California: Libby Schaaf in Oakland, with ICE.', 'Then Libby Schaaf again.'];
    const arrivals = async (changes?: (lookups: number) => number) => {
      const { lookup } = background(whole.aliases);
      let lookups = 0;
      const counted: AliasLookupFunction = (request) => {
        lookups += 1;
        return lookup(request);
      };
      const found: string[] = [];
      await matchRuns(
        blocks.map((text, index) => ({ text, index })),
        new PageMatcher<Batch<Run>>(prepareDictionary(lazy(whole), counted)),
        (run, mention, arrival) => found.push(`${run.index}:${blocks[run.index]!.slice(mention.start, mention.end)}:${arrival}`),
        { signal: new AbortController().signal, sliceMs: Infinity, ...(changes ? { changes: () => changes(lookups) } : {}) },
      );
      return found;
    };

    it('is trusted as read when the page changed nothing while the lookup ran', async () => {
      expect(await arrivals(() => 7)).toEqual([
        '0:Libby Schaaf:fresh',
        '0:Oakland:fresh',
        '0:ICE:fresh',
        '1:Libby Schaaf:fresh',
      ]);
    });

    it('is checked against the page when the page changed while the lookup ran, or when nobody counts the changes', async () => {
      const checked = ['0:Libby Schaaf:earlier', '0:Oakland:earlier', '0:ICE:earlier', '1:Libby Schaaf:earlier'];
      // One change made while the lookup was out.
      expect(await arrivals((lookups) => (lookups === 0 ? 3 : 4))).toEqual(checked);
      expect(await arrivals()).toEqual(checked);
    });
  });

  it('stops when the pass is called off while it waits for the lookup', async () => {
    const { lookup } = background(whole.aliases);
    const controller = new AbortController();
    const slow: AliasLookupFunction = async (request) => {
      controller.abort();
      return lookup(request);
    };
    const found: string[] = [];
    await matchRuns([{ text: 'Libby Schaaf' }], new PageMatcher(prepareDictionary(lazy(whole), slow)), (_, m) => found.push(m.entityId), {
      signal: controller.signal,
    });
    expect(found).toEqual([]);
  });
});

describe('matchRuns, slice by slice: what a mention read before a pause is checked for', () => {
  it('checks only the runs whose reading began before the page changed', async () => {
    // A slice of no time: the pass yields after every run. The walk may
    // read a run's first node while the run before it is handed over, so a
    // run's reading counts from the slice before the one it is read in.
    const blocks = Array.from({ length: 6 }, (_, i) => `Run ${i}: ICE agents.`);
    let asked = 0;
    const found: string[] = [];
    await matchRuns(
      blocks.map((text, index) => ({ text, index })),
      new PageMatcher<Batch<Run>>(prepareDictionary(whole)),
      (run, _mention, arrival) => found.push(`${run.index}:${arrival}`),
      // Asked once as the pass begins and once as each slice begins: the page changes before slice 3.
      { signal: new AbortController().signal, sliceMs: 0, changes: () => (++asked > 3 ? 1 : 0) },
    );
    expect(found).toEqual(['0:fresh', '1:fresh', '2:fresh', '3:earlier', '4:fresh', '5:fresh']);
  });
});

describe('lookupAliases, the message', () => {
  const envelope = (payload: unknown) => ({ protocol: PROTOCOL_TAG, type: 'lookupAliases', payload });
  it('accepts a version and up to 4,096 first words met, each with what followed it', () => {
    const words = [[0, 12], [12, SPACE_THEN_OTHER, NO_SPACE, 7], [HASH_MASK, NO_SPACE], [7, HASH_MASK], [8, ANY_NEXT]];
    expect(parseEnvelope(backgroundRequests, envelope({ version: 'v1', words }))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope({ version: 'v1', words: Array.from({ length: 4_096 }, (_, i) => [i, i]) }))).not.toBeNull();
    const keys = Array.from({ length: MAX_KEYS_PER_WORD }, (_, i) => i);
    expect(parseEnvelope(backgroundRequests, envelope({ version: 'v1', words: [[1, ...keys]] }))).not.toBeNull();
  });
  it.each([
    ['no words', { version: 'v1', words: [] }],
    ['too many words', { version: 'v1', words: Array.from({ length: 4_097 }, (_, i) => [i, 0]) }],
    ['too many keys for a word', { version: 'v1', words: [[1, ...Array.from({ length: MAX_KEYS_PER_WORD + 1 }, (_, i) => i)]] }],
    ['a hash past the hash range', { version: 'v1', words: [[HASH_MASK + 1, 0]] }],
    ['a negative hash', { version: 'v1', words: [[-1, 0]] }],
    ['a fractional hash', { version: 'v1', words: [[1.5, 0]] }],
    ['a hash as text', { version: 'v1', words: [['12', 0]] }],
    ['a key of what followed past the hash range', { version: 'v1', words: [[1, HASH_MASK + 1]] }],
    ['an unknown negative key', { version: 'v1', words: [[1, 2, -4]] }],
    ['a fractional key', { version: 'v1', words: [[1, 0.5]] }],
    ['a word without what followed it', { version: 'v1', words: [[1]] }],
    ['a bare hash', { version: 'v1', words: [1] }],
    ['the former shape', { version: 'v1', hashes: [1] }],
    ['no version', { words: [[1, 0]] }],
    ['a version past its limit', { version: 'v'.repeat(65), words: [[1, 0]] }],
    ['an extra field', { version: 'v1', words: [[1, 0]], hashes: [1] }],
  ])('refuses %s', (_, payload) => {
    expect(parseEnvelope(backgroundRequests, envelope(payload))).toBeNull();
  });
});

describe('the answer to a lookup', () => {
  const dictionary = compilePageDictionary(
    [
      { text: 'Alpha', entityId: 'alpha', caseSensitive: false },
      { text: 'Alpha Beta', entityId: 'alpha-beta', caseSensitive: false },
      { text: 'Alpha Beta Gamma', entityId: 'alpha-beta-gamma', caseSensitive: false },
      { text: 'Alpha Gamma', entityId: 'alpha-gamma', caseSensitive: false },
      { text: 'ALPHA Ñandú', entityId: 'alpha-nandu', caseSensitive: true },
      { text: 'Alpha.Net', entityId: 'alpha-net', caseSensitive: false },
      { text: 'Alpha (band)', entityId: 'alpha-band', caseSensitive: false },
      { text: 'Alpha County', entityId: null, caseSensitive: false },
    ],
    [],
  ).aliases;
  const alpha = hashWord('alpha', 0, 5);
  const hash = (word: string) => hashWord(word, 0, word.length);
  const answer = (next: number) => {
    const [group, ...more] = aliasGroupsFor(dictionary, [[alpha, next]]);
    expect(more).toEqual([]);
    expect(group!.hash).toBe(alpha);
    return group!.entityIds;
  };

  it('holds only the aliases that could match where the word was met, longest first, and the word alone', () => {
    expect(answer(hash('beta'))).toEqual(['alpha-beta-gamma', 'alpha-beta', 'alpha']);
    expect(answer(hash('gamma'))).toEqual(['alpha-gamma', 'alpha']);
    // A case-sensitive alias is asked for by its words lower-cased, as the page hashes them.
    expect(answer(hash('ñandú'))).toEqual(['alpha-nandu', 'alpha']);
    expect(answer(hash('county'))).toEqual([null, 'alpha']);
    expect(answer(NO_SPACE)).toEqual(['alpha-net', 'alpha']);
    expect(answer(SPACE_THEN_OTHER)).toEqual(['alpha-band', 'alpha']);
    expect(answer(hash('delta'))).toEqual(['alpha']);
    // A second word that ends at an apostrophe is asked for as the page reads it, up to the apostrophe (any of them, U+02BC too).
    const quoted = compilePageDictionary([{ text: "Alpha O'Neil", entityId: 'oneil', caseSensitive: false }], []).aliases;
    expect(aliasGroupsFor(quoted, [[alpha, hash('o')]])[0]!.entityIds).toEqual(['oneil']);
    expect(aliasGroupsFor(quoted, [[alpha, hash('zeta')]])[0]!.entityIds).toEqual([]);
    // Asked for all: the whole first word's aliases, longest first, an exclusion before an entity of its length.
    expect(answer(ANY_NEXT)).toEqual(['alpha-beta-gamma', null, 'alpha-band', 'alpha-gamma', 'alpha-nandu', 'alpha-beta', 'alpha-net', 'alpha']);
  });

  it('answers once for each first word, with what could match after any key asked, and nothing for a word that starts no alias', () => {
    const groups = aliasGroupsFor(dictionary, [[alpha, hash('beta')], [alpha, hash('beta')], [hash('omega'), NO_SPACE], [alpha, NO_SPACE, hash('beta')]]);
    expect(groups.map((g) => g.hash)).toEqual([alpha]);
    expect(groups[0]!.entityIds).toEqual(['alpha-beta-gamma', 'alpha-beta', 'alpha-net', 'alpha']);
  });
});

describe('the background’s lookup', () => {
  let db: BackstoryDatabase;
  let counter = 0;
  beforeEach(async () => {
    db = new BackstoryDatabase(`backstory-lazy-test-${++counter}`);
    await db.open();
    forgetPageDictionaryMemory();
  });
  afterEach(async () => {
    await db.delete();
  });

  /** A set large enough to be delivered lazily: the bundled set's first entity, 1,500 times over. */
  function largeSet(): AnnotationSet {
    const file = join(import.meta.dirname, '..', '..', 'public', 'sets', 'federal-immigration.json');
    const result = validateAnnotationSet(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.ok) throw new Error('The bundled set is invalid.');
    const base = result.set.entities[0]!;
    const entities = generated.slice(0, 1_500).map((entry, i) => ({
      ...base,
      id: `generated-entity-${i}`,
      aliases: [{ text: entry.text }],
      context: undefined,
    }));
    return { ...result.set, id: 'large', entities };
  }

  it('answers from the database after the worker was stopped, and refuses another dictionary’s version', async () => {
    await installSet(db, largeSet(), 'file');
    const delivered = await deliveredPageDictionary(db);
    expect(isLazy(delivered.aliases)).toBe(true);
    const version = (delivered.aliases as { version: string }).version;
    const name = generated[7]!.text.toLowerCase();
    const [firstWord, secondWord] = name.split(' ') as [string, string | undefined];
    const hash = hashWord(firstWord, 0, firstWord.length);
    const next = secondWord === undefined ? NO_SPACE : hashWord(secondWord, 0, secondWord.length);

    // A stopped worker: nothing in memory, the answer comes from Dexie.
    forgetPageDictionaryMemory();
    const spy = vi.spyOn(db.cache, 'get');
    const answer = await lookupAliases(db, version, [[hash, next], [hash, next], [12_345, NO_SPACE]]);
    expect(spy).toHaveBeenCalled();
    expect(answer.version).toBe(version);
    expect(answer.groups.map((g) => g.hash)).toEqual([hash]);
    expect(answer.groups[0]!.entityIds).toContain(`large/generated-entity-7`);

    await expect(lookupAliases(db, 'another', [[hash, next]])).rejects.toThrow(/sets changed/);
    // The sets change: the version the page holds is refused.
    await setSetEnabled(db, 'large', false);
    await expect(lookupAliases(db, version, [[hash, next]])).rejects.toThrow(/sets changed/);
  });
});
