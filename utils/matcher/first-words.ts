/**
 * The first words of a small dictionary as an automaton: it reads a text a
 * code unit at a time and reports every whole word that is one of them. The
 * matcher then checks only those words.
 *
 * It replaces a regular expression (`\b(?:oakland|ice|…)\b`, `gi`) that
 * Chromium ran at about 9 ns a character on an article-like page: with some
 * forty first words that start with most letters of the alphabet, the
 * engine tries alternatives at every position. The automaton is a trie of
 * the words whose states also know what to do at a word's end, so it never
 * goes back: a word that leaves the trie is passed over to its end.
 *
 * It reads words exactly as the word loop does (`WORD_KEYS`: letters, digits
 * and marks in any script, and `_`, each lower-cased a code unit at a time;
 * an astral letter as one), so its hits are the word loop's candidates, not
 * an approximation of them.
 */
import { FIRST_KEY, NOT_WORD, PAIR_UNIT, WORD_KEYS, isWordCharBefore, lowerCode, wordKey, wordUnitsAt } from './fold';

/** A row of the table per state, a column per ASCII code unit; other units are read outside the table's loop. */
const WIDTH = 128;
/** Between words: at the start, and after any separator. A state is its row's offset. */
const BETWEEN = 0;
/** In a word that is none of the first words. */
const SKIP = WIDTH;
/** The column every separator outside ASCII reads as. */
const SPACE = 32;
/** Texts this long and longer are read in two halves side by side (see `find`). */
const TWO_HALVES = 64;
/** A trie has at most this many states (a table of 2 MB). */
const MAX_STATES = 4_096;

export class FirstWords {
  /**
   * `table[state + code]`: the next state, or `#hit` at a separator after a
   * whole first word. A state is its row's offset, so that a step is one
   * add and one read; 16 bits a cell when they are enough.
   */
  readonly #table: Uint16Array | Int32Array;
  readonly #hit: number;
  /** Edges for the first words' units from 128 up: state × 2^16 + unit → state. */
  readonly #wide = new Map<number, number>();

  /** The automaton for `words` (each as `expectedForm(word, false)` gives it), or null when too large. */
  static for(words: readonly string[]): FirstWords | null {
    let units = 0;
    for (const word of words) units += word.length;
    // The trie has at most `units` states besides BETWEEN and SKIP.
    return words.length > 0 && 2 + units <= MAX_STATES ? new FirstWords(words, 2 + units) : null;
  }

  private constructor(words: readonly string[], rows: number) {
    const hit = (this.#hit = rows * WIDTH);
    const table = (this.#table = hit < 0x10000 ? new Uint16Array(hit) : new Int32Array(hit));
    // The states where a word ends take the last rows: there a separator
    // is a hit. Every other row starts as SKIP's: a word unit leads to
    // SKIP, a separator between words. Each kind is written once and copied.
    const ends = rows - words.length;
    const { row, separators, cases } = ascii();
    table.set(row);
    fillRows(table, 0, ends);
    table.set(row, ends * WIDTH);
    for (const code of separators) table[ends * WIDTH + code] = hit;
    fillRows(table, ends * WIDTH, rows);
    let inner = 2;
    let ending = ends;
    // Shorter words first: the state where a word ends is then made by that
    // word (a longer word that goes on from it comes later), in the last rows.
    for (const word of [...words].sort((x, y) => x.length - y.length)) {
      let state = BETWEEN;
      for (let i = 0; i < word.length; i++) {
        const unit = word.charCodeAt(i);
        let next = unit < WIDTH ? table[state + unit]! : (this.#wide.get(state * 0x10000 + unit) ?? SKIP);
        if (next === SKIP) {
          next = (i === word.length - 1 ? ending++ : inner++) * WIDTH;
          if (unit < WIDTH) for (const code of cases[unit]!) table[state + code] = next;
          else this.#wide.set(state * 0x10000 + unit, next);
        }
        state = next;
      }
    }
  }

  /**
   * Appends to `hits`, in order, where each whole first word in
   * `text[from, to)` starts. `from` must not be inside a word, and `to` must
   * be the end of the text or of a word.
   */
  find(text: string, from: number, to: number, hits: number[]): void {
    const first = hits.length;
    this.#ends(text, from, to, hits);
    // Where each word starts, read back from its end: only for hits.
    for (let k = first; k < hits.length; k++) hits[k] = wordStart(text, hits[k]!);
  }

  /** Appends where each whole first word in `text[from, to)` ends (see `find`). */
  #ends(text: string, from: number, to: number, hits: number[]): void {
    // Each step's table read waits for the one before it. A long text is
    // read as two halves side by side, split after a separator (so that
    // each half starts between words): two independent chains, which the
    // processor overlaps. In Chromium that took a quarter off the time.
    const middle = to - from >= TWO_HALVES ? this.#middle(text, from + ((to - from) >> 1), to) : -1;
    if (middle < 0) {
      this.#end(this.#read(text, from, to, BETWEEN, hits), to, hits);
      return;
    }
    const table = this.#table;
    const hit = this.#hit;
    const later = this.#later;
    later.length = 0;
    let a = BETWEEN;
    let b = BETWEEN;
    const steps = Math.min(middle - from, to - middle);
    let k = 0;
    while (k < steps) {
      // Both units ASCII. No call in this loop: it would cost every step
      // (the engine would keep the states in memory across it).
      for (; k < steps; k++) {
        const first = text.charCodeAt(from + k);
        const second = text.charCodeAt(middle + k);
        if ((first | second) >= WIDTH) break;
        a = table[a + first]!;
        b = table[b + second]!;
        if (a >= hit) {
          hits.push(from + k);
          a = BETWEEN;
        }
        if (b >= hit) {
          later.push(middle + k);
          b = BETWEEN;
        }
      }
      if (k === steps) break;
      a = this.#step(text, from + k, a, hits);
      b = this.#step(text, middle + k, b, later);
      k += 1;
    }
    // The first half ends after a separator, so between words.
    this.#read(text, from + steps, middle, a, hits);
    this.#end(this.#read(text, middle + steps, to, b, later), to, later);
    for (let k = 0; k < later.length; k++) hits.push(later[k]!);
  }

  /** The second half's hits, while the first half's are still coming. */
  readonly #later: number[] = [];

  /** Reads `text[from, to)` from `state`; returns the state at the end. */
  #read(text: string, from: number, to: number, state: number, hits: number[]): number {
    const table = this.#table;
    const hit = this.#hit;
    let i = from;
    while (i < to) {
      for (; i < to; i++) {
        const code = text.charCodeAt(i);
        if (code >= WIDTH) break;
        state = table[state + code]!;
        if (state >= hit) {
          hits.push(i);
          state = BETWEEN;
        }
      }
      if (i === to) break;
      state = this.#step(text, i, state, hits);
      i += 1;
    }
    return state;
  }

  /** Reads the code unit at `text[i]` from `state`, whatever it is; returns the next state. */
  #step(text: string, i: number, state: number, hits: number[]): number {
    const code = text.charCodeAt(i);
    if (code < WIDTH) state = this.#table[state + code]!;
    else {
      let key = keyOf(code);
      if (key === PAIR_UNIT) {
        // An astral letter is one word unit in two code units; anything else there is a separator.
        const letter = code < 0xdc00 ? wordUnitsAt(text, i) === 2 : wordUnitsAt(text, i - 1) === 2;
        key = letter ? lowerCode(code) : NOT_WORD;
      }
      // A separator reads as a space; a word unit lower-cased into ASCII
      // (the Kelvin sign, `k`) as that unit; any other follows its edge.
      if (key === NOT_WORD) state = this.#table[state + SPACE]!;
      else if (key < WIDTH) state = this.#table[state + key]!;
      else state = this.#wide.get(state * 0x10000 + key) ?? SKIP;
    }
    if (state < this.#hit) return state;
    hits.push(i);
    return BETWEEN;
  }

  /** The end of the text or of a word at `to`: the last word ends there. */
  #end(state: number, to: number, hits: number[]): void {
    state = this.#table[state + SPACE]!;
    if (state >= this.#hit) hits.push(to);
  }

  /** The first place at or after `from` (and before `to`) that follows an ASCII separator, or -1 if none is near. */
  #middle(text: string, from: number, to: number): number {
    const last = Math.min(to - 1, from + 256);
    for (let i = from; i < last; i++) {
      const code = text.charCodeAt(i);
      if (code < WIDTH && keyOf(code) === NOT_WORD) return i + 1;
    }
    return -1;
  }
}

/** Where the word that ends at `end` starts (a hit's, found only for hits). */
function wordStart(text: string, end: number): number {
  let start = end;
  for (;;) {
    // Most units are known: word units (a key from FIRST_KEY up) and
    // separators; the rest are asked properly.
    let key = NOT_WORD;
    while (start > 0 && (key = WORD_KEYS[text.charCodeAt(start - 1)]!) >= FIRST_KEY) start -= 1;
    if (key === NOT_WORD || !isWordCharBefore(text, start)) return start;
    start -= isLowSurrogate(text.charCodeAt(start - 1)) ? 2 : 1;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Copies the row at `from` (a state's offset) over every row up to `to` (a row number), doubling. */
function fillRows(table: Uint16Array | Int32Array, from: number, to: number): void {
  const end = to * WIDTH;
  for (let filled = from + WIDTH; filled < end; filled += filled - from) table.copyWithin(filled, from, Math.min(filled, from + end - filled));
}

/** A code unit's key as the word loop reads it (`WORD_KEYS`): `NOT_WORD`, `PAIR_UNIT`, or the unit lower-cased. */
function keyOf(code: number): number {
  return WORD_KEYS[code] || wordKey(code);
}

/** What every automaton's table starts from (see `ascii`). */
let asciiUnits: { row: Uint16Array; separators: number[]; cases: number[][] } | null = null;

/**
 * For ASCII: a new state's row (a word unit leads to SKIP, a separator
 * between words), the separators, and for each unit the units whose key it
 * is (`a`: `a` and `A`).
 */
function ascii(): NonNullable<typeof asciiUnits> {
  if (asciiUnits) return asciiUnits;
  const row = new Uint16Array(WIDTH);
  const separators: number[] = [];
  const cases: number[][] = Array.from({ length: WIDTH }, () => []);
  for (let code = 0; code < WIDTH; code++) {
    const key = keyOf(code);
    row[code] = key === NOT_WORD ? BETWEEN : SKIP;
    if (key === NOT_WORD) separators.push(code);
    else cases[key]!.push(code);
  }
  return (asciiUnits = { row, separators, cases });
}
