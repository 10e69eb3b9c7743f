// A snapshot's block map (FIG. 24, [000159]; FIG. 44, [000223]): for each clone-volume block
// whose before image was saved, the save-volume block holding it. Built as the seed builds
// it, a hash table whose entries point to hash lists of (Bi, Si, next) entries, in typed
// arrays: `heads` is the hash table, `entries` the list entries one after another in the
// order recorded (which is also the order deleteSnapshot hands them on in). About 16 bytes
// an entry, where a JS Map took about 40 with its entry objects and hash buckets (bench/
// memory.ts holds two million of them).
import { createBitmap, setBit, type PageBitmap } from './bitmap.js';
import { GOLDEN, grown } from './pagetable.js';

/** Words an entry takes: Bi, Si, next entry + 1 (0: end of its hash list). */
export const ENTRY = 3;
const MIN_HEADS = 8;

export interface BlockMap {
  /** The hash table, a power of two long: hash of Bi -> first entry + 1 of its hash list (0: none). */
  heads: Uint32Array;
  /** Entry e at words [e*ENTRY, (e+1)*ENTRY), e < size; zero after. */
  entries: Uint32Array;
  /** Entries recorded. */
  size: number;
}

export function createBlockMap(): BlockMap {
  return { heads: new Uint32Array(MIN_HEADS), entries: new Uint32Array(0), size: 0 };
}

function bucketOf(block: number, heads: number): number {
  return Math.imul(block, GOLDEN) >>> (Math.clz32(heads) + 1);
}

/** The entry of Bi, or -1. */
function entryOf(bm: BlockMap, block: number): number {
  const entries = bm.entries;
  let e = bm.heads[bucketOf(block, bm.heads.length)];
  while (e !== 0) {
    const at = (e - 1) * ENTRY;
    if (entries[at] === block) return e - 1;
    e = entries[at + 2];
  }
  return -1;
}

/** Si for Bi, or undefined when Bi's before image is not in this save volume. */
export function saveAddressOf(bm: BlockMap, block: number): number | undefined {
  const e = entryOf(bm, block);
  return e < 0 ? undefined : bm.entries[e * ENTRY + 1];
}

export function hasSaved(bm: BlockMap, block: number): boolean {
  return entryOf(bm, block) >= 0;
}

/** Twice the buckets, every list rebuilt (entries keep their order). */
function rehash(bm: BlockMap): void {
  const heads = new Uint32Array(bm.heads.length * 2);
  const entries = bm.entries;
  for (let e = 0; e < bm.size; e++) {
    const h = bucketOf(entries[e * ENTRY], heads.length);
    entries[e * ENTRY + 2] = heads[h];
    heads[h] = e + 1;
  }
  bm.heads = heads;
}

/** recordSave for a block known not to be there (the write path has just tested its bit). */
export function recordNewSave(bm: BlockMap, block: number, saveAddress: number): void {
  if (bm.size >= bm.heads.length) rehash(bm);
  const e = bm.size;
  if (bm.entries.length < (e + 1) * ENTRY) bm.entries = grown(bm.entries, (e + 1) * ENTRY);
  const h = bucketOf(block, bm.heads.length);
  const at = e * ENTRY;
  bm.entries[at] = block;
  bm.entries[at + 1] = saveAddress;
  bm.entries[at + 2] = bm.heads[h];
  bm.heads[h] = e + 1;
  bm.size = e + 1;
}

/**
 * Records that Bi's before image is at Si (step 515 of FIG. 26). A block's before image is
 * saved once per snapshot, so a second record for the same block is a caller's bug.
 */
export function recordSave(bm: BlockMap, block: number, saveAddress: number): void {
  const e = entryOf(bm, block);
  if (e >= 0) throw new Error(`block map: block ${block} already saved at ${bm.entries[e * ENTRY + 1]}`);
  recordNewSave(bm, block, saveAddress);
}

export function savedCount(bm: BlockMap): number {
  return bm.size;
}

/** Calls fn with each entry in the order recorded. */
export function forEachSave(bm: BlockMap, fn: (block: number, saveAddress: number) => void): void {
  const entries = bm.entries;
  for (let e = 0; e < bm.size; e++) fn(entries[e * ENTRY], entries[e * ENTRY + 1]);
}

/** Entries in the order recorded (tests, reports). */
export function entriesInOrder(bm: BlockMap): [block: number, save: number][] {
  const out: [number, number][] = [];
  forEachSave(bm, (b, s) => void out.push([b, s]));
  return out;
}

/** Entries ordered by clone-volume block. */
export function entriesByBlock(bm: BlockMap): [block: number, save: number][] {
  return entriesInOrder(bm).sort((a, b) => a[0] - b[0]);
}

/**
 * The bit map the block map implies ([000224]: the bit map can be dropped and rebuilt,
 * since a block is in the save volume exactly when the block map has it).
 */
export function bitmapOfBlockMap(bm: BlockMap): PageBitmap {
  const bits = createBitmap();
  forEachSave(bm, (b) => void setBit(bits, b));
  return bits;
}

export function copyBlockMap(bm: BlockMap): BlockMap {
  return { heads: bm.heads.slice(), entries: bm.entries.slice(0, bm.size * ENTRY), size: bm.size };
}

/** What is wrong with a decoded block map for a save volume of `saved` blocks, or null (shape.ts; time proportional to its entries). */
export function blockMapProblem(v: unknown, saved: number): string | null {
  if (typeof v !== 'object' || v === null) return 'not an object';
  const o = v as Record<string, unknown>;
  if (!(o.heads instanceof Uint32Array)) return 'heads: not a Uint32Array';
  if (!(o.entries instanceof Uint32Array)) return 'entries: not a Uint32Array';
  const heads = o.heads;
  const entries = o.entries;
  const size = o.size;
  if (heads.length < MIN_HEADS || (heads.length & (heads.length - 1)) !== 0) return `heads: ${heads.length} long, not a power of two of at least ${MIN_HEADS}`;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) return `size: ${String(size)}`;
  if (size !== saved) return `size: ${size} entries for a save volume of ${saved} blocks`;
  if (entries.length < size * ENTRY) return `entries: ${entries.length} words for ${size} entries`;
  for (let i = size * ENTRY; i < entries.length; i++) if (entries[i] !== 0) return `entries[${i}]: not zero past the last entry`;
  // Every entry on exactly one list, the one its block hashes to, each list ending.
  const seen = new Uint8Array(size);
  for (let h = 0; h < heads.length; h++) {
    for (let e = heads[h]; e !== 0; e = entries[(e - 1) * ENTRY + 2]) {
      if (e > size) return `heads[${h}]: entry ${e - 1} of ${size}`;
      if (seen[e - 1] === 1) return `entry ${e - 1}: on a hash list twice`;
      seen[e - 1] = 1;
      const block = entries[(e - 1) * ENTRY];
      if (bucketOf(block, heads.length) !== h) return `entry ${e - 1}: block ${block} on the wrong hash list`;
      if (entries[(e - 1) * ENTRY + 1] >= saved) return `entry ${e - 1}: save address ${entries[(e - 1) * ENTRY + 1]} of ${saved}`;
    }
  }
  for (let e = 0; e < size; e++) if (seen[e] === 0) return `entry ${e}: on no hash list`;
  return null;
}
