// The lab codec: Maps and Uint32Arrays through JSON and back, nested in any plain
// structure, exactly (types, key types, order, every word), and bit maps with them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitmapsEqual, createBitmap, setBit, setRange, type PageBitmap } from '../../src/engine/blocks/bitmap.js';
import { base64ToU32, decode, encode, replacer, reviver, u32ToBase64 } from '../../src/store/codec.js';

const u32 = fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 130 }).map((xs) => Uint32Array.from(xs));
const key = fc.string().filter((k) => k !== '$map' && k !== '$u32' && k !== '__proto__');

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)), fc.string(), fc.boolean(), fc.constant(null)),
    u32,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    fc.uniqueArray(fc.tuple(fc.oneof(fc.integer(), fc.string()), tie('value')), { maxLength: 4, selector: ([k]) => k }).map((es) => new Map(es)),
  ),
}));

/** Deep equality that also checks types and Map order (toEqual ignores neither, but be explicit). */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Map) return b instanceof Map && a.size === b.size && [...a].every(([k, v], i) => { const e = [...b][i]; return Object.is(k, e[0]) && same(v, e[1]); });
  if (a instanceof Uint32Array) return b instanceof Uint32Array && a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b) || b instanceof Map || b instanceof Uint32Array) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

describe('lab codec', () => {
  it('round-trips nested structures of Maps, Uint32Arrays and plain JSON exactly', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 1), (v, space) => {
        const back = decode(encode({ v }, space)) as { v: unknown };
        expect(same(back.v, v)).toBe(true);
        expect(back.v).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it('base64 words read back aligned and little-endian, at any length', () => {
    fc.assert(
      fc.property(u32, (a) => {
        const back = base64ToU32(u32ToBase64(a));
        expect(back.byteOffset).toBe(0);
        expect([...back]).toEqual([...a]);
      }),
    );
    expect(u32ToBase64(Uint32Array.of(1))).toBe(Buffer.from([1, 0, 0, 0]).toString('base64'));
    // A view into a larger buffer encodes only its own words.
    expect([...base64ToU32(u32ToBase64(Uint32Array.of(9, 8, 7, 6).subarray(1, 3)))]).toEqual([8, 7]);
    expect(() => base64ToU32(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/whole number/);
  });

  it('carries a page-table bit map through the lab file', () => {
    const bm = createBitmap();
    setRange(bm, 4090, 20);
    setBit(bm, 2 ** 31 - 1);
    const text = JSON.stringify({ fs: { changed: bm } }, replacer, 1);
    const back = JSON.parse(text, reviver) as { fs: { changed: PageBitmap } };
    expect(back.fs.changed.pages).toBeInstanceOf(Map);
    expect(bitmapsEqual(back.fs.changed, bm)).toBe(true);
    expect(text).toContain('"$u32"');
  });

  it('leaves objects that only look like tags alone', () => {
    expect(decode('{"$map": 3}')).toEqual({ $map: 3 });
    expect(decode('{"$u32": "AQAAAA==", "x": 1}')).toEqual({ $u32: 'AQAAAA==', x: 1 });
    expect(decode('{"$map": [[1, 2]], "y": 0}')).toEqual({ $map: [[1, 2]], y: 0 });
  });
});
