import { describe, expect, it } from 'vitest';
import { PageMatcher, prepareDictionary } from '../../utils/matcher/page-matcher';
import { dictionaryEntriesFor, pageDictionaryFor } from '../../utils/sets/dictionary';
import { siteKey } from '../../utils/sites/news-sites';

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
        { text: 'Oakland County', entityId: null, caseSensitive: false },
        { text: 'Oakland University', entityId: null, caseSensitive: false },
        { text: 'ICE', entityId: 'news/ice', caseSensitive: true },
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
