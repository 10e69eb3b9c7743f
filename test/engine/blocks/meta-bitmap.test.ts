// The meta bit map against a dense validity oracle at granularities 1 to 64 blocks per bit:
// never a valid block reported invalid (a lost before image), exact when the caller can say
// which blocks are still valid, and the seed's right-shift mapping (FIG. 46).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  copyMetaBitmap,
  createMetaBitmap,
  forEachMaybeValidGroup,
  granularityOf,
  markInvalidRange,
  markValid,
  markValidRange,
  mayBeValid,
  metaBitOf,
} from '../../../src/engine/blocks/meta-bitmap.js';
import { bitmapsEqual, setBitsOf } from '../../../src/engine/blocks/bitmap.js';

const SPAN = 3 * 4096 * 2 + 300;
const granularity = fc.constantFrom(1, 2, 4, 8, 64);
const block = fc.integer({ min: 0, max: SPAN - 1 });
const op = fc.record({ valid: fc.boolean(), at: block, count: fc.integer({ min: 1, max: 300 }) }).map((o) => ({ ...o, count: Math.min(o.count, SPAN - o.at) }));

function run(g: number, ops: { valid: boolean; at: number; count: number }[], exact: boolean) {
  const m = createMetaBitmap(g);
  const dense = new Uint8Array(SPAN);
  for (const o of ops) {
    if (o.valid) {
      if (o.count === 1) markValid(m, o.at);
      else markValidRange(m, o.at, o.count);
      dense.fill(1, o.at, o.at + o.count);
    } else {
      dense.fill(0, o.at, o.at + o.count);
      markInvalidRange(m, o.at, o.count, exact ? (b) => dense[b] === 1 : undefined);
    }
  }
  return { m, dense };
}

describe('meta bit map', () => {
  it('maps a block to bit block >> log2(g) and rejects granularities that are not powers of two', () => {
    fc.assert(
      fc.property(granularity, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (g, b) => {
        const m = createMetaBitmap(g);
        expect(granularityOf(m)).toBe(g);
        expect(metaBitOf(m, b)).toBe(Math.floor(b / g));
      }),
    );
    expect(() => createMetaBitmap(3)).toThrow(RangeError);
    expect(() => createMetaBitmap(0)).toThrow(RangeError);
  });

  it('never reports a valid block invalid, with or without the caller knowing the rest', () => {
    fc.assert(
      fc.property(granularity, fc.array(op, { maxLength: 60 }), fc.boolean(), (g, ops, exact) => {
        const { m, dense } = run(g, ops, exact);
        for (let b = 0; b < SPAN; b++) if (dense[b] === 1 && !mayBeValid(m, b)) expect.fail(`valid block ${b} reported invalid at g=${g}`);
      }),
      { numRuns: 200 },
    );
  });

  it('with the caller saying which blocks are valid, a bit is set exactly when a block it covers is valid', () => {
    fc.assert(
      fc.property(granularity, fc.array(op, { maxLength: 60 }), (g, ops) => {
        const { m, dense } = run(g, ops, true);
        const want: number[] = [];
        for (let bit = 0; bit * g < SPAN; bit++) if (dense.subarray(bit * g, bit * g + g).some((v) => v === 1)) want.push(bit);
        expect(setBitsOf(m.bits)).toEqual(want);
        const groups: number[] = [];
        forEachMaybeValidGroup(m, (first, n) => {
          expect(n).toBe(g);
          groups.push(first);
        });
        expect(groups).toEqual(want.map((bit) => bit * g));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a partly covered bit without the caller (a wasted save, FIG. 46), and a copy is independent', () => {
    const m = createMetaBitmap(2);
    markValidRange(m, 0, 4); // blocks 0-3: bits 0 and 1
    markInvalidRange(m, 1, 2); // blocks 1-2: neither bit wholly covered
    expect([mayBeValid(m, 0), mayBeValid(m, 1), mayBeValid(m, 2), mayBeValid(m, 3)]).toEqual([true, true, true, true]);
    const snap = copyMetaBitmap(m);
    markInvalidRange(m, 0, 4);
    expect(setBitsOf(m.bits)).toEqual([]);
    expect(setBitsOf(snap.bits)).toEqual([0, 1]);
    expect(bitmapsEqual(snap.bits, m.bits)).toBe(false);
  });
});
