// Settled clone pages (volume.ts, clone.ts), the write path's shortcut, on the events that
// make and unmake them: a full page with every before image at the tail settles at its next
// write that saves nothing; a snapshot taken or deleted, blocks made invalid, a meta bit map
// replaced and a zeroing write unsettle; the digest stays exact while settled pages are
// written without marking anything, and lets go of pages no longer written.
import { describe, expect, it } from 'vitest';
import { cloneSlot, isSettled, MAX_IDLE, settledPageCount } from '../../../src/engine/blocks/clone.js';
import { sameDigest } from '../../../src/engine/blocks/digest.js';
import { restoreSnapshot } from '../../../src/engine/blocks/restore.js';
import { createSnapshot, deleteSnapshot, readSnapshotBlock } from '../../../src/engine/blocks/snapshots.js';
import { mulberry32 } from '../../../src/engine/random.js';
import { encode } from '../../../src/store/codec.js';
import {
  createVolume,
  invalidateBlocks,
  peekDigest,
  readBlock,
  recomputeDigest,
  validateBlocks,
  volumeDigest,
  writeBlock,
  writeRun,
  writtenBlocks,
  type Volume,
} from '../../../src/engine/blocks/volume.js';

const settled = (vol: Volume, page: number): boolean => {
  const h = cloneSlot(vol, page);
  return h >= 0 && isSettled(vol, h);
};

/** Pages 0..3 written, a snapshot, every block written again (all saved at the tail): nothing settled yet. */
function fourPages(): Volume {
  const vol = createVolume(1024);
  writeRun(vol, 0, 512, 1);
  createSnapshot(vol, { id: 1, createdAt: 0 });
  for (let b = 0; b < 512; b++) expect(writeBlock(vol, b, 1000 + b)).toBe(true);
  expect(settledPageCount(vol)).toBe(0);
  return vol;
}

function digestIsExact(vol: Volume): void {
  expect(sameDigest(volumeDigest(vol), recomputeDigest(vol))).toBe(true);
}

describe('settled pages', () => {
  it('settle at the first write that saves nothing, then take writes that read back and count right', () => {
    const vol = fourPages();
    expect(writeBlock(vol, 5, 5000)).toBe(false);
    expect(settled(vol, 0)).toBe(true);
    expect(settled(vol, 1)).toBe(false);
    for (let b = 0; b < 128; b += 3) expect(writeBlock(vol, b, 6000 + b)).toBe(false);
    expect(readBlock(vol, 3)).toBe(6003);
    expect(readSnapshotBlock(vol, 1, 3)).toBe(4);
    expect(writtenBlocks(vol)).toBe(512);
    digestIsExact(vol);
    // Written after the digest without marking anything, and still counted.
    writeBlock(vol, 9, 7777);
    digestIsExact(vol);
  });

  it('do not settle while a block of the page has no before image at the tail, or is not written', () => {
    const vol = createVolume(1024);
    writeRun(vol, 0, 256, 1);
    createSnapshot(vol, { id: 1, createdAt: 0 });
    for (let b = 0; b < 127; b++) writeBlock(vol, b, 100 + b);
    writeBlock(vol, 0, 9);
    expect(settled(vol, 0)).toBe(false);
    expect(writeBlock(vol, 127, 1)).toBe(true);
    writeBlock(vol, 0, 10);
    expect(settled(vol, 0)).toBe(true);
    // Page 2: written only in part, no snapshot needs anything, still not full.
    writeRun(vol, 256, 100, 1);
    writeBlock(vol, 256, 5);
    expect(settled(vol, 2)).toBe(false);
  });

  it('unsettle when a snapshot is taken: the next write saves its before image at the new tail', () => {
    const vol = fourPages();
    writeBlock(vol, 0, 1);
    writeBlock(vol, 200, 1);
    expect(settledPageCount(vol)).toBe(2);
    createSnapshot(vol, { id: 2, createdAt: 1 });
    expect(settledPageCount(vol)).toBe(0);
    expect(writeBlock(vol, 0, 2)).toBe(true);
    expect(readSnapshotBlock(vol, 2, 0)).toBe(1);
    expect(readSnapshotBlock(vol, 1, 0)).toBe(1);
    digestIsExact(vol);
  });

  it('unsettle when the tail is deleted, keeping the older snapshot right', () => {
    const vol = fourPages();
    createSnapshot(vol, { id: 2, createdAt: 1 });
    for (let b = 0; b < 128; b++) writeBlock(vol, b, 3000 + b);
    writeBlock(vol, 0, 4000);
    expect(settled(vol, 0)).toBe(true);
    deleteSnapshot(vol, 2);
    expect(settled(vol, 0)).toBe(false);
    // Snapshot 1 has every block of page 0 saved itself: writes save nothing, and it settles again.
    expect(writeBlock(vol, 1, 4001)).toBe(false);
    expect(settled(vol, 0)).toBe(true);
    expect(readSnapshotBlock(vol, 1, 1)).toBe(2);
    digestIsExact(vol);
  });

  it('unsettle the pages under blocks made invalid, and under a meta bit map replaced by a restore', () => {
    const vol = fourPages();
    for (const b of [0, 128, 256, 384]) writeBlock(vol, b, 1);
    expect(settledPageCount(vol)).toBe(4);
    invalidateBlocks(vol, 130, 2);
    expect([0, 1, 2, 3].map((p) => settled(vol, p))).toEqual([true, false, true, true]);
    digestIsExact(vol);
    // Written again, the blocks are valid and their before images are at the tail already.
    writeBlock(vol, 130, 9);
    writeBlock(vol, 131, 9);
    expect(settled(vol, 1)).toBe(true);
    invalidateBlocks(vol, 300, 10);
    restoreSnapshot(vol, 1, { id: 2, createdAt: 5 });
    expect(settledPageCount(vol)).toBe(0);
    for (let b = 0; b < 512; b++) expect(readBlock(vol, b)).toBe(1 + b);
    digestIsExact(vol);
  });

  it('unsettle at a zeroing write, which takes the block out of the written count', () => {
    const vol = fourPages();
    writeBlock(vol, 0, 1);
    expect(settled(vol, 0)).toBe(true);
    expect(writeBlock(vol, 7, 0)).toBe(false);
    expect(settled(vol, 0)).toBe(false);
    expect(writtenBlocks(vol)).toBe(511);
    expect(readBlock(vol, 7)).toBe(0);
    digestIsExact(vol);
  });

  it('stay settled while written between digests, and are let go after MAX_IDLE + 1 digests that find them unwritten', () => {
    const vol = fourPages();
    writeBlock(vol, 0, 1);
    writeBlock(vol, 128, 1);
    for (let k = 0; k < 10; k++) {
      writeBlock(vol, k, 50 + k);
      digestIsExact(vol);
    }
    expect(settled(vol, 0)).toBe(true);
    // Page 1 was written once, before the first of those digests: it was let go on the way.
    expect(settled(vol, 1)).toBe(false);
    for (let k = 0; k <= MAX_IDLE; k++) {
      expect(settled(vol, 0)).toBe(true);
      digestIsExact(vol);
    }
    expect(settled(vol, 0)).toBe(false);
    expect(settledPageCount(vol)).toBe(0);
    // Its next write settles it again.
    writeBlock(vol, 3, 3);
    expect(settled(vol, 0)).toBe(true);
    digestIsExact(vol);
  });

  it('settle a page validated only in part before: writing its blocks made them valid', () => {
    const vol = createVolume(512);
    validateBlocks(vol, 0, 100);
    writeRun(vol, 0, 128, 1);
    writeBlock(vol, 0, 2);
    expect(settled(vol, 0)).toBe(true);
    digestIsExact(vol);
  });
});

describe('peekDigest', () => {
  it('gives what volumeDigest gives, leaving the volume as it was, on random histories', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = mulberry32(seed);
      const vol = createVolume(4096);
      validateBlocks(vol, 0, 4096);
      let stamp = 1;
      for (let step = 0; step < 40; step++) {
        const x = r();
        if (x < 0.05) createSnapshot(vol, { id: step + 1, createdAt: step });
        else if (x < 0.1) invalidateBlocks(vol, Math.floor(r() * 4000), Math.floor(r() * 64));
        else if (x < 0.2) volumeDigest(vol);
        else {
          const first = Math.floor(r() * 3968);
          for (let b = first; b < first + 1 + Math.floor(r() * 128); b++) writeBlock(vol, b, stamp++);
        }
        const before = encode(vol);
        const peeked = peekDigest(vol);
        expect(encode(vol)).toBe(before);
        expect(peeked).toEqual(volumeDigest(vol));
      }
    }
  });
});
