// The page-table bit map against naive oracles: a Set of addresses over the whole 2^32
// address space (page edges, the top address) and a dense boolean array over a small window
// (every word mask). Also the invariant that makes equality cheap: no all-zero page stored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_LIMIT,
  andInto,
  andNotInto,
  bitmapCount,
  bitmapIsEmpty,
  bitmapsEqual,
  clearBit,
  clearRange,
  copyBitmap,
  createBitmap,
  forEachSetBit,
  nextSetBit,
  orInto,
  bitmapPageCount,
  PAGE_BITS,
  PAGE_SHIFT,
  PAGE_WORDS,
  pagesOf,
  popcount32,
  setBit,
  setBitsOf,
  setRange,
  testBit,
  type PageBitmap,
} from '../../../src/engine/blocks/bitmap.js';

const TOP = ADDRESS_LIMIT - 1;

/** Addresses that hit the interesting places: page and word edges, both ends, anywhere. */
const address = fc.oneof(
  fc.integer({ min: 0, max: TOP }),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.tuple(fc.integer({ min: 0, max: 2 ** 20 - 1 }), fc.integer({ min: -40, max: 40 })).map(([p, d]) => Math.min(TOP, Math.max(0, p * PAGE_BITS + d))),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: PAGE_BITS - 1 })).map(([p, d]) => p * PAGE_BITS + d),
  fc.constantFrom(0, 31, 32, PAGE_BITS - 1, PAGE_BITS, 2 ** 31 - 1, 2 ** 31, TOP),
);

type Op = { kind: 'set'; at: number } | { kind: 'clear'; at: number } | { kind: 'setRange'; at: number; count: number } | { kind: 'clearRange'; at: number; count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('set' as const, 'clear' as const), at: address }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ kind: fc.constantFrom('setRange' as const, 'clearRange' as const), at: address, count: fc.integer({ min: 0, max: 3 * PAGE_BITS }) })
      .map((o) => ({ ...o, count: Math.min(o.count, ADDRESS_LIMIT - o.at) })),
  },
);

/** Applies an op to both, checking what each function reports against the oracle. */
function apply(bm: PageBitmap, oracle: Set<number>, o: Op): void {
  switch (o.kind) {
    case 'set':
      expect(setBit(bm, o.at)).toBe(!oracle.has(o.at));
      oracle.add(o.at);
      break;
    case 'clear':
      expect(clearBit(bm, o.at)).toBe(oracle.has(o.at));
      oracle.delete(o.at);
      break;
    case 'setRange': {
      let fresh = 0;
      for (let a = o.at; a < o.at + o.count; a++) if (!oracle.has(a)) fresh++, oracle.add(a);
      expect(setRange(bm, o.at, o.count)).toBe(fresh);
      break;
    }
    case 'clearRange': {
      let gone = 0;
      for (let a = o.at; a < o.at + o.count; a++) if (oracle.delete(a)) gone++;
      expect(clearRange(bm, o.at, o.count)).toBe(gone);
      break;
    }
  }
}

function sorted(s: Iterable<number>): number[] {
  return [...s].sort((a, b) => a - b);
}

function checkInvariants(bm: PageBitmap): void {
  let n = 0;
  for (const [p, page] of pagesOf(bm)) {
    expect(page.length).toBe(PAGE_WORDS);
    expect(
      page.some((w) => w !== 0),
      `page ${p} is stored all zero`,
    ).toBe(true);
    for (const w of page) n += popcount32(w);
  }
  expect(bm.count).toBe(n);
}

function build(ops: Op[]): { bm: PageBitmap; oracle: Set<number> } {
  const bm = createBitmap();
  const oracle = new Set<number>();
  for (const o of ops) apply(bm, oracle, o);
  return { bm, oracle };
}

const ops = fc.array(op, { maxLength: 80 });

describe('page-table bit map against a Set', () => {
  it('set, clear and ranges report changes, count and membership exactly, and free empty pages', () => {
    fc.assert(
      fc.property(ops, fc.array(address, { maxLength: 20 }), (list, probes) => {
        const { bm, oracle } = build(list);
        checkInvariants(bm);
        expect(bitmapCount(bm)).toBe(oracle.size);
        expect(bitmapIsEmpty(bm)).toBe(oracle.size === 0);
        expect(setBitsOf(bm)).toEqual(sorted(oracle));
        const all = [...probes, ...oracle];
        expect(all.map((a) => testBit(bm, a))).toEqual(all.map((a) => oracle.has(a)));
      }),
      { numRuns: 300 },
    );
  });

  it('forEachSetBit visits [lo, hi) in ascending order, narrow or wide, and stops when asked', () => {
    fc.assert(
      fc.property(ops, address, address, fc.nat(20), (list, x, y, stopAfter) => {
        const { bm, oracle } = build(list);
        const lo = Math.min(x, y);
        const hi = Math.max(x, y) + 1;
        const want = sorted(oracle).filter((a) => a >= lo && a < hi);
        expect(setBitsOf(bm, lo, hi)).toEqual(want);
        // The same range by pages near lo only: exercises the probing path.
        const narrowHi = Math.min(hi, lo + 3 * PAGE_BITS);
        expect(setBitsOf(bm, lo, narrowHi)).toEqual(want.filter((a) => a < narrowHi));
        const seen: number[] = [];
        const finished = forEachSetBit(
          bm,
          (a) => {
            seen.push(a);
            return seen.length < stopAfter;
          },
          lo,
          hi,
        );
        // The visit that returns false is the last: max(1, stopAfter) bits are seen.
        expect(seen).toEqual(want.slice(0, Math.max(1, stopAfter)));
        expect(finished).toBe(want.length === 0 || want.length < stopAfter);
        expect(nextSetBit(bm, lo)).toBe(sorted(oracle).find((a) => a >= lo) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('or, and, and-not, copy and equality follow set algebra', () => {
    fc.assert(
      fc.property(ops, ops, (la, lb) => {
        const a = build(la);
        const b = build(lb);
        const union = copyBitmap(a.bm);
        orInto(union, b.bm);
        expect(setBitsOf(union)).toEqual(sorted(new Set([...a.oracle, ...b.oracle])));
        checkInvariants(union);
        const inter = copyBitmap(a.bm);
        andInto(inter, b.bm);
        expect(setBitsOf(inter)).toEqual(sorted([...a.oracle].filter((x) => b.oracle.has(x))));
        checkInvariants(inter);
        const diff = copyBitmap(a.bm);
        andNotInto(diff, b.bm);
        expect(setBitsOf(diff)).toEqual(sorted([...a.oracle].filter((x) => !b.oracle.has(x))));
        checkInvariants(diff);
        // Equality is set equality, whatever order the bits went in.
        const same = sorted(a.oracle).reduce((bm, x) => (setBit(bm, x), bm), createBitmap());
        expect(bitmapsEqual(same, a.bm)).toBe(true);
        expect(bitmapsEqual(a.bm, b.bm)).toBe(sorted(a.oracle).join() === sorted(b.oracle).join());
        // A copy is independent of its original.
        const copy = copyBitmap(a.bm);
        setBit(copy, 12345);
        clearRange(copy, 0, 1000);
        expect(setBitsOf(a.bm)).toEqual(sorted(a.oracle));
        // Operating on itself changes nothing (or, and) or empties it (and-not).
        const self = copyBitmap(a.bm);
        orInto(self, self);
        andInto(self, self);
        expect(bitmapsEqual(self, a.bm)).toBe(true);
        andNotInto(self, self);
        expect(bitmapIsEmpty(self)).toBe(true);
        expect(bitmapPageCount(self)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('page-table bit map against a dense boolean array', () => {
  const SPAN = 3 * PAGE_BITS + 100;
  const at = fc.integer({ min: 0, max: SPAN - 1 });
  const denseOp: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constantFrom('set' as const, 'clear' as const), at }),
    fc
      .record({ kind: fc.constantFrom('setRange' as const, 'clearRange' as const), at, count: fc.integer({ min: 0, max: 200 }) })
      .map((o) => ({ ...o, count: Math.min(o.count, SPAN - o.at) })),
  );

  it('matches bit for bit after long random sequences in a small window', () => {
    fc.assert(
      fc.property(fc.array(denseOp, { maxLength: 300 }), (list) => {
        const bm = createBitmap();
        const dense = new Uint8Array(SPAN);
        for (const o of list) {
          if (o.kind === 'set') setBit(bm, o.at), (dense[o.at] = 1);
          else if (o.kind === 'clear') clearBit(bm, o.at), (dense[o.at] = 0);
          else if (o.kind === 'setRange') setRange(bm, o.at, o.count), dense.fill(1, o.at, o.at + o.count);
          else clearRange(bm, o.at, o.count), dense.fill(0, o.at, o.at + o.count);
        }
        for (let a = 0; a < SPAN; a++) if (testBit(bm, a) !== (dense[a] === 1)) expect.fail(`bit ${a}`);
        const want: number[] = [];
        dense.forEach((v, a) => v && want.push(a));
        expect(setBitsOf(bm)).toEqual(want);
        checkInvariants(bm);
      }),
      { numRuns: 200 },
    );
  });

  it('a whole page cleared by range is dropped, and a bit set then cleared leaves no page', () => {
    const bm = createBitmap();
    setRange(bm, PAGE_BITS - 5, PAGE_BITS + 10);
    const pageNumbers = (): number[] => pagesOf(bm).map(([p]) => p);
    expect(pageNumbers()).toEqual([0, 1, 2]);
    expect(clearRange(bm, PAGE_BITS, PAGE_BITS)).toBe(PAGE_BITS);
    expect(pageNumbers()).toEqual([0, 2]);
    setBit(bm, TOP);
    expect(pageNumbers()).toEqual([0, 2, TOP >>> PAGE_SHIFT]);
    clearBit(bm, TOP);
    expect(pageNumbers()).toEqual([0, 2]);
    expect(bitmapPageCount(bm)).toBe(2);
    expect(bitmapCount(bm)).toBe(10);
  });
});
