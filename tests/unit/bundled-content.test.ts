/**
 * The bundled sets as a reader meets them: every entity of the fact dossier
 * covered, every fact sourced and dated, and each disambiguation rule doing
 * what it is there for (checked with the real matcher on the real sets).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PageMatcher, prepareDictionary } from '../../utils/matcher/page-matcher';
import type { AnnotationSet } from '../../utils/model/set-schema';
import { setWarnings } from '../../utils/model/set-warnings';
import { BUNDLED_SET_FILES } from '../../utils/sets/bundled';
import { pageDictionaryFor } from '../../utils/sets/dictionary';

const SETS_DIR = join(import.meta.dirname, '..', '..', 'public', 'sets');
const sets = BUNDLED_SET_FILES.map((file) => JSON.parse(readFileSync(join(SETS_DIR, file), 'utf8')) as AnnotationSet);
const entities = sets.flatMap((set) => set.entities.map((entity) => ({ ...entity, setId: set.id })));
const matcher = () => new PageMatcher<null>(prepareDictionary(pageDictionaryFor(entities)));

/** What the bundled sets mark in `text`, read as one page: `[text, set/entity]` in order. */
function marks(text: string): [string, string][] {
  return matcher()
    .process(null, text)
    .map(({ mention }) => [text.slice(mention.start, mention.end), mention.entityId] as [string, string])
    .sort();
}
const marked = (text: string) => marks(text).map(([words]) => words);

describe('the bundled sets', () => {
  it('are split the way a researcher switches them', () => {
    expect(sets.map((set) => [set.id, set.entities.length])).toEqual([
      ['oakland-civic', 10],
      ['federal-immigration', 7],
      ['california-law', 1],
      ['bay-area-news', 2],
    ]);
  });

  it('cover every entity of the fact dossier', () => {
    const keys = entities.map((entity) => `${entity.setId}/${entity.id}`);
    for (const key of [
      'oakland-civic/oakland',
      'oakland-civic/oakland-police-department',
      'oakland-civic/oakland-city-council',
      'oakland-civic/libby-schaaf',
      'oakland-civic/anne-kirkpatrick',
      'oakland-civic/rebecca-kaplan',
      'oakland-civic/desley-brooks',
      'oakland-civic/privacy-advisory-commission',
      'oakland-civic/sanctuary-policy',
      'oakland-civic/west-oakland-operation-2017',
      'federal-immigration/ice',
      'federal-immigration/hsi',
      'federal-immigration/ero',
      'federal-immigration/dhs',
      'federal-immigration/section-287g',
      'federal-immigration/immigration-detainer',
      'federal-immigration/human-trafficking-law',
      'california-law/sb-54',
      'bay-area-news/east-bay-express',
      'bay-area-news/ktvu',
    ]) {
      expect(keys, key).toContain(key);
    }
  });

  it.each(sets.map((set) => [set.id, set] as const))('%s: every fact cites an https source and has a date or an “as of”', (_id, set) => {
    for (const entity of set.entities) {
      const sources = new Map(entity.sources.map((source) => [source.id, source]));
      for (const fact of entity.facts) {
        const where = `${entity.id}: ${fact.text.slice(0, 60)}`;
        expect(fact.date ?? fact.asOf, where).toBeDefined();
        expect(fact.sources.some((id) => sources.get(id)?.url.startsWith('https://')), where).toBe(true);
      }
    }
  });

  it.each(sets.map((set) => [set.id, set] as const))('%s: every source is cited, and the validator has nothing to warn of', (_id, set) => {
    for (const entity of set.entities) {
      const cited = new Set(entity.facts.flatMap((fact) => fact.sources));
      for (const source of entity.sources) expect(cited.has(source.id), `${entity.id}: ${source.id}`).toBe(true);
    }
    expect(setWarnings(set)).toEqual([]);
  });

  it('never name a private individual from the article', () => {
    const text = JSON.stringify(sets);
    expect(text).not.toContain('Santos');
    expect(text).not.toContain('de Leon');
  });

  it('keep no alias in two sets (a shared phrase would make one card of two entities)', () => {
    const seen = new Map<string, string>();
    for (const entity of entities) {
      for (const alias of entity.aliases) {
        const key = alias.caseSensitive ? alias.text : alias.text.toLowerCase();
        expect(seen.get(key) ?? entity.setId, alias.text).toBe(entity.setId);
        seen.set(key, entity.setId);
      }
    }
  });
});

describe('disambiguation', () => {
  const CALIFORNIA = 'Oakland, California, in the Bay Area.';
  const IMMIGRATION = 'The immigration case went on.';

  it('Oakland, California, never inside Oakland County, Oakland University, the Athletics, the A’s or the Oakland Press', () => {
    const text = `${CALIFORNIA} Oakland County deputies, Oakland University, the Oakland Athletics, the Oakland A's and the Oakland Press.`;
    expect(marks(text).filter(([, key]) => key === 'oakland-civic/oakland')).toEqual([['Oakland', 'oakland-civic/oakland']]);
  });

  it('Oakland only on a page with California context', () => {
    expect(marked('Oakland prosecutors in Pontiac, Michigan, said so.')).toEqual([]);
    expect(marked('Oakland prosecutors said so. Later that day in Berkeley, they agreed.')).toEqual(['Oakland']);
  });

  it('ICE the agency, never ice, Ice storms, ice-cold, NICE, Dice or DICE', () => {
    const text = `${IMMIGRATION} Ice storms and ice-cold rain; NICE guidance; Dice and DICE games; ICE agents came.`;
    expect(marks(text)).toEqual([['ICE', 'federal-immigration/ice']]);
  });

  it('ICE only where immigration is the subject, and never as the Intercontinental Exchange', () => {
    expect(marked('Shares of ICE rose as ICE Futures U.S. and ICE Brent traded higher.')).toEqual([]);
    expect(marked(`${IMMIGRATION} Intercontinental Exchange (ICE) data; ICE Brent fell.`)).toEqual([]);
    expect(marked(`${IMMIGRATION} ICE detained two men.`)).toEqual(['ICE']);
  });

  it('ICE STORM WARNING in capitals is weather', () => {
    expect(marked(`${IMMIGRATION} ICE STORM WARNING in effect.`)).toEqual([]);
  });

  it('a surname alone only after the full name', () => {
    const text = 'Schaaf spoke first. Later Mayor Libby Schaaf of Oakland, California, spoke; Schaaf left.';
    expect(marks(text).filter(([, key]) => key === 'oakland-civic/libby-schaaf').map(([words]) => words)).toEqual(['Libby Schaaf', 'Schaaf']);
    expect(marked('Garth Brooks and Kaplan test prep, near Kirkpatrick Field, in Oakland, California.')).toEqual(['Oakland']);
  });

  it('OPD only where Oakland context holds', () => {
    expect(marked('OPD officers in Orlando responded.')).toEqual([]);
    expect(marked('OPD officers responded, the Oakland Police Department said.')).toEqual(['OPD', 'Oakland Police Department']);
  });

  it('DHS and HSI only where immigration is the subject', () => {
    expect(marked('The Michigan DHS office and HSI (Hispanic-Serving Institution) grants.')).toEqual([]);
    expect(marked(`${IMMIGRATION} DHS and HSI agents.`)).toEqual(['DHS', 'HSI']);
  });

  it('SB 54 only where California is the subject', () => {
    expect(marked('Texas lawmakers passed SB 54 on school funding.')).toEqual([]);
    expect(marked('In Sacramento, SB 54 passed.')).toEqual(['SB 54']);
  });

  it('the sanctuary policy and the city council only with Oakland context', () => {
    expect(marked('Seattle, a sanctuary city, and its city council.')).toEqual([]);
    expect(marked('Oakland, California, a sanctuary city: the city council agreed.')).toEqual(['Oakland', 'city council', 'sanctuary city']);
  });
});
