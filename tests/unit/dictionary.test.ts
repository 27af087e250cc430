import { describe, expect, it } from 'vitest';
import { PageMatcher, prepareDictionary } from '../../utils/matcher/page-matcher';
import { dictionaryEntriesFor, pageDictionaryFor } from '../../utils/sets/dictionary';
import { siteKey } from '../../utils/sites/site-names';

const entities = [
  {
    setId: 'news',
    id: 'oakland',
    aliases: [{ text: 'Oakland' }],
    context: { exclude: ['Oakland County', 'Oakland University'] },
  },
  { setId: 'news', id: 'ice', aliases: [{ text: 'ICE', caseSensitive: true }] },
];

describe('dictionaryEntriesFor', () => {

  it('turns aliases into entries and exclusions into entries that name no entity', () => {
    expect(dictionaryEntriesFor(entities)).toEqual({
      entries: [
        { text: 'Oakland', entityId: 'news/oakland', caseSensitive: false },
        { text: 'ICE', entityId: 'news/ice', caseSensitive: true },
        { text: 'Oakland County', entityId: null, caseSensitive: false },
        { text: 'Oakland University', entityId: null, caseSensitive: false },
      ],
      requirements: [],
    });
  });

  it('gives a matcher that skips excluded phrases', () => {
    const matcher = new PageMatcher<null>(prepareDictionary(pageDictionaryFor(entities)));
    const text = 'Oakland University is in Oakland County, Michigan; ICE is not in ice.';
    expect(matcher.process(null, text).map(({ mention }) => text.slice(mention.start, mention.end))).toEqual(['ICE']);
  });
});

describe('dictionaryEntriesFor with page-level rules', () => {
  it('carries short names and required context through', () => {
    const dictionary = dictionaryEntriesFor([
      {
        setId: 'news',
        id: 'schaaf',
        aliases: [{ text: 'Libby Schaaf' }, { text: 'Schaaf', requiresFullNameFirst: true }],
        context: { requireAny: ['Oakland', 'Bay Area'] },
      },
    ]);
    expect(dictionary).toEqual({
      entries: [
        { text: 'Libby Schaaf', entityId: 'news/schaaf', caseSensitive: false },
        { text: 'Schaaf', entityId: 'news/schaaf', caseSensitive: false, requiresFullNameFirst: true },
      ],
      requirements: [{ entityId: 'news/schaaf', anyOf: ['Oakland', 'Bay Area'] }],
    });
  });
});

describe('entities of two sets', () => {
  it('are told apart even when both sets use one entity id', () => {
    const matcher = new PageMatcher<null>(
      prepareDictionary(
        pageDictionaryFor([
          { setId: 'city', id: 'oakland', aliases: [{ text: 'Oakland City Hall' }] },
          { setId: 'sports', id: 'oakland', aliases: [{ text: 'Oakland Athletics' }] },
        ]),
      ),
    );
    expect(matcher.process(null, 'Oakland Athletics left; Oakland City Hall stayed.').map((f) => f.mention.entityId)).toEqual([
      'sports/oakland',
      'city/oakland',
    ]);
  });
});

describe('one phrase that entities of two sets share', () => {
  const found = (list: Parameters<typeof pageDictionaryFor>[0], text: string) =>
    new PageMatcher<null>(prepareDictionary(pageDictionaryFor(list)))
      .process(null, text)
      .map(({ mention }) => [text.slice(mention.start, mention.end), mention.entityId]);

  it('is one mention that names both, in the order the sets come', () => {
    const list = [
      { setId: 'news', id: 'ice', aliases: [{ text: 'ICE', caseSensitive: true }, { text: 'Immigration and Customs Enforcement' }] },
      { setId: 'law', id: 'ice-agency', aliases: [{ text: 'ICE', caseSensitive: true }] },
    ];
    expect(found(list, 'ICE agents, said Immigration and Customs Enforcement.')).toEqual([
      ['ICE', 'news/ice law/ice-agency'],
      ['Immigration and Customs Enforcement', 'news/ice'],
    ]);
  });

  it('is shared only when the words, the case rule and the full-name rule are all the same', () => {
    const list = [
      { setId: 'news', id: 'ice', aliases: [{ text: 'ICE', caseSensitive: true }] },
      { setId: 'weather', id: 'ice', aliases: [{ text: 'ice' }] },
    ];
    // Longest first, then the order the sets come: the case-blind alias of the second set takes "ice".
    expect(found(list, 'ICE and ice')).toEqual([
      ['ICE', 'news/ice'],
      ['ice', 'weather/ice'],
    ]);
    // Typographic and spacing differences fold away: these two are one phrase.
    const folded = [
      { setId: 'a', id: 'oakland-pd', aliases: [{ text: 'Oakland Police  Department' }] },
      { setId: 'b', id: 'opd', aliases: [{ text: 'oakland police department' }] },
    ];
    expect(found(folded, 'the Oakland Police Department')).toEqual([['Oakland Police Department', 'a/oakland-pd b/opd']]);
  });

  it('counts a shared short name only after the full name those entities share', () => {
    const schaaf = (setId: string) => ({
      setId,
      id: 'schaaf',
      aliases: [{ text: 'Libby Schaaf' }, { text: 'Schaaf', requiresFullNameFirst: true }],
    });
    expect(found([schaaf('a'), schaaf('b')], 'Schaaf spoke. Libby Schaaf said so; Schaaf left.')).toEqual([
      ['Libby Schaaf', 'a/schaaf b/schaaf'],
      ['Schaaf', 'a/schaaf b/schaaf'],
    ]);
  });

  it('is shared only by entities with the same context rule, which then holds for the phrase', () => {
    const same = dictionaryEntriesFor([
      { setId: 'a', id: 'oakland', aliases: [{ text: 'Oakland' }], context: { requireAny: ['California', 'Bay Area'] } },
      { setId: 'b', id: 'oakland', aliases: [{ text: 'Oakland' }], context: { requireAny: ['bay area', 'California'] } },
    ]);
    expect(new Set(same.entries.map((e) => e.entityId))).toEqual(new Set(['a/oakland b/oakland']));
    expect(same.requirements).toEqual([{ entityId: 'a/oakland b/oakland', anyOf: ['California', 'Bay Area'] }]);
    // Different rules: no sharing. The set listed first takes the phrase, under its own rule.
    const different = [
      { setId: 'a', id: 'ice', aliases: [{ text: 'ICE', caseSensitive: true }], context: { requireAny: ['immigration'] } },
      { setId: 'b', id: 'ice', aliases: [{ text: 'ICE', caseSensitive: true }] },
    ];
    expect(found(different, 'ICE fell.')).toEqual([]);
    expect(found(different, 'ICE, the immigration agency.')).toEqual([['ICE', 'a/ice']]);
  });

  it('counts a shared short name after the full name of any entity it names', () => {
    const list = [
      { setId: 'a', id: 'schaaf', aliases: [{ text: 'Libby Schaaf' }, { text: 'Schaaf', requiresFullNameFirst: true }] },
      { setId: 'b', id: 'schaaf', aliases: [{ text: 'Elizabeth Schaaf' }, { text: 'Schaaf', requiresFullNameFirst: true }] },
    ];
    expect(found(list, 'Libby Schaaf said so; Schaaf left.')).toEqual([
      ['Libby Schaaf', 'a/schaaf'],
      ['Schaaf', 'a/schaaf b/schaaf'],
    ]);
  });
});

describe('pageDictionaryFor', () => {
  it('survives a JSON round trip, as it does through the database and messaging', () => {
    const dictionary = pageDictionaryFor(entities);
    const delivered = JSON.parse(JSON.stringify(dictionary));
    const text = 'ICE in Oakland University';
    const found = (d: typeof dictionary) => new PageMatcher<null>(prepareDictionary(d)).process(null, text).map((f) => f.mention);
    expect(found(delivered)).toEqual(found(dictionary));
    expect(found(delivered)).toHaveLength(1);
  });

  it('treats page words that name Object members as plain words', () => {
    const matcher = new PageMatcher<null>(prepareDictionary(JSON.parse(JSON.stringify(pageDictionaryFor(entities)))));
    expect(matcher.process(null, 'constructor __proto__ toString hasOwnProperty ICE')).toHaveLength(1);
  });
});

describe('siteKey', () => {
  it('shares one switch between a site and its www host', () => {
    expect(siteKey('www.KTVU.com')).toBe('ktvu.com');
    expect(siteKey('ktvu.com')).toBe('ktvu.com');
    expect(siteKey('news.ktvu.com')).toBe('news.ktvu.com');
  });
});
