// A file system's block contents: the seed's clone volume (the present state, [000159]) as a
// sparse map of 8 KB blocks to stamps, its meta bit map of blocks that may hold valid data
// ([000215]), the snapshot queue of the snapshot copy facility (snapshots.ts), and a running
// digest of its contents.
//
// "Contents" means the blocks the meta bit map says may be valid: a block freed by a deleted
// file keeps its stale stamp in the clone (deleting costs no write and saves no before
// image, [000213]-[000214]) but is no longer part of the contents. That is the only
// definition under which copies compare: a snapshot does not preserve blocks invalid in it
// (FIG. 41), and a copy skips them (FIG. 40, [000103]). So the digest is the sum over blocks
// in valid meta bit map groups of digest.ts's term (block, clone stamp); with a granularity
// above one block per bit, a whole group counts as soon as one of its blocks is valid,
// exactly as the facility treats it when deciding what to save.
//
// Plain data changed in place; src/store/codec.ts carries it through JSON.
import { andNotInto, copyBitmap, forEachSetBit, testBit } from './bitmap.js';
import { addBlock, emptyDigest, removeBlock, rewriteBlock, type Digest } from './digest.js';
import { createMetaBitmap, markInvalidRange, markValid, markValidRange, mayBeValid, type MetaBitmap } from './meta-bitmap.js';
import { saveBeforeImage, type SnapshotEntry } from './snapshots.js';

/** Largest file system: 16 TB of 8 KB blocks. */
export const MAX_VOLUME_BLOCKS = 2 ** 31;

export interface Volume {
  /** Blocks the file system has: addresses 0..size-1. */
  size: number;
  /** The clone volume: block -> stamp of the write that put it there; absent: never written. */
  clone: Map<number, number>;
  /** The production file system's meta bit map ([000219]: 691 in FIG. 42). */
  meta: MetaBitmap;
  /** Of the contents (blocks in valid groups), kept current by every function here. */
  digest: Digest;
  /** The snapshot queue: the oldest at the head (index 0), the youngest at the tail. */
  snapshots: SnapshotEntry[];
}

/** An empty file system: nothing written, nothing valid, no snapshot. */
export function createVolume(size: number, granularity = 1): Volume {
  if (!Number.isInteger(size) || size < 1 || size > MAX_VOLUME_BLOCKS) throw new RangeError(`volume size must be 1..2^31 blocks, not ${size}`);
  return { size, clone: new Map(), meta: createMetaBitmap(granularity), digest: emptyDigest(), snapshots: [] };
}

function checkRange(vol: Volume, first: number, count: number): void {
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > vol.size) {
    throw new RangeError(`blocks ${first}..${first + count - 1} are outside a volume of ${vol.size} blocks`);
  }
}

/** The present content of a block (0: never written). */
export function readBlock(vol: Volume, block: number): number {
  return vol.clone.get(block) ?? 0;
}

/** True when the block is part of the contents (its meta bit map group is valid). */
export function isValidBlock(vol: Volume, block: number): boolean {
  return mayBeValid(vol.meta, block);
}

/** Adds to (sign 1) or takes out of (sign -1) the digest every written block of the groups first..first+groups-1. */
function digestGroups(vol: Volume, firstGroup: number, groups: number, sign: 1 | -1): void {
  const shift = vol.meta.shift;
  const lo = firstGroup * 2 ** shift;
  const hi = Math.min((firstGroup + groups) * 2 ** shift, vol.size);
  // A sparse clone with wide groups is cheaper to scan whole than block by block.
  if (hi - lo > 4 * vol.clone.size) {
    for (const [b, s] of vol.clone) if (b >= lo && b < hi) (sign > 0 ? addBlock : removeBlock)(vol.digest, b, s);
    return;
  }
  for (let b = lo; b < hi; b++) {
    const s = vol.clone.get(b);
    if (s !== undefined) (sign > 0 ? addBlock : removeBlock)(vol.digest, b, s);
  }
}

/**
 * Writes `stamp` (0: the block is zeroed, as never written) to a block through the snapshot
 * copy facility: the before image is saved first when a snapshot needs it (FIG. 41), then
 * the clone is written. A written block is in use, so it becomes valid. Returns true when a
 * before image was saved (one save-volume block more).
 */
export function writeBlock(vol: Volume, block: number, stamp: number): boolean {
  if (!Number.isInteger(block) || block < 0 || block >= vol.size) checkRange(vol, block, 1);
  const old = vol.clone.get(block) ?? 0;
  const saved = vol.snapshots.length !== 0 && saveBeforeImage(vol.snapshots, block, old);
  if (stamp > 0) vol.clone.set(block, stamp);
  else vol.clone.delete(block);
  if (!mayBeValid(vol.meta, block)) {
    // The whole group joins the contents: its other blocks with what they hold, this one
    // with its new stamp (already in the clone).
    markValid(vol.meta, block);
    if (vol.meta.shift !== 0) digestGroups(vol, block >>> vol.meta.shift, 1, 1);
    else addBlock(vol.digest, block, stamp);
  } else {
    rewriteBlock(vol.digest, block, old, stamp);
  }
  return saved;
}

/** Marks blocks first..first+count-1 valid (a file took them); groups newly valid join the digest. */
export function validateBlocks(vol: Volume, first: number, count: number): void {
  checkRange(vol, first, count);
  if (count === 0) return;
  const shift = vol.meta.shift;
  const lo = first >>> shift;
  const hi = (first + count - 1) >>> shift;
  // Only groups that were invalid change the contents; find them before setting.
  for (let gr = lo; gr <= hi; gr++) {
    if (!mayBeValid(vol.meta, gr * 2 ** shift)) {
      let end = gr;
      while (end + 1 <= hi && !mayBeValid(vol.meta, (end + 1) * 2 ** shift)) end++;
      digestGroups(vol, gr, end - gr + 1, 1);
      gr = end;
    }
  }
  markValidRange(vol.meta, first, count);
}

/**
 * Marks blocks first..first+count-1 invalid (a file deleted or truncated): their data stays
 * in the clone, unsaved, until a write reuses them. `stillValid`, when the file layer can
 * answer it, keeps the meta bit map exact at a granularity above one (see meta-bitmap.ts).
 */
export function invalidateBlocks(vol: Volume, first: number, count: number, stillValid?: (block: number) => boolean): void {
  checkRange(vol, first, count);
  if (count === 0) return;
  const lo = first >>> vol.meta.shift;
  const hi = (first + count - 1) >>> vol.meta.shift;
  const wasValid: number[] = [];
  forEachSetBit(vol.meta.bits, (gr) => void wasValid.push(gr), lo, hi + 1);
  markInvalidRange(vol.meta, first, count, stillValid);
  for (const gr of wasValid) if (!testBit(vol.meta.bits, gr)) digestGroups(vol, gr, 1, -1);
}

/**
 * Replaces the production meta bit map (a restore brings back the snapshot's, [000219]; a
 * copy brings the source's). The digest follows: groups leaving the contents come out of
 * it, groups joining come in, at a cost that follows the bit maps' pages.
 */
export function replaceMeta(vol: Volume, meta: MetaBitmap): void {
  // Snapshots of one file system share a granularity, which the differential relies on.
  if (meta.shift !== vol.meta.shift) throw new RangeError(`meta bit map of ${2 ** meta.shift} blocks per bit for a volume of ${2 ** vol.meta.shift}`);
  const gone = copyBitmap(vol.meta.bits);
  andNotInto(gone, meta.bits);
  const come = copyBitmap(meta.bits);
  andNotInto(come, vol.meta.bits);
  forEachSetBit(gone, (gr) => void digestGroups(vol, gr, 1, -1));
  forEachSetBit(come, (gr) => void digestGroups(vol, gr, 1, 1));
  vol.meta = meta;
}

/** The digest from scratch (checks; labs saved before the digest existed). */
export function recomputeDigest(vol: Volume): Digest {
  const d = emptyDigest();
  for (const [b, s] of vol.clone) if (mayBeValid(vol.meta, b)) addBlock(d, b, s);
  return d;
}
