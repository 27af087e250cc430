/**
 * The compiled dictionary: built once in the background whenever the enabled
 * sets change, cached in the database, and used by the page exactly as it
 * arrives — plain JSON, read in place, nothing to rebuild per page.
 *
 * Aliases are indexed by their first word, lower-cased. The page reads its
 * text word by word; a word that starts no alias costs one hash lookup, and a
 * word that does is checked against its few candidates, longest first. A
 * candidate must match whole words, so the first word of the text must be the
 * alias's first word in full: that is the word-boundary rule, for free.
 */
import type { DictionaryEntry } from './matcher';
import { HASH_MASK, NOT_WORD, WORD_CHARACTER, foldKey, foldText, hashWord, lowerCode, wordEnd, wordUnitsAt } from './fold';
import { pack, packedHigh, packedLow, unpack } from './packed';

export const COMPILED_FORMAT = 11;

/** Alias flag bits (see `CompiledDictionary.aliasInfo`). */
export const CASE_SENSITIVE = 1;
export const NEEDS_FULL_NAME = 2;
const FLAG_BITS = 2;

/** Added to a word table key (see `WordTable.keys`). */
const OCCUPIED = HASH_MASK + 1;
/** The first code unit of an empty slot's key. */
const EMPTY_SLOT = packedHigh(0);

/**
 * First words → candidate aliases, as an open-addressing hash table. Most
 * page words miss at their first probe.
 */
export interface WordTable {
  /** Power of two minus one; the table has `mask + 1` slots. */
  mask: number;
  /**
   * Packed: for each slot, `OCCUPIED` + `hashWord` of its first word, or 0
   * for an empty slot. A hash is below `OCCUPIED` (2^29), so a slot's first
   * code unit alone tells whether it is empty: the page reads it in place
   * for nearly every word, without unpacking the table first.
   */
  keys: string;
  /**
   * Packed, `mask + 2` numbers. The aliases are stored grouped by slot, in
   * slot order: slot `s`'s are those from `groups[s]` up to `groups[s + 1]`,
   * longest first.
   */
  groups: string;
  /**
   * The first two code units of every first word, as a set of bits (see
   * `startBit`), eight to a code unit from `STARTS_BASE`. A word of the
   * page whose bit is clear starts no alias: the word loop passes over it
   * without hashing it or probing the table.
   */
  starts: string;
}

/** How many bits `WordTable.starts` has… */
const STARTS_BITS = 8_192;
/** …and the code unit that holds none of them set. */
export const STARTS_BASE = 0x4000;

/**
 * The bit of `WordTable.starts` for a word whose first two code units have
 * the keys `first` and `second` (`WORD_KEYS`), `second` being `NOT_WORD`
 * for a word of one unit.
 */
export function startBit(first: number, second: number): number {
  return (second === NOT_WORD ? first : Math.imul(first, 31) + second) & (STARTS_BITS - 1);
}

/**
 * The bits of the first words in `words` (each folded, as in `chars`). A word
 * that starts with a surrogate pair needs none: the page hashes every such word.
 */
function startsOf(words: Iterable<string>): string {
  const bits = new Uint8Array(STARTS_BITS / 8);
  for (const word of words) {
    if (wordUnitsAt(word, 0) !== 1) continue;
    const second = word.length < 2 ? NOT_WORD : wordUnitsAt(word, 1) === 1 ? lowerCode(word.charCodeAt(1)) : -1;
    if (second < 0) continue; // A surrogate pair second: the page hashes the word whole.
    const bit = startBit(lowerCode(word.charCodeAt(0)), second);
    bits[bit >> 3]! |= 1 << (bit & 7);
  }
  return String.fromCharCode(...Array.from(bits, (byte) => STARTS_BASE + byte));
}

/**
 * Aliases are stored in columns (one string, and numbers packed in strings:
 * see packed.ts) rather than as an object each, so a page brings 50,000
 * aliases to life at about the cost of copying their text.
 */
export interface CompiledDictionary {
  format: typeof COMPILED_FORMAT;
  /** How many aliases. */
  count: number;
  /**
   * Every alias's expected form, back to back: folded (typographic marks to
   * ASCII, whitespace runs to one space), and lower-cased unless the alias is
   * case-sensitive.
   */
  chars: string;
  /** Packed: where each alias ends in `chars`; alias `i` starts where alias `i - 1` ends. */
  ends: string;
  /**
   * Packed: for each alias, its `CASE_SENSITIVE` and `NEEDS_FULL_NAME` bits,
   * and above them 1 + the index of its entity's id (0 for an exclusion phrase).
   */
  aliasInfo: string;
  /**
   * Packed: for each alias, what follows its first word (see
   * `SPACE_THEN_OTHER`) plus `CONTINUATION_BASE`, so that the background
   * answers a lookup without reading the aliases again. Pages never read it.
   */
  continuations: string;
  /** The entities' ids back to back… */
  entityIds: string;
  /** …and where each ends (packed). */
  entityEnds: string;
  byFirstWord: WordTable;
  /**
   * For a dictionary with few distinct first words: patterns, built here from
   * those words alone (escaped literals, no quantifier: linear on any input),
   * that let the browser's regular-expression engine find candidate words at
   * native speed. Every hit is then checked like any other word. Empty for a
   * large dictionary, which is read word by word.
   */
  prefilters: { source: string; flags: string }[];
}

/** Past this many distinct first words, compiling the prefilter in each page costs more than it saves. */
const PREFILTER_LIMIT = 256;

export function compileDictionary(entries: readonly DictionaryEntry[]): CompiledDictionary {
  interface Alias {
    expected: string;
    entityId: string | null;
    flags: number;
  }
  const aliases: Alias[] = [];
  const byFirstWord = new Map<number, number[]>();
  const firstWords = new Set<string>();
  /** The same, folded but with their case. */
  const firstWordsAsWritten = new Set<string>();
  const seen = new Set<string>();
  for (const entry of entries) {
    const text = foldText(entry.text);
    const firstEnd = wordEnd(text, 0);
    if (firstEnd === 0) continue; // An alias must start with a letter or digit.
    const alias: Alias = {
      expected: expectedForm(text, entry.caseSensitive),
      entityId: entry.entityId,
      flags: (entry.caseSensitive ? CASE_SENSITIVE : 0) | (entry.requiresFullNameFirst ? NEEDS_FULL_NAME : 0),
    };
    const identity = JSON.stringify([alias.expected, alias.entityId, alias.flags]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    // Lower-cased a code unit at a time, as the page's words are read: `İ`
    // stays itself (whole-string lower-casing makes it `i` and a dot,
    // which a pattern would never find in `İzmir`).
    firstWords.add(expectedForm(text.slice(0, firstEnd), false));
    firstWordsAsWritten.add(text.slice(0, firstEnd));
    const word = hashWord(text, 0, firstEnd);
    const list = byFirstWord.get(word);
    if (list) list.push(aliases.length);
    else byFirstWord.set(word, [aliases.length]);
    aliases.push(alias);
  }
  // Longer aliases first; at equal length an exclusion phrase outranks an entity.
  const rank = (a: Alias, b: Alias) =>
    b.expected.length - a.expected.length || (a.entityId === null ? 0 : 1) - (b.entityId === null ? 0 : 1);
  for (const list of byFirstWord.values()) list.sort((a, b) => rank(aliases[a]!, aliases[b]!));

  const entityIds: string[] = [];
  const entityIndex = new Map<string, number>();
  for (const alias of aliases) {
    if (alias.entityId !== null && !entityIndex.has(alias.entityId)) {
      entityIndex.set(alias.entityId, entityIds.length);
      entityIds.push(alias.entityId);
    }
  }
  const table = wordTable(byFirstWord);
  const ordered = table.lists.flat().map((index) => aliases[index]!);
  const chars = ordered.map((alias) => alias.expected).join('');
  return {
    format: COMPILED_FORMAT,
    count: ordered.length,
    chars,
    ends: pack(runningTotals(ordered.map((alias) => alias.expected.length))),
    aliasInfo: pack(
      ordered.map((alias) => ((alias.entityId === null ? 0 : entityIndex.get(alias.entityId)! + 1) << FLAG_BITS) | alias.flags),
    ),
    continuations: pack(ordered.map((alias) => continuationOf(alias.expected) + CONTINUATION_BASE)),
    entityIds: entityIds.join(''),
    entityEnds: pack(runningTotals(entityIds.map((id) => id.length))),
    byFirstWord: {
      mask: table.keys.length - 1,
      keys: pack(table.keys.map((key) => (key === -1 ? 0 : OCCUPIED + key))),
      groups: pack([0, ...runningTotals(table.lists.map((list) => list.length))]),
      starts: startsOf(firstWordsAsWritten),
    },
    prefilters: prefiltersFor([...firstWords]),
  };
}

/** Each running total of `values`: where each of a sequence of lengths ends. */
function runningTotals(values: number[]): number[] {
  let total = 0;
  return values.map((value) => (total += value));
}

/** The hash table's slots: each one's key (-1 when empty) and its aliases. */
function wordTable(lists: Map<number, number[]>): { keys: number[]; lists: number[][] } {
  let size = 8;
  while (size < lists.size * 2) size *= 2;
  const keys = new Array<number>(size).fill(-1);
  const slots: number[][] = Array.from({ length: size }, () => []);
  for (const [hash, list] of lists) {
    let slot = hash & (size - 1);
    while (keys[slot] !== -1) slot = (slot + 1) & (size - 1);
    keys[slot] = hash;
    slots[slot] = list;
  }
  return { keys, lists: slots };
}

/**
 * What a page receives of a large dictionary: the first-word table's keys
 * alone, enough to tell which words of its text start an alias. The aliases
 * of a first word met in the text are asked of the background then
 * (`lookupAliases`), once per pass for all such words, and kept for the
 * page's life. `version` names the compiled dictionary they come from.
 */
export interface LazyDictionary {
  format: typeof COMPILED_FORMAT;
  count: number;
  version: string;
  byFirstWord: Pick<WordTable, 'mask' | 'keys' | 'starts'>;
  prefilters: CompiledDictionary['prefilters'];
}

/** A dictionary as it reaches a page: whole, or its first-word table alone. */
export type DeliveredDictionary = CompiledDictionary | LazyDictionary;

export function isLazy(dictionary: DeliveredDictionary): dictionary is LazyDictionary {
  return 'version' in dictionary;
}

/**
 * Past this many characters of aliases, entity ids and their packed columns,
 * a page receives only the first-word table (see `LazyDictionary`). A page
 * parses a character in one to three nanoseconds: below this, the whole
 * dictionary costs a page well under a tenth of a millisecond (a tenth of
 * the smaller corpus passes), no more than one lookup would, and the
 * bundled sets (2,463 characters) stay whole, as simple as before.
 */
export const LAZY_THRESHOLD = 32_768;

/** The page's view of `dictionary`: itself when small, else its first-word table (see `LAZY_THRESHOLD`). */
export function deliveredForm(dictionary: CompiledDictionary, version: string): DeliveredDictionary {
  const { chars, ends, aliasInfo, continuations, entityIds, entityEnds, byFirstWord } = dictionary;
  const size = chars.length + ends.length + aliasInfo.length + continuations.length + entityIds.length + entityEnds.length + byFirstWord.groups.length;
  if (size <= LAZY_THRESHOLD) return dictionary;
  return {
    format: COMPILED_FORMAT,
    count: dictionary.count,
    version,
    byFirstWord: { mask: byFirstWord.mask, keys: byFirstWord.keys, starts: byFirstWord.starts },
    prefilters: dictionary.prefilters,
  };
}

/** The aliases that start with one first word, longest first, as the matcher reads them. */
export interface AliasGroup {
  /** Their expected forms back to back (see `CompiledDictionary.chars`)… */
  chars: string;
  /** …where each ends there… */
  ends: number[];
  /** …their `CASE_SENSITIVE` and `NEEDS_FULL_NAME` bits… */
  flags: number[];
  /** …and the entity each names (`null`: an exclusion phrase). */
  entityIds: (string | null)[];
}

/**
 * What follows a first word, as a key. A page asks for the aliases of each
 * first word it met *with* the key of what followed it there, and is
 * answered with only the aliases that could match there: those whose own
 * continuation has that key, and those that are the first word alone. A
 * common first word starts dozens of aliases of a large dictionary, most of
 * them going on with a second word the page never has after it.
 *
 * The key is the hash (`hashWord`, at least 0) of the word after a space,
 * or one of these.
 */
/** A space, then no word (a quote, a bracket). */
export const SPACE_THEN_OTHER = -1;
/** No space: punctuation (`U.S.`), or the end of the text. */
export const NO_SPACE = -2;
/**
 * Asked for a first word met with too many different words after it (more
 * than `MAX_KEYS_PER_WORD`): all its aliases.
 */
export const ANY_NEXT = -3;
/** An alias that is its first word alone: it may match whatever follows. */
const ALONE = -4;
/** Added to a continuation key to pack it (see `CompiledDictionary.continuations`). */
const CONTINUATION_BASE = -ALONE;

/** Past this many keys of what followed one first word, a lookup asks for all its aliases (`ANY_NEXT`). */
export const MAX_KEYS_PER_WORD = 64;

/** A first word a page met, as its hash, and the keys of what followed it there (at least one). */
export type WordAsked = [hash: number, ...next: number[]];

/**
 * The background's answer to a page's `lookupAliases`: for each first word
 * asked for, the aliases that could match after the keys it was asked with.
 */
export interface AliasLookup {
  version: string;
  groups: (AliasGroup & { hash: number })[];
}

/** How many first words one `lookupAliases` asks for at most. */
export const LOOKUP_MAX_WORDS = 4_096;

/**
 * The background's side of a lookup: for each first word asked for, the
 * aliases that could match where it was met, whatever followed it there
 * (see `SPACE_THEN_OTHER`), longest first, as the matcher tries them.
 */
export function aliasGroupsFor(dictionary: CompiledDictionary, words: readonly WordAsked[]): AliasLookup['groups'] {
  const asked = new Map<number, Set<number>>();
  for (const [hash, ...next] of words) {
    const nexts = asked.get(hash);
    if (nexts) for (const key of next) nexts.add(key);
    else asked.set(hash, new Set(next));
  }
  const answer: AliasLookup['groups'] = [];
  const { keys, mask } = dictionary.byFirstWord;
  for (const [hash, nexts] of asked) {
    const slot = findSlot(keys, mask, hash);
    if (slot < 0) continue;
    const any = nexts.has(ANY_NEXT);
    const group = slotGroup(dictionary, slot, (alias) => {
      const continuation = unpack(dictionary.continuations, alias) - CONTINUATION_BASE;
      return any || continuation === ALONE || nexts.has(continuation);
    });
    answer.push({ hash, ...group });
  }
  return answer;
}

/** The key of what follows the first word of an alias's expected form (see `SPACE_THEN_OTHER`). */
function continuationOf(expected: string): number {
  const firstEnd = wordEnd(expected, 0);
  if (firstEnd === expected.length) return ALONE;
  if (expected.charCodeAt(firstEnd) !== 32) return NO_SPACE;
  const secondEnd = wordEnd(expected, firstEnd + 1);
  return secondEnd === firstEnd + 1 ? SPACE_THEN_OTHER : hashWord(expected, firstEnd + 1, secondEnd);
}

/** The aliases of `slot` (those that `keep`, when given), as the matcher reads them. */
function slotGroup(dictionary: CompiledDictionary, slot: number, keep?: (alias: number) => boolean): AliasGroup {
  const { groups } = dictionary.byFirstWord;
  const first = unpack(groups, slot);
  const last = unpack(groups, slot + 1);
  const group: AliasGroup = { chars: '', ends: [], flags: [], entityIds: [] };
  const { entityIds, entityEnds } = dictionary;
  let chars = '';
  for (let alias = first; alias < last; alias++) {
    if (keep && !keep(alias)) continue;
    chars += dictionary.chars.slice(alias === 0 ? 0 : unpack(dictionary.ends, alias - 1), unpack(dictionary.ends, alias));
    group.ends.push(chars.length);
    const info = unpack(dictionary.aliasInfo, alias);
    group.flags.push(info & ((1 << FLAG_BITS) - 1));
    const entity = (info >>> FLAG_BITS) - 1;
    group.entityIds.push(entity < 0 ? null : entityIds.slice(entity === 0 ? 0 : unpack(entityEnds, entity - 1), unpack(entityEnds, entity)));
  }
  group.chars = chars;
  return group;
}

/**
 * The slot of `hash` in a packed word table, or -1. Read in place: a slot's
 * first code unit holds 14 bits of its key that its place in the table does
 * not, so a word that lands on another word's slot is told apart there, and
 * the second unit is read only for the word itself.
 */
export function findSlot(keys: string, mask: number, hash: number): number {
  const high = packedHigh(OCCUPIED + hash);
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const unit = keys.charCodeAt(slot << 1);
    if (unit === high && keys.charCodeAt((slot << 1) + 1) === packedLow(OCCUPIED + hash)) return slot;
    if (unit === EMPTY_SLOT) return -1;
  }
}

/** Given to a word whose aliases could not be had: it matches nothing. */
const NO_ALIASES: AliasGroup = { chars: '', ends: [], flags: [], entityIds: [] };

/**
 * A delivered dictionary as a page reads it: the word table's keys, and the
 * aliases of a first word as an `AliasGroup`, made from the dictionary on
 * the slot's first hit when it came whole, or, when it came lazy (see
 * `LazyDictionary`), filled in from the background for each first word and
 * what followed it (see `SPACE_THEN_OTHER`).
 */
export class DictionaryReader {
  /** The word table's keys, mask and first-word bits, for the matcher's word loop. */
  readonly keys: string;
  readonly mask: number;
  readonly starts: string;
  readonly #whole: CompiledDictionary | null;
  readonly version: string | null;
  /** A whole dictionary: each slot's aliases, once read. */
  readonly #groups: (AliasGroup | undefined)[] = [];
  /**
   * A lazy one: for each slot looked up, the aliases that could match after
   * any of the keys of what followed its first word (`covered`), as the
   * background sent them; a new key asks for the slot's again, all keys.
   */
  readonly #looked = new Map<number, { covered: Set<number>; group: AliasGroup }>();
  /** Words met in the text whose aliases are not here yet: first-word hash → the keys of what followed. */
  readonly missing = new Map<number, Set<number>>();
  /** While a lookup is out: the keys each first word was asked with. */
  readonly #asked = new Map<number, number[]>();
  /**
   * Set when a word's aliases were missing: from then on the matcher only
   * notes the words whose aliases are missing, and matches nothing, until
   * `fill` brings them.
   */
  stalled = false;
  /** Slots whose lookup failed in this pass: they match nothing until the next pass asks again. */
  readonly #failed = new Set<number>();

  constructor(dictionary: DeliveredDictionary) {
    this.keys = dictionary.byFirstWord.keys;
    this.mask = dictionary.byFirstWord.mask;
    this.starts = dictionary.byFirstWord.starts;
    this.#whole = isLazy(dictionary) ? null : dictionary;
    this.version = isLazy(dictionary) ? dictionary.version : null;
  }

  /** Whether the aliases must be asked for (and so `group` needs to know what followed a word). */
  get lazy(): boolean {
    return this.#whole === null;
  }

  /** The slot of `hash` in the word table, or -1. */
  findWord(hash: number): number {
    return findSlot(this.keys, this.mask, hash);
  }

  /**
   * The aliases of `slot` (whose first word hashes to `hash`) that could
   * match where the word was met (`next`, see `SPACE_THEN_OTHER`; only a
   * lazy dictionary reads it), or `undefined` when they must be asked for.
   */
  group(slot: number, hash: number, next: number): AliasGroup | undefined {
    if (this.#whole) return (this.#groups[slot] ??= slotGroup(this.#whole, slot));
    const looked = this.#looked.get(slot);
    if (looked && (looked.covered.has(next) || looked.covered.has(ANY_NEXT))) return looked.group;
    if (this.#failed.has(slot)) return NO_ALIASES;
    const nexts = this.missing.get(hash);
    if (nexts) nexts.add(next);
    else this.missing.set(hash, new Set([next]));
    this.stalled = true;
    return undefined;
  }

  /**
   * The words noted missing, as a lookup asks for them, one list for each
   * first word: with the keys its slot already covers, so that the answer
   * replaces the slot's group, or `ANY_NEXT` past `MAX_KEYS_PER_WORD`.
   */
  missingWords(): WordAsked[] {
    this.#asked.clear();
    return [...this.missing].map(([hash, nexts]): WordAsked => {
      const keys = new Set([...(this.#looked.get(this.findWord(hash))?.covered ?? []), ...nexts]);
      const asked = keys.size > MAX_KEYS_PER_WORD ? [ANY_NEXT] : [...keys];
      this.#asked.set(hash, asked);
      return [hash, ...asked];
    });
  }

  /**
   * Takes the background's answer for the missing words (`null` when the
   * lookup failed): what it did not bring matches nothing in this pass.
   */
  fill(answer: AliasLookup | null): void {
    if (answer && answer.version === this.version) {
      for (const { hash, chars, ends, flags, entityIds } of answer.groups) {
        const slot = this.findWord(hash);
        const asked = this.#asked.get(hash);
        // The answer for a first word replaces what its slot had: it was asked with every key the slot covers.
        if (slot >= 0 && asked) this.#looked.set(slot, { covered: new Set(asked), group: { chars, ends, flags, entityIds } });
      }
    }
    this.#asked.clear();
    for (const [hash, nexts] of this.missing) {
      const slot = this.findWord(hash);
      const covered = this.#looked.get(slot)?.covered;
      if (!covered?.has(ANY_NEXT) && ![...nexts].every((key) => covered?.has(key))) this.#failed.add(slot);
    }
    this.missing.clear();
    this.stalled = false;
  }

  /** A new pass asks again for what failed in the last one. */
  beginPass(): void {
    this.#asked.clear();
    this.#failed.clear();
    this.missing.clear();
    this.stalled = false;
  }
}

/**
 * What the page's text must read for an alias to match: its folded text,
 * lower-cased unless the alias is case-sensitive. Two aliases with the same
 * form (and flags) match exactly the same words.
 */
export function expectedForm(folded: string, caseSensitive: boolean): string {
  if (caseSensitive) return folded;
  let out = '';
  for (let i = 0; i < folded.length; i++) out += foldKey(folded[i]!);
  return out;
}


/**
 * One pattern for the words that start with an ASCII letter, one for the
 * rest: in Chromium, a single word that starts with a digit (`287(g)`) among
 * words that start with letters made the pattern four times slower on every
 * page (the engine can no longer skip ahead over text that cannot start a
 * word), while two patterns cost little more than one.
 */
function prefiltersFor(words: string[]): CompiledDictionary['prefilters'] {
  if (words.length === 0 || words.length > PREFILTER_LIMIT) return [];
  const letters = words.filter((word) => /^[a-z]/.test(word));
  const others = words.filter((word) => !/^[a-z]/.test(word));
  return [letters, others].filter((group) => group.length > 0).map(prefilterFor);
}

function prefilterFor(words: string[]): CompiledDictionary['prefilters'][number] {
  // Longest first, so an alternative is never cut short by its own prefix.
  const alternatives = words.sort((a, b) => b.length - a.length).map(escapeLiteral).join('|');
  if (words.every((word) => /^\w+$/.test(word))) {
    // ASCII words: `\b` is the browser's fastest boundary. Since `\w` lies
    // within the matcher's word characters, it finds every true word start
    // (and some more, which the matcher rejects when it checks each hit).
    return { source: `\\b(?:${alternatives})\\b`, flags: 'gi' };
  }
  // No look-behind for the start of a word: it keeps the engine from skipping
  // ahead (three times slower in Chromium), and the matcher checks every
  // hit's start anyway.
  return { source: `(?:${alternatives})(?!${WORD_CHARACTER})`, flags: 'giu' };
}

function escapeLiteral(word: string): string {
  return word.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
