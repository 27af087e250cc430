import { describe, expect, it } from 'vitest';
import { compileDictionary } from '../../utils/matcher/compile';
import { Matcher, type DictionaryEntry } from '../../utils/matcher/matcher';

/**
 * Every case runs twice: through the prefilter (a dictionary with few first
 * words) and through the word-by-word table scan (a large one).
 */
const MODES = [
  ['with the prefilter', (entries: DictionaryEntry[]) => new Matcher(compileDictionary(entries))],
  ['with the word table alone', (entries: DictionaryEntry[]) => new Matcher({ ...compileDictionary(entries), prefilters: [] })],
] as const;

/** What `matcher` finds in `text` read in windows of `size`, each going on where the last said to. */
function inWindows(matcher: Matcher, text: string, size: number) {
  const found = [];
  for (let from = 0; from < text.length; ) {
    const { mentions, next } = matcher.scan(text, from, Math.min(text.length, from + size));
    found.push(...mentions);
    from = next;
  }
  return found;
}

describe.each(MODES)('Matcher %s', (_mode, compiled) => {

const entries: DictionaryEntry[] = [
  { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
  { text: 'Oakland County', entityId: null, caseSensitive: false },
  { text: 'ICE', entityId: 'ice', caseSensitive: true },
  { text: 'HSI', entityId: 'hsi', caseSensitive: true },
  { text: 'Homeland Security Investigations', entityId: 'hsi', caseSensitive: false },
  { text: 'Libby Schaaf', entityId: 'schaaf', caseSensitive: false },
];
const matcher = compiled(entries);

function found(text: string): string[] {
  return matcher.findMentions(text).map((m) => `${m.entityId}:${text.slice(m.start, m.end)}`);
}

describe('Matcher', () => {
  it('finds each alias with its entity and exact offsets', () => {
    const text = 'Oakland police and ICE agents met HSI.';
    expect(matcher.findMentions(text)).toEqual([
      { start: 0, end: 7, entityId: 'oakland', needsFullName: false },
      { start: 19, end: 22, entityId: 'ice', needsFullName: false },
      { start: 34, end: 37, entityId: 'hsi', needsFullName: false },
    ]);
  });

  it('respects word boundaries', () => {
    expect(found('Oaklander, ICEland, NICE, DICE, HSIs, preICE')).toEqual([]);
  });

  it('keeps case-sensitive aliases case-sensitive and the others not', () => {
    expect(found('ice storms, Ice cream, OAKLAND, oakland')).toEqual(['oakland:OAKLAND', 'oakland:oakland']);
  });

  it('marks the name in a possessive, straight or typographic', () => {
    expect(found("Oakland's mayor and ICE’s agents")).toEqual(['oakland:Oakland', 'ice:ICE']);
    // U+02BC, a letter some pages set as the apostrophe, ends the name as `'` does.
    expect(found('Oakland\u02bcs mayor, ICE\u02bcs agents and Libby Schaaf\u02bcs')).toEqual([
      'oakland:Oakland',
      'ice:ICE',
      'schaaf:Libby Schaaf',
    ]);
  });

  it('finds an alias written with an apostrophe wherever the page sets any of them', () => {
    const withApostrophe = compiled([{ text: "Beto O'Rourke", entityId: 'orourke', caseSensitive: false }]);
    const text = "Beto O'Rourke, Beto O\u2019Rourke, Beto O\u02bcRourke, Beto O\u02bcRourke\u02bcs, not Beto ORourke";
    expect(withApostrophe.findMentions(text).map((m) => text.slice(m.start, m.end))).toEqual([
      "Beto O'Rourke",
      'Beto O\u2019Rourke',
      'Beto O\u02bcRourke',
      'Beto O\u02bcRourke',
    ]);
  });

  it('folds line breaks, runs of spaces and non-breaking spaces', () => {
    expect(found('Mayor Libby\n   Schaaf and Libby\u00a0Schaaf')).toEqual(['schaaf:Libby\n   Schaaf', 'schaaf:Libby\u00a0Schaaf']);
  });

  it('prefers the longest alias and lets exclusion phrases claim their words', () => {
    expect(found('Homeland Security Investigations in Oakland County, not Oakland')).toEqual([
      'hsi:Homeland Security Investigations',
      'oakland:Oakland',
    ]);
  });

  it('picks the right one of many aliases that share a first word, whatever space follows it', () => {
    const shared = compiled([
      { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
      { text: 'Oakland Police Department', entityId: 'opd', caseSensitive: false },
      { text: 'Oakland Police', entityId: 'opd-short', caseSensitive: false },
      { text: 'Oakland Press', entityId: null, caseSensitive: false },
      { text: 'Oakland City Council', entityId: 'council', caseSensitive: false },
      { text: 'Oakland A’s', entityId: 'athletics', caseSensitive: false },
      { text: 'Oakland PD', entityId: 'opd-abbr', caseSensitive: true },
    ]);
    const marks = (text: string) => shared.findMentions(text).map((m) => `${m.entityId}:${text.slice(m.start, m.end)}`);
    expect(marks('Oakland\n  police\u00a0department; Oakland\tCity Council; the Oakland Press; Oakland PD; Oakland pd')).toEqual([
      'opd:Oakland\n  police\u00a0department',
      'council:Oakland\tCity Council',
      'opd-abbr:Oakland PD',
      'oakland:Oakland',
    ]);
    expect(marks("Oakland A's won. Oakland, again. Oakland")).toEqual(["athletics:Oakland A's", 'oakland:Oakland', 'oakland:Oakland']);
  });

  it('finds names next to punctuation', () => {
    expect(found('(ICE/HSI) "Oakland"')).toEqual(['ice:ICE', 'hsi:HSI', 'oakland:Oakland']);
  });

  it('does not split words in other scripts', () => {
    const latin = compiled([{ text: 'Rio', entityId: 'rio', caseSensitive: false }]);
    expect(latin.findMentions('Ríoé Rioé Rio')).toEqual([{ start: 10, end: 13, entityId: 'rio', needsFullName: false }]);
    const greek = compiled([{ text: 'Αθήνα', entityId: 'athens', caseSensitive: false }]);
    expect(greek.findMentions('Αθήναι και Αθήνα')).toEqual([{ start: 11, end: 16, entityId: 'athens', needsFullName: false }]);
  });

  it('finds aliases of one letter, of two, and ones that start with an accent, an astral letter or a capital, among words that start alike', () => {
    const short = compiled([
      { text: 'X', entityId: 'x', caseSensitive: true },
      { text: 'Xi Jinping', entityId: 'xi', caseSensitive: false },
      { text: 'Éclair', entityId: 'eclair', caseSensitive: false },
      { text: 'e\u0301te\u0301', entityId: 'ete', caseSensitive: false },
      { text: '𝒜lpha', entityId: 'alpha', caseSensitive: false },
      { text: 'ÜBER', entityId: 'uber', caseSensitive: true },
    ]);
    const text = 'Xa X xi jinping Xiang éclairs ÉCLAIR e\u0301te\u0301 e\u0301tes 𝒜lphas 𝒜LPHA Über ÜBER';
    expect(short.findMentions(text).map((m) => `${m.entityId}:${text.slice(m.start, m.end)}`)).toEqual([
      'x:X',
      'xi:xi jinping',
      'eclair:ÉCLAIR',
      'ete:e\u0301te\u0301',
      'alpha:𝒜LPHA',
      'uber:ÜBER',
    ]);
  });

  it('passes over an alias that starts with an astral letter inside a longer word, and goes on', () => {
    // The prefilter once found the same hit again and again here: the page hung.
    const astral = compiled([{ text: '𝒜lpha', entityId: 'alpha', caseSensitive: false }]);
    expect(astral.findMentions('S𝒜lpha 𝒜lpha')).toEqual([{ start: 8, end: 14, entityId: 'alpha', needsFullName: false }]);
  });

  it('reads a Kelvin sign as k, as lower-casing does, in any window', () => {
    // The one code unit outside ASCII that lower-cases into it: the ASCII
    // words' prefilter cannot see it, so its window is read word by word.
    const text = 'OA\u212aLAND and Oakland, then \u212aaplan';
    const kelvin = compiled([
      { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
      { text: 'Kaplan', entityId: 'kaplan', caseSensitive: false },
    ]);
    const expected = [
      { start: 0, end: 7, entityId: 'oakland', needsFullName: false },
      { start: 12, end: 19, entityId: 'oakland', needsFullName: false },
      { start: 26, end: 32, entityId: 'kaplan', needsFullName: false },
    ];
    expect(kelvin.findMentions(text)).toEqual(expected);
    // A window that ends inside the word, before the sign; then the rest.
    expect([...kelvin.scan(text, 0, 2).mentions, ...kelvin.scan(text, 7, 20).mentions, ...kelvin.scan(text, 20, text.length).mentions]).toEqual(expected);
    // The same text again from its start, after a window past its first sign.
    expect(kelvin.scan(text, 0, 2).mentions).toEqual([expected[0]]);
  });

  it('reads past soft hyphens inside a name, and never finds a name inside a word they break', () => {
    const shy = '\u00ad';
    const named = compiled([
      { text: 'Vladimir Putin', entityId: 'putin', caseSensitive: false },
      { text: 'Netanyahu', entityId: 'netanyahu', caseSensitive: false },
      { text: 'ICE', entityId: 'ice', caseSensitive: true },
      { text: 'Land', entityId: 'land', caseSensitive: false },
      // An alias typed with one (pasted from such a page) is the name without it.
      { text: `Sch${shy}aaf`, entityId: 'schaaf', caseSensitive: false },
    ]);
    // As The Washington Post sets them, and one before a word, after a space.
    const text = `Vladi${shy}mir Putin, Netan${shy}yahu’s ${shy}Netanyahu, ICE${shy}land, Ice${shy}land, ICE${shy}, Schaaf and Land${shy}${shy}.`;
    const texts = ['Vladi\u00admir Putin', 'Netan\u00adyahu', 'Netanyahu', 'ICE', 'Schaaf', 'Land'];
    const expected = named.findMentions(text);
    expect(expected.map((m) => text.slice(m.start, m.end))).toEqual(texts);
    // The same in windows that end anywhere, soft hyphens included.
    for (const size of [1, 2, 5, 9]) expect(inWindows(named, text, size), `windows of ${size}`).toEqual(expected);
    // Several soft hyphens in a first word, as pages hyphenated at every syllable have them: the
    // alias's next word is still looked for where it is (found by a review: the count of code units
    // read, soft hyphens included, once ruled the alias out, or let a shorter one match inside an
    // exclusion phrase).
    const syllables = compiled([
      { text: 'Université de Montréal', entityId: 'montreal', caseSensitive: false },
      { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
      { text: 'Oakland A B County', entityId: null, caseSensitive: false },
    ]);
    const hyphenated = `Uni${shy}ver${shy}si${shy}té de Montréal; Oak${shy}${shy}land A B County; Oak${shy}land.`;
    expect(syllables.findMentions(hyphenated).map((m) => `${m.entityId}:${hyphenated.slice(m.start, m.end)}`)).toEqual([
      `montreal:Uni${shy}ver${shy}si${shy}té de Montréal`,
      `oakland:Oak${shy}land`,
    ]);
    // A name after a first word it shares with a longer alias, the soft hyphen right after the space.
    const libby = compiled([
      { text: 'Libby Schaaf', entityId: 'schaaf', caseSensitive: false },
      { text: 'Libby', entityId: 'libby', caseSensitive: false },
    ]);
    const after = `Libby ${shy}Schaaf, Libby${shy} Schaaf, Libby ${shy} Schaaf`;
    expect(libby.findMentions(after).map((m) => `${m.entityId}:${after.slice(m.start, m.end)}`)).toEqual([
      `schaaf:Libby ${shy}Schaaf`,
      `schaaf:Libby${shy} Schaaf`,
      `schaaf:Libby ${shy} Schaaf`,
    ]);
  });

  it('finds a name that starts with a letter lower-casing cannot keep to one unit (İ)', () => {
    const izmir = compiled([{ text: 'İzmir', entityId: 'izmir', caseSensitive: false }]);
    // Its other letters in any case; `İ` itself as written (its lower case, `i` and a dot, is two units).
    const text = 'Flights to İzmir and İZMIR, not izmir.';
    expect(izmir.findMentions(text).map((m) => text.slice(m.start, m.end))).toEqual(['İzmir', 'İZMIR']);
  });

  it('reads a lone surrogate as no part of a word', () => {
    expect(compiled([{ text: 'Москва', entityId: 'm', caseSensitive: false }]).findMentions('x\udc9cМОСКВА')).toEqual([
      { start: 2, end: 8, entityId: 'm', needsFullName: false },
    ]);
  });

  it('returns nothing for an empty dictionary or text', () => {
    expect(compiled([]).findMentions('Oakland')).toEqual([]);
    expect(matcher.findMentions('')).toEqual([]);
  });

  it('finishes on a megabyte of text without a single space', () => {
    const text = 'a'.repeat(1_000_000) + ' ICE';
    expect(matcher.findMentions(text)).toEqual([{ start: 1_000_001, end: 1_000_004, entityId: 'ice', needsFullName: false }]);
  });

  it('finishes on a megabyte of soft hyphens inside one word, read in windows', () => {
    const text = `ICE${'\u00ad'.repeat(1_000_000)}land, then ICE${'\u00ad'.repeat(1_000_000)} agents`;
    let windows = 0;
    const counting = { scan: (...args: Parameters<Matcher['scan']>) => ((windows += 1), matcher.scan(...args)) } as Matcher;
    const found = inWindows(counting, text, 16_384);
    // A window that ends in the run goes on past it, without looking over it again and again.
    expect(windows).toBeLessThanOrEqual(4);
    // The first ICE is part of a longer word; the second ends where its soft hyphens do.
    expect(found).toEqual([{ start: 1_000_014, end: 1_000_017, entityId: 'ice', needsFullName: false }]);
  });
});

describe('Matcher with a crowded word table', () => {
  it('finds every alias whose first word had to be placed past another word’s slot, and no word that only shares a slot', () => {
    // 3,000 one-word aliases: many share a slot with another word and were
    // placed further along. Every other word of the text is not an alias,
    // and many of those land on an alias's slot too.
    const word = (n: number) => `w${n.toString(36)}x`;
    const entries = Array.from({ length: 3_000 }, (_, n) => ({ text: word(2 * n), entityId: `e${n}`, caseSensitive: false }));
    const { byFirstWord, prefilters } = compileDictionary(entries);
    expect(prefilters).toEqual([]);
    expect(byFirstWord.mask + 1).toBe(8_192);
    const tokens = Array.from({ length: 6_000 }, (_, n) => word(n).toUpperCase());
    const mentions = compiled(entries).findMentions(tokens.join(' '));
    expect(mentions.map((m) => m.entityId)).toEqual(entries.map((e) => e.entityId));
  });
});

describe('Matcher.scan in windows', () => {
  it('finds the same mentions as one pass, whatever the window size', () => {
    const text = 'Homeland Security Investigations and ICE in Oakland County and Oakland; HSI. '.repeat(50);
    const whole = matcher.findMentions(text);
    for (const size of [1, 5, 17, 64, 1000]) expect(inWindows(matcher, text, size), `window of ${size}`).toEqual(whole);
  });

  it('does not read inside a match that ran past the window', () => {
    const text = 'Oakland County Oakland';
    // "Oakland County" is claimed by the exclusion phrase; the next window starts after it.
    expect(matcher.scan(text, 0, 3)).toEqual({ mentions: [], next: 14 });
  });
});

describe('Matcher in other scripts', () => {
  const world = compiled([
    { text: 'Москва', entityId: 'moscow', caseSensitive: false },
    { text: '東京', entityId: 'tokyo', caseSensitive: false },
    { text: 'القدس', entityId: 'jerusalem', caseSensitive: false },
    { text: 'Zürich', entityId: 'zurich', caseSensitive: false },
  ]);
  const names = (text: string) => world.findMentions(text).map((m) => text.slice(m.start, m.end));

  it('matches whole words in Cyrillic and Arabic, never part of one', () => {
    expect(names('Москва и Москвы, МОСКВА.')).toEqual(['Москва', 'МОСКВА']);
    expect(names('في القدس والقدسي')).toEqual(['القدس']);
  });

  it('keeps diacritics significant and whole', () => {
    expect(names('Zürich, Zurich, Zürichsee')).toEqual(['Zürich']);
  });

  it('does not cut a name out of a longer run of CJK letters', () => {
    expect(names('東京都に住む')).toEqual([]);
    expect(names('「東京」')).toEqual(['東京']);
  });
});
});

describe('the compiled dictionary', () => {
  it('gives small dictionaries a prefilter of escaped literal words, and large ones none', () => {
    const small = compileDictionary([
      { text: 'Oakland', entityId: 'a', caseSensitive: false },
      { text: 'C++ (language)', entityId: 'b', caseSensitive: false },
    ]);
    expect(small.prefilters).toEqual([{ source: '\\b(?:oakland|c)\\b', flags: 'gi' }]);
    const unicode = compileDictionary([{ text: 'Москва', entityId: 'm', caseSensitive: false }]);
    expect(unicode.prefilters).toEqual([{ source: '(?:москва)(?!(?!\\u02bc)[\\p{L}\\p{N}\\p{M}_])', flags: 'giu' }]);
    const many = Array.from({ length: 300 }, (_, i) => ({ text: `Name${i} Person`, entityId: `p${i}`, caseSensitive: false }));
    expect(compileDictionary(many).prefilters).toEqual([]);
  });

  it('keeps words that start with a letter and words that do not in separate prefilters, and finds both in text order', () => {
    const entries = [
      { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
      { text: '287(g)', entityId: '287g', caseSensitive: false },
      { text: 'SB 54', entityId: 'sb54', caseSensitive: false },
      { text: 'Élan', entityId: 'elan', caseSensitive: false },
    ];
    const dictionary = compileDictionary(entries);
    expect(dictionary.prefilters.map((p) => p.source)).toEqual([
      '\\b(?:oakland|sb)\\b',
      '(?:élan|287)(?!(?!\\u02bc)[\\p{L}\\p{N}\\p{M}_])',
    ]);
    const text = 'Élan: SB 54 and 287(g) in Oakland, not 1287(g), xÉlan or Oaklands; 287(g) again, élan.';
    const found = new Matcher(dictionary).findMentions(text).map((m) => text.slice(m.start, m.end));
    expect(found).toEqual(['Élan', 'SB 54', '287(g)', 'Oakland', '287(g)', 'élan']);
    expect(new Matcher({ ...dictionary, prefilters: [] }).findMentions(text).map((m) => text.slice(m.start, m.end))).toEqual(found);
  });

  it('escapes every character that means something in a pattern', () => {
    const entries = [{ text: 'a.b|c(d)*+?[e]{f}^$\\/-', entityId: 'x', caseSensitive: false }];
    const { prefilters } = compileDictionary(entries);
    // The first word is only "a"; the rest is matched character by character.
    expect(prefilters.map((p) => p.source)).toEqual(['\\b(?:a)\\b']);
    const matcher = new Matcher(compileDictionary(entries));
    expect(matcher.findMentions('see a.b|c(d)*+?[e]{f}^$\\/- here')).toHaveLength(1);
  });
});

describe('the word loop and the prefilter, on random text', () => {
  // Aliases whose first words start, go on or end with what the word loop
  // reads apart: astral letters (first, second or later unit), combining
  // marks, digits, an underscore, letters of other scripts, one and two units.
  const entries: DictionaryEntry[] = [
    { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
    { text: 'Oakland County', entityId: null, caseSensitive: false },
    { text: 'ICE', entityId: 'ice', caseSensitive: true },
    { text: 'X', entityId: 'x', caseSensitive: true },
    { text: 'Xi Jinping', entityId: 'xi', caseSensitive: false },
    { text: 'U.S.', entityId: 'us', caseSensitive: false },
    { text: 'snake_case', entityId: 'snake', caseSensitive: false },
    { text: '𝒜lpha', entityId: 'alpha', caseSensitive: false },
    { text: 'Москва', entityId: 'moscow', caseSensitive: false },
    { text: '287(g)', entityId: '287g', caseSensitive: false },
    { text: 'Kaplan', entityId: 'kaplan', caseSensitive: false },
    { text: 'İzmir', entityId: 'izmir', caseSensitive: false },
  ];
  // Words that start with an ASCII letter and go on with others: their
  // prefilter is the look-ahead kind too, not the `\b` one.
  const mixed: DictionaryEntry[] = [
    ...entries,
    { text: 'e\u0301te\u0301', entityId: 'ete', caseSensitive: false },
    { text: 'a𝒜b', entityId: 'a-astral-b', caseSensitive: false },
    { text: 'ab𝒜', entityId: 'ab-astral', caseSensitive: false },
  ];
  const pieces = [
    'Oakland', 'oakland', 'County', 'ICE', 'ice', 'X', 'x', 'Xi', 'Jinping', 'Xi Jinping', 'XI\u00a0JINPING', '𝒜lpha', '𝒜LPHA', 'a𝒜b', 'A𝒜B', 'ab𝒜', 'ab𝒜c', '𝒜', 'a𝒜',
    'e\u0301te\u0301', 'ete', 'Москва', 'МОСКВА', 'Москвы', '287(g)', '1287', 'U.S.', 'U.S', 'snake_case', 'snake', '_', 'Ok', 'O',
    // The Kelvin sign, which lower-cases to `k`.
    'Kaplan', '\u212aaplan', 'Oa\u212aland', 'sna\u212ae_case', '\u212a',
    // A capital whose lower case is two units.
    'İzmir', 'İZMIR', 'İZMİR', 'izmir', 'i\u0307zmir',
    ' ', ' ', ' ', '\u00a0', '\n', '.', ',', "'s", '’', '\u02bc', '\u02bcs', '\u0000',
    // Soft hyphens, alone and inside names of either prefilter.
    '\u00ad', '\u00ad', 'Oak\u00adland', 'I\u00adC\u00ad\u00adE', 'Мос\u00adква', '287\u00ad(g)', '\ud835', '\udc9c', '\u0301', 'ꙮ', 'ß', '中文', 'ا', '9',
  ];
  const texts = Array.from({ length: 600 }, (_, seed) => {
    let state = seed + 1;
    const next = () => ((state = (Math.imul(state, 48271) + 11) % 2147483647) & 0x7fffffff) / 2147483647;
    // Pieces run together as often as not, so words form across them.
    const separators = ['', '', '', ' ', ' ', '\u00a0'];
    return Array.from({ length: 5 + Math.floor(next() * 60) }, () => pieces[Math.floor(next() * pieces.length)]! + separators[Math.floor(next() * separators.length)]!).join('');
  });

  it.each([
    ['ASCII first words apart (a `\\b` prefilter and a look-ahead one)', entries, ['gi', 'giu']],
    ['astral letters inside ASCII first words (two look-ahead prefilters)', mixed, ['giu', 'giu']],
  ])('find the same mentions, in one pass and in windows of any size: %s', (_name, list, flags) => {
    const dictionary = compileDictionary(list);
    expect(dictionary.prefilters.map((p) => p.flags)).toEqual(flags);
    const prefiltered = new Matcher(dictionary);
    const wordLoop = new Matcher({ ...dictionary, prefilters: [] });
    let total = 0;
    for (const text of texts) {
      const expected = prefiltered.findMentions(text);
      total += expected.length;
      expect(wordLoop.findMentions(text), JSON.stringify(text)).toEqual(expected);
      for (const size of [1, 3, 8]) {
        expect(inWindows(wordLoop, text, size), `word loop, window of ${size} in ${JSON.stringify(text)}`).toEqual(expected);
        expect(inWindows(prefiltered, text, size), `prefilter, window of ${size} in ${JSON.stringify(text)}`).toEqual(expected);
      }
    }
    // Every alias is found somewhere, so the comparison covers each.
    expect([...new Set(texts.flatMap((text) => prefiltered.findMentions(text).map((m) => m.entityId)))].sort()).toEqual(
      list.flatMap((e) => (e.entityId ? [e.entityId] : [])).sort(),
    );
    expect(total).toBeGreaterThan(350);
  });

  it.each([
    ['the prefilters', (d: ReturnType<typeof compileDictionary>) => new Matcher(d)],
    ['the word loop', (d: ReturnType<typeof compileDictionary>) => new Matcher({ ...d, prefilters: [] })],
  ])('find in text with soft hyphens put anywhere what they find in it without them (%s)', (_name, make) => {
    const matcher = make(compileDictionary(mixed));
    let total = 0;
    texts.forEach((text, seed) => {
      const bare = text.replaceAll('\u00ad', '');
      // Runs of one to three soft hyphens at random places of the text without them; `at[i]` is where its character `i` went.
      let state = seed + 7;
      const next = () => ((state = (Math.imul(state, 48271) + 11) % 2147483647) & 0x7fffffff) / 2147483647;
      let hyphenated = '';
      const at: number[] = [];
      for (const ch of bare) {
        // Not inside a surrogate pair: `for…of` reads a pair whole.
        if (next() < 0.2) hyphenated += '\u00ad'.repeat(1 + Math.floor(next() * 3));
        for (let unit = 0; unit < ch.length; unit++) at.push(hyphenated.length + unit);
        hyphenated += ch;
      }
      const expected = matcher.findMentions(bare).map((m) => ({ ...m, start: at[m.start]!, end: at[m.end - 1]! + 1 }));
      total += expected.length;
      expect(matcher.findMentions(hyphenated), JSON.stringify(hyphenated)).toEqual(expected);
    });
    expect(total).toBeGreaterThan(350);
  });
});
