import { describe, expect, it } from 'vitest';
import { PACKED_MAX, pack, packedLength, unpack } from '../../utils/matcher/packed';

describe('numbers packed in a string', () => {
  const values = [0, 1, 2 ** 15 - 1, 2 ** 15, 123_456_789, PACKED_MAX];

  it('reads back every number, after a trip through JSON too', () => {
    for (const packed of [pack(values), JSON.parse(JSON.stringify(pack(values))) as string]) {
      expect(packedLength(packed)).toBe(values.length);
      expect(values.map((_, i) => unpack(packed, i))).toEqual(values);
    }
  });

  it('uses only characters that JSON keeps as they are and that are never surrogates', () => {
    const packed = pack(values);
    expect(JSON.stringify(packed)).toBe(`"${packed}"`);
    expect([...packed].every((ch) => ch.charCodeAt(0) < 0xd800)).toBe(true);
  });

  it('refuses what does not fit', () => {
    for (const value of [-1, PACKED_MAX + 1, 1.5, Number.NaN]) expect(() => pack([value])).toThrow(RangeError);
  });

  it('packs more numbers than a call takes arguments', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => i * 3);
    const packed = pack(many);
    expect(unpack(packed, 199_999)).toBe(599_997);
  });
});
