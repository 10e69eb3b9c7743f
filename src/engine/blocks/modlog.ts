// The replication module's log of modified blocks ([000104], [000113]): a queue of two bit
// map tables, the new one written as the file system's blocks change (volume.ts sets a bit
// for every block written, zeroed, or made valid or invalid), the old one read to build a
// delta set. Cutting a delta set swaps them: the new table becomes the old one, and an empty
// table takes the writes from then on. In the simulation the copy out of the old table is
// done at the instant of the cut (the file system's pause, FIG. 10 step 347), so the old
// table is empty again as soon as the delta set is built, ready to be the next new table.
//
// Every write path logs, the settled shortcut of volume.ts included (a store and a bit), so
// logging changes nothing about which pages settle: under random writes to a file written
// whole, as a database does, most writes still take the shortcut.
import { bitmapCount, createBitmap, type PageBitmap } from './bitmap.js';
import type { Volume } from './volume.js';

/** Starts logging the volume's modifications into an empty new table. */
export function startLog(vol: Volume): void {
  vol.log = createBitmap();
}

/** Stops logging; what the new table held is dropped. */
export function stopLog(vol: Volume): void {
  vol.log = null;
}

/** Blocks modified since the last swap. */
export function loggedBlocks(vol: Volume): number {
  return vol.log ? bitmapCount(vol.log) : 0;
}

/** The new table as it is (for a reader that must not swap: -status, a failover's loss report). */
export function peekLog(vol: Volume): PageBitmap | null {
  return vol.log ?? null;
}

/** Swaps the tables: returns the blocks modified since the last swap; an empty table logs from now. */
export function swapLog(vol: Volume): PageBitmap {
  if (!vol.log) throw new Error('the volume is not logged');
  const old = vol.log;
  vol.log = createBitmap();
  return old;
}
