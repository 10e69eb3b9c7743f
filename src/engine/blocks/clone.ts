// The clone volume ([000159]: the present state of a file system's blocks) as a page table of
// typed-array pages: page index (block >>> CLONE_SHIFT) -> a Uint32Array of the page's stamps
// (0: never written, or zeroed), an absent page meaning never written. File systems allocate
// in extents, so written blocks are mostly contiguous and pages stay few; a write is a page
// lookup and a store, where a Map per block cost a hash insert and an entry's memory.
//
// 128 stamps a page: extents of a few hundred blocks touch two or three pages, so a sparse
// file system wastes little of each (a 4096-stamp page would hold a 100-block extent in
// 16 KB, which at 1,000 file systems of ~100 extents is 1.6 GB; bench/memory.ts measured
// 256-stamp pages at 32 MB more than 128 over its 1,000 file systems).
//
// Each page carries a header after its stamps, in the same array (one allocation a page,
// carried by src/store/codec.ts as one $u32):
// - the page's written (non-zero) stamps, so a page emptied by zeroing writes is dropped;
// - a dirty flag and the page's digest term as the volume's digest last counted it, so the
//   digest is kept per page and brought up to date when asked for (volume.ts), not at every
//   write.
//
// Stamps are 32-bit: a lab would need over four billion writes to run out.
export const CLONE_SHIFT = 7;
export const CLONE_STAMPS = 1 << CLONE_SHIFT;
export const CLONE_MASK = CLONE_STAMPS - 1;
/** Header words: written count, dirty flag, digest hi, digest lo. */
export const H_WRITTEN = CLONE_STAMPS;
export const H_DIRTY = CLONE_STAMPS + 1;
export const H_HI = CLONE_STAMPS + 2;
export const H_LO = CLONE_STAMPS + 3;
const PAGE_LENGTH = CLONE_STAMPS + 4;
/** One past the largest stamp. */
export const STAMP_LIMIT = 2 ** 32;

export interface Clone {
  /** Page index -> stamps and header; never a page with no written stamp. */
  pages: Map<number, Uint32Array>;
  /** Written (non-zero) blocks in all pages. */
  written: number;
  /** Pages marked dirty since the digest was last brought up to date (may repeat, may be gone). */
  dirty: number[];
}

export function createClone(): Clone {
  return { pages: new Map(), written: 0, dirty: [] };
}

export function newClonePage(): Uint32Array {
  return new Uint32Array(PAGE_LENGTH);
}

/** The stamp a block holds (0: never written). */
export function cloneRead(c: Clone, block: number): number {
  const page = c.pages.get(block >>> CLONE_SHIFT);
  return page === undefined ? 0 : page[block & CLONE_MASK];
}

/** Marks a page's digest term stale. */
export function markDirty(c: Clone, p: number, page: Uint32Array): void {
  if (page[H_DIRTY] === 0) {
    page[H_DIRTY] = 1;
    c.dirty.push(p);
  }
}

/** Marks stale the digest terms of every present page holding a block of [lo, hi). */
export function markRangeDirty(c: Clone, lo: number, hi: number): void {
  if (hi <= lo || c.pages.size === 0) return;
  const pLo = Math.floor(lo / CLONE_STAMPS);
  const pHi = Math.floor((hi - 1) / CLONE_STAMPS);
  // A wide range over a sparse clone: visit the pages present rather than probe the range.
  if (pHi - pLo + 1 > c.pages.size) {
    for (const [p, page] of c.pages) if (p >= pLo && p <= pHi) markDirty(c, p, page);
    return;
  }
  for (let p = pLo; p <= pHi; p++) {
    const page = c.pages.get(p);
    if (page !== undefined) markDirty(c, p, page);
  }
}
