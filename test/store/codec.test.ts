// The lab codec: Maps and Uint32Arrays through JSON and back, nested in any plain
// structure, exactly (types, key types, order, every word), trailing zero words written as a
// count, and bit maps with them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitmapsEqual, createBitmap, setBit, setBitsOf, setRange, type PageBitmap } from '../../src/engine/blocks/bitmap.js';
import { bitmapProblem } from '../../src/engine/blocks/shape.js';
import { base64ToU32, decode, encode, replacer, reviver, u32ToBase64, ZERO_RUN } from '../../src/store/codec.js';

const word = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constant(0));
/** Words, often followed by a run of zeros (the room the block engine's arrays keep at their ends). */
const u32 = fc
  .tuple(fc.array(word, { maxLength: 130 }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * ZERO_RUN })))
  .map(([xs, zeros]) => Uint32Array.from([...xs, ...new Array<number>(zeros).fill(0)]));
const key = fc.string().filter((k) => k !== '$map' && k !== '$u32' && k !== '$zeros' && k !== '__proto__');

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
    ),
    u32,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    fc.uniqueArray(fc.tuple(fc.oneof(fc.integer(), fc.string()), tie('value')), { maxLength: 4, selector: ([k]) => k }).map((es) => new Map(es)),
  ),
}));

/** Deep equality that also checks types and Map order (toEqual ignores neither, but be explicit). */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Map)
    return (
      b instanceof Map &&
      a.size === b.size &&
      [...a].every(([k, v], i) => {
        const e = [...b][i];
        return Object.is(k, e[0]) && same(v, e[1]);
      })
    );
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
    expect(back.fs.changed.pages.data).toBeInstanceOf(Uint32Array);
    expect(back.fs.changed.pages.table).toBeInstanceOf(Uint32Array);
    expect(bitmapProblem(back.fs.changed)).toBeNull();
    expect(bitmapsEqual(back.fs.changed, bm)).toBe(true);
    expect(setBitsOf(back.fs.changed)).toEqual(setBitsOf(bm));
    // Changed after decoding, it stays a bit map: a page more, a bit less.
    setBit(back.fs.changed, 5);
    expect(setBitsOf(back.fs.changed)).toEqual([5, ...setBitsOf(bm)]);
    expect(text).toContain('"$u32"');
  });

  it('writes a run of trailing zero words as a count, and reads it back to the same length', () => {
    const a = new Uint32Array(1000);
    a[0] = 7;
    a[3] = 2 ** 32 - 1;
    const text = encode(a);
    expect(JSON.parse(text)).toEqual({ $u32: u32ToBase64(a.subarray(0, 4)), $zeros: 996 });
    const back = decode(text) as Uint32Array;
    expect(back).toBeInstanceOf(Uint32Array);
    expect(back.length).toBe(1000);
    expect([...back]).toEqual([...a]);
    // All zero, and a run too short to count: plain words.
    expect(JSON.parse(encode(new Uint32Array(40)))).toEqual({ $u32: '', $zeros: 40 });
    const short = Uint32Array.of(1, ...new Array<number>(ZERO_RUN - 1).fill(0));
    expect(JSON.parse(encode(short))).toEqual({ $u32: u32ToBase64(short) });
    expect([...(decode(encode(short)) as Uint32Array)]).toEqual([...short]);
  });

  it('leaves objects that only look like tags alone', () => {
    expect(decode('{"$map": 3}')).toEqual({ $map: 3 });
    expect(decode('{"$u32": "AQAAAA==", "x": 1}')).toEqual({ $u32: 'AQAAAA==', x: 1 });
    expect(decode('{"$map": [[1, 2]], "y": 0}')).toEqual({ $map: [[1, 2]], y: 0 });
    expect(decode('{"$u32": "AQAAAA==", "$zeros": -1}')).toEqual({ $u32: 'AQAAAA==', $zeros: -1 });
    expect(decode('{"$u32": "AQAAAA==", "$zeros": 1.5}')).toEqual({ $u32: 'AQAAAA==', $zeros: 1.5 });
    expect(decode('{"$u32": "AQAAAA==", "$zeros": 2, "z": 0}')).toEqual({ $u32: 'AQAAAA==', $zeros: 2, z: 0 });
    expect(decode('{"$zeros": 2}')).toEqual({ $zeros: 2 });
  });
});
