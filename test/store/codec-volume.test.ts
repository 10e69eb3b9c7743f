// A file system's contents through the lab codec: a volume with files, snapshots, bit maps,
// block maps, save volumes, settled and dirty clone pages, built by a random history, is
// encoded and decoded; the copy passes the structural checks, encodes to the same text, reads
// back every snapshot and every file exactly as the original, and then takes the same further
// random history to the same state, byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneSlot, isSettled } from '../../src/engine/blocks/clone.js';
import { sameDigest } from '../../src/engine/blocks/digest.js';
import { filesProblem, volumeProblem } from '../../src/engine/blocks/shape.js';
import { createSnapshot, readAt, saveBlocksUsed, snapshotDigest } from '../../src/engine/blocks/snapshots.js';
import { createVolume, readBlock, recomputeDigest, volumeDigest, writeBlock, writeRun, type Volume } from '../../src/engine/blocks/volume.js';
import {
  createFiles,
  deleteSnapshotFiles,
  listFiles,
  readFile,
  readFileAt,
  removeFile,
  restoreFiles,
  snapshotFiles,
  truncateFile,
  writeAt,
  writeFile,
  type FileSystemFiles,
} from '../../src/engine/files/files.js';
import { NasError } from '../../src/engine/errors.js';
import { BLOCK_BYTES } from '../../src/engine/files/tree.js';
import { decode, encode } from '../../src/store/codec.js';

const SIZE = 3000;
const B = BLOCK_BYTES;

interface Fs {
  vol: Volume;
  files: FileSystemFiles;
}

type Op =
  | { k: 'write'; file: number; blocks: number }
  | { k: 'at'; file: number; offset: number; blocks: number }
  | { k: 'truncate'; file: number; blocks: number }
  | { k: 'remove'; file: number }
  | { k: 'snap' }
  | { k: 'drop'; which: number }
  | { k: 'restore'; which: number }
  | { k: 'raw'; at: number; count: number; zero: boolean }
  | { k: 'cycle'; region: number }
  | { k: 'digest' };

const file = fc.nat(5);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('write' as const), file, blocks: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('at' as const), file, offset: fc.nat(400), blocks: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('truncate' as const), file, blocks: fc.nat(200) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('remove' as const), file }) },
  { weight: 2, arbitrary: fc.constant({ k: 'snap' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('drop' as const), which: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restore' as const), which: fc.nat(10) }) },
  // Writes under the file layer, as a copy or a replay would make: they settle pages the files do not cover too.
  { weight: 3, arbitrary: fc.record({ k: fc.constant('raw' as const), at: fc.nat(SIZE - 1), count: fc.integer({ min: 1, max: 400 }), zero: fc.boolean() }) },
  // A region written, a snapshot, the region written again (every before image saved at the
  // tail), then written once more: its pages settle with snapshots alive.
  { weight: 2, arbitrary: fc.record({ k: fc.constant('cycle' as const), region: fc.nat(Math.floor(SIZE / 256) - 1) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'digest' as const }) },
);

/** Applies an op (refused ones, e.g. a full file system or a missing file, change nothing); `n` is the op's number, for stamps and ids. */
function apply(fs: Fs, o: Op, n: number): void {
  const { vol, files } = fs;
  const path = 'file' in o ? `/d${o.file % 2}/f${o.file}` : '/';
  const stamp = 1 + n * 1000;
  try {
    switch (o.k) {
      case 'write':
        writeFile(files, vol, path, o.blocks * B, stamp);
        break;
      case 'at':
        writeAt(files, vol, path, o.offset * B + 17, o.blocks * B - 100, stamp);
        break;
      case 'truncate':
        truncateFile(files, vol, path, o.blocks * B);
        break;
      case 'remove':
        removeFile(files, vol, path);
        break;
      case 'snap':
        snapshotFiles(files, vol, { id: n + 1, createdAt: n });
        break;
      case 'drop':
        if (vol.snapshots.length > 0) deleteSnapshotFiles(files, vol, vol.snapshots[o.which % vol.snapshots.length].id);
        break;
      case 'restore':
        if (vol.snapshots.length > 0) restoreFiles(files, vol, vol.snapshots[o.which % vol.snapshots.length].id, o.which % 2 === 0 ? { id: n + 1, createdAt: n } : undefined);
        break;
      case 'raw': {
        const count = Math.min(o.count, SIZE - o.at);
        writeRun(vol, o.at, count, o.zero ? 0 : stamp);
        // And some single writes over the same blocks, which take the settled path once settled.
        for (let b = o.at; b < o.at + count; b += 7) writeBlock(vol, b, stamp + 500);
        break;
      }
      case 'cycle': {
        const at = o.region * 256;
        writeRun(vol, at, 256, stamp);
        snapshotFiles(files, vol, { id: n + 1, createdAt: n });
        writeRun(vol, at, 256, stamp + 300);
        for (let b = at; b < at + 256; b += 5) writeBlock(vol, b, stamp + 600);
        break;
      }
      case 'digest':
        volumeDigest(vol);
        break;
    }
  } catch (e) {
    // Refusals the file layer makes before changing anything; anything else is a failure.
    if (!(e instanceof NasError) || !['fs_full', 'file_not_found', 'file_is_dir', 'file_not_dir'].includes(e.code)) throw e;
  }
}

/** Everything a reader can see: every block at every snapshot and live, every file live and at every snapshot, digests. */
function observe(fs: Fs): unknown {
  const { vol, files } = fs;
  const blocks: number[][] = [];
  for (let pos = 0; pos <= vol.snapshots.length; pos++) {
    const at: number[] = [];
    for (let b = 0; b < SIZE; b++) at.push(pos === vol.snapshots.length ? readBlock(vol, b) : readAt(vol, pos, b));
    blocks.push(at);
  }
  const live = listFiles(files).map(([p]) => [p, [...readFile(files, vol, p)]]);
  const snaps = vol.snapshots.map((e) => [e.id, e.createdAt, listFiles(files, e.id).map(([p]) => [p, [...readFileAt(files, vol, e.id, p)]]), snapshotDigest(vol, e.id)]);
  return { blocks, live, snaps, digest: volumeDigest(vol), used: saveBlocksUsed(vol) };
}

describe('a volume with files through the lab codec', () => {
  for (const g of [1, 4]) {
    it(`decodes to the same contents and then behaves the same, ${g} block(s) per meta bit`, () => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), fc.array(op, { maxLength: 25 }), (before, after) => {
          const vol = createVolume(SIZE, g);
          const a: Fs = { vol, files: createFiles(vol) };
          before.forEach((o, n) => apply(a, o, n));
          const text = encode(a);
          const b = decode(text) as Fs;
          expect(volumeProblem(b.vol)).toBeNull();
          expect(filesProblem(b.files)).toBeNull();
          expect(encode(b)).toBe(text);
          expect(observe(b)).toEqual(observe(a));
          after.forEach((o, n) => {
            apply(a, o, before.length + n);
            apply(b, o, before.length + n);
          });
          expect(encode(b)).toBe(encode(a));
          expect(observe(b)).toEqual(observe(a));
          expect(sameDigest(volumeDigest(b.vol), recomputeDigest(b.vol))).toBe(true);
          expect(volumeProblem(b.vol)).toBeNull();
        }),
        { numRuns: 60 },
      );
    });
  }

  it('writes a mostly empty 16 TB volume in a few hundred characters', () => {
    const vol = createVolume(2 ** 31);
    const files = createFiles(vol);
    writeFile(files, vol, '/a', 10 * B, 1);
    snapshotFiles(files, vol, { id: 1, createdAt: 0 });
    writeFile(files, vol, '/a', 10 * B, 100);
    const text = encode({ vol, files });
    expect(text.length).toBeLessThan(2500);
    const back = decode(text) as { vol: Volume; files: FileSystemFiles };
    expect(volumeProblem(back.vol)).toBeNull();
    expect([...readFileAt(back.files, back.vol, 1, '/a')]).toEqual(Array.from({ length: 10 }, (_, k) => 1 + k));
    expect([...readFile(back.files, back.vol, '/a')]).toEqual(Array.from({ length: 10 }, (_, k) => 100 + k));
  });
});

describe('settled pages through the lab codec', () => {
  it('stay settled in the copy, take the settled path there, and unsettle there at the next snapshot', () => {
    const vol = createVolume(1024);
    writeRun(vol, 0, 1024, 1);
    createSnapshot(vol, { id: 1, createdAt: 0 });
    writeRun(vol, 0, 1024, 2000);
    // Saved nothing, every block at the tail: the first write to each page settles it.
    for (let b = 0; b < 1024; b += 128) expect(writeBlock(vol, b, 5000 + b)).toBe(false);
    const settledPages = (v: Volume): number[] => [...Array(8).keys()].filter((p) => isSettled(v, cloneSlot(v, p)));
    expect(settledPages(vol)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const copy = decode(encode(vol)) as Volume;
    expect(settledPages(copy)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(volumeProblem(copy)).toBeNull();
    expect(writeBlock(copy, 5, 77)).toBe(false);
    expect(readBlock(copy, 5)).toBe(77);
    expect(readAt(copy, 0, 5)).toBe(6);
    // A new tail: the copy's pages unsettle, and the next write saves its before image there.
    createSnapshot(copy, { id: 2, createdAt: 1 });
    expect(settledPages(copy)).toEqual([]);
    expect(writeBlock(copy, 5, 78)).toBe(true);
    expect(readAt(copy, 1, 5)).toBe(77);
    expect(readAt(copy, 0, 5)).toBe(6);
    expect(settledPages(vol)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
