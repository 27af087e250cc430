/**
 * Character folding shared by dictionary compilation and matching, so that an
 * alias typed with plain ASCII finds the same words set with typographic
 * quotes, non-breaking spaces or line breaks.
 *
 * Matching reads every character of a page, so each code unit's class and
 * folded forms are looked up in tables filled lazily, the first time a code
 * unit is seen: a page costs a few table reads per character, not a regular
 * expression.
 */

const SPACE = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const APOSTROPHES = /[\u2018\u2019\u201a\u201b\u2032\u02bc\uff07]/;
const QUOTES = /[\u201c\u201d\u201e\u201f\u2033\uff02]/;
/**
 * A word's characters: letters, digits and marks of any script. The
 * underscore counts, as in `\w`: `ICE_agents` is an identifier, not the
 * agency, and the matcher's prefilter relies on `\b`. U+02BC is a letter,
 * but pages set it as an apostrophe and it folds to one (`APOSTROPHES`): like
 * `'`, it ends a word, so `Schaafʼs` names Schaaf. The prefilter shares this.
 */
export const WORD_CHARACTER = '(?!\\u02bc)[\\p{L}\\p{N}\\p{M}_]';
const WORD = new RegExp(WORD_CHARACTER, 'u');

/**
 * The soft hyphen: where a word may be broken at the end of a line, unseen
 * inside it. Pages set them inside names (`Vladi&shy;mir Putin`, in The
 * Washington Post's saved page); the matcher reads past one as if it were
 * not there, so it neither ends a word nor keeps a name from matching.
 */
export const SOFT_HYPHEN = 0xad;

/** Code-unit classes. A surrogate's class depends on its pair, so it is read whole. */
const OTHER = 1;
const WORD_UNIT = 2;
export const SPACE_UNIT = 3;
const SURROGATE = 4;
const IGNORED_UNIT = 5;

/** Each code unit's class, 0 until first seen. */
const CLASSES = new Uint8Array(0x10000);
/** Folded, case kept (`foldCode`), and folded and lower-cased (`lowerCode`); 0 = not yet known. */
const folded = new Uint16Array(0x10000);
const LOWERED = new Uint16Array(0x10000);

export function classOf(code: number): number {
  const known = CLASSES[code]!;
  return known !== 0 ? known : classify(code);
}

/** The slow path of `classOf`, once per code unit. */
function classify(code: number): number {
  const ch = String.fromCharCode(code);
  const computed =
    code === SOFT_HYPHEN
      ? IGNORED_UNIT
      : code >= 0xd800 && code <= 0xdfff
        ? SURROGATE
        : SPACE.test(ch)
          ? SPACE_UNIT
          : WORD.test(ch)
            ? WORD_UNIT
            : OTHER;
  CLASSES[code] = computed;
  return computed;
}

/** A code unit folded: spaces to 32, typographic apostrophes to 39 and quotes to 34. */
export function foldCode(code: number): number {
  const known = folded[code]!;
  if (known !== 0) return known;
  const ch = String.fromCharCode(code);
  const computed = SPACE.test(ch) ? 32 : APOSTROPHES.test(ch) ? 39 : QUOTES.test(ch) ? 34 : code;
  folded[code] = computed;
  return computed;
}

/** A code unit folded and lower-cased, where lower-casing keeps it one unit. */
export function lowerCode(code: number): number {
  const known = LOWERED[code]!;
  return known !== 0 ? known : lower(code);
}

/**
 * The word loop's one table: for each code unit, what it adds to a word's
 * hash (its `lowerCode`) when it is a word unit, else `NOT_WORD`,
 * `IGNORED` for a soft hyphen (read past, adding nothing), or `PAIR_UNIT`
 * for a surrogate (read as a pair); 0 until first seen. A word unit's key is
 * at least `FIRST_KEY`, so one read and one comparison decide most
 * characters.
 */
export const WORD_KEYS = new Uint16Array(0x10000);
export const NOT_WORD = 1;
export const IGNORED = 2;
export const PAIR_UNIT = 3;
export const FIRST_KEY = 4;

/** The slow path of `WORD_KEYS`, once per code unit. */
export function wordKey(code: number): number {
  const kind = classOf(code);
  const key = kind === WORD_UNIT ? lowerCode(code) : kind === SURROGATE ? PAIR_UNIT : kind === IGNORED_UNIT ? IGNORED : NOT_WORD;
  WORD_KEYS[code] = key;
  return key;
}

/** The slow path of `lowerCode`, once per code unit. */
function lower(code: number): number {
  const base = foldCode(code);
  const lower = String.fromCharCode(base).toLowerCase();
  const computed = lower.length === 1 ? lower.charCodeAt(0) : base;
  LOWERED[code] = computed;
  return computed;
}

/** The comparison key for a code unit: folded and, where it stays one unit, lower-cased. */
export function foldKey(ch: string): string {
  return String.fromCharCode(lowerCode(ch.charCodeAt(0)));
}

/** Folds a whole phrase: typographic marks to ASCII, whitespace runs to one space, no soft hyphens. */
export function foldText(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = foldCode(text.charCodeAt(i));
    if (code === SOFT_HYPHEN) continue;
    if (code === 32) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += String.fromCharCode(code);
  }
  return out;
}

/**
 * How many code units of word starting at `index` (a letter, digit or mark in
 * any script): 0 when it is not one, 2 for an astral letter.
 */
export function wordUnitsAt(text: string, index: number): number {
  if (index < 0 || index >= text.length) return 0;
  const code = text.charCodeAt(index);
  const kind = classOf(code);
  if (kind !== SURROGATE) return kind === WORD_UNIT ? 1 : 0;
  if (code > 0xdbff) return 0; // A lone low surrogate.
  const point = text.codePointAt(index)!;
  return point > 0xffff && WORD.test(String.fromCodePoint(point)) ? 2 : 0;
}

/**
 * The end of the word that `index` is in or at (`index` itself when none is
 * there). Soft hyphens between its letters are part of it.
 */
export function wordEnd(text: string, index: number): number {
  let end = index;
  // Halfway through an astral letter (a window may end there): its second half is of the word too.
  if (wordUnitsAt(text, end - 1) === 2) end += 1;
  for (;;) {
    const units = wordUnitsAt(text, end);
    if (units > 0) {
      end += units;
      continue;
    }
    if (text.charCodeAt(end) !== SOFT_HYPHEN) return end;
    const after = pastSoftHyphens(text, end);
    if (wordUnitsAt(text, after) === 0) return end;
    end = after;
  }
}

/** Where the soft hyphens at `index` end (`index` itself when none is there). */
export function pastSoftHyphens(text: string, index: number): number {
  while (text.charCodeAt(index) === SOFT_HYPHEN) index += 1;
  return index;
}

/** Whether a word goes on at `index`, past any soft hyphens there. */
export function isWordCharAt(text: string, index: number): boolean {
  if (wordUnitsAt(text, index) > 0) return true;
  return text.charCodeAt(index) === SOFT_HYPHEN && wordUnitsAt(text, pastSoftHyphens(text, index)) > 0;
}

/** Whether the code point that ends just before `index`, past any soft hyphens there, is part of a word. */
export function isWordCharBefore(text: string, index: number): boolean {
  if (index <= 0) return false;
  let code = text.charCodeAt(index - 1);
  if (code === SOFT_HYPHEN) {
    do index -= 1;
    while (index > 0 && text.charCodeAt(index - 1) === SOFT_HYPHEN);
    if (index === 0) return false;
    code = text.charCodeAt(index - 1);
  }
  if (code < 0xdc00 || code > 0xdfff) return wordUnitsAt(text, index - 1) > 0;
  // A low surrogate: the second half of an astral letter, or alone (no word).
  return wordUnitsAt(text, index - 2) === 2;
}

/**
 * The index key of a word: a hash of its lower-cased code units. Aliases and
 * page text are hashed by this one function, so equal words get equal keys;
 * a collision only adds a candidate that the character comparison rejects.
 */
export function hashWord(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + lowerCode(text.charCodeAt(i))) | 0;
  return hash & HASH_MASK;
}

/**
 * Keys stay below 2^29: the engine keeps them as small integers (a number
 * past 2^30 would be turned into a string for every word looked up), and the
 * compiled dictionary packs 1 + a key into two code units (see packed.ts).
 */
export const HASH_MASK = 0x1fffffff;
