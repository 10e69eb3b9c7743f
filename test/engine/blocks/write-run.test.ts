// writeRun (a file's extent in one call) against writeBlock on each block of the run in
// order: two volumes take the same random history (runs that cross clone and bit map pages,
// zeroing runs, snapshots, validations and invalidations, digests brought up to date, at
// several granularities) and must end identical, block for block, save for save, and byte
// for byte once encoded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_BITS, setBitsOf } from '../../../src/engine/blocks/bitmap.js';
import { entriesInOrder } from '../../../src/engine/blocks/blockmap.js';
import { CLONE_STAMPS } from '../../../src/engine/blocks/clone.js';
import { savedStamps } from '../../../src/engine/blocks/save-volume.js';
import { sameDigest } from '../../../src/engine/blocks/digest.js';
import { createSnapshot, deleteSnapshot } from '../../../src/engine/blocks/snapshots.js';
import {
  createVolume,
  invalidateBlocks,
  readBlock,
  recomputeDigest,
  validateBlocks,
  volumeDigest,
  writeBlock,
  writeRun,
  writtenBlocks,
  type Volume,
} from '../../../src/engine/blocks/volume.js';
import { encode } from '../../../src/store/codec.js';

const BASE = PAGE_BITS - 300;
const SPAN = 700;
const SIZE = BASE + SPAN;

type Op = { k: 'run'; at: number; count: number; zero: boolean } | { k: 'snap' } | { k: 'drop' } | { k: 'digest' } | { k: 'validate' | 'invalidate'; at: number; count: number };

const at = fc.oneof(fc.integer({ min: 0, max: SPAN - 1 }), fc.integer({ min: 290, max: 310 }), fc.constantFrom(CLONE_STAMPS - 1, 2 * CLONE_STAMPS - 5));
const count = fc.integer({ min: 0, max: 3 * CLONE_STAMPS });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ k: fc.constant('run' as const), at, count, zero: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }),
  },
  { weight: 2, arbitrary: fc.constant({ k: 'snap' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'drop' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'digest' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('validate' as const, 'invalidate' as const), at, count }) },
);

function same(a: Volume, b: Volume): void {
  for (let i = 0; i < SPAN; i++) if (readBlock(a, BASE + i) !== readBlock(b, BASE + i)) expect.fail(`block ${BASE + i}`);
  expect(writtenBlocks(a)).toBe(writtenBlocks(b));
  expect(setBitsOf(a.meta.bits)).toEqual(setBitsOf(b.meta.bits));
  expect(a.snapshots.length).toBe(b.snapshots.length);
  a.snapshots.forEach((e, k) => {
    const f = b.snapshots[k];
    expect(savedStamps(e.saveVolume)).toEqual(savedStamps(f.saveVolume));
    expect(entriesInOrder(e.blockmap)).toEqual(entriesInOrder(f.blockmap));
    expect(setBitsOf(e.bitmap)).toEqual(setBitsOf(f.bitmap));
  });
  // Once each: a digest changes what it leaves behind (it unsettles pages not written since
  // the last one, volume.ts), and the encodings must come from the same histories.
  const da = volumeDigest(a);
  expect(sameDigest(da, volumeDigest(b))).toBe(true);
  expect(sameDigest(da, recomputeDigest(a))).toBe(true);
  expect(encode(a)).toBe(encode(b));
}

describe('writeRun', () => {
  for (const g of [1, 4, 64, 256]) {
    it(`equals writeBlock on each block in order, ${g} block(s) per meta bit`, () => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
          const a = createVolume(SIZE, g);
          const b = createVolume(SIZE, g);
          let stamp = 1;
          let id = 1;
          for (const o of ops) {
            if (o.k === 'run') {
              const n = Math.min(o.count, SPAN - o.at);
              const first = BASE + o.at;
              const s = o.zero ? 0 : stamp;
              let saves = 0;
              for (let k = 0; k < n; k++) if (writeBlock(b, first + k, s === 0 ? 0 : s + k)) saves++;
              expect(writeRun(a, first, n, s)).toBe(saves);
              stamp += n;
            } else if (o.k === 'snap') {
              createSnapshot(a, { id, createdAt: id });
              createSnapshot(b, { id, createdAt: id });
              id++;
            } else if (o.k === 'digest') {
              // Brings both digests up to date, so later writes must mark their pages dirty again.
              const da = volumeDigest(a);
              expect(sameDigest(da, volumeDigest(b))).toBe(true);
              expect(sameDigest(da, recomputeDigest(a))).toBe(true);
            } else if (o.k === 'drop') {
              if (a.snapshots.length > 0) {
                const victim = a.snapshots[0].id;
                deleteSnapshot(a, victim);
                deleteSnapshot(b, victim);
              }
            } else {
              const n = Math.min(o.count, SPAN - o.at);
              const f = o.k === 'validate' ? validateBlocks : invalidateBlocks;
              f(a, BASE + o.at, n);
              f(b, BASE + o.at, n);
            }
          }
          same(a, b);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('a group made valid again brings back its blocks on other clone pages into the digest', () => {
    // 256 blocks per meta bit: group 0 covers clone pages 0 and 1.
    const vol = createVolume(1024, 256);
    writeRun(vol, 0, 256, 1);
    volumeDigest(vol);
    invalidateBlocks(vol, 0, 256);
    volumeDigest(vol);
    // Only clone page 0 is written; page 1's stale stamps are contents again.
    writeRun(vol, 0, 10, 1000);
    expect(sameDigest(volumeDigest(vol), recomputeDigest(vol))).toBe(true);
  });

  it('checks its range and stamps before writing anything', () => {
    const vol = createVolume(100);
    expect(() => writeRun(vol, 90, 11, 1)).toThrow(RangeError);
    expect(() => writeRun(vol, 0, 2, 2 ** 32 - 1)).toThrow(RangeError);
    expect(() => writeRun(vol, 0, 2, 1.5)).toThrow(RangeError);
    expect(writtenBlocks(vol)).toBe(0);
    expect(writeRun(vol, 0, 1, 2 ** 32 - 1)).toBe(0);
    expect(readBlock(vol, 0)).toBe(2 ** 32 - 1);
    expect(writeRun(vol, 98, 0, 5)).toBe(0);
  });
});
