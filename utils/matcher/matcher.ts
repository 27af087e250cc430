/**
 * The pure matcher: text in, mentions out. No DOM, no browser APIs.
 *
 * It reads the text word by word, hashing each word as it reads it, and looks
 * the hash up in the compiled dictionary's first-word index; candidates are
 * compared code unit by code unit with folding. The cost is bounded by the text length times the
 * longest alias, whatever the input: there is no regular expression to
 * backtrack and no author-supplied pattern.
 */
import {
  CASE_SENSITIVE,
  DictionaryReader,
  LOOKUP_MAX_WORDS,
  NO_SPACE,
  SPACE_THEN_OTHER,
  STARTS_BASE,
  findSlot,
  startBit,
  NEEDS_FULL_NAME,
  type AliasLookup,
  type DeliveredDictionary,
  type WordAsked,
} from './compile';
import {
  FIRST_KEY,
  HASH_MASK,
  IGNORED,
  NOT_WORD,
  PAIR_UNIT,
  SOFT_HYPHEN,
  SPACE_UNIT,
  WORD_KEYS,
  classOf,
  foldCode,
  hashWord,
  isWordCharAt,
  isWordCharBefore,
  lowerCode,
  pastSoftHyphens,
  wordEnd,
  wordKey,
  wordUnitsAt,
} from './fold';

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
  readonly #dictionary: DictionaryReader;
  readonly #prefilters: RegExp[];
  /** For each prefilter, its next hit in the window being read: -1 when none is left, -2 before it is looked for. */
  readonly #hits: number[];

  constructor(dictionary: DeliveredDictionary) {
    this.#dictionary = new DictionaryReader(dictionary);
    this.#prefilters = dictionary.prefilters.map(({ source, flags }) => new RegExp(source, flags));
    this.#hits = this.#prefilters.map(() => -2);
    // Compile the patterns now, as part of loading, not during the first pass.
    for (const prefilter of this.#prefilters) prefilter.test('');
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
    // A window may open in the middle of a word: that word is not a start.
    const first = isWordCharBefore(text, from) ? wordEnd(text, from) : from;
    // A word that starts in the window is read to its end, past `to`.
    const viewEnd = to < text.length && isWordCharBefore(text, to) ? wordEnd(text, to) : to;
    const last =
      this.#prefilters.length && !this.#hiddenFromPrefilters(text, first, viewEnd)
        ? this.#scanHits(text, first, to, viewEnd, mentions)
        : this.#scanWords(text, first, to, mentions);
    // Soft hyphens at `to` start nothing: the next window opens past them, and need not look back over them.
    return { mentions, next: Math.max(last, text.charCodeAt(to) === SOFT_HYPHEN ? pastSoftHyphens(text, to) : to) };
  }

  /** The text searched last for what the prefilters miss, from where, and where it has it next (-1: nowhere). */
  #searched = '';
  #searchedFrom = 0;
  #hiddenAt = -1;

  /**
   * Whether `text[from, to)` holds what the prefilters cannot read as the
   * matcher does, so that the window is read word by word:
   * - a Kelvin sign (U+212A), which the matcher reads as `k`, as
   *   `toLowerCase` does: the one code unit outside ASCII that folds into
   *   it. The ASCII words' prefilter (`\b(?:…)\b`, `gi` without `u`) never
   *   matches it;
   * - a soft hyphen, which the matcher reads past and a pattern does not. (A
   *   soft hyphen in each pattern finds them too, but made the pass a fifth
   *   slower in Firefox; a search costs a fiftieth of reading the text in
   *   Chromium, a sixteenth in Firefox.)
   * Remembers where the next one is, so that a long text read in windows is
   * searched once.
   */
  #hiddenFromPrefilters(text: string, from: number, to: number): boolean {
    if (text !== this.#searched || from < this.#searchedFrom || (this.#hiddenAt !== -1 && this.#hiddenAt < from)) {
      this.#searched = text;
      this.#searchedFrom = from;
      const sign = text.indexOf('\u212a', from);
      const hyphen = text.indexOf('\u00ad', from);
      this.#hiddenAt = sign === -1 || (hyphen !== -1 && hyphen < sign) ? hyphen : sign;
    }
    return this.#hiddenAt !== -1 && this.#hiddenAt < to;
  }

  /** Reads every word of `[index, to)` and looks it up. Returns where reading stopped. */
  #scanWords(text: string, index: number, to: number, mentions: Mention[]): number {
    // The hot loop: one table read per character. A word whose first two
    // code units start no alias (most words) is passed over; another is read
    // with `readWord` and looked up in the first-word table.
    const { keys, mask, starts } = this.#dictionary;
    const length = text.length;
    while (index < to) {
      const key = WORD_KEYS[text.charCodeAt(index)]!;
      // No word starts with a soft hyphen: one before a word is not of it.
      if (key === NOT_WORD || (key < FIRST_KEY && keyAt(text, index) <= IGNORED)) {
        index += 1;
        continue;
      }
      const start = index;
      if (key >= FIRST_KEY) {
        const second = index + 1 < length ? WORD_KEYS[text.charCodeAt(index + 1)]! : NOT_WORD;
        if (second === NOT_WORD || second >= FIRST_KEY) {
          const bit = startBit(key, second);
          if ((((starts.charCodeAt(bit >> 3) - STARTS_BASE) >> (bit & 7)) & 1) === 0) {
            index = second === NOT_WORD ? index + 1 : skipWord(text, index + 2);
            continue;
          }
        }
      }
      index = readWord(text, start);
      const hash = wordHash;
      const slot = findSlot(keys, mask, hash);
      if (slot >= 0) index = this.#matchSlot(text, start, index, hash, slot, mentions);
    }
    return index;
  }

  /**
   * Lets the prefilters find the words that start an alias, and looks up only
   * those, in text order; they read to `viewEnd`, the end of the word that
   * crosses `to`. Returns where reading stopped.
   */
  #scanHits(text: string, index: number, to: number, viewEnd: number, mentions: Mention[]): number {
    const prefilters = this.#prefilters;
    const hits = this.#hits.fill(-2);
    // The regular expressions read only this window (and the word crossing its end).
    const view = text.slice(0, viewEnd);
    for (;;) {
      // The first hit at or after `index` among the prefilters' next ones.
      let start = -1;
      for (let k = 0; k < prefilters.length; k++) {
        let hit = hits[k]!;
        if (hit !== -1 && hit < index) {
          const prefilter = prefilters[k]!;
          prefilter.lastIndex = index;
          const found = prefilter.exec(view);
          hit = found === null || found.index >= to ? -1 : found.index;
          hits[k] = hit;
        }
        if (hit !== -1 && (start === -1 || hit < start)) start = hit;
      }
      if (start === -1) break;
      if (isWordCharBefore(text, start)) {
        // Inside a longer word: the prefilters leave a hit's start to be
        // checked here. No match starts in the rest of that word either.
        // (Reading on from the next code unit would find the same hit again
        // when it starts with an astral letter: a pattern with the `u` flag
        // reads from the start of the pair.)
        index = Math.max(wordEnd(text, start), start + 1);
        continue;
      }
      const end = readWord(text, start);
      index = this.#matchWord(text, start, end, wordHash, mentions);
      if (index >= viewEnd) break;
    }
    return Math.max(index, Math.min(to, viewEnd));
  }

  /**
   * Tries the aliases whose first word is `text[start, end)`, longest first;
   * records the mention and returns where reading resumes.
   */
  #matchWord(text: string, start: number, end: number, hash: number, mentions: Mention[]): number {
    const slot = this.#dictionary.findWord(hash);
    return slot < 0 ? end : this.#matchSlot(text, start, end, hash, slot, mentions);
  }

  /** `#matchWord` for a word found in the table at `slot`. */
  #matchSlot(text: string, start: number, end: number, hash: number, slot: number, mentions: Mention[]): number {
    const dictionary = this.#dictionary;
    // Aliases not delivered yet (a large dictionary): the word is noted, and
    // from here on the scan only notes such words (see `DictionaryReader.stalled`).
    const group = dictionary.group(slot, hash, dictionary.lazy ? nextKey(text, end) : NO_SPACE);
    if (group === undefined || dictionary.stalled) {
      this.#recorded?.push(start, end, hash);
      return end;
    }
    const { chars, ends, flags, entityIds } = group;
    // A common first word may start thousands of aliases; most go on with
    // another word, so the text's next word's first letter rules most out
    // without comparing them.
    const after = nextWordCode(text, end);
    // The first word's length in the alias: its soft hyphens in the text are none of it.
    let wordLength = end - start;
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === SOFT_HYPHEN) wordLength -= 1;
    for (let alias = 0; alias < ends.length; alias++) {
      const aliasStart = alias === 0 ? 0 : ends[alias - 1]!;
      const aliasEnd = ends[alias]!;
      const next = aliasStart + wordLength;
      if (next < aliasEnd && chars.charCodeAt(next) === 32 && lowerCode(chars.charCodeAt(next + 1)) !== after) continue;
      const aliasFlags = flags[alias]!;
      const matchEnd = matchAt(text, start, chars, aliasStart, aliasEnd, (aliasFlags & CASE_SENSITIVE) !== 0);
      if (matchEnd < 0) continue;
      const entityId = entityIds[alias]!;
      if (entityId !== null) mentions.push({ start, end: matchEnd, entityId, needsFullName: (aliasFlags & NEEDS_FULL_NAME) !== 0 });
      // A match that ends inside a word (an alias ending in punctuation) resumes past that word.
      return isWordCharBefore(text, matchEnd) ? wordEnd(text, matchEnd) : matchEnd;
    }
    return end;
  }

  /** Whether a scan met words whose aliases must be asked for first (its mentions then do not count). */
  get stalled(): boolean {
    return this.#dictionary.stalled;
  }

  /** While probing: each word of the text that starts an alias, as start, end and hash. */
  #recorded: number[] | null = null;

  /**
   * Notes the words of `text[from, …)` whose aliases must be asked for,
   * matching nothing: the text read while the lookup waits. Returns every
   * word there that starts an alias (start, end, hash, in text order), so
   * that the text can be matched afterwards without reading it again (`replay`).
   */
  probe(text: string, from: number): number[] {
    this.#dictionary.stalled = true;
    const recorded: number[] = [];
    this.#recorded = recorded;
    try {
      this.scan(text, from, text.length);
    } finally {
      this.#recorded = null;
    }
    return recorded;
  }

  /**
   * What `scan(text, from, to)` finds, from the words `probe` recorded
   * (which began at or before `from`): only a word that starts an alias can
   * start a match, so the others need no reading again.
   */
  replay(text: string, from: number, to: number, words: readonly number[]): { mentions: Mention[]; next: number } {
    const mentions: Mention[] = [];
    let index = isWordCharBefore(text, from) ? wordEnd(text, from) : from;
    // The first recorded word at or after `index` (they are in text order).
    let low = 0;
    let high = words.length / 3;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (words[3 * mid]! < index) low = mid + 1;
      else high = mid;
    }
    for (let k = 3 * low; k < words.length; k += 3) {
      const start = words[k]!;
      if (start >= to) break;
      if (start < index) continue;
      index = this.#matchWord(text, start, words[k + 1]!, words[k + 2]!, mentions);
    }
    // The word loop reads a word that crosses `to` to its end.
    const edge = to < text.length && isWordCharBefore(text, to) ? wordEnd(text, to) : to;
    return { mentions, next: Math.max(index, edge) };
  }

  /**
   * Asks for the aliases of the words noted missing, all at once, and keeps
   * them; a failed lookup leaves those words unmatched for this pass (the
   * lookup reports its failure itself and answers `null`).
   */
  async fill(lookup: AliasLookupFunction | null): Promise<void> {
    const reader = this.#dictionary;
    const words = reader.missingWords();
    let answer: AliasLookup | null = null;
    if (lookup && reader.version !== null && words.length) {
      const requests: WordAsked[][] = [];
      for (let i = 0; i < words.length; i += LOOKUP_MAX_WORDS) requests.push(words.slice(i, i + LOOKUP_MAX_WORDS));
      const version = reader.version;
      const answers = await Promise.all(requests.map((words) => lookup({ version, words })));
      // Only answers from the dictionary this page was given count.
      if (answers.every((a) => a !== null && a.version === version)) answer = { version, groups: answers.flatMap((a) => a!.groups) };
    }
    reader.fill(answer);
  }

  /** A pass begins: words whose lookup failed in the last one are asked for again. */
  beginPass(): void {
    this.#dictionary.beginPass();
  }
}

/**
 * How a page asks the background for the aliases of some first words, each
 * with what followed it (see `LazyDictionary`, `SPACE_THEN_OTHER`); `null`
 * when it could not.
 */
export type AliasLookupFunction = (request: { version: string; words: WordAsked[] }) => Promise<AliasLookup | null>;

/** The hash of the word `readWord` read last (see `hashWord`). */
let wordHash = 0;

/**
 * Reads the word that starts at `start`: returns where it ends, and leaves its
 * hash in `wordHash`, the same as `hashWord` gives. One table read, a
 * multiply and an add per character; code units not seen before and
 * surrogate pairs take the slow path.
 */
function readWord(text: string, start: number): number {
  const length = text.length;
  let index = start;
  let hash = 0;
  let key = WORD_KEYS[text.charCodeAt(index)]!;
  for (;;) {
    if (key >= FIRST_KEY) {
      hash = (Math.imul(hash, 31) + key) | 0;
      index += 1;
    } else if (key === NOT_WORD || (key = keyAt(text, index)) === NOT_WORD) {
      break;
    } else if (key === PAIR_UNIT) {
      hash = (Math.imul(hash, 31) + lowerCode(text.charCodeAt(index))) | 0;
      hash = (Math.imul(hash, 31) + lowerCode(text.charCodeAt(index + 1))) | 0;
      index += 2;
    } else if (key === IGNORED) {
      index += 1; // A soft hyphen: read past, as if it were not there.
    } else {
      continue; // A code unit seen for the first time: its key is known now.
    }
    if (index >= length) break;
    key = WORD_KEYS[text.charCodeAt(index)]!;
  }
  wordHash = hash & HASH_MASK;
  return index;
}

/** Where the word that goes on at `index` ends: `readWord` without the hash. */
function skipWord(text: string, index: number): number {
  const length = text.length;
  while (index < length) {
    let key = WORD_KEYS[text.charCodeAt(index)]!;
    if (key < FIRST_KEY && (key === NOT_WORD || (key = keyAt(text, index)) === NOT_WORD)) break;
    index += key === PAIR_UNIT ? 2 : 1;
  }
  return index;
}

/**
 * The slow path of the word loop: the key of the code unit at `index` seen
 * for the first time, of a soft hyphen (`IGNORED`), or of a surrogate:
 * `PAIR_UNIT` for an astral letter, `NOT_WORD` for anything else (see
 * `wordUnitsAt`).
 */
function keyAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const key = WORD_KEYS[code] || wordKey(code);
  return key !== PAIR_UNIT ? key : wordUnitsAt(text, index) === 2 ? PAIR_UNIT : NOT_WORD;
}

/**
 * The key of what follows the word that ends at `end` (see
 * `SPACE_THEN_OTHER`): the hash of the word after the whitespace there, as
 * an alias's second word is hashed, when there is one.
 */
function nextKey(text: string, end: number): number {
  const index = afterSpace(text, end);
  if (index < 0) return NO_SPACE;
  return index >= text.length || readWord(text, index) === index ? SPACE_THEN_OTHER : wordHash;
}

/**
 * The folded, lower-cased first code unit of the word after the whitespace at
 * `index`; -1 when no whitespace is there.
 */
function nextWordCode(text: string, index: number): number {
  const after = afterSpace(text, index);
  return after >= 0 && after < text.length ? lowerCode(text.charCodeAt(after)) : -1;
}

/** Where the run of whitespace at `index` ends (soft hyphens in it or after it are of it); -1 when no whitespace is there. */
function afterSpace(text: string, index: number): number {
  if (index >= text.length || classOf(text.charCodeAt(index)) !== SPACE_UNIT) return -1;
  return spaceRunEnd(text, index);
}

/** Where the run of whitespace that goes on at `index` ends, soft hyphens in it or after it included. */
function spaceRunEnd(text: string, index: number): number {
  const length = text.length;
  for (; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== SOFT_HYPHEN && classOf(code) !== SPACE_UNIT) break;
  }
  return index;
}

/** Where the alias `chars[from, to)` ends if it matches `text` at `start` as whole words, else -1. */
function matchAt(text: string, start: number, chars: string, from: number, to: number, caseSensitive: boolean): number {
  const length = text.length;
  let index = start;
  for (let k = from; k < to; k++) {
    if (index >= length) return -1;
    const code = text.charCodeAt(index);
    const want = chars.charCodeAt(k);
    const same = want === 32 ? classOf(code) === SPACE_UNIT : (caseSensitive ? foldCode(code) : lowerCode(code)) === want;
    if (!same) {
      if (code !== SOFT_HYPHEN) return -1;
      // A soft hyphen is read past (an alias has none: see `foldText`): the same character of the alias comes next.
      index += 1;
      k -= 1;
      continue;
    }
    if (want !== 32) {
      index += 1;
      continue;
    }
    // Any run of whitespace, line breaks and non-breaking spaces stands for one space.
    index = spaceRunEnd(text, index + 1);
  }
  // A match may not stop in the middle of a word (`ICE` in `ICEland`, or in `ICE&shy;land`).
  return isWordCharBefore(text, index) && isWordCharAt(text, index) ? -1 : index;
}
