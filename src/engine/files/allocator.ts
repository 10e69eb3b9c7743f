// The extent allocator of a file system's blocks: which 8 KB blocks of the volume no file
// owns, as a sorted list of disjoint, coalesced free extents, and hands out contiguous runs.
//
// Policy: a growing file first extends its last extent in place when the block after it is
// free (a file written in appends stays one run); otherwise next fit: the first free run at
// or after a cursor (the end of the last allocation), wrapping, that holds the whole request;
// and when no single run does, pieces taken in the same order. Next fit rather than first
// fit because of the snapshot copy facility: a block freed after a checkpoint is still valid
// in that checkpoint's meta bit map, so writing it again costs a before image in the save
// volume (FIG. 41), where a block never used, or freed before every live checkpoint, costs
// none. First fit would hand the lowest freed blocks straight back, paying that save on
// every delete-and-rewrite; next fit sweeps the volume, so a freed block waits a full turn
// of the cursor (by then usually invalid in every checkpoint, after a refresh) before reuse.
// Fragmentation stays low too: runs are carved from the front of one free region after
// another instead of from the holes at the bottom.
//
// Cost follows the number of free extents (a binary search, one splice), not the volume's
// size: a fresh 16 TB file system is one extent. Plain data changed in place; callers check
// `freeBlocks` before allocating, so a refused request changes nothing.

export interface Extent {
  start: number;
  count: number;
}

export interface Allocator {
  /** Blocks the volume has: addresses 0..size-1. */
  size: number;
  /** Free extents, ascending, disjoint, never adjacent (coalesced), none empty. */
  free: Extent[];
  freeBlocks: number;
  /** Where the next fit search starts: the block after the last allocation. */
  cursor: number;
}

/** A file system with no file: every block free. */
export function createAllocator(size: number): Allocator {
  return { size, free: size > 0 ? [{ start: 0, count: size }] : [], freeBlocks: size, cursor: 0 };
}

/** Blocks owned by files. */
export function usedBlocks(a: Allocator): number {
  return a.size - a.freeBlocks;
}

/** Index of the first free extent ending after `block` (free.length when none). */
function firstEndingAfter(a: Allocator, block: number): number {
  let lo = 0;
  let hi = a.free.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = a.free[mid];
    if (e.start + e.count <= block) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function isFree(a: Allocator, block: number): boolean {
  const e = a.free[firstEndingAfter(a, block)];
  return e !== undefined && e.start <= block;
}

/** Removes [lo, lo+count) from free extent i, which holds it. */
function takeFrom(a: Allocator, i: number, lo: number, count: number): Extent {
  const e = a.free[i];
  const end = e.start + e.count;
  const parts: Extent[] = [];
  if (lo > e.start) parts.push({ start: e.start, count: lo - e.start });
  if (lo + count < end) parts.push({ start: lo + count, count: end - lo - count });
  a.free.splice(i, 1, ...parts);
  a.freeBlocks -= count;
  a.cursor = lo + count;
  return { start: lo, count };
}

/** Appends a run to a list of runs, merging it with the last when they touch. */
function pushRun(runs: Extent[], r: Extent): void {
  const last = runs[runs.length - 1];
  if (last !== undefined && last.start + last.count === r.start) last.count += r.count;
  else runs.push(r);
}

/**
 * Takes `count` blocks (see the file head for the policy) and returns them as runs in the
 * order the file will use them. `after`: the block following the file's last extent, tried
 * first. Returns null, changing nothing, when fewer than `count` blocks are free.
 */
export function allocate(a: Allocator, count: number, after?: number): Extent[] | null {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`cannot allocate ${count} blocks`);
  if (count > a.freeBlocks) return null;
  const runs: Extent[] = [];
  let need = count;
  if (need === 0) return runs;
  if (after !== undefined && after < a.size) {
    const i = firstEndingAfter(a, after);
    const e = a.free[i];
    // The block before `after` is the file's own, so a free run holding `after` starts there.
    if (e !== undefined && e.start === after) {
      const r = takeFrom(a, i, after, Math.min(need, e.count));
      pushRun(runs, r);
      need -= r.count;
    }
  }
  if (need === 0) return runs;
  // Next fit for the whole rest in one run: from the cursor to the end, then from the start
  // (the extent holding the cursor is tried again whole on the way round).
  const n = a.free.length;
  const i0 = firstEndingAfter(a, a.cursor);
  for (let j = 0; j <= n; j++) {
    const i = (i0 + j) % n;
    const e = a.free[i];
    const lo = j === 0 && e.start < a.cursor ? a.cursor : e.start;
    if (e.start + e.count - lo >= need) {
      pushRun(runs, takeFrom(a, i, lo, need));
      return runs;
    }
  }
  // No run holds it: pieces in cursor order. Ends: enough blocks are free.
  while (need > 0) {
    let i = firstEndingAfter(a, a.cursor);
    if (i === a.free.length) i = 0;
    const e = a.free[i];
    const lo = Math.max(e.start, e.start + e.count > a.cursor ? a.cursor : e.start);
    const r = takeFrom(a, i, lo, Math.min(need, e.start + e.count - lo));
    pushRun(runs, r);
    need -= r.count;
  }
  return runs;
}

/** Gives a run back (a file truncated or removed). Freeing a block already free is a caller's bug. */
export function release(a: Allocator, r: Extent): void {
  if (r.count === 0) return;
  if (!Number.isInteger(r.start) || !Number.isInteger(r.count) || r.start < 0 || r.count < 0 || r.start + r.count > a.size) {
    throw new RangeError(`blocks ${r.start}+${r.count} are outside a volume of ${a.size} blocks`);
  }
  const i = firstEndingAfter(a, r.start);
  const next = a.free[i];
  const end = r.start + r.count;
  if (next !== undefined && next.start < end) throw new Error(`blocks ${r.start}..${end - 1} are already partly free`);
  const prev = a.free[i - 1];
  const joinPrev = prev !== undefined && prev.start + prev.count === r.start;
  const joinNext = next !== undefined && next.start === end;
  if (joinPrev && joinNext) {
    prev.count += r.count + next.count;
    a.free.splice(i, 1);
  } else if (joinPrev) {
    prev.count += r.count;
  } else if (joinNext) {
    next.start = r.start;
    next.count += r.count;
  } else {
    a.free.splice(i, 0, { start: r.start, count: r.count });
  }
  a.freeBlocks += r.count;
}

/** The volume grew to `newSize` blocks: the new ones are one free run at the end, joined to a free tail. */
export function growAllocator(a: Allocator, newSize: number): void {
  if (!Number.isInteger(newSize) || newSize < a.size) throw new RangeError(`cannot grow an allocator of ${a.size} blocks to ${newSize}`);
  const added = newSize - a.size;
  if (added === 0) return;
  const last = a.free[a.free.length - 1];
  if (last !== undefined && last.start + last.count === a.size) last.count += added;
  else a.free.push({ start: a.size, count: added });
  a.freeBlocks += added;
  a.size = newSize;
}

/** The allocator of a volume whose files own exactly `owned` (disjoint runs): after a restore. */
export function rebuildAllocator(size: number, owned: Iterable<Extent>, cursor = 0): Allocator {
  const runs = [...owned].filter((r) => r.count > 0).sort((x, y) => x.start - y.start);
  const free: Extent[] = [];
  let at = 0;
  let freeBlocks = 0;
  for (const r of runs) {
    if (r.start < at) throw new Error(`blocks ${r.start}..${r.start + r.count - 1} are owned twice`);
    if (r.start > at) {
      free.push({ start: at, count: r.start - at });
      freeBlocks += r.start - at;
    }
    at = r.start + r.count;
  }
  if (at > size) throw new RangeError(`blocks up to ${at - 1} are outside a volume of ${size} blocks`);
  if (at < size) {
    free.push({ start: at, count: size - at });
    freeBlocks += size - at;
  }
  return { size, free, freeBlocks, cursor: Math.min(cursor, size) };
}
