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
// The clone is a page table of stamps (clone.ts), and the volume is its own clone: a Volume
// has the Clone's fields, so a write reaches the page table with no object in between. The
// digest is kept per clone page: each page holds its term (the digest of its blocks that
// are contents); a write or a validity change only marks the page dirty, and `volumeDigest`
// recounts the pages whose terms may be stale (dirty or settled, below) when the digest is
// asked for. `digestTerms` is the sum of the terms the pages hold, so it is the digest
// exactly when none is stale; equal contents give equal digests whatever the history,
// since a page's term depends on nothing but its stamps and the meta bit map.
//
// Settled pages, the write path's shortcut. Between checkpoints most writes land on blocks
// that are written, valid and already saved at the tail (FIG. 41 stops at step 683), and
// for those the facility has nothing to do but store the stamp. A clone page whose 128
// blocks are all so is marked settled (a flag in its page table slot, clone.ts). A write of
// a non-zero stamp to a settled page stores the stamp and nothing else: no bit map is
// looked up, not even the old stamp (which a full page cannot have zero), and no dirty mark
// is made (a settled page's term is recounted by every digest while it is settled, and a
// page the digests find unwritten a few times in a row is let go). writeBlock takes that
// path inline when the page sits in its home slot: a hash, one compare and a store. What
// could make a settled page's blocks need more unsettles it: a snapshot taken or deleted
// (the tail changes) unsettles every settled page (clone.ts keeps their list), blocks made
// invalid or a meta bit map replaced unsettle the pages under them, and a zeroing write its
// own; an unsettled page is dirty. A page is found settled by the slow path, after a write
// to it that saved nothing: a check of the page's 128 bits in the tail's bit map and in the
// meta bit map.
//
// bench/snapshot-write.ts, random single-block writes with 8 checkpoints alive, as a ratio
// to a typed-array write loop (medians, on a 2-core VM): about 35x with Map page tables
// (three lookups a write), 8x with these hashed page tables alone, 5.5x with the settled
// shortcut and its flags in the page header, 3.7x with the flags in the slot and the volume
// its own clone, 3.4x now that a write to a settled page marks nothing (the first write to
// each page after a digest had to mark it dirty again). The write is bound by its two
// random memory touches (the slot, the stamp) over a 1 MB clone: with other processes busy
// on the same two-core machine, the figure rose to 4-6x where the typed-array loop, which
// only stores, barely moved.
//
// Plain data changed in place; src/store/codec.ts carries it through JSON. The queue and the
// meta bit map change only through the functions of this directory, which keep the settled
// pages true.
import { PAGE_SHIFT, PAGE_WORDS, rangeIsSet, setBit, setRange, type PageBitmap } from './bitmap.js';
import {
  CLONE_MASK,
  CLONE_SHIFT,
  CLONE_STAMPS,
  CLONE_WIDTH,
  H_HI,
  H_LO,
  H_WRITTEN,
  addClonePage,
  headerAt,
  removeClonePage,
  clearDirty,
  cloneRead,
  cloneSlot,
  emptyClone,
  isDirty,
  isSettled,
  markDirty,
  markRangeDirty,
  settle,
  unsettle,
  settledCounted,
  type Clone,
} from './clone.js';
import { addBlock, addDigest, copyDigest, emptyDigest, subtractDigest, type Digest } from './digest.js';
import { createMetaBitmap, markInvalidRange, markValid, markValidRange, mayBeValid, type MetaBitmap } from './meta-bitmap.js';
import { S_OFFSET, pageIndex } from './pagetable.js';
import { NOT_NEEDED, SAVED, beforeImage, type SnapshotEntry } from './snapshots.js';

/** Largest file system: 16 TB of 8 KB blocks. */
export const MAX_VOLUME_BLOCKS = 2 ** 31;

/**
 * A file system's blocks. The volume is its own clone volume (the Clone fields: the page
 * table of the present stamp of every block, clone.ts), with the rest below.
 */
export interface Volume extends Clone {
  /** Blocks the file system has: addresses 0..size-1. */
  size: number;
  /** The production file system's meta bit map ([000219]: 691 in FIG. 42). */
  meta: MetaBitmap;
  /** Sum of the digest terms the clone pages hold: the digest once dirty pages are recounted (read it with volumeDigest). */
  digestTerms: Digest;
  /** The snapshot queue: the oldest at the head (index 0), the youngest at the tail. */
  snapshots: SnapshotEntry[];
  /**
   * The replication module's new table of modified blocks (modlog.ts, [000104]), absent or
   * null unless the file system is a replication source: every block written, zeroed or
   * made valid or invalid is set in it.
   */
  log?: PageBitmap | null;
}

/** An empty file system: nothing written, nothing valid, no snapshot. */
export function createVolume(size: number, granularity = 1): Volume {
  if (!Number.isInteger(size) || size < 1 || size > MAX_VOLUME_BLOCKS) throw new RangeError(`volume size must be 1..2^31 blocks, not ${size}`);
  const c = emptyClone();
  return {
    size,
    width: c.width,
    table: c.table,
    numbers: c.numbers,
    data: c.data,
    pageCount: c.pageCount,
    headers: c.headers,
    written: c.written,
    dirty: c.dirty,
    settled: c.settled,
    meta: createMetaBitmap(granularity),
    digestTerms: emptyDigest(),
    snapshots: [],
  };
}

/**
 * Raises the volume's size (a file system extended): the new blocks are unwritten and
 * invalid, so the clone, the meta bit map, the digest and every snapshot (whose bit maps
 * cover only the blocks it had) stay as they are. Nothing else changes.
 */
export function growVolume(vol: Volume, newSize: number): void {
  if (!Number.isInteger(newSize) || newSize < vol.size || newSize > MAX_VOLUME_BLOCKS) throw new RangeError(`cannot grow a volume of ${vol.size} blocks to ${newSize}`);
  // A meta bit map group straddling the old end would make the new blocks in it valid at once.
  if (vol.size % 2 ** vol.meta.shift !== 0) throw new RangeError(`a volume of ${vol.size} blocks does not end on a meta bit map group of ${2 ** vol.meta.shift}`);
  vol.size = newSize;
}

function checkRange(vol: Volume, first: number, count: number): void {
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > vol.size) {
    throw new RangeError(`blocks ${first}..${first + count - 1} are outside a volume of ${vol.size} blocks`);
  }
}

/** The present content of a block (0: never written). */
export function readBlock(vol: Volume, block: number): number {
  return cloneRead(vol, block);
}

/** True when the block is part of the contents (its meta bit map group is valid). */
export function isValidBlock(vol: Volume, block: number): boolean {
  return mayBeValid(vol.meta, block);
}

/** Blocks holding a stamp (written and not zeroed since), valid or not. */
export function writtenBlocks(vol: Volume): number {
  return vol.written;
}

/** Marks stale the digest terms of the clone pages under meta bit map groups lo..hi, and with `unsettling` unsettles them. */
function dirtyGroups(vol: Volume, lo: number, hi: number, unsettling = false): void {
  const g = 2 ** vol.meta.shift;
  markRangeDirty(vol, lo * g, Math.min((hi + 1) * g, vol.size), unsettling);
}

/** A page emptied by zeroing writes leaves the table, and its term the digest. */
function dropPage(vol: Volume, p: number, off: number): void {
  const headers = vol.headers;
  const at = headerAt(off);
  subtractDigest(vol.digestTerms, headers[at + H_HI], headers[at + H_LO]);
  removeClonePage(vol, p, off);
}

/**
 * Settles clone page `p` (its slot at word `h`) when it can be: every block written, valid,
 * and with its before image at the tail (or no snapshot at all). Called after a write to it
 * that saved nothing.
 */
function trySettle(vol: Volume, p: number, h: number): void {
  if (vol.headers[headerAt(vol.table[h + S_OFFSET]) + H_WRITTEN] !== CLONE_STAMPS || isSettled(vol, h)) return;
  const first = p * CLONE_STAMPS;
  const q = vol.snapshots;
  if (q.length !== 0 && !rangeIsSet(q[q.length - 1].bitmap, first, CLONE_STAMPS)) return;
  const shift = vol.meta.shift;
  const lo = first >>> shift;
  if (!rangeIsSet(vol.meta.bits, lo, ((first + CLONE_STAMPS - 1) >>> shift) - lo + 1)) return;
  settle(vol, p, h);
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
  // The settled path, inline; everything else in writeOne. Kept this small, the whole write
  // inlines into the caller's loop. The numbers are pagetable.ts's and clone.ts's constants
  // written out: V8 reloads and rechecks an imported constant at every use, which cost this
  // path a third of its time.
  const table = vol.table;
  const p = block >>> 7;
  // The page's home slot (pagetable.ts's homeSlot) holding it, settled: the page number + 1
  // with SETTLED (0x4000000) in the first word's low 28 bits (the bits above count idle
  // digests), the page's offset in its second.
  const h = (Math.imul(p, -1640531535) >>> (Math.clz32(table.length) + 2)) << 1;
  if ((table[h] & 0xfffffff) === p + 0x4000001 && stamp !== 0) {
    // h is even, and a page's offset a multiple of 128 below 2^31: `|` adds, without V8's overflow checks.
    vol.data[table[h | 1] | (block & 127)] = stamp;
    // A replication source logs the block as well (modlog.ts): one bit map store.
    const log = vol.log;
    if (log) setBit(log, block);
    return false;
  }
  return writeOne(vol, block, stamp);
}

/**
 * Writes a run of blocks first..first+count-1 (a file's extent): block first+k gets
 * stamp+k, or 0 for every block when `stamp` is 0 (zeroing). The same as writeBlock on each
 * block in order, checked once, and leaving the same data behind.
 *
 * A clone page's stretch of the run at a time. A settled page takes the whole stretch in
 * one loop. Otherwise its clone page, the tail's bit map page and the meta bit map page are
 * looked up once (a 128-block clone page lies within one page of each bit map), and a block
 * that needs no save (no snapshot, or its before image already at the tail) is written right
 * there, made valid when it was not; as after writeOne, the page may then be found settled,
 * and the rest of the stretch goes the settled way. Any other block (one that may need a
 * save, or is on a clone page not there yet, or is zeroed) goes through writeOne, and the
 * pages are looked up again after it.
 */
export function writeRun(vol: Volume, first: number, count: number, stamp: number): number {
  checkRange(vol, first, count);
  if (!Number.isInteger(stamp) || stamp < 0 || (count > 0 && stamp !== 0 && stamp + count - 1 >= 2 ** 32)) {
    throw new RangeError(`stamps ${stamp}..${stamp + count - 1} are not integers in 0..2^32-1`);
  }
  if (vol.log && count > 0) setRange(vol.log, first, count);
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
    const h = cloneSlot(vol, p);
    const off = h < 0 ? -1 : vol.table[h + S_OFFSET];
    if (h >= 0 && step !== 0 && isSettled(vol, h)) {
      // The run was logged up front.
      const data = vol.data;
      for (; b < stretchEnd; b++) data[off + (b & CLONE_MASK)] = b + delta;
      continue;
    }
    const tail = q.length === 0 ? null : q[q.length - 1].bitmap.pages;
    const toff = tail === null ? -1 : pageIndex(tail, b >>> PAGE_SHIFT);
    const metaIndex = (b >>> shift) >>> PAGE_SHIFT;
    let moff = pageIndex(meta.bits.pages, metaIndex);
    let changed = false;
    let settled = false;
    if (h >= 0 && (tail === null || toff >= 0)) {
      // Neither the clone's nor the tail's words move in this loop: it adds no page to either.
      const data = vol.data;
      const tailData = tail === null ? null : tail.data;
      // Whether the tail holds every block of the page, asked once the page is full: it
      // does not change in this loop, and without it the page cannot settle.
      let tailFull: boolean | null = tail === null ? true : null;
      for (; b < stretchEnd; b++) {
        if (tailData !== null && ((tailData[toff + ((b >>> 5) & (PAGE_WORDS - 1))] >>> (b & 31)) & 1) === 0) break;
        const s = step * (b + delta);
        const i = off + (b & CLONE_MASK);
        const old = data[i];
        if (old !== s) {
          if (s === 0) break;
          data[i] = s;
          changed = true;
          if (old === 0) {
            vol.headers[headerAt(off) + H_WRITTEN]++;
            vol.written++;
          }
        }
        const bit = b >>> shift;
        if (moff < 0 || ((meta.bits.pages.data[moff + ((bit >>> 5) & (PAGE_WORDS - 1))] >>> (bit & 31)) & 1) === 0) {
          // As writeOne: the group joins the contents (its page may be new).
          markValid(meta, b);
          moff = pageIndex(meta.bits.pages, metaIndex);
          if (shift === 0) changed = true;
          else dirtyGroups(vol, bit, bit);
        }
        // As after writeOne's write that saved nothing: the page may be settled now.
        if (vol.headers[headerAt(off) + H_WRITTEN] === CLONE_STAMPS) {
          if (tailFull === null) tailFull = rangeIsSet(q[q.length - 1].bitmap, p * CLONE_STAMPS, CLONE_STAMPS);
          if (tailFull) {
            trySettle(vol, p, h);
            if (step !== 0 && isSettled(vol, h)) {
              settled = true;
              b++;
              break;
            }
          }
        }
      }
      if (changed) markDirty(vol, p, h);
    }
    if (!settled && b < stretchEnd) {
      if (writeOne(vol, b, step * (b + delta))) saved++;
      b++;
    }
  }
  return saved;
}

/** writeBlock without the checks, and the whole of FIG. 41 when the page is not settled. */
function writeOne(vol: Volume, block: number, stamp: number): boolean {
  if (vol.log) setBit(vol.log, block);
  const p = block >>> CLONE_SHIFT;
  let h = cloneSlot(vol, p);
  let off = h < 0 ? -1 : vol.table[h + S_OFFSET];
  const i = block & CLONE_MASK;
  if (h >= 0 && stamp !== 0 && isSettled(vol, h)) {
    vol.data[off + i] = stamp;
    return false;
  }
  const old = h < 0 ? 0 : vol.data[off + i];
  const found = vol.snapshots.length === 0 ? NOT_NEEDED : beforeImage(vol.snapshots, block, old);
  if (old !== stamp) {
    if (h < 0) {
      h = addClonePage(vol, p);
      off = vol.table[h + S_OFFSET];
    }
    const data = vol.data;
    data[off + i] = stamp;
    if (old === 0) {
      vol.headers[headerAt(off) + H_WRITTEN]++;
      vol.written++;
      markDirty(vol, p, h);
    } else if (stamp === 0) {
      vol.written--;
      unsettle(vol, p, h);
      if (--vol.headers[headerAt(off) + H_WRITTEN] === 0) {
        dropPage(vol, p, off);
        h = -1;
      } else {
        markDirty(vol, p, h);
      }
    } else {
      markDirty(vol, p, h);
    }
  }
  const meta = vol.meta;
  const bit = block >>> meta.shift;
  const mt = meta.bits.pages;
  const moff = pageIndex(mt, bit >>> PAGE_SHIFT);
  if (moff < 0 || ((mt.data[moff + ((bit >>> 5) & (PAGE_WORDS - 1))] >>> (bit & 31)) & 1) === 0) {
    // The whole group joins the contents: its other blocks with what they hold.
    markValid(meta, block);
    if (meta.shift === 0) {
      if (h >= 0) markDirty(vol, p, h);
    } else {
      dirtyGroups(vol, bit, bit);
    }
  }
  if (found !== SAVED && h >= 0) trySettle(vol, p, h);
  return found === SAVED;
}

/** Marks blocks first..first+count-1 valid (a file took them); groups newly valid join the contents. */
export function validateBlocks(vol: Volume, first: number, count: number): void {
  checkRange(vol, first, count);
  if (count === 0) return;
  if (vol.log) setRange(vol.log, first, count);
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
  if (vol.log) setRange(vol.log, first, count);
  markInvalidRange(vol.meta, first, count, stillValid);
  // The groups the range touches are all that may have become invalid (meta-bitmap.ts).
  dirtyGroups(vol, first >>> vol.meta.shift, (first + count - 1) >>> vol.meta.shift, true);
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
  const dirty = (mp: number): void => {
    dirtyGroups(vol, mp * span, (mp + 1) * span - 1, true);
    // Validity changed somewhere under this bit map page: a logged volume sends all its blocks.
    if (vol.log) {
      const g = 2 ** vol.meta.shift;
      const lo = mp * span * g;
      if (lo < vol.size) setRange(vol.log, lo, Math.min(span * g, vol.size - lo));
    }
  };
  for (let ka = 0; ka < after.pageCount; ka++) {
    const mp = after.numbers[ka];
    const kb = pageIndex(before, mp);
    if (kb < 0) {
      dirty(mp);
      continue;
    }
    for (let w = 0; w < PAGE_WORDS; w++) {
      if (after.data[ka * PAGE_WORDS + w] !== before.data[kb + w]) {
        dirty(mp);
        break;
      }
    }
  }
  for (let kb = 0; kb < before.pageCount; kb++) if (pageIndex(after, before.numbers[kb]) < 0) dirty(before.numbers[kb]);
  vol.meta = meta;
}

/** The digest term of one clone page: its written blocks whose meta bit map group is valid. */
function pageTerm(meta: MetaBitmap, p: number, data: Uint32Array, off: number): Digest {
  const d = emptyDigest();
  const base = p * CLONE_STAMPS;
  const shift = meta.shift;
  // A clone page (a power of two of blocks, aligned, at most a bit map page's bits) falls under one bit map page whatever the granularity.
  const mt = meta.bits.pages;
  const moff = pageIndex(mt, (base >>> shift) >>> PAGE_SHIFT);
  if (moff < 0) return d;
  const md = mt.data;
  for (let i = 0; i < CLONE_STAMPS; i++) {
    const s = data[off + i];
    if (s === 0) continue;
    const bit = (base + i) >>> shift;
    if (((md[moff + ((bit >>> 5) & (PAGE_WORDS - 1))] >>> (bit & 31)) & 1) === 1) addBlock(d, base + i, s);
  }
  return d;
}

/** Recounts page `p` (slot at word `h`) into the digest; true when its term changed. */
function recount(vol: Volume, p: number, h: number): boolean {
  const headers = vol.headers;
  const off = vol.table[h + S_OFFSET];
  const at = headerAt(off);
  const d = pageTerm(vol.meta, p, vol.data, off);
  if (d.hi === headers[at + H_HI] && d.lo === headers[at + H_LO]) return false;
  subtractDigest(vol.digestTerms, headers[at + H_HI], headers[at + H_LO]);
  headers[at + H_HI] = d.hi;
  headers[at + H_LO] = d.lo;
  addDigest(vol.digestTerms, d.hi, d.lo);
  return true;
}

/**
 * The digest of the contents: the pages whose terms may be stale are recounted first, the
 * dirty ones and the settled ones (clone.ts), a cost that follows the pages written in the
 * last few intervals between calls. A settled page whose term did not change in MAX_IDLE + 1
 * calls in a row was not written: it is unsettled (its next write settles it again), so
 * that pages no longer written stop being recounted.
 */
export function volumeDigest(vol: Volume): Digest {
  if (vol.settled.length !== 0) {
    const still: number[] = [];
    const seen = new Set<number>();
    for (const p of vol.settled) {
      const h = cloneSlot(vol, p);
      // A page may have left the table or been unsettled, or be listed twice.
      if (h < 0 || !isSettled(vol, h) || seen.has(p)) continue;
      seen.add(p);
      if (settledCounted(vol, h, recount(vol, p, h))) still.push(p);
    }
    vol.settled = still;
  }
  if (vol.dirty.length !== 0) {
    for (const p of vol.dirty) {
      const h = cloneSlot(vol, p);
      // A page may have left the table, or been recounted already (listed twice).
      if (h < 0 || !isDirty(vol, h)) continue;
      recount(vol, p, h);
      clearDirty(vol, h);
    }
    vol.dirty.length = 0;
  }
  return copyDigest(vol.digestTerms);
}

/**
 * The digest volumeDigest would give, changing nothing: the stale terms (dirty and settled
 * pages) are counted afresh on the side. For checks on a refusal path, where a refused
 * command must leave the world, caches included, as it was; it costs what volumeDigest does.
 */
export function peekDigest(vol: Volume): Digest {
  const total = copyDigest(vol.digestTerms);
  const seen = new Set<number>();
  const headers = vol.headers;
  for (const p of [...vol.settled, ...vol.dirty]) {
    const h = cloneSlot(vol, p);
    if (h < 0 || seen.has(p) || !(isSettled(vol, h) || isDirty(vol, h))) continue;
    seen.add(p);
    const off = vol.table[h + S_OFFSET];
    const at = headerAt(off);
    const d = pageTerm(vol.meta, p, vol.data, off);
    subtractDigest(total, headers[at + H_HI], headers[at + H_LO]);
    addDigest(total, d.hi, d.lo);
  }
  return total;
}

/** The digest from scratch, block by block, using no page's stored term (checks). */
export function recomputeDigest(vol: Volume): Digest {
  const d = emptyDigest();
  for (let k = 0; k < vol.pageCount; k++) {
    const p = vol.numbers[k];
    for (let i = 0; i < CLONE_STAMPS; i++) {
      const b = p * CLONE_STAMPS + i;
      const s = vol.data[k * CLONE_WIDTH + i];
      if (s !== 0 && mayBeValid(vol.meta, b)) addBlock(d, b, s);
    }
  }
  return d;
}
