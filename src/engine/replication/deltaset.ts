// Delta sets ([000095], [000104]-[000114], [000107]): cutting one out of the source's log,
// its chunks and header checksums, the receiver's completeness check, and its playback into
// the destination's blocks.
//
// The cut swaps the log's tables (blocks/modlog.ts) and copies every block the old table
// names, once however often it was written (FIG. 10), with its after image as of the cut:
// its stamp, or "invalid" for a block a deleted file gave back (the destination marks it
// invalid too, so that both file systems' contents, the valid blocks, stay equal). The file
// system's tree and size at the cut travel with the blocks, as the metadata they belong to.
import { bitmapCount, forEachSetBit } from '../blocks/bitmap.js';
import { swapLog } from '../blocks/modlog.js';
import { growVolume, invalidateBlocks, isValidBlock, readBlock, writeBlock } from '../blocks/volume.js';
import { LOCAL_BLOCKS_PER_SEC } from '../copy/rate.js';
import { rebuildAllocator } from '../files/allocator.js';
import { listFiles } from '../files/files.js';
import type { DeltaSet, FsContents } from '../types.js';

/** Blocks a chunk carries: 1 MB. */
export const CHUNK_BLOCKS = 128;
/** Bit 31 of a delta set's block address: the block was invalid at the cut. */
export const INVALID = 0x80000000;
const ADDRESS = 0x7fffffff;

export function chunksFor(blocks: number): number {
  return Math.ceil(blocks / CHUNK_BLOCKS);
}

/**
 * Checksum of the data: two 32-bit FNV-1a-style lanes over every (block, stamp) pair in
 * order, one multiply a word each (a digest.ts hash per pair cost a day of the replication
 * bench several seconds, sent and checked once each).
 */
function dataSum(blocks: Uint32Array, stamps: Uint32Array): { hi: number; lo: number } {
  let lo = 0x811c9dc5;
  let hi = 0x01000193;
  for (let i = 0; i < blocks.length; i++) {
    lo = Math.imul(lo ^ blocks[i]!, 0x01000193);
    lo = Math.imul(lo ^ stamps[i]!, 0x01000193);
    hi = Math.imul(hi ^ stamps[i]!, 0x5bd1e995) ^ (hi >>> 15);
    hi = Math.imul(hi ^ blocks[i]!, 0x5bd1e995);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** Checksum of the header's own fields (FNV-1a over them). */
function headerSum(n: number, gen: number, count: number, data: { hi: number; lo: number }): number {
  let h = 0x811c9dc5;
  for (const w of [n, gen, count, data.hi, data.lo]) {
    for (let k = 0; k < 4; k++) {
      h ^= (w >>> (8 * k)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h;
}

/** Cuts delta set `n` out of the source's log: the blocks modified since the last cut, as they are now. */
export function cutDeltaSet(c: FsContents, sizeMB: number, n: number, gen: number, now: number): DeltaSet {
  const vol = c.volume;
  const table = swapLog(vol);
  const count = bitmapCount(table);
  const blocks = new Uint32Array(count);
  const stamps = new Uint32Array(count);
  let i = 0;
  forEachSetBit(
    table,
    (b) => {
      if (isValidBlock(vol, b)) {
        blocks[i] = b;
        stamps[i] = readBlock(vol, b);
      } else {
        blocks[i] = (b | INVALID) >>> 0;
      }
      i++;
    },
    0,
    vol.size,
  );
  const used = i === count ? blocks : blocks.slice(0, i);
  const usedStamps = i === count ? stamps : stamps.slice(0, i);
  const sum = dataSum(used, usedStamps);
  return {
    n,
    gen,
    createdAt: now,
    cutMs: Math.ceil((used.length * 1000) / LOCAL_BLOCKS_PER_SEC),
    blocks: used,
    stamps: usedStamps,
    chunks: chunksFor(used.length),
    dataSum: sum,
    headerSum: headerSum(n, gen, used.length, sum),
    volSize: vol.size,
    sizeMB,
    root: c.files.root,
    cursor: c.files.alloc.cursor,
  };
}

/** A set sent (again) in a new generation carries it in its header, with the header's checksum redone. */
export function restamp(set: DeltaSet, gen: number): void {
  set.gen = gen;
  set.headerSum = headerSum(set.n, gen, set.blocks.length, set.dataSum);
}

/**
 * The receiver's check once the header arrives ([000107]): the header is intact, of the
 * session's generation, and the chunks received hold every block it counts with the data
 * it sums. Returns what is wrong, or null.
 */
export function checkReceived(set: DeltaSet, gen: number, chunksReceived: number): string | null {
  if (headerSum(set.n, set.gen, set.blocks.length, set.dataSum) !== set.headerSum) return 'header checksum';
  if (set.gen !== gen) return 'generation';
  if (chunksReceived !== set.chunks) return 'missing chunks';
  const sum = dataSum(set.blocks, set.stamps);
  if (sum.hi !== set.dataSum.hi || sum.lo !== set.dataSum.lo) return 'data checksum';
  return null;
}

export function setBlockAddress(word: number): number {
  return word & ADDRESS;
}

/**
 * Plays delta sets back into the destination, in order ([000108]): each block written
 * through its snapshot copy facility (so a restart point keeps before images), or made
 * invalid; then the files of the last set, and the allocator rebuilt from them. Returns the
 * blocks written.
 */
export function playBack(c: FsContents, sets: readonly DeltaSet[]): { blocks: number; sizeMB: number | null } {
  const vol = c.volume;
  let blocks = 0;
  let sizeMB: number | null = null;
  for (const set of sets) {
    if (set.volSize > vol.size) growVolume(vol, set.volSize);
    const b = set.blocks;
    const s = set.stamps;
    for (let i = 0; i < b.length; i++) {
      const w = b[i]!;
      if ((w & INVALID) !== 0) invalidateBlocks(vol, w & ADDRESS, 1);
      else writeBlock(vol, w, s[i]!);
    }
    blocks += b.length;
    sizeMB = set.sizeMB;
  }
  const last = sets[sets.length - 1];
  if (last !== undefined) {
    c.files.root = last.root;
    const owned = listFiles(c.files).flatMap(([, f]) => f.extents.map((e) => ({ start: e.start, count: e.count })));
    c.files.alloc = rebuildAllocator(vol.size, owned, last.cursor);
  }
  return { blocks, sizeMB };
}
