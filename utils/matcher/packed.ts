/**
 * Numbers packed in a string, two code units each, for the compiled
 * dictionary. A page parses a string in JSON at about a nanosecond a
 * character, and a number in a JSON array at ten times that: 50,000 aliases
 * as number arrays took a page 10 ms to parse. Packed, they are read in place.
 *
 * Each code unit holds 15 bits, offset into U+4000–U+BFFF: characters that
 * JSON never escapes, that are never surrogates, and that every channel the
 * dictionary takes (the database, the browsers' messaging) keeps as they are.
 */

const BASE = 0x4000;
const BITS = 15;
const LOW = (1 << BITS) - 1;

/** The largest number `pack` takes. */
export const PACKED_MAX = 2 ** (2 * BITS) - 1;

/** Non-negative integers up to `PACKED_MAX`, two code units each. */
export function pack(values: Iterable<number>): string {
  const units: number[] = [];
  for (const value of values) {
    if (!Number.isInteger(value) || value < 0 || value > PACKED_MAX) throw new RangeError(`Cannot pack ${value}.`);
    units.push(...packedUnitsOf(value));
  }
  // In slices: a call takes only so many arguments.
  let out = '';
  for (let i = 0; i < units.length; i += 8_192) out += String.fromCharCode(...units.slice(i, i + 8_192));
  return out;
}

/** The two code units a number is packed into. */
export function packedUnitsOf(value: number): [number, number] {
  return [packedHigh(value), packedLow(value)];
}

/** The first of them… */
export function packedHigh(value: number): number {
  return BASE + (value >>> BITS);
}

/** …and the second. */
export function packedLow(value: number): number {
  return BASE + (value & LOW);
}

/** Number `index` of a packed string. */
export function unpack(packed: string, index: number): number {
  return ((packed.charCodeAt(2 * index) - BASE) << BITS) | (packed.charCodeAt(2 * index + 1) - BASE);
}

/** How many numbers a packed string holds. */
export function packedLength(packed: string): number {
  return packed.length >> 1;
}
