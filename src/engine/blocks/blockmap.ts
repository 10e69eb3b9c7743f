// A snapshot's block map (FIG. 24, [000159]; FIG. 44, [000223]): for each clone-volume block
// whose before image was saved, the save-volume block holding it. The seed builds it as a
// hash table of hash lists; a JS Map is exactly such a hash table, kept as plain data.
import { createBitmap, setBit, type PageBitmap } from './bitmap.js';

/** Clone-volume block address (Bi) -> save-volume block address (Si). */
export type BlockMap = Map<number, number>;

export function createBlockMap(): BlockMap {
  return new Map();
}

/** Si for Bi, or undefined when Bi's before image is not in this save volume. */
export function saveAddressOf(bm: BlockMap, block: number): number | undefined {
  return bm.get(block);
}

export function hasSaved(bm: BlockMap, block: number): boolean {
  return bm.has(block);
}

/**
 * Records that Bi's before image is at Si (step 515 of FIG. 26). A block's before image is
 * saved once per snapshot, so a second record for the same block is a caller's bug.
 */
export function recordSave(bm: BlockMap, block: number, saveAddress: number): void {
  if (bm.has(block)) throw new Error(`block map: block ${block} already saved at ${bm.get(block)}`);
  bm.set(block, saveAddress);
}

export function savedCount(bm: BlockMap): number {
  return bm.size;
}

/** Entries ordered by clone-volume block (Map order is insertion order, i.e. write order). */
export function entriesByBlock(bm: BlockMap): [block: number, save: number][] {
  return [...bm].sort((a, b) => a[0] - b[0]);
}

/**
 * The bit map the block map implies ([000224]: the bit map can be dropped and rebuilt,
 * since a block is in the save volume exactly when the block map has it).
 */
export function bitmapOfBlockMap(bm: BlockMap): PageBitmap {
  const bits = createBitmap();
  for (const block of bm.keys()) setBit(bits, block);
  return bits;
}

export function copyBlockMap(bm: BlockMap): BlockMap {
  return new Map(bm);
}
