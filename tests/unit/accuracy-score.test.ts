import { describe, expect, it } from 'vitest';
import { precision, recall, scoreCorpus, scorePage } from '../../scripts/lib/accuracy-score';

const ice = (text = 'ICE') => ({ entity: 'federal-immigration/ice', text });
const oakland = { entity: 'oakland-civic/oakland', text: 'Oakland' };

describe('scoring marks against labels', () => {
  it('compares a page as multisets of (entity, text)', () => {
    const score = scorePage('a.html', [ice(), ice(), oakland], [ice(), ice(), ice()]);
    expect(score).toMatchObject({ expected: 3, found: 3, tp: 2, fp: 1, fn: 1 });
    expect(score.falsePositives).toEqual([{ ...ice(), count: 1 }]);
    expect(score.misses).toEqual([{ ...oakland, count: 1 }]);
  });

  it('counts the same text under another entity as one miss and one false positive', () => {
    const score = scorePage('a.html', [ice()], [{ entity: 'other-set/ice', text: 'ICE' }]);
    expect(score).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });

  it('micro-averages over pages and sums per entity', () => {
    const corpus = scoreCorpus([
      { page: 'b.html', expected: [ice(), oakland], found: [ice(), oakland, oakland] },
      { page: 'a.html', expected: [ice('U.S. Immigration and Customs Enforcement')], found: [] },
    ]);
    expect(corpus.pages.map((p) => p.page)).toEqual(['a.html', 'b.html']);
    expect(corpus.overall).toEqual({ expected: 3, found: 3, tp: 2, fp: 1, fn: 1 });
    expect(corpus.entities).toEqual([
      { entity: 'federal-immigration/ice', expected: 2, found: 1, tp: 1, fp: 0, fn: 1 },
      { entity: 'oakland-civic/oakland', expected: 1, found: 2, tp: 1, fp: 1, fn: 0 },
    ]);
    expect(precision(corpus.overall)).toBeCloseTo(2 / 3);
    expect(recall(corpus.overall)).toBeCloseTo(2 / 3);
  });

  it('has no precision without marks and no recall without labels', () => {
    const none = scorePage('a.html', [], []);
    expect(precision(none)).toBeNull();
    expect(recall(none)).toBeNull();
  });
});
