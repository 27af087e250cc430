import { describe, expect, it } from 'vitest';
import { Matcher } from '../../utils/matcher/matcher';
import { dictionaryFor } from '../../utils/sets/dictionary';
import { siteKey } from '../../utils/sites/news-sites';

describe('dictionaryFor', () => {
  const entities = [
    {
      id: 'oakland',
      aliases: [{ text: 'Oakland' }],
      context: { exclude: ['Oakland County', 'Oakland University'] },
    },
    { id: 'ice', aliases: [{ text: 'ICE', caseSensitive: true }] },
  ];

  it('turns aliases into entries and exclusions into entries that name no entity', () => {
    expect(dictionaryFor(entities)).toEqual({
      entries: [
        { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
        { text: 'Oakland County', entityId: null, caseSensitive: false },
        { text: 'Oakland University', entityId: null, caseSensitive: false },
        { text: 'ICE', entityId: 'ice', caseSensitive: true },
      ],
      requirements: [],
    });
  });

  it('gives a matcher that skips excluded phrases', () => {
    const matcher = new Matcher(dictionaryFor(entities).entries);
    const text = 'Oakland University is in Oakland County, Michigan; ICE is not in ice.';
    expect(matcher.findMentions(text).map((m) => text.slice(m.start, m.end))).toEqual(['ICE']);
  });
});

describe('dictionaryFor with page-level rules', () => {
  it('carries short names and required context through', () => {
    const dictionary = dictionaryFor([
      {
        id: 'schaaf',
        aliases: [{ text: 'Libby Schaaf' }, { text: 'Schaaf', requiresFullNameFirst: true }],
        context: { requireAny: ['Oakland', 'Bay Area'] },
      },
    ]);
    expect(dictionary).toEqual({
      entries: [
        { text: 'Libby Schaaf', entityId: 'schaaf', caseSensitive: false },
        { text: 'Schaaf', entityId: 'schaaf', caseSensitive: false, requiresFullNameFirst: true },
      ],
      requirements: [{ entityId: 'schaaf', anyOf: ['Oakland', 'Bay Area'] }],
    });
  });
});

describe('siteKey', () => {
  it('shares one switch between a site and its www host', () => {
    expect(siteKey('www.KTVU.com')).toBe('ktvu.com');
    expect(siteKey('ktvu.com')).toBe('ktvu.com');
    expect(siteKey('news.ktvu.com')).toBe('news.ktvu.com');
  });
});
