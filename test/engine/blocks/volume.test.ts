// The facility on the seed's own examples and the edges the random tests reach rarely: the
// clone and save volume of [000163], FIG. 41's walk toward the head, a restore keeping the
// younger snapshots, a lab's JSON round trip, and the error line for M not younger than L.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setBitsOf } from '../../../src/engine/blocks/bitmap.js';
import { entriesInOrder } from '../../../src/engine/blocks/blockmap.js';
import { savedStamps } from '../../../src/engine/blocks/save-volume.js';
import { sameDigest } from '../../../src/engine/blocks/digest.js';
import { changedValidBlocks, differentialCopy, validExtents } from '../../../src/engine/blocks/differential.js';
import { createMetaBitmap, markValidRange } from '../../../src/engine/blocks/meta-bitmap.js';
import { restoreSnapshot } from '../../../src/engine/blocks/restore.js';
import { createSnapshot, deleteSnapshot, readSnapshotBlock, saveBlocksOf, snapshotDigest } from '../../../src/engine/blocks/snapshots.js';
import {
  createVolume,
  invalidateBlocks,
  isValidBlock,
  readBlock,
  recomputeDigest,
  validateBlocks,
  volumeDigest,
  writeBlock,
  type Volume,
} from '../../../src/engine/blocks/volume.js';
import { NasError } from '../../../src/engine/errors.js';
import { errorLine } from '../../../src/shell/error-table.js';
import { decode, encode } from '../../../src/store/codec.js';

/** Blocks a..h = 0..7 holding a0..h0 = stamps 1..8. */
function eightBlocks(size = 16): Volume {
  const vol = createVolume(size);
  for (let b = 0; b < 8; b++) writeBlock(vol, b, b + 1);
  return vol;
}

describe('snapshot copy facility', () => {
  it('keeps [000163]: clone a1 b1 c0..h0, save volume a0 b0, each before image saved once', () => {
    const vol = eightBlocks();
    const snap = createSnapshot(vol, { id: 1, createdAt: 0 });
    expect(writeBlock(vol, 0, 11)).toBe(true);
    expect(writeBlock(vol, 1, 12)).toBe(true);
    expect(writeBlock(vol, 0, 21)).toBe(false); // a's before image is already saved
    expect([...Array(8).keys()].map((b) => readBlock(vol, b))).toEqual([21, 12, 3, 4, 5, 6, 7, 8]);
    expect(savedStamps(snap.saveVolume)).toEqual([1, 2]);
    expect(entriesInOrder(snap.blockmap)).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(setBitsOf(snap.bitmap)).toEqual([0, 1]);
    expect([...Array(8).keys()].map((b) => readSnapshotBlock(vol, 1, b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(saveBlocksOf(snap)).toBe(2);
  });

  it('saves no before image of a block invalid in every snapshot, and saves at the tail one an older snapshot needs (FIG. 41)', () => {
    const vol = eightBlocks();
    invalidateBlocks(vol, 6, 2);
    createSnapshot(vol, { id: 1, createdAt: 0 });
    expect(writeBlock(vol, 7, 99)).toBe(false);
    expect(writeBlock(vol, 9, 99)).toBe(false); // never written, never valid
    // Block 5 valid in snapshot 1, freed before snapshot 2: the write saves it at the tail for snapshot 1.
    invalidateBlocks(vol, 5, 1);
    const tail = createSnapshot(vol, { id: 2, createdAt: 1 });
    expect(writeBlock(vol, 5, 50)).toBe(true);
    expect(savedStamps(tail.saveVolume)).toEqual([6]);
    expect(readSnapshotBlock(vol, 1, 5)).toBe(6);
    expect(savedStamps(vol.snapshots[0].saveVolume)).toEqual([]);
  });

  it('deleting the tail moves the before images the next-older snapshot reads into its save volume', () => {
    const vol = eightBlocks();
    createSnapshot(vol, { id: 1, createdAt: 0 });
    writeBlock(vol, 0, 10);
    createSnapshot(vol, { id: 2, createdAt: 1 });
    writeBlock(vol, 0, 20);
    writeBlock(vol, 1, 30);
    const d = deleteSnapshot(vol, 2);
    // Block 0: snapshot 1 has its own before image; block 1 it read through snapshot 2.
    expect(d).toMatchObject({ moved: 1, freed: 1 });
    expect(readSnapshotBlock(vol, 1, 0)).toBe(1);
    expect(readSnapshotBlock(vol, 1, 1)).toBe(2);
    expect(savedStamps(vol.snapshots[0].saveVolume)).toEqual([1, 2]);
  });

  it('restores with a safety snapshot first, keeping the younger snapshots and the restored meta bit map', () => {
    const vol = eightBlocks();
    createSnapshot(vol, { id: 1, createdAt: 0 });
    writeBlock(vol, 2, 33);
    invalidateBlocks(vol, 4, 4);
    writeBlock(vol, 9, 90);
    createSnapshot(vol, { id: 2, createdAt: 1 });
    const digestBefore = { ...volumeDigest(vol) };
    const r = restoreSnapshot(vol, 1, { id: 3, createdAt: 2 });
    expect(r.written).toBe(1);
    expect(vol.snapshots.map((e) => e.id)).toEqual([1, 2, 3]);
    expect([...Array(8).keys()].map((b) => readBlock(vol, b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(setBitsOf(vol.meta.bits)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sameDigest(volumeDigest(vol), snapshotDigest(vol, 1))).toBe(true);
    expect(sameDigest(volumeDigest(vol), recomputeDigest(vol))).toBe(true);
    // Snapshots 2 and 3 still hold the state before the restore.
    expect(sameDigest(snapshotDigest(vol, 2), digestBefore)).toBe(true);
    expect(sameDigest(snapshotDigest(vol, 3), digestBefore)).toBe(true);
    expect(readSnapshotBlock(vol, 3, 2)).toBe(33);
  });

  it('counts a whole group as contents at 4 blocks per meta bit', () => {
    const vol = createVolume(64, 4);
    writeBlock(vol, 1, 5);
    writeBlock(vol, 2, 6);
    invalidateBlocks(vol, 1, 1); // block 2 keeps the group valid
    expect(sameDigest(volumeDigest(vol), recomputeDigest(vol))).toBe(true);
    invalidateBlocks(vol, 0, 4);
    expect(volumeDigest(vol)).toEqual({ hi: 0, lo: 0 });
    validateBlocks(vol, 3, 1); // the stale stamps come back with the group
    expect(sameDigest(volumeDigest(vol), recomputeDigest(vol))).toBe(true);
    expect(volumeDigest(vol)).not.toEqual({ hi: 0, lo: 0 });
  });

  it('rejects blocks outside the volume', () => {
    const vol = createVolume(8);
    expect(() => writeBlock(vol, 8, 1)).toThrow(RangeError);
    expect(() => validateBlocks(vol, 4, 5)).toThrow(RangeError);
    expect(() => createVolume(2 ** 31 + 1)).toThrow(RangeError);
  });

  it('survives the lab codec: a decoded volume reads and copies as the original', () => {
    const vol = eightBlocks(10_000);
    createSnapshot(vol, { id: 1, createdAt: 0, deltaSetStamp: 17 });
    writeBlock(vol, 3, 40);
    writeBlock(vol, 5000, 41);
    createSnapshot(vol, { id: 2, createdAt: 5 });
    writeBlock(vol, 4, 42);
    const back = decode(encode(vol)) as Volume;
    expect(back.snapshots[0].deltaSetStamp).toBe(17);
    for (const id of [1, 2]) expect(sameDigest(snapshotDigest(back, id), snapshotDigest(vol, id))).toBe(true);
    expect(sameDigest(volumeDigest(back), volumeDigest(vol))).toBe(true);
    writeBlock(back, 3, 50);
    expect(readSnapshotBlock(back, 2, 3)).toBe(40);
    const dst = eightBlocks(10_000);
    expect(differentialCopy(back, 1, 2, dst)).toBe(2); // blocks 3 and 5000 (4 changed after snapshot 2)
    expect(sameDigest(volumeDigest(dst), snapshotDigest(back, 2))).toBe(true);
  });
});

describe('snapshot copy differential', () => {
  it('fails when M is not younger than L, and the shell words it', () => {
    const vol = eightBlocks();
    createSnapshot(vol, { id: 1, createdAt: 0 });
    createSnapshot(vol, { id: 2, createdAt: 1 });
    for (const [l, m] of [
      [2, 1],
      [1, 1],
    ]) {
      expect(() => changedValidBlocks(vol, l, m)).toThrow(NasError);
    }
    try {
      changedValidBlocks(vol, 2, 1);
    } catch (e) {
      expect(errorLine((e as NasError).code, { from: 'pfs10_ckpt2', to: 'pfs10_ckpt1' })).toBe('Error 22: pfs10_ckpt1 : not a newer checkpoint than pfs10_ckpt2');
    }
  });

  it('lists extents of valid blocks merged across groups and clipped to the volume', () => {
    const m = createMetaBitmap(4);
    markValidRange(m, 0, 5); // groups 0, 1
    markValidRange(m, 12, 1); // group 3
    markValidRange(m, 36, 1); // group 9, past a 38-block volume's end at 38
    expect(validExtents(m, 38)).toEqual([
      [0, 8],
      [12, 4],
      [36, 2],
    ]);
  });
});

describe('digest kept per clone page', () => {
  it('counted only when asked for, after any run of writes and validity changes, equals a recompute and a fresh copy of the same contents', () => {
    const op = fc.oneof(
      { weight: 6, arbitrary: fc.record({ k: fc.constant('write' as const), b: fc.nat(1199), s: fc.oneof(fc.nat(50), fc.constant(0)) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('validate' as const), b: fc.nat(1199), n: fc.integer({ min: 1, max: 300 }) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('invalidate' as const), b: fc.nat(1199), n: fc.integer({ min: 1, max: 300 }) }) },
      { weight: 4, arbitrary: fc.record({ k: fc.constant('ask' as const) }) },
    );
    fc.assert(
      fc.property(fc.constantFrom(1, 4, 64), fc.array(op, { maxLength: 80 }), (g, ops) => {
        const vol = createVolume(1200, g);
        for (const o of ops) {
          if (o.k === 'write') writeBlock(vol, o.b, o.s);
          else if (o.k === 'validate') validateBlocks(vol, o.b, Math.min(o.n, 1200 - o.b));
          else if (o.k === 'invalidate') invalidateBlocks(vol, o.b, Math.min(o.n, 1200 - o.b));
          else volumeDigest(vol);
        }
        const d = volumeDigest(vol);
        expect(d).toEqual(recomputeDigest(vol));
        // Another history, same contents: valid blocks written once, in reverse order.
        const other = createVolume(1200, g);
        for (let b = 1199; b >= 0; b--) if (isValidBlock(vol, b) && readBlock(vol, b) !== 0) writeBlock(other, b, readBlock(vol, b));
        for (let b = 0; b < 1200; b++) if (isValidBlock(vol, b) && !isValidBlock(other, b)) validateBlocks(other, b, 1);
        expect(sameDigest(volumeDigest(other), d)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects stamps that are not 32-bit integers', () => {
    const vol = createVolume(8);
    expect(() => writeBlock(vol, 1, 2 ** 32)).toThrow(RangeError);
    expect(() => writeBlock(vol, 1, -1)).toThrow(RangeError);
    expect(() => writeBlock(vol, 1, 1.5)).toThrow(RangeError);
    expect(readBlock(vol, 1)).toBe(0);
  });
});
