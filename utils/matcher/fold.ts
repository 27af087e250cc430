/**
 * Character folding shared by dictionary compilation and matching, so that an
 * alias typed with plain ASCII finds the same words set with typographic
 * quotes, non-breaking spaces or line breaks.
 */

const SPACE = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const APOSTROPHES = /[\u2018\u2019\u201a\u201b\u2032\u02bc\uff07]/;
const QUOTES = /[\u201c\u201d\u201e\u201f\u2033\uff02]/;
const WORD = /[\p{L}\p{N}\p{M}]/u;

export function isSpace(ch: string): boolean {
  const code = ch.charCodeAt(0);
  // ASCII first: this runs for every character of every page.
  if (code < 0x80) return code === 32 || (code >= 9 && code <= 13);
  return SPACE.test(ch);
}

/** The form a single code unit takes for comparison (case kept). */
export function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code === 32 || (code >= 9 && code <= 13) ? ' ' : ch;
  if (SPACE.test(ch)) return ' ';
  if (APOSTROPHES.test(ch)) return "'";
  if (QUOTES.test(ch)) return '"';
  return ch;
}

/** The comparison key for a code unit: folded and, where it stays one unit, lower-cased. */
export function foldKey(ch: string): string {
  const folded = foldChar(ch);
  const lower = folded.toLowerCase();
  return lower.length === 1 ? lower : folded;
}

/** Folds a whole phrase: typographic marks to ASCII, whitespace runs to one space. */
export function foldText(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (const ch of text) {
    const folded = ch.length === 1 ? foldChar(ch) : ch;
    if (folded === ' ') {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += folded;
  }
  return out;
}

/**
 * Whether the code point at `index` is part of a word (a letter, digit or mark
 * in any script). Surrogate pairs are read whole so astral letters count.
 */
export function isWordCharAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 0x80) return isAsciiWord(code);
  const point = text.codePointAt(index);
  return point !== undefined && WORD.test(String.fromCodePoint(point));
}

/** Whether the code point that ends just before `index` is part of a word. */
export function isWordCharBefore(text: string, index: number): boolean {
  if (index <= 0) return false;
  const code = text.charCodeAt(index - 1);
  const isLowSurrogate = code >= 0xdc00 && code <= 0xdfff;
  return isWordCharAt(text, isLowSurrogate && index >= 2 ? index - 2 : index - 1);
}

function isAsciiWord(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
