/**
 * The compiled dictionary: built once in the background whenever the enabled
 * sets change, cached in the database, and used by the page exactly as it
 * arrives — plain JSON, nothing to rebuild per page.
 *
 * Aliases are indexed by their first word, lower-cased. The page reads its
 * text word by word; a word that starts no alias costs one hash lookup, and a
 * word that does is checked against its few candidates, longest first. A
 * candidate must match whole words, so the first word of the text must be the
 * alias's first word in full: that is the word-boundary rule, for free.
 */
import type { DictionaryEntry } from './matcher';
import { foldKey, foldText, hashWord, wordUnitsAt } from './fold';

export const COMPILED_FORMAT = 4;

/** `flags` bits. */
export const CASE_SENSITIVE = 1;
export const NEEDS_FULL_NAME = 2;

/**
 * First words → candidate aliases, as an open-addressing hash table in plain
 * number arrays: JSON keeps them as they are and the page reads them without
 * building anything. Most page words miss at their first probe.
 */
export interface WordTable {
  /** Power of two minus one; the table has `mask + 1` slots. */
  mask: number;
  /** `hashWord` of the first word in each slot, or -1 for an empty slot. */
  keys: number[];
  /** For each slot, where its list starts in `lists`: a length, then alias indexes, longest alias first. */
  starts: number[];
  lists: number[];
}

/**
 * Aliases are stored in columns (one string, a few number arrays) rather than
 * as an object each: a page parses 50,000 aliases several times faster so.
 */
export interface CompiledDictionary {
  format: typeof COMPILED_FORMAT;
  /**
   * Every alias's expected form, back to back: folded (typographic marks to
   * ASCII, whitespace runs to one space), and lower-cased unless the alias is
   * case-sensitive. Alias `i` spans `chars[ends[i - 1] ?? 0 .. ends[i])`.
   */
  chars: string;
  ends: number[];
  /** Index into `entityIds`, or -1 for an exclusion phrase. */
  entity: number[];
  /** `CASE_SENSITIVE` and `NEEDS_FULL_NAME` bits. */
  flags: number[];
  entityIds: string[];
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
  const seen = new Set<string>();
  for (const entry of entries) {
    const text = foldText(entry.text);
    const wordEnd = firstWordEnd(text);
    if (wordEnd === 0) continue; // An alias must start with a letter or digit.
    const alias: Alias = {
      expected: expectedForm(text, entry.caseSensitive),
      entityId: entry.entityId,
      flags: (entry.caseSensitive ? CASE_SENSITIVE : 0) | (entry.requiresFullNameFirst ? NEEDS_FULL_NAME : 0),
    };
    const identity = JSON.stringify([alias.expected, alias.entityId, alias.flags]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    firstWords.add(text.slice(0, wordEnd).toLowerCase());
    const word = hashWord(text, 0, wordEnd);
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
  const ends: number[] = [];
  let chars = '';
  for (const alias of aliases) {
    chars += alias.expected;
    ends.push(chars.length);
    if (alias.entityId !== null && !entityIndex.has(alias.entityId)) {
      entityIndex.set(alias.entityId, entityIds.length);
      entityIds.push(alias.entityId);
    }
  }
  return {
    format: COMPILED_FORMAT,
    chars,
    ends,
    entity: aliases.map((alias) => (alias.entityId === null ? -1 : entityIndex.get(alias.entityId)!)),
    flags: aliases.map((alias) => alias.flags),
    entityIds,
    byFirstWord: wordTable(byFirstWord),
    prefilters: prefiltersFor([...firstWords]),
  };
}

function wordTable(lists: Map<number, number[]>): WordTable {
  let size = 8;
  while (size < lists.size * 2) size *= 2;
  const table: WordTable = { mask: size - 1, keys: new Array<number>(size).fill(-1), starts: new Array<number>(size).fill(0), lists: [] };
  for (const [hash, list] of lists) {
    let slot = hash & table.mask;
    while (table.keys[slot] !== -1) slot = (slot + 1) & table.mask;
    table.keys[slot] = hash;
    table.starts[slot] = table.lists.length;
    table.lists.push(list.length, ...list);
  }
  return table;
}

/** The slot of `hash` in `table`, or -1. */
export function findWord(table: WordTable, hash: number): number {
  const { keys, mask } = table;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const key = keys[slot]!;
    if (key === hash) return slot;
    if (key === -1) return -1;
  }
}

/** Where the run of word characters that starts `text` ends. */
function firstWordEnd(text: string): number {
  let end = 0;
  for (let units = wordUnitsAt(text, 0); units > 0; units = wordUnitsAt(text, end)) end += units;
  return end;
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
  return { source: `(?:${alternatives})(?![\\p{L}\\p{N}\\p{M}_])`, flags: 'giu' };
}

function escapeLiteral(word: string): string {
  return word.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
