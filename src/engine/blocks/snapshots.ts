// The snapshot copy facility ([000159]-[000170], FIGS. 24-27, with the meta bit maps of
// FIGS. 41-42): a queue of snapshots per file system, the oldest at the head, each with its
// save volume, the bit map and block map of the blocks saved there, and the meta bit map the
// file system had when the snapshot was taken.
//
// A snapshot's contents are defined on the blocks valid in its own meta bit map; a block
// invalid in it may read back anything (FIG. 41 saves no before image for it).
//
// Deleting a snapshot: reads walk toward the tail (FIG. 27), so the only reader of entry N's
// save volume besides N is the next-older entry N-1 (and, through it, older entries whose
// walk reaches N). When N goes, every before image of N that N-1 does not hold itself moves
// into N-1's save volume, which is where those readers now land; it is kept only when one of
// those readers has the block valid, so no invalid block is carried (FIG. 41's rule applied
// again). The head has no older reader: its save volume is freed. The tail is no exception:
// after it goes, N-1 becomes the tail and would otherwise read the overwritten clone.
//
// Every change to the queue (a snapshot taken or deleted) unsettles the clone's settled
// pages, so none stays settled against a tail that changed (volume.ts).
//
// Plain data changed in place; ids and times come from the caller (virtual clock).
import { PAGE_SHIFT, PAGE_WORDS, createBitmap, setBit, testBit, type PageBitmap } from './bitmap.js';
import { cloneRead, unsettleAll } from './clone.js';
import { createBlockMap, forEachSave, recordNewSave, saveAddressOf, type BlockMap } from './blockmap.js';
import { addPageAt, pageIndex } from './pagetable.js';
import { appendStamp, createSaveVolume, type SaveVolume } from './save-volume.js';
import { addBlock, emptyDigest, type Digest } from './digest.js';
import { copyMetaBitmap, forEachMaybeValidGroup, mayBeValid, type MetaBitmap } from './meta-bitmap.js';
import type { Volume } from './volume.js';

export interface SnapshotEntry {
  id: number;
  /** Virtual ms when it was taken. */
  createdAt: number;
  /** The last delta set replayed into the file system before it was taken ([000158]), or null. */
  deltaSetStamp: number | null;
  /** Blocks whose before image is in this save volume (FIG. 43 page table). */
  bitmap: PageBitmap;
  /** Clone block Bi -> save volume block Si (FIG. 44). */
  blockmap: BlockMap;
  /** The save volume: Si -> the saved stamp (0: the block had never been written). */
  saveVolume: SaveVolume;
  /** The file system's meta bit map when the snapshot was taken ([000219]). */
  metaBitmap: MetaBitmap;
}

/** Index of a snapshot in the queue (0 = head, the oldest), or -1. */
export function positionOf(vol: Volume, id: number): number {
  const q = vol.snapshots;
  for (let i = 0; i < q.length; i++) if (q[i].id === id) return i;
  return -1;
}

/** The position of a snapshot that must exist (an unknown id is the caller's bug). */
export function requirePosition(vol: Volume, id: number): number {
  const p = positionOf(vol, id);
  if (p < 0) throw new Error(`snapshot ${id} is not in the queue`);
  return p;
}

export interface NewSnapshot {
  id: number;
  createdAt: number;
  deltaSetStamp?: number | null;
}

/** Checks what createSnapshot would reject, so a caller can validate before mutating anything. */
export function checkNewSnapshot(vol: Volume, s: NewSnapshot): void {
  if (positionOf(vol, s.id) >= 0) throw new Error(`snapshot ${s.id} already exists`);
  const tail = vol.snapshots[vol.snapshots.length - 1];
  if (tail !== undefined && s.createdAt < tail.createdAt) throw new RangeError(`snapshot ${s.id} at ${s.createdAt} is older than the tail's ${tail.createdAt}`);
}

/**
 * Takes a snapshot: a new entry at the tail ([000166]) with an empty save volume and a copy
 * of the meta bit map. Costs the meta bit map's pages, nothing per block.
 */
export function createSnapshot(vol: Volume, s: NewSnapshot): SnapshotEntry {
  checkNewSnapshot(vol, s);
  const entry: SnapshotEntry = {
    id: s.id,
    createdAt: s.createdAt,
    deltaSetStamp: s.deltaSetStamp ?? null,
    bitmap: createBitmap(),
    blockmap: createBlockMap(),
    saveVolume: createSaveVolume(),
    metaBitmap: copyMetaBitmap(vol.meta),
  };
  vol.snapshots.push(entry);
  unsettleAll(vol);
  return entry;
}

/**
 * FIG. 41's test: walking from the tail toward the head, the first entry that has the block
 * in its bit map needs nothing more; the first whose meta bit map has it valid needs its
 * before image saved (at the tail: every entry between reads through the tail).
 */
function needsSave(q: SnapshotEntry[], block: number): boolean {
  const last = q.length - 1;
  if (testBit(q[last].bitmap, block)) return false;
  if (mayBeValid(q[last].metaBitmap, block)) return true;
  for (let i = last - 1; i >= 0; i--) {
    if (testBit(q[i].bitmap, block)) return false;
    if (mayBeValid(q[i].metaBitmap, block)) return true;
  }
  return false;
}

/** True when a write to the block now would take one save-volume block (for space checks before a write). */
export function wouldSave(vol: Volume, block: number): boolean {
  return vol.snapshots.length !== 0 && needsSave(vol.snapshots, block);
}

function appendSave(e: SnapshotEntry, block: number, stamp: number): void {
  recordNewSave(e.blockmap, block, appendStamp(e.saveVolume, stamp));
  setBit(e.bitmap, block);
}

/** What FIG. 41's test found for a write: the before image saved now, or none needed (already at the tail, or for another reason). */
export const SAVED = 2;
export const AT_TAIL = 1;
export const NOT_NEEDED = 0;

/**
 * Steps 681-690 and 687-688 of FIG. 41, before a write of `block` whose clone content is
 * `before`: saves it into the tail's save volume when a snapshot needs it. Called by the
 * write path (volume.ts) with a non-empty queue; SAVED when it saved, AT_TAIL when the
 * tail has the block's before image already, NOT_NEEDED when no snapshot needs it.
 *
 * needsSave and appendSave inlined: the tail's bit map page is looked up once, for the test
 * (most writes stop there) and for the set when it saves.
 */
export function beforeImage(q: SnapshotEntry[], block: number, before: number): number {
  const last = q.length - 1;
  const tail = q[last];
  const bits = tail.bitmap;
  const t = bits.pages;
  const p = block >>> PAGE_SHIFT;
  let off = pageIndex(t, p);
  const w = (block >>> 5) & (PAGE_WORDS - 1);
  const m = 1 << (block & 31);
  if (off >= 0 && (t.data[off + w] & m) !== 0) return AT_TAIL;
  if (!mayBeValid(tail.metaBitmap, block)) {
    let need = false;
    for (let i = last - 1; i >= 0; i--) {
      if (testBit(q[i].bitmap, block)) return NOT_NEEDED;
      if (mayBeValid(q[i].metaBitmap, block)) {
        need = true;
        break;
      }
    }
    if (!need) return NOT_NEEDED;
  }
  recordNewSave(tail.blockmap, block, appendStamp(tail.saveVolume, before));
  if (off < 0) off = addPageAt(t, p);
  t.data[off + w] |= m;
  bits.count++;
  return SAVED;
}

/** FIG. 27 from the entry at `pos`, as a loop: its save volume, else the next younger's, else the clone. */
export function readAt(vol: Volume, pos: number, block: number): number {
  const q = vol.snapshots;
  for (let i = pos; i < q.length; i++) {
    const e = q[i];
    if (testBit(e.bitmap, block)) return e.saveVolume.stamps[saveAddressOf(e.blockmap, block)!];
  }
  return cloneRead(vol, block);
}

/** A block of snapshot `id` (FIG. 27). Meaningful for blocks valid in that snapshot. */
export function readSnapshotBlock(vol: Volume, id: number, block: number): number {
  return readAt(vol, requirePosition(vol, id), block);
}

/** Where a read of the entry at `pos` ends: the position of the save volume, or the queue length for the clone. */
export function resolvingPosition(vol: Volume, pos: number, block: number): number {
  const q = vol.snapshots;
  for (let i = pos; i < q.length; i++) if (testBit(q[i].bitmap, block)) return i;
  return q.length;
}

/** True when a read of some entry at or older than `pos` ends at `pos + 1`'s save volume with the block valid in it. */
function hasValidReader(q: SnapshotEntry[], pos: number, block: number): boolean {
  for (let j = pos; j >= 0; j--) {
    if (j < pos && testBit(q[j].bitmap, block)) return false;
    if (mayBeValid(q[j].metaBitmap, block)) return true;
  }
  return false;
}

export interface Deleted {
  entry: SnapshotEntry;
  /** Before images moved into the next-older entry's save volume. */
  moved: number;
  /** Save-volume blocks given back. */
  freed: number;
}

/** Deletes a snapshot at any position, keeping every other one's contents (see the file head). */
export function deleteSnapshot(vol: Volume, id: number): Deleted {
  const q = vol.snapshots;
  const p = requirePosition(vol, id);
  const entry = q[p];
  let moved = 0;
  if (p > 0) {
    const prev = q[p - 1];
    const stamps = entry.saveVolume.stamps;
    forEachSave(entry.blockmap, (block, si) => {
      if (testBit(prev.bitmap, block) || !hasValidReader(q, p - 1, block)) return;
      appendSave(prev, block, stamps[si]);
      moved++;
    });
  }
  q.splice(p, 1);
  unsettleAll(vol);
  return { entry, moved, freed: entry.saveVolume.length - moved };
}

/**
 * fs_ckpt -refresh: the snapshot is re-based to now. It is deleted (its before images go
 * where deleteSnapshot puts them) and taken again, under the same id, at the tail.
 */
export function refreshSnapshot(vol: Volume, id: number, createdAt: number, deltaSetStamp: number | null = null): SnapshotEntry {
  requirePosition(vol, id);
  const tail = vol.snapshots[vol.snapshots.length - 1];
  if (createdAt < tail.createdAt) throw new RangeError(`refresh at ${createdAt} is older than the tail's ${tail.createdAt}`);
  deleteSnapshot(vol, id);
  return createSnapshot(vol, { id, createdAt, deltaSetStamp });
}

/** Save-volume blocks a snapshot uses. */
export function saveBlocksOf(entry: SnapshotEntry): number {
  return entry.saveVolume.length;
}

/** Save-volume blocks all of a file system's snapshots use (what a SavVol size limits). */
export function saveBlocksUsed(vol: Volume): number {
  let n = 0;
  for (const e of vol.snapshots) n += e.saveVolume.length;
  return n;
}

/** The digest a snapshot's contents would have as a file system (to compare a copy with it). Costs its valid blocks. */
export function snapshotDigest(vol: Volume, id: number): Digest {
  const pos = requirePosition(vol, id);
  const d = emptyDigest();
  forEachMaybeValidGroup(vol.snapshots[pos].metaBitmap, (first, blocks) => {
    const end = Math.min(first + blocks, vol.size);
    for (let b = first; b < end; b++) addBlock(d, b, readAt(vol, pos, b));
  });
  return d;
}
