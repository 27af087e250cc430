import { describe, expect, it } from 'vitest';
import type { AnnotationSet, Entity } from '../../utils/model/set-schema';
import { setWarnings } from '../../utils/model/set-warnings';

const source = { id: 's1', title: 'A source', publisher: 'A publisher', url: 'https://example.org/a' };
const entity = (id: string, aliases: Entity['aliases'], rest: Partial<Entity> = {}): Entity => ({
  id,
  label: id,
  kind: 'organization',
  aliases,
  summary: 'A summary.',
  facts: [{ text: 'A fact.', date: '2017', sources: ['s1'] }],
  sources: [source],
  ...rest,
});
const set = (...entities: Entity[]): AnnotationSet => ({
  formatVersion: 1,
  id: 'test',
  version: '1.0.0',
  title: 'Test',
  description: 'Test.',
  language: 'en',
  license: 'CC0-1.0',
  publisher: { name: 'Tests' },
  updated: '2026-11-27',
  entities,
});
const paths = (s: AnnotationSet) => setWarnings(s).map((w) => w.path);

describe('setWarnings', () => {
  it('finds nothing to say about a clean set', () => {
    expect(setWarnings(set(entity('ice', [{ text: 'ICE', caseSensitive: true }]), entity('hsi', [{ text: 'HSI', caseSensitive: true }])))).toEqual([]);
  });

  it('warns when two entities answer to one name, folding case, spaces and quotes', () => {
    const warnings = setWarnings(set(entity('a', [{ text: 'Oakland’s Mayor' }]), entity('b', [{ text: "oakland's  mayor" }])));
    expect(warnings).toEqual([{ path: '$.entities[1].aliases[0]', message: expect.stringContaining('also names entity "a" ($.entities[0].aliases[0])') }]);
    // Case-sensitive aliases written differently never meet.
    expect(paths(set(entity('a', [{ text: 'ICE', caseSensitive: true }]), entity('b', [{ text: 'Ice', caseSensitive: true }])))).toEqual([]);
    // One entity may list a name twice (a set may spell it both ways on purpose).
    expect(paths(set(entity('a', [{ text: 'HSI', caseSensitive: true }, { text: 'hsi' }])))).toEqual([]);
  });

  it('warns of a source no fact cites and a fact with neither date nor "as of"', () => {
    const extra = { ...source, id: 's2' };
    expect(paths(set(entity('a', [{ text: 'Alpha' }], { sources: [source, extra] })))).toEqual(['$.entities[0].sources[1]']);
    expect(paths(set(entity('a', [{ text: 'Alpha' }], { facts: [{ text: 'Undated.', sources: ['s1'] }] })))).toEqual(['$.entities[0].facts[0]']);
    expect(paths(set(entity('a', [{ text: 'Alpha' }], { facts: [{ text: 'Checked.', asOf: '2026-11', sources: ['s1'] }] })))).toEqual([]);
  });
});
