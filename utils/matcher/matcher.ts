/**
 * The pure matcher: text in, mentions out. No DOM, no browser APIs.
 *
 * It reads the text word by word and looks each word up in the compiled
 * dictionary's first-word index; candidates are compared character by
 * character with folding. The cost is bounded by the text length times the
 * longest alias, whatever the input: there is no regular expression to
 * backtrack and no author-supplied pattern.
 */
import { wordKey, type CompiledAlias, type CompiledDictionary } from './compile';
import { foldChar, foldKey, isSpace, isWordCharAt, isWordCharBefore } from './fold';

export interface DictionaryEntry {
  /** The alias as the author wrote it. */
  text: string;
  /**
   * The entity this alias names, or `null` for an exclusion phrase: a phrase
   * that claims its words so that no entity matches inside it (`Oakland County`).
   */
  entityId: string | null;
  caseSensitive: boolean;
  /** A short name that counts only after the entity's full name (see `MentionGate`). */
  requiresFullNameFirst?: boolean;
}

export interface Mention {
  start: number;
  end: number;
  entityId: string;
  /** Found through a short name that needs the full name earlier on the page. */
  needsFullName: boolean;
}

export class Matcher {
  readonly #dictionary: CompiledDictionary;

  constructor(dictionary: CompiledDictionary) {
    this.#dictionary = dictionary;
  }

  /** Every mention in `text`, in order, none overlapping; the longest alias wins. */
  findMentions(text: string): Mention[] {
    return this.scan(text, 0, text.length).mentions;
  }

  /**
   * The mentions that start in `[from, to)`. A match may run past `to`;
   * `next` is where the following window must start so that no text is read
   * twice. Windows let a huge block be matched in slices.
   */
  scan(text: string, from: number, to: number): { mentions: Mention[]; next: number } {
    const mentions: Mention[] = [];
    const { aliases, byFirstWord } = this.#dictionary;
    let index = from;
    while (index < to) {
      if (!isWordCharAt(text, index) || isWordCharBefore(text, index)) {
        index += 1;
        continue;
      }
      let wordEnd = index + 1;
      while (wordEnd < text.length && isWordCharAt(text, wordEnd)) wordEnd += 1;
      const word = wordKey(text.slice(index, wordEnd));
      const candidates = Object.hasOwn(byFirstWord, word) ? byFirstWord[word]! : null;
      let matched: { alias: CompiledAlias; end: number } | null = null;
      if (candidates) {
        for (const candidate of candidates) {
          const alias = aliases[candidate]!;
          const end = matchAt(text, index, alias);
          if (end >= 0) {
            matched = { alias, end };
            break;
          }
        }
      }
      if (matched) {
        const { entityId, needsFullName } = matched.alias;
        if (entityId !== null) mentions.push({ start: index, end: matched.end, entityId, needsFullName });
        index = matched.end;
      } else {
        index = wordEnd;
      }
    }
    return { mentions, next: Math.max(index, to) };
  }
}

/** Where `alias` ends if it matches `text` at `start` as whole words, else -1. */
function matchAt(text: string, start: number, alias: CompiledAlias): number {
  const expected = alias.caseSensitive ? alias.text : alias.lower;
  let index = start;
  for (let k = 0; k < expected.length; k++) {
    if (index >= text.length) return -1;
    const ch = text[index]!;
    if (expected[k] === ' ') {
      // Any run of whitespace, line breaks and non-breaking spaces stands for one space.
      if (!isSpace(ch)) return -1;
      while (index < text.length && isSpace(text[index]!)) index += 1;
      continue;
    }
    if ((alias.caseSensitive ? foldChar(ch) : foldKey(ch)) !== expected[k]) return -1;
    index += 1;
  }
  // A match may not stop in the middle of a word (`ICE` in `ICEland`).
  return isWordCharBefore(text, index) && isWordCharAt(text, index) ? -1 : index;
}
