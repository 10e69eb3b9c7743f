// The snapshot copy differential ([000194]-[000212]): the blocks to send so that a copy
// holding snapshot L becomes snapshot M, in ascending block order, and the copy itself;
// and the full copy by extents that skips unused blocks ([000103]).
//
// Two scans, both as bit map algebra over the page tables rather than block by block:
// - changedBlocks, FIGS. 34-35: a block changed from L to M exactly when one of the bit maps
//   L..M-1 has it. Exact only when every block was valid throughout: with meta bit maps the
//   facility does not save invalid blocks, so their changes leave no bit ([000207]).
// - changedValidBlocks, FIGS. 39-40: among the blocks valid in M, those in one of the bit
//   maps L..M-1 or invalid in one of the meta bit maps L..M-1 (a change there could have
//   left no bit). Correct under meta bit maps, and sends no block invalid in M.
// The copy writes each block as snapshot M has it into the destination, through the
// destination's own facility, then gives the destination M's meta bit map: which blocks are
// in use is part of what is copied (the file system's own metadata travels in its blocks).
import { andInto, andNotInto, copyBitmap, createBitmap, forEachSetBit, orInto, setBit, setRange, ADDRESS_LIMIT, type PageBitmap } from './bitmap.js';
import { fail } from '../errors.js';
import { copyMetaBitmap, forEachMaybeValidGroup, mayBeValid, type MetaBitmap } from './meta-bitmap.js';
import { readAt, requirePosition } from './snapshots.js';
import { replaceMeta, writeBlock, type Volume } from './volume.js';

/** Positions of L and M; step 582's error when M is not younger than L. */
function orderedPositions(vol: Volume, fromId: number, toId: number): [number, number] {
  const l = requirePosition(vol, fromId);
  const m = requirePosition(vol, toId);
  if (m <= l) fail('ckpt_not_younger', { from: fromId, to: toId });
  return [l, m];
}

/** Validates a differential L -> M without computing it (for a command's checks before it mutates). */
export function checkDifferential(vol: Volume, fromId: number, toId: number): void {
  orderedPositions(vol, fromId, toId);
}

/** FIGS. 34-35: the OR of the bit maps of snapshots L..M-1. */
export function changedBlocks(vol: Volume, fromId: number, toId: number): PageBitmap {
  const [l, m] = orderedPositions(vol, fromId, toId);
  const out = createBitmap();
  for (let i = l; i < m; i++) orInto(out, vol.snapshots[i].bitmap);
  return out;
}

/** FIG. 40: blocks valid in M that are in a bit map L..M-1 or invalid in a meta bit map L..M-1. */
export function changedValidBlocks(vol: Volume, fromId: number, toId: number): PageBitmap {
  const [l, m] = orderedPositions(vol, fromId, toId);
  const q = vol.snapshots;
  const metaM = q[m].metaBitmap;
  // Steps 665-667 for the saved blocks: the union of the bit maps, kept where M has them valid.
  const saved = createBitmap();
  for (let i = l; i < m; i++) orInto(saved, q[i].bitmap);
  const out = createBitmap();
  forEachSetBit(saved, (b) => {
    if (mayBeValid(metaM, b)) setBit(out, b);
  });
  // Step 668 for the rest: groups valid in M but not valid in all of L..M-1.
  const everValid = copyBitmap(q[l].metaBitmap.bits);
  for (let i = l + 1; i < m; i++) andInto(everValid, q[i].metaBitmap.bits);
  const lapsed = copyBitmap(metaM.bits);
  andNotInto(lapsed, everValid);
  const g = 2 ** metaM.shift;
  forEachSetBit(lapsed, (gr) => {
    const first = gr * g;
    if (first < vol.size) setRange(out, first, Math.min(g, vol.size - first));
  });
  return out;
}

/**
 * Copies the blocks of `blocks` in [lo, hi) as snapshot M has them into `dst` (a job copies
 * a range at a time); returns how many. `dst` must be at least as large as the source.
 */
export function copyBlocks(src: Volume, toId: number, dst: Volume, blocks: PageBitmap, lo = 0, hi = ADDRESS_LIMIT): number {
  const m = requirePosition(src, toId);
  if (dst.size < src.size) throw new RangeError(`destination of ${dst.size} blocks is smaller than the source's ${src.size}`);
  let n = 0;
  forEachSetBit(
    blocks,
    (b) => {
      writeBlock(dst, b, readAt(src, m, b));
      n++;
    },
    lo,
    Math.min(hi, src.size),
  );
  return n;
}

/** The copy's last step: the destination's meta bit map becomes snapshot M's (or the source's own, for null). */
export function finishCopy(src: Volume, toId: number | null, dst: Volume): void {
  const meta = toId === null ? src.meta : src.snapshots[requirePosition(src, toId)].metaBitmap;
  replaceMeta(dst, copyMetaBitmap(meta));
}

export type DifferentialScan = 'meta' | 'plain';

/** fs_copy -start M dst -fromfs L in one step, `dst` holding L's contents; returns the blocks sent. */
export function differentialCopy(src: Volume, fromId: number, toId: number, dst: Volume, scan: DifferentialScan = 'meta'): number {
  const blocks = scan === 'meta' ? changedValidBlocks(src, fromId, toId) : changedBlocks(src, fromId, toId);
  const n = copyBlocks(src, toId, dst, blocks);
  finishCopy(src, toId, dst);
  return n;
}

export type Extent = [first: number, count: number];

/** [000103]: the runs of blocks in use per a meta bit map, ascending and merged, within `size` blocks. */
export function validExtents(meta: MetaBitmap, size: number): Extent[] {
  const out: Extent[] = [];
  forEachMaybeValidGroup(meta, (first, blocks) => {
    if (first >= size) return false;
    const count = Math.min(blocks, size - first);
    const last = out[out.length - 1];
    if (last !== undefined && last[0] + last[1] === first) last[1] += count;
    else out.push([first, count]);
  });
  return out;
}

/** The extents of snapshot `id` (or of the file system itself, for null). */
export function extentsOf(vol: Volume, id: number | null): Extent[] {
  return validExtents(id === null ? vol.meta : vol.snapshots[requirePosition(vol, id)].metaBitmap, vol.size);
}

/** Copies one extent of snapshot `id` (null: the file system itself) into `dst`; returns its blocks. */
export function copyExtent(src: Volume, id: number | null, dst: Volume, extent: Extent): number {
  if (dst.size < src.size) throw new RangeError(`destination of ${dst.size} blocks is smaller than the source's ${src.size}`);
  const pos = id === null ? src.snapshots.length : requirePosition(src, id);
  const [first, count] = extent;
  for (let b = first; b < first + count; b++) writeBlock(dst, b, readAt(src, pos, b));
  return count;
}

/** fs_copy without -fromfs in one step: every block in use, by extents; returns the blocks sent. */
export function fullCopy(src: Volume, id: number | null, dst: Volume): number {
  let n = 0;
  for (const e of extentsOf(src, id)) n += copyExtent(src, id, dst, e);
  finishCopy(src, id, dst);
  return n;
}
