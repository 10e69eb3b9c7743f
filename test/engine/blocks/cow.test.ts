// Bit maps that copy from and combine with each other (bitmap.ts) stay independent: against
// Set oracles, a pool of bit maps that keep copying from and combining with each other in a
// window of a few pages, after every operation each holds exactly its own oracle's bits, so
// changing one never changed another (the pages once were shared copy-on-write; now a copy
// copies them, and this keeps guarding the independence). The same for meta bit maps, for
// clone pages dropped and taken again, and through a codec round trip (a decoded bit map
// shares nothing and still changes correctly).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  andInto,
  andNotInto,
  clearBit,
  clearRange,
  copyBitmap,
  createBitmap,
  orInto,
  PAGE_BITS,
  pagesOf,
  popcount32,
  setBit,
  setBitsOf,
  setRange,
  type PageBitmap,
} from '../../../src/engine/blocks/bitmap.js';
import { clonePageCount } from '../../../src/engine/blocks/clone.js';
import { copyMetaBitmap, createMetaBitmap, markInvalidRange, markValid, markValidRange, mayBeValid } from '../../../src/engine/blocks/meta-bitmap.js';
import { createSnapshot } from '../../../src/engine/blocks/snapshots.js';
import { createVolume, readBlock, validateBlocks, writeBlock, writtenBlocks } from '../../../src/engine/blocks/volume.js';
import { decode, encode } from '../../../src/store/codec.js';

const SPAN = 3 * PAGE_BITS;
const at = fc.oneof(fc.integer({ min: 0, max: SPAN - 1 }), fc.integer({ min: PAGE_BITS - 40, max: PAGE_BITS + 40 }));
const POOL = 5;
const who = fc.nat(POOL - 1);

type Op =
  | { k: 'set' | 'clear'; i: number; at: number }
  | { k: 'setRange' | 'clearRange'; i: number; at: number; count: number }
  | { k: 'or' | 'and' | 'andNot' | 'copy'; i: number; j: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constantFrom('set' as const, 'clear' as const), i: who, at }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ k: fc.constantFrom('setRange' as const, 'clearRange' as const), i: who, at, count: fc.integer({ min: 0, max: PAGE_BITS + 100 }) })
      .map((o) => ({ ...o, count: Math.min(o.count, SPAN - o.at) })),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constantFrom('or' as const, 'and' as const, 'andNot' as const, 'copy' as const), i: who, j: who }) },
);

function sorted(s: Iterable<number>): number[] {
  return [...s].sort((a, b) => a - b);
}

function checkOne(bm: PageBitmap, oracle: Set<number>, what: string): void {
  expect(setBitsOf(bm), what).toEqual(sorted(oracle));
  expect(bm.count, what).toBe(oracle.size);
  for (const [p, page] of pagesOf(bm)) {
    let n = 0;
    for (const w of page) n += popcount32(w);
    if (n === 0) expect.fail(`${what}: page ${p} stored all zero`);
  }
}

describe('bit maps that copy and combine, against Set oracles', () => {
  it('changing a bit map never changes another it was copied from or combined with', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
        const maps: PageBitmap[] = [];
        const sets: Set<number>[] = [];
        // All start as copies of one bit map with bits on every page, so every page starts shared by all.
        const seed = createBitmap();
        setRange(seed, 100, 300);
        setRange(seed, PAGE_BITS - 20, 200);
        setRange(seed, 2 * PAGE_BITS + 5, 50);
        for (let n = 0; n < POOL; n++) {
          maps.push(copyBitmap(seed));
          sets.push(new Set(setBitsOf(seed)));
        }
        const seedBits = new Set(setBitsOf(seed));
        for (const o of ops) {
          const bm = maps[o.i];
          const s = sets[o.i];
          switch (o.k) {
            case 'set':
              expect(setBit(bm, o.at)).toBe(!s.has(o.at));
              s.add(o.at);
              break;
            case 'clear':
              expect(clearBit(bm, o.at)).toBe(s.has(o.at));
              s.delete(o.at);
              break;
            case 'setRange':
              setRange(bm, o.at, o.count);
              for (let a = o.at; a < o.at + o.count; a++) s.add(a);
              break;
            case 'clearRange':
              clearRange(bm, o.at, o.count);
              for (let a = o.at; a < o.at + o.count; a++) s.delete(a);
              break;
            case 'or':
              orInto(bm, maps[o.j]);
              for (const a of sets[o.j]) s.add(a);
              break;
            case 'and': {
              const other = sets[o.j];
              andInto(bm, maps[o.j]);
              for (const a of [...s]) if (!other.has(a)) s.delete(a);
              break;
            }
            case 'andNot': {
              const other = new Set(sets[o.j]);
              andNotInto(bm, maps[o.j]);
              for (const a of other) s.delete(a);
              break;
            }
            case 'copy':
              maps[o.i] = copyBitmap(maps[o.j]);
              sets[o.i] = new Set(sets[o.j]);
              break;
          }
          for (let n = 0; n < POOL; n++) checkOne(maps[n], sets[n], `bit map ${n} after ${o.k} on ${o.i}`);
        }
        // The first copy's original was never changed by anything done to its copies.
        checkOne(seed, seedBits, 'the original');
      }),
      { numRuns: 200 },
    );
  });

  it('a meta bit map copied for a snapshot keeps its bits while the live one changes, and the other way round', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ live: fc.boolean(), valid: fc.boolean(), at, count: fc.integer({ min: 1, max: 300 }) }), { maxLength: 40 }),
        fc.constantFrom(1, 4, 64),
        (ops, g) => {
          const live = createMetaBitmap(g);
          markValidRange(live, 50, PAGE_BITS * g);
          const snap = copyMetaBitmap(live);
          const liveSet = new Set(setBitsOf(live.bits));
          const snapSet = new Set(setBitsOf(snap.bits));
          for (const o of ops) {
            const m = o.live ? live : snap;
            const s = o.live ? liveSet : snapSet;
            const count = Math.min(o.count, SPAN - o.at);
            if (o.valid) markValidRange(m, o.at, count);
            else markInvalidRange(m, o.at, count);
            // The oracle: the same operation on a private, unshared copy of the bits.
            const own = createMetaBitmap(g);
            for (const b of s) markValid(own, b * g);
            if (o.valid) markValidRange(own, o.at, count);
            else markInvalidRange(own, o.at, count);
            s.clear();
            for (const b of setBitsOf(own.bits)) s.add(b);
            checkOne(live.bits, liveSet, 'live');
            checkOne(snap.bits, snapSet, 'snapshot');
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a decoded bit map shares nothing with the original and changes correctly', () => {
    const a = createBitmap();
    setRange(a, 10, PAGE_BITS);
    const b = copyBitmap(a);
    const c = decode(encode(b)) as PageBitmap;
    clearRange(c, 0, 20);
    setBit(b, 5);
    expect(setBitsOf(a)).toEqual(sorted(Array.from({ length: PAGE_BITS }, (_, k) => 10 + k)));
    expect(setBitsOf(b)).toEqual([5, ...setBitsOf(a)]);
    expect(setBitsOf(c)).toEqual(setBitsOf(a).filter((x) => x >= 20));
  });
});

describe('clone pages and volumes kept apart', () => {
  it('a clone page dropped by a zeroing write is gone, and taken again fresh', () => {
    const vol = createVolume(1000);
    writeBlock(vol, 5, 7);
    writeBlock(vol, 5, 0);
    expect(clonePageCount(vol)).toBe(0);
    writeBlock(vol, 5, 9);
    expect(clonePageCount(vol)).toBe(1);
    expect(readBlock(vol, 5)).toBe(9);
    expect(writtenBlocks(vol)).toBe(1);
  });

  it('two volumes written in turn, and a volume replaced by its decoded copy, keep their own pages', () => {
    const a = createVolume(10_000);
    const b = createVolume(10_000);
    validateBlocks(a, 0, 10_000);
    validateBlocks(b, 0, 10_000);
    createSnapshot(a, { id: 1, createdAt: 0 });
    createSnapshot(b, { id: 1, createdAt: 0 });
    for (let k = 0; k < 300; k++) {
      // Valid in the snapshot, so its before image (never written: 0) is saved, once.
      expect(writeBlock(a, k, 1000 + k)).toBe(true);
      expect(writeBlock(b, k, 2000 + k)).toBe(true);
    }
    for (let k = 0; k < 300; k++) {
      expect(readBlock(a, k)).toBe(1000 + k);
      expect(readBlock(b, k)).toBe(2000 + k);
    }
    const a2 = decode(encode(a)) as typeof a;
    writeBlock(a2, 3, 55);
    writeBlock(a, 3, 66);
    expect(readBlock(a2, 3)).toBe(55);
    expect(readBlock(a, 3)).toBe(66);
    // The snapshot's meta bit map is a copy of the live one; a block invalid in the snapshot
    // but written now is valid in the live map only.
    const c = createVolume(10_000);
    const snap = createSnapshot(c, { id: 1, createdAt: 0 });
    writeBlock(c, 42, 1);
    expect(mayBeValid(c.meta, 42)).toBe(true);
    expect(mayBeValid(snap.metaBitmap, 42)).toBe(false);
  });
});
