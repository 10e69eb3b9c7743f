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
// The clone is a page table of stamps (clone.ts). The digest is kept per clone page: each page
// holds its term (the digest of its blocks that are contents) and a dirty flag; a write or a
// validity change only marks pages dirty, and `volumeDigest` recounts the dirty pages when
// the digest is asked for. `digestTerms` is the sum of the terms the pages hold, so it is the
// digest exactly when no page is dirty; equal contents give equal digests whatever the
// history, since a page's term depends on nothing but its stamps and the meta bit map.
//
// Plain data changed in place; src/store/codec.ts carries it through JSON.
import { PAGE_SHIFT, PAGE_WORDS } from './bitmap.js';
import {
  CLONE_MASK,
  CLONE_SHIFT,
  CLONE_STAMPS,
  H_DIRTY,
  H_HI,
  H_LO,
  H_WRITTEN,
  cloneRead,
  createClone,
  markDirty,
  markRangeDirty,
  newClonePage,
  type Clone,
} from './clone.js';
import { addBlock, addDigest, copyDigest, emptyDigest, subtractDigest, type Digest } from './digest.js';
import { createMetaBitmap, markInvalidRange, markValid, markValidRange, mayBeValid, type MetaBitmap } from './meta-bitmap.js';
import { saveBeforeImage, type SnapshotEntry } from './snapshots.js';

/** Largest file system: 16 TB of 8 KB blocks. */
export const MAX_VOLUME_BLOCKS = 2 ** 31;

export interface Volume {
  /** Blocks the file system has: addresses 0..size-1. */
  size: number;
  /** The clone volume: the present stamp of every block (clone.ts). */
  clone: Clone;
  /** The production file system's meta bit map ([000219]: 691 in FIG. 42). */
  meta: MetaBitmap;
  /** Sum of the digest terms the clone pages hold: the digest once dirty pages are recounted (read it with volumeDigest). */
  digestTerms: Digest;
  /** The snapshot queue: the oldest at the head (index 0), the youngest at the tail. */
  snapshots: SnapshotEntry[];
}

/** An empty file system: nothing written, nothing valid, no snapshot. */
export function createVolume(size: number, granularity = 1): Volume {
  if (!Number.isInteger(size) || size < 1 || size > MAX_VOLUME_BLOCKS) throw new RangeError(`volume size must be 1..2^31 blocks, not ${size}`);
  return { size, clone: createClone(), meta: createMetaBitmap(granularity), digestTerms: emptyDigest(), snapshots: [] };
}

function checkRange(vol: Volume, first: number, count: number): void {
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > vol.size) {
    throw new RangeError(`blocks ${first}..${first + count - 1} are outside a volume of ${vol.size} blocks`);
  }
}

/** The present content of a block (0: never written). */
export function readBlock(vol: Volume, block: number): number {
  return cloneRead(vol.clone, block);
}

/** True when the block is part of the contents (its meta bit map group is valid). */
export function isValidBlock(vol: Volume, block: number): boolean {
  return mayBeValid(vol.meta, block);
}

/** Blocks holding a stamp (written and not zeroed since), valid or not. */
export function writtenBlocks(vol: Volume): number {
  return vol.clone.written;
}

/** Marks stale the digest terms of the clone pages under meta bit map groups lo..hi. */
function dirtyGroups(vol: Volume, lo: number, hi: number): void {
  const g = 2 ** vol.meta.shift;
  markRangeDirty(vol.clone, lo * g, Math.min((hi + 1) * g, vol.size));
}

/** A page emptied by zeroing writes leaves the table, and its term the digest. */
function dropPage(vol: Volume, p: number, page: Uint32Array): void {
  subtractDigest(vol.digestTerms, page[H_HI], page[H_LO]);
  vol.clone.pages.delete(p);
}

/**
 * Writes `stamp` (0: the block is zeroed, as never written; a 32-bit integer) to a block
 * through the snapshot copy facility: the before image is saved first when a snapshot needs
 * it (FIG. 41), then the clone is written. A written block is in use, so it becomes valid.
 * Returns true when a before image was saved (one save-volume block more).
 */
export function writeBlock(vol: Volume, block: number, stamp: number): boolean {
  // `x >>> 0 !== x` rejects negatives, fractions, NaN and 2^32 and above in one test.
  if (block >>> 0 !== block || block >= vol.size) checkRange(vol, block, 1);
  if (stamp >>> 0 !== stamp) throw new RangeError(`a stamp is an integer in 0..2^32-1, not ${stamp}`);
  return writeOne(vol, block, stamp);
}

/**
 * Writes a run of blocks first..first+count-1 (a file's extent): block first+k gets
 * stamp+k, or 0 for every block when `stamp` is 0 (zeroing). The same as writeBlock on each
 * block in order, checked once. Returns how many before images were saved.
 *
 * A clone page's stretch of the run at a time: its clone page, the tail's bit map page and
 * the meta bit map page are looked up once (a 128-block clone page lies within one page of
 * each bit map), and a block that needs no save (no snapshot, or its before image already
 * at the tail) is written right there, made valid when it was not. Any other block (one
 * that may need a save, or is on a clone page not there yet, or is zeroed) goes through
 * writeOne, and the pages are looked up again after it.
 */
export function writeRun(vol: Volume, first: number, count: number, stamp: number): number {
  checkRange(vol, first, count);
  if (!Number.isInteger(stamp) || stamp < 0 || (count > 0 && stamp !== 0 && stamp + count - 1 >= 2 ** 32)) {
    throw new RangeError(`stamps ${stamp}..${stamp + count - 1} are not integers in 0..2^32-1`);
  }
  const clone = vol.clone;
  const q = vol.snapshots;
  const meta = vol.meta;
  const shift = meta.shift;
  const end = first + count;
  // stamp + k for block first + k, or 0 throughout: s = b + delta, times `step`.
  const step = stamp === 0 ? 0 : 1;
  const delta = stamp - first;
  let saved = 0;
  let b = first;
  while (b < end) {
    const p = b >>> CLONE_SHIFT;
    const stretchEnd = Math.min(end, (p + 1) * CLONE_STAMPS);
    const page = clone.pages.get(p);
    const tail = q.length === 0 ? undefined : q[q.length - 1].bitmap.pages.get(b >>> PAGE_SHIFT);
    const metaIndex = (b >>> shift) >>> PAGE_SHIFT;
    let metaPage = meta.bits.pages.get(metaIndex);
    let changed = false;
    if (page !== undefined && (q.length === 0 || tail !== undefined)) {
      for (; b < stretchEnd; b++) {
        if (tail !== undefined && ((tail[(b >>> 5) & (PAGE_WORDS - 1)] >>> (b & 31)) & 1) === 0) break;
        const s = step * (b + delta);
        const i = b & CLONE_MASK;
        const old = page[i];
        if (old !== s) {
          if (s === 0) break;
          page[i] = s;
          changed = true;
          if (old === 0) {
            page[H_WRITTEN]++;
            clone.written++;
          }
        }
        const bit = b >>> shift;
        if (metaPage === undefined || ((metaPage[(bit >>> 5) & (PAGE_WORDS - 1)] >>> (bit & 31)) & 1) === 0) {
          // As writeOne: the group joins the contents (its page may be new or an own copy now).
          markValid(meta, b);
          metaPage = meta.bits.pages.get(metaIndex);
          if (shift === 0) changed = true;
          else dirtyGroups(vol, bit, bit);
        }
      }
      if (changed) markDirty(clone, p, page);
    }
    if (b < stretchEnd) {
      if (writeOne(vol, b, step * (b + delta))) saved++;
      b++;
    }
  }
  return saved;
}

/**
 * writeBlock without the checks. Plain Map lookups, no memo of the last page: a memo helps
 * writes in runs, which writeRun serves better, and its upkeep on every miss made random
 * writes (bench/snapshot-write.ts's steady state) about 10% slower.
 */
function writeOne(vol: Volume, block: number, stamp: number): boolean {
  const clone = vol.clone;
  const p = block >>> CLONE_SHIFT;
  let page = clone.pages.get(p);
  const i = block & CLONE_MASK;
  const old = page === undefined ? 0 : page[i];
  const saved = vol.snapshots.length !== 0 && saveBeforeImage(vol.snapshots, block, old);
  if (old !== stamp) {
    if (page === undefined) {
      page = newClonePage();
      clone.pages.set(p, page);
    }
    page[i] = stamp;
    if (old === 0) {
      page[H_WRITTEN]++;
      clone.written++;
      markDirty(clone, p, page);
    } else if (stamp === 0) {
      clone.written--;
      if (--page[H_WRITTEN] === 0) dropPage(vol, p, page);
      else markDirty(clone, p, page);
    } else {
      markDirty(clone, p, page);
    }
  }
  const meta = vol.meta;
  const bit = block >>> meta.shift;
  const mp = meta.bits.pages.get(bit >>> PAGE_SHIFT);
  if (mp === undefined || ((mp[(bit >>> 5) & (PAGE_WORDS - 1)] >>> (bit & 31)) & 1) === 0) {
    // The whole group joins the contents: its other blocks with what they hold.
    markValid(meta, block);
    if (meta.shift === 0) {
      if (page !== undefined && clone.pages.has(p)) markDirty(clone, p, page);
    } else {
      dirtyGroups(vol, bit, bit);
    }
  }
  return saved;
}

/** Marks blocks first..first+count-1 valid (a file took them); groups newly valid join the contents. */
export function validateBlocks(vol: Volume, first: number, count: number): void {
  checkRange(vol, first, count);
  if (count === 0) return;
  markValidRange(vol.meta, first, count);
  dirtyGroups(vol, first >>> vol.meta.shift, (first + count - 1) >>> vol.meta.shift);
}

/**
 * Marks blocks first..first+count-1 invalid (a file deleted or truncated): their data stays
 * in the clone, unsaved, until a write reuses them. `stillValid`, when the file layer can
 * answer it, keeps the meta bit map exact at a granularity above one (see meta-bitmap.ts).
 */
export function invalidateBlocks(vol: Volume, first: number, count: number, stillValid?: (block: number) => boolean): void {
  checkRange(vol, first, count);
  if (count === 0) return;
  markInvalidRange(vol.meta, first, count, stillValid);
  dirtyGroups(vol, first >>> vol.meta.shift, (first + count - 1) >>> vol.meta.shift);
}

/**
 * Replaces the production meta bit map (a restore brings back the snapshot's, [000219]; a
 * copy brings the source's). The clone pages under every bit map page that differs are
 * recounted: a cost that follows the bit maps' pages, not the file system's size.
 */
export function replaceMeta(vol: Volume, meta: MetaBitmap): void {
  // Snapshots of one file system share a granularity, which the differential relies on.
  if (meta.shift !== vol.meta.shift) throw new RangeError(`meta bit map of ${2 ** meta.shift} blocks per bit for a volume of ${2 ** vol.meta.shift}`);
  const before = vol.meta.bits.pages;
  const after = meta.bits.pages;
  const span = 2 ** PAGE_SHIFT;
  const dirty = (mp: number): void => dirtyGroups(vol, mp * span, (mp + 1) * span - 1);
  for (const [mp, a] of after) {
    const b = before.get(mp);
    if (b === undefined) dirty(mp);
    else if (b !== a) {
      for (let w = 0; w < PAGE_WORDS; w++) {
        if (a[w] !== b[w]) {
          dirty(mp);
          break;
        }
      }
    }
  }
  for (const mp of before.keys()) if (!after.has(mp)) dirty(mp);
  vol.meta = meta;
}

/** The digest term of one clone page: its written blocks whose meta bit map group is valid. */
function pageTerm(meta: MetaBitmap, p: number, page: Uint32Array): Digest {
  const d = emptyDigest();
  const base = p * CLONE_STAMPS;
  const shift = meta.shift;
  // A clone page (a power of two of blocks, aligned, at most 4096) falls under one bit map page whatever the granularity.
  const mp = meta.bits.pages.get((base >>> shift) >>> PAGE_SHIFT);
  if (mp === undefined) return d;
  for (let i = 0; i < CLONE_STAMPS; i++) {
    const s = page[i];
    if (s === 0) continue;
    const bit = (base + i) >>> shift;
    if (((mp[(bit >>> 5) & (PAGE_WORDS - 1)] >>> (bit & 31)) & 1) === 1) addBlock(d, base + i, s);
  }
  return d;
}

/** The digest of the contents: dirty pages are recounted first (a cost that follows the pages written since the last call). */
export function volumeDigest(vol: Volume): Digest {
  const c = vol.clone;
  if (c.dirty.length !== 0) {
    const total = vol.digestTerms;
    for (const p of c.dirty) {
      const page = c.pages.get(p);
      // A page may have left the table, or been recounted already (listed twice).
      if (page === undefined || page[H_DIRTY] === 0) continue;
      subtractDigest(total, page[H_HI], page[H_LO]);
      const t = pageTerm(vol.meta, p, page);
      page[H_HI] = t.hi;
      page[H_LO] = t.lo;
      page[H_DIRTY] = 0;
      addDigest(total, t.hi, t.lo);
    }
    c.dirty.length = 0;
  }
  return copyDigest(vol.digestTerms);
}

/** The digest from scratch, block by block, using no page's stored term (checks). */
export function recomputeDigest(vol: Volume): Digest {
  const d = emptyDigest();
  for (const [p, page] of vol.clone.pages) {
    for (let i = 0; i < CLONE_STAMPS; i++) {
      const b = p * CLONE_STAMPS + i;
      if (page[i] !== 0 && mayBeValid(vol.meta, b)) addBlock(d, b, page[i]);
    }
  }
  return d;
}
