/**
 * Deterministic inputs for the benchmark: generated pages of a given size and
 * generated dictionaries of a given number of aliases. A seeded generator
 * makes every run read the same text and look for the same names.
 */
import type { DictionaryEntry } from '../utils/matcher/matcher';

/** mulberry32: small, fast, and the same on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mer', 'tin', 'sa', 'vor', 'el', 'qui', 'dra', 'po', 'nu', 'shen', 'ta', 'rik', 'ob', 'zel'];

function name(next: () => number): string {
  const syllables = 2 + Math.floor(next() * 2);
  let word = '';
  for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
  return word[0]!.toUpperCase() + word.slice(1);
}

/** `count` aliases of one to three generated words, each its own entity. */
export function generatedDictionary(count: number, seed = 7): DictionaryEntry[] {
  const next = random(seed);
  const seen = new Set<string>();
  const entries: DictionaryEntry[] = [];
  while (entries.length < count) {
    const words = 1 + Math.floor(next() * 3);
    const text = Array.from({ length: words }, () => name(next)).join(' ');
    if (seen.has(text)) continue;
    seen.add(text);
    entries.push({ text, entityId: `generated-${entries.length}`, caseSensitive: next() < 0.2 });
  }
  return entries;
}

const COMMON = (
  'the of and to in a is that for on with as was at by it from be this have are or an not they ' +
  'which one you were all we her she there would their will when who him been has more if no out ' +
  'city council police mayor federal agents officers county state report said says residents vote'
).split(' ');

/**
 * An article-like page of about `bytes` of text: paragraphs of common words,
 * now and then a name from `names` (so the matcher has real work to do).
 */
export function generatedPage(bytes: number, names: string[], seed = 11): string {
  const next = random(seed);
  const paragraphs: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words: string[] = [];
    const length = 40 + Math.floor(next() * 80);
    for (let i = 0; i < length; i++) {
      words.push(next() < 0.02 && names.length ? names[Math.floor(next() * names.length)]! : COMMON[Math.floor(next() * COMMON.length)]!);
    }
    const paragraph = `<p>${words.join(' ')}.</p>`;
    paragraphs.push(paragraph);
    size += paragraph.length;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Generated ${bytes} bytes</title></head><body><main>${paragraphs.join('\n')}</main></body></html>`;
}
