import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredEntity, StoredSet } from '../../utils/db/database';
import { cardFor, isAfter } from '../../utils/sets/card';

const set = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'sets', 'oakland-civic.json'), 'utf8'));
const stored = { ...set, enabled: true, origin: 'bundled', installedAt: 0 } as StoredSet;
const entityOf = (id: string, extra: object = {}) =>
  ({ ...set.entities.find((e: { id: string }) => e.id === id), setId: set.id, position: 0, ...extra }) as StoredEntity;
const whens = (facts: { date?: string; asOf?: string }[]) => facts.map((fact) => fact.date ?? fact.asOf ?? '—');

describe('the card’s facts in time', () => {
  it('are one list, oldest first, when the page gives no date', () => {
    const council = entityOf('oakland-city-council');
    const shuffled = { ...council, facts: [...council.facts].reverse() };
    const card = cardFor(shuffled, stored);
    expect(whens(card.facts)).toEqual(['2016-11', '2017-07-18', '2018-01-16', '2018-05-15']);
    expect(card.later).toEqual([]);
  });

  it('separate what a reader knew when the article appeared from what came since', () => {
    // The seed article is from December 2017: the January 2018 vote and the 2020 dismissal came later.
    const kirkpatrick = cardFor(entityOf('anne-kirkpatrick'), stored, '2017-12-06');
    expect(whens(kirkpatrick.facts)).toEqual(['2017-02-27', '2017-08']);
    expect(whens(kirkpatrick.later)).toEqual(['2020-02-20']);
    const council = cardFor(entityOf('oakland-city-council'), stored, '2017-12-06');
    expect(whens(council.facts)).toEqual(['2016-11', '2017-07-18']);
    expect(whens(council.later)).toEqual(['2018-01-16', '2018-05-15']);
  });

  it('keep undated facts in the background and count an “as of” figure by its date', () => {
    const oakland = entityOf('oakland', {
      facts: [
        { text: 'Undated.', sources: ['wikipedia-oakland'] },
        { text: 'Counted in 2020.', asOf: '2020', sources: ['wikipedia-oakland'] },
      ],
    });
    const card = cardFor(oakland, stored, '2017-12-06');
    expect(card.facts.map((f) => f.text)).toEqual(['Undated.']);
    expect(card.later.map((f) => f.text)).toEqual(['Counted in 2020.']);
  });

  it('compare dates at the fact’s own precision', () => {
    expect(isAfter({ text: '', date: '2017-12', sources: [] }, '2017-12-06')).toBe(false);
    expect(isAfter({ text: '', date: '2017', sources: [] }, '2017-12-06')).toBe(false);
    expect(isAfter({ text: '', date: '2017-12-07', sources: [] }, '2017-12-06')).toBe(true);
    expect(isAfter({ text: '', date: '2018', sources: [] }, '2017-12-06')).toBe(true);
    expect(isAfter({ text: '', sources: [] }, '2017-12-06')).toBe(false);
  });
});
