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
import { foldKey, foldText, isWordCharAt } from './fold';

export const COMPILED_FORMAT = 1;

export interface CompiledAlias {
  /** The alias folded (typographic marks to ASCII, whitespace runs to one space). */
  text: string;
  /** `text` with every code unit lower-cased the way `foldKey` does it. */
  lower: string;
  entityId: string | null;
  caseSensitive: boolean;
  needsFullName: boolean;
}

export interface CompiledDictionary {
  format: typeof COMPILED_FORMAT;
  aliases: CompiledAlias[];
  /** First word of an alias → indexes into `aliases`, longest alias first. */
  byFirstWord: Record<string, number[]>;
}

export function compileDictionary(entries: readonly DictionaryEntry[]): CompiledDictionary {
  const aliases: CompiledAlias[] = [];
  const byFirstWord: Record<string, number[]> = Object.create(null);
  const seen = new Set<string>();
  for (const entry of entries) {
    const text = foldText(entry.text);
    const word = firstWord(text);
    if (!word) continue; // An alias must start with a letter or digit.
    const alias: CompiledAlias = {
      text,
      lower: lowerKey(text),
      entityId: entry.entityId,
      caseSensitive: entry.caseSensitive,
      needsFullName: entry.requiresFullNameFirst ?? false,
    };
    const identity = JSON.stringify([alias.lower, alias.caseSensitive ? alias.text : '', alias.entityId, alias.needsFullName]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    (byFirstWord[word] ??= []).push(aliases.length);
    aliases.push(alias);
  }
  for (const list of Object.values(byFirstWord)) list.sort((a, b) => rank(aliases[a]!, aliases[b]!));
  return { format: COMPILED_FORMAT, aliases, byFirstWord: { ...byFirstWord } };
}

/** The index key of the run of word characters that starts `text`. */
export function firstWord(text: string): string {
  let end = 0;
  while (end < text.length && isWordCharAt(text, end)) end += 1;
  return wordKey(text.slice(0, end));
}

/**
 * The index key of a word: lower-cased, the same way for aliases and for page
 * text. A word whose letters change length when lower-cased (rare) is folded
 * unit by unit instead.
 */
export function wordKey(word: string): string {
  const lower = word.toLowerCase();
  return lower.length === word.length ? lower : lowerKey(word);
}

function lowerKey(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += foldKey(text[i]!);
  return out;
}

/** Longer aliases first; at equal length an exclusion phrase outranks an entity. */
function rank(a: CompiledAlias, b: CompiledAlias): number {
  if (a.text.length !== b.text.length) return b.text.length - a.text.length;
  return (a.entityId === null ? 0 : 1) - (b.entityId === null ? 0 : 1);
}
