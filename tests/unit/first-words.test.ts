import { describe, expect, it } from 'vitest';
import { expectedForm } from '../../utils/matcher/compile';
import { FirstWords } from '../../utils/matcher/first-words';
import { wordUnitsAt } from '../../utils/matcher/fold';

/** The oracle: every whole word of `text[from, to)` (as the word loop reads words) whose lower-cased form is in `words`. */
function wholeWords(words: readonly string[], text: string, from = 0, to = text.length): number[] {
  const set = new Set(words);
  const starts: number[] = [];
  let index = from;
  while (index < to) {
    const units = wordUnitsAt(text, index);
    if (units === 0) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < to && wordUnitsAt(text, index) > 0) index += wordUnitsAt(text, index);
    if (set.has(expectedForm(text.slice(start, index), false))) starts.push(start);
  }
  return starts;
}

/** The word that starts at `start`. */
function wordAt(text: string, start: number): string {
  let end = start;
  while (end < text.length && wordUnitsAt(text, end) > 0) end += wordUnitsAt(text, end);
  return text.slice(start, end);
}

function find(automaton: FirstWords, text: string, from = 0, to = text.length): number[] {
  const hits: number[] = [];
  automaton.find(text, from, to, hits);
  return hits;
}

describe('FirstWords', () => {
  const words = ['oakland', 'ice', 'u', 's', '287', 'москва', '𝒜lpha', 'ete\u0301', 'k', 'İzmir', 'snake_case', 'ab𝒜'];
  const automaton = FirstWords.for(words)!;

  it('finds whole words only, in any case, with the word loop’s idea of a word', () => {
    const text = 'Oakland, OAKLAND’s oaklands xoakland ICE-cold NICE U.S. 287(g) 1287 МОСКВА Москвы 𝒜LPHA S𝒜lpha';
    const found = find(automaton, text).map((start) => wordAt(text, start));
    expect(found).toEqual(['Oakland', 'OAKLAND', 's', 'ICE', 'U', 'S', '287', 'МОСКВА', '𝒜LPHA']);
    expect(find(automaton, text)).toEqual(wholeWords(words, text));
  });

  it('reads a Kelvin sign as k and keeps İ as itself, as the word loop does', () => {
    const text = '\u212a OA\u212aLAND İzmir İZMIR izmir';
    expect(find(automaton, text)).toEqual([0, 2, 10, 16]);
  });

  it('reads an astral letter as one word unit and an emoji or a lone surrogate as a separator', () => {
    const text = 'ab𝒜 ab😀ice \ud835ice ice\udc9c ab𝒜x';
    expect(find(automaton, text)).toEqual(wholeWords(words, text));
    expect(find(automaton, text).map((start) => wordAt(text, start))).toEqual(['ab𝒜', 'ice', 'ice', 'ice']);
  });

  it('finds the same words as the oracle in random text, whole or from and to any word boundary, short or read in two halves', () => {
    const pieces = ['Oakland', 'ice', 'ICE', 'u', 'S', '287', 'Москва', '𝒜lpha', 'e\u0301te\u0301', 'ete\u0301', '\u212a', 'k', 'İzmir', 'snake_case', 'ab𝒜', 'x', '😀', '\ud835', '\udc9c', ' ', '  ', '\u00a0', '’', '.', '\u0000', '中文', 'ß'];
    let state = 7;
    const next = () => ((state = (Math.imul(state, 48271) + 11) % 2147483647) & 0x7fffffff) / 2147483647;
    let total = 0;
    for (let round = 0; round < 400; round++) {
      const length = 1 + Math.floor(next() * (round % 4 === 0 ? 400 : 40));
      const text = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]!).join('');
      const expected = wholeWords(words, text);
      total += expected.length;
      expect(find(automaton, text), JSON.stringify(text)).toEqual(expected);
      // From the end of a word or a separator, to the end of a word or the text.
      const bounds = [0, text.length, ...Array.from({ length: 4 }, () => Math.floor(next() * text.length))]
        .filter((at) => at === 0 || at === text.length || wordUnitsAt(text, at) === 0)
        .sort((a, b) => a - b);
      const from = bounds[0]!;
      const to = bounds[bounds.length - 1]!;
      expect(find(automaton, text, from, to), `${from}–${to} of ${JSON.stringify(text)}`).toEqual(wholeWords(words, text, from, to));
    }
    expect(total).toBeGreaterThan(1_500);
  });

  it('reads a long text in halves that meet at a separator, whatever the text holds there', () => {
    const half = 'the ice is '.repeat(20);
    for (const middle of [' ', '’', '中', 'Oakland', '𝒜', '\u212a', 'x'.repeat(300)]) {
      const text = `${half}${middle}${half}Oakland`;
      expect(find(automaton, text), JSON.stringify(middle)).toEqual(wholeWords(words, text));
    }
  });

  it('declines a set of words too large for its table, and an empty one', () => {
    expect(FirstWords.for([])).toBeNull();
    expect(FirstWords.for(Array.from({ length: 400 }, (_, i) => `word${i}name`))).toBeNull();
    expect(FirstWords.for(Array.from({ length: 200 }, (_, i) => `word${i}`))).not.toBeNull();
  });
});
