import { describe, expect, it } from 'vitest';
import { MentionGate } from '../../utils/matcher/gate';
import { Matcher, type DictionaryEntry } from '../../utils/matcher/matcher';
import { PageMatcher, compilePageDictionary, prepareDictionary, type Requirement } from '../../utils/matcher/page-matcher';

const entries: DictionaryEntry[] = [
    { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
    { text: 'Oakland County', entityId: null, caseSensitive: false },
    { text: 'Libby Schaaf', entityId: 'schaaf', caseSensitive: false },
    { text: 'Schaaf', entityId: 'schaaf', caseSensitive: false, requiresFullNameFirst: true },
  { text: 'ICE', entityId: 'ice', caseSensitive: true },
];
const requirements: Requirement[] = [{ entityId: 'oakland', anyOf: ['California', 'Bay Area'] }];
const dictionary = compilePageDictionary(entries, requirements);

/** Feeds blocks in order and returns what was painted, as "block: text". */
function run(blocks: string[]): string[] {
  const matcher = new PageMatcher<number>(prepareDictionary(dictionary));
  return blocks.flatMap((text, i) =>
    matcher.process(i, text).map(({ block, mention }) => `${block}: ${blocks[block]!.slice(mention.start, mention.end)}`),
  );
}

describe('PageMatcher', () => {
  /** What a page marks with Oakland and OPD, each unlocked by its own context phrase. */
  const marked = (oaklandContext: string, opdContext: string, text: string) => {
    const entries = [
      { text: 'Oakland', entityId: 'oakland', caseSensitive: false },
      { text: 'OPD', entityId: 'opd', caseSensitive: true },
    ];
    const rules = [
      { entityId: 'oakland', anyOf: [oaklandContext] },
      { entityId: 'opd', anyOf: [opdContext] },
    ];
    const matcher = new PageMatcher<null>(prepareDictionary(compilePageDictionary(entries, rules)));
    return matcher.process(null, text).map(({ mention }) => text.slice(mention.start, mention.end)).sort();
  };

  it('finds a context phrase inside a longer context phrase of another entity', () => {
    expect(marked('California', 'Oakland, California', 'OPD in Oakland, California.')).toEqual(['OPD', 'Oakland']);
    // Not inside a longer word: "Californian" is not "California".
    expect(marked('California', 'Oakland, California', 'Oakland, Californians say.')).toEqual([]);
  });

  it('does not take a phrase that ends another one inside a word for a phrase inside it', () => {
    // "bc Delta" ends "𝒜bc Delta", but after an astral letter: no word of it starts there.
    expect(marked('\u{1d49c}bc Delta', 'bc Delta', 'OPD and Oakland, in \u{1d49c}bc Delta.')).toEqual(['Oakland']);
  });

  it('counts a surname only after the full name', () => {
    expect(run(['Schaaf said no.', 'Mayor Libby Schaaf spoke.', 'Schaaf’s office replied.'])).toEqual([
      '1: Libby Schaaf',
      '2: Schaaf',
    ]);
  });

  it('holds an entity until its context appears, then releases what it held', () => {
    expect(run(['Oakland voted.', 'ICE agents arrived.', 'The Bay Area city of Oakland'])).toEqual([
      '1: ICE',
      '0: Oakland',
      '2: Oakland',
    ]);
  });

  it('never paints an entity whose context never appears', () => {
    expect(run(['Oakland voted.', 'Oakland County, Michigan, too.'])).toEqual([]);
  });

  it('finds the context phrase inside a longer alias, and in any case', () => {
    expect(run(['OAKLAND, CALIFORNIA'])).toEqual(['0: OAKLAND']);
  });

  it('reads context that appeared before the waiting name, in an earlier block', () => {
    expect(run(['A Bay Area story.', 'ICE agents arrived.', 'Oakland voted.'])).toEqual(['1: ICE', '2: Oakland']);
  });

  it('reads context that follows the waiting name in its own block', () => {
    expect(run(['Oakland voted, and the Bay Area watched.'])).toEqual(['0: Oakland']);
  });

  it('reads context from an earlier window of a block matched in windows', () => {
    const text = `California news. ${'Nothing else happened that day. '.repeat(20)}Oakland voted.`;
    const matcher = new PageMatcher<null>(prepareDictionary(dictionary));
    const found: string[] = [];
    for (let from = 0; from < text.length; ) {
      const window = matcher.processWindow(null, text, from, Math.min(text.length, from + 50));
      found.push(...window.found.map(({ mention }) => text.slice(mention.start, mention.end)));
      from = window.next;
    }
    expect(found).toEqual(['Oakland']);
  });

  it('counts context read before a block changed and was read again', () => {
    const matcher = new PageMatcher<number>(prepareDictionary(dictionary));
    expect(matcher.process(0, 'Bay Area weather.')).toEqual([]);
    expect(matcher.process(1, 'Sports.')).toEqual([]);
    // Block 1 changed on the page, and is read again.
    const changed = 'Sports: Oakland won.';
    expect(matcher.process(1, changed).map(({ block, mention }) => `${block}: ${changed.slice(mention.start, mention.end)}`)).toEqual([
      '1: Oakland',
    ]);
  });

  it('releases a held name when a block read again brings its context', () => {
    const matcher = new PageMatcher<number>(prepareDictionary(dictionary));
    expect(matcher.process(0, 'Oakland voted.')).toEqual([]);
    const changed = 'Oakland voted, California noticed.';
    expect(matcher.process(0, changed).map(({ mention }) => changed.slice(mention.start, mention.end))).toEqual(['Oakland', 'Oakland']);
  });

  it('forgets what it held in a block about to be read again, and keeps what it held elsewhere', () => {
    const matcher = new PageMatcher<number>(prepareDictionary(dictionary));
    expect(matcher.process(0, 'Oakland voted.')).toEqual([]);
    expect(matcher.process(1, 'Oakland counted.')).toEqual([]);
    // Block 0 changed on the page: the annotator drops what it held there, then reads it again.
    matcher.forgetHeld(({ block }) => block === 0);
    const changed = 'Oakland voted, California noticed.';
    expect(matcher.process(0, changed).map(({ block, mention }) => `${block}@${mention.start}`)).toEqual(['1@0', '0@0']);
  });

  it('reads context for a surname only once it can count, whenever the context appeared', () => {
    const mayor = compilePageDictionary(entries, [{ entityId: 'schaaf', anyOf: ['City Hall'] }]);
    const read = (blocks: string[]) => {
      const matcher = new PageMatcher<number>(prepareDictionary(mayor));
      return blocks.flatMap((text, i) =>
        matcher.process(i, text).map(({ block, mention }) => `${block}: ${blocks[block]!.slice(mention.start, mention.end)}`),
      );
    };
    expect(read(['Schaaf said.', 'City Hall spoke.', 'Libby Schaaf, then Schaaf.'])).toEqual(['2: Libby Schaaf', '2: Schaaf']);
    expect(read(['Schaaf said.', 'Libby Schaaf and Schaaf spoke.', 'At City Hall.'])).toEqual(['1: Libby Schaaf', '1: Schaaf']);
    expect(read(['Schaaf said.', 'City Hall spoke.', 'Schaaf again.'])).toEqual([]);
  });

  it('finds context however much text came between it and the name', () => {
    // More text than is kept back for a later reading of context.
    const filler = 'Nothing happened today. '.repeat(100_000);
    expect(run(['A Bay Area story.', filler, 'Oakland voted.'])).toEqual(['2: Oakland']);
    expect(run([filler, 'Oakland voted.', filler, 'In California.'])).toEqual(['1: Oakland']);
    expect(run([filler, 'Oakland voted.', filler])).toEqual([]);
  });

  it('paints what reading context with every block would paint, in the same order', () => {
    // The reference: context phrases read in every block, before its names are offered.
    const rules = compilePageDictionary(entries, [...requirements, { entityId: 'schaaf', anyOf: ['City Hall'] }]);
    const reference = (blocks: string[]) => {
      const aliases = new Matcher(rules.aliases);
      const context = new Matcher(rules.context);
      const gate = new MentionGate<string>(rules.locked);
      return blocks.flatMap((text, i) => {
        const out: string[] = [];
        const mentions = aliases.findMentions(text);
        if (gate.waiting) {
          for (const phrase of context.findMentions(text)) for (const id of rules.unlocks[Number(phrase.entityId)]!) out.push(...gate.unlock(id));
        }
        for (const mention of mentions) out.push(...gate.offer(mention, `${i}: ${text.slice(mention.start, mention.end)}`));
        return out;
      });
    };
    const words = ['Oakland', 'Bay Area', 'California', 'Libby Schaaf', 'Schaaf', 'ICE', 'Oakland County', 'City Hall', 'said', 'the', 'news'];
    let seed = 1;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let page = 0; page < 500; page++) {
      const blocks = Array.from({ length: 1 + next(6) }, () => Array.from({ length: next(6) }, () => words[next(words.length)]).join(' '));
      const matcher = new PageMatcher<number>(prepareDictionary(rules));
      const painted = blocks.flatMap((text, i) => matcher.process(i, text).map(({ block, mention }) => `${block}: ${blocks[block]!.slice(mention.start, mention.end)}`));
      expect(painted, JSON.stringify(blocks)).toEqual(reference(blocks));
    }
  });

  it('works without any page-level rule', () => {
    const plain = new PageMatcher<string>(prepareDictionary(compilePageDictionary(entries, [])));
    expect(plain.process('a', 'Oakland and ICE').map((f) => f.mention.entityId)).toEqual(['oakland', 'ice']);
  });
});
