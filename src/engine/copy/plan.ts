// The block list of an fs_copy session, computed once when the session starts and kept with
// it (so it survives a save): [first, count] pairs in ascending block order, in a Uint32Array
// (block addresses are below 2^31). A full copy's list is the extents of the blocks in use
// ([000103]); a differential's is the runs of FIG. 40's changed valid blocks. Either costs
// what it holds: the runs of blocks to send, not the file system's size.
//
// The session walks the list with a cursor (a pair index and the blocks done in that pair)
// and sends so many blocks a step.
import { forEachSetBit, type PageBitmap } from '../blocks/bitmap.js';
import { changedValidBlocks, extentsOf } from '../blocks/differential.js';
import type { Volume } from '../blocks/volume.js';

export interface BlockList {
  pairs: Uint32Array;
  blocks: number;
}

export function pack(runs: [number, number][]): BlockList {
  const pairs = new Uint32Array(runs.length * 2);
  let blocks = 0;
  runs.forEach(([first, count], i) => {
    pairs[2 * i] = first;
    pairs[2 * i + 1] = count;
    blocks += count;
  });
  return { pairs, blocks };
}

/** The runs of set bits below `size`, merged. */
export function runsOf(bm: PageBitmap, size: number): [number, number][] {
  const runs: [number, number][] = [];
  let first = -1;
  let count = 0;
  forEachSetBit(
    bm,
    (b) => {
      if (first >= 0 && b === first + count) count++;
      else {
        if (first >= 0) runs.push([first, count]);
        first = b;
        count = 1;
      }
    },
    0,
    size,
  );
  if (first >= 0) runs.push([first, count]);
  return runs;
}

/** Without -fromfs: every block in use in snapshot `id` (null: the file system itself), by extents. */
export function fullList(vol: Volume, id: number | null): BlockList {
  return pack(extentsOf(vol, id));
}

/** With -fromfs: the blocks to send so that a copy of L becomes M (FIG. 40). */
export function differentialList(vol: Volume, fromId: number, toId: number): BlockList {
  return pack(runsOf(changedValidBlocks(vol, fromId, toId), vol.size));
}

export interface Cursor {
  next: number;
  nextOffset: number;
}

/**
 * Calls `send(first, count)` for the next `n` blocks of the list from the cursor, in order,
 * and moves the cursor past them. Returns the blocks sent (fewer than n at the list's end).
 */
export function takeBlocks(pairs: Uint32Array, at: Cursor, n: number, send: (first: number, count: number) => void): number {
  let left = n;
  while (left > 0 && at.next * 2 < pairs.length) {
    const first = pairs[2 * at.next]!;
    const count = pairs[2 * at.next + 1]!;
    const k = Math.min(left, count - at.nextOffset);
    if (k > 0) send(first + at.nextOffset, k);
    left -= k;
    at.nextOffset += k;
    if (at.nextOffset >= count) {
      at.next++;
      at.nextOffset = 0;
    }
  }
  return n - left;
}
