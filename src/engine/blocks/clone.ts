// The clone volume ([000159]: the present state of a file system's blocks) as a page table
// (pagetable.ts) of pages of 128 stamps: page number (block >>> CLONE_SHIFT) -> the page's
// stamps (0: never written, or zeroed), an absent page meaning never written. File systems
// allocate in extents, so written blocks are mostly contiguous and pages stay few; a write
// is a page lookup and a store, where a Map per block cost a hash insert and an entry's
// memory.
//
// 128 stamps a page: extents of a few hundred blocks touch two or three pages, so a sparse
// file system wastes little of each (a 4096-stamp page would hold a 100-block extent in
// 16 KB, which at 1,000 file systems of ~100 extents is 1.6 GB; bench/memory.ts measured
// 256-stamp pages at 32 MB more than 128 over its 1,000 file systems).
//
// Each page has a header of its own, in `headers` (page k's at words [3k, 3k+3)): the page's
// written (non-zero) stamps, so a page emptied by zeroing writes is dropped; and the page's
// digest term as the volume's digest last counted it, so the digest is kept per page and
// brought up to date when asked for (volume.ts), not at every write. Apart from the stamps
// so that a page is exactly 128 words, 8 cache lines: bench/snapshot-write.ts's 2^18
// stamps take 1 MB, as its typed-array baseline's do (its measure did not tell the two
// layouts apart).
//
// Each page's slot in the page table (pagetable.ts) carries two flags in the bits above the
// page number, as a processor's page table entry carries a dirty bit (never both set):
// - DIRTY: the page's digest term is stale; it is listed in `dirty`.
// - SETTLED: every block of the page is written, valid, and has its before image at the
//   tail (or there is no snapshot), so a write to it has nothing to do but store the stamp
//   (volume.ts). Its digest term is taken as stale whenever it is settled: it is listed in
//   `settled`, which the digest recounts as it does `dirty` (volume.ts's volumeDigest), so
//   a write to a settled page marks nothing. A page unsettled becomes DIRTY (it may have
//   been written meanwhile). The list also lets a change that could unsettle every page (a
//   snapshot taken or deleted) visit just those.
// - IDLE (two bits, settled pages only): how many digests in a row found the page's term
//   unchanged, i.e. the page not written; at MAX_IDLE the next such digest unsettles it, so
//   pages no longer written stop being recounted while pages written now and then (runs at
//   scattered places) stay settled. Writes ignore these bits.
// A write's lookup reads the slot's first word anyway, so it checks "this page, settled"
// with one compare against the page number + 1 with the flag. bench/snapshot-write.ts's
// random writes: about 3.4x a typed-array loop; with the flags in the page header (a second
// cache line) 5.5x, in words of their own in the slot 4.3x, and 3.7x while the first write
// to each page after a digest had to mark it dirty.
//
// Stamps are 32-bit: a lab would need over four billion writes to run out.
import { KEY_MASK, addPage, createPageTable, grown, removePage, type PageTable } from './pagetable.js';

export const CLONE_SHIFT = 7;
export const CLONE_STAMPS = 1 << CLONE_SHIFT;
export const CLONE_MASK = CLONE_STAMPS - 1;
/** Words a clone page takes in `data`: its stamps. */
export const CLONE_WIDTH = CLONE_STAMPS;
/** Header words a page (in `headers`): written count, digest hi, digest lo. */
export const HEADER = 3;
export const H_WRITTEN = 0;
export const H_HI = 1;
export const H_LO = 2;
/** Flags in a slot's first word (pagetable.ts's KEY_BITS and up). */
export const SETTLED = 1 << 26;
export const DIRTY = 1 << 27;
export const IDLE_SHIFT = 28;
export const IDLE = 3 << IDLE_SHIFT;
/** Digests in a row that may find a settled page unwritten before the next one unsettles it. */
export const MAX_IDLE = 3;
/** One past the largest stamp. */
export const STAMP_LIMIT = 2 ** 32;
/** One past the largest clone page number (2^31 blocks). */
export const CLONE_PAGE_LIMIT = 2 ** 31 / CLONE_STAMPS;

/**
 * The clone volume: its page table (page number -> stamps, CLONE_WIDTH words; never a page
 * with no written stamp), with headers, counts and lists of its own. The volume is a Clone
 * (volume.ts): the write path reaches the page table from the volume without another
 * object on the way, which bench/snapshot-write.ts measured at 12% of a write.
 */
export interface Clone extends PageTable {
  /** Page k's header at words [k*HEADER, (k+1)*HEADER), k < pageCount; zero after. */
  headers: Uint32Array;
  /** Written (non-zero) blocks in all pages. */
  written: number;
  /** Page numbers marked dirty since the digest was last brought up to date (may repeat, may be gone). */
  dirty: number[];
  /** Page numbers marked settled since the last unsettleAll (may repeat, may be gone or unsettled since). */
  settled: number[];
}

/** An empty clone's fields, in the order a Volume lists them. */
export function emptyClone(): Clone {
  const t = createPageTable(CLONE_WIDTH);
  return { width: t.width, table: t.table, numbers: t.numbers, data: t.data, pageCount: t.pageCount, headers: new Uint32Array(0), written: 0, dirty: [], settled: [] };
}

/** The first header word of the page whose stamps start at `off`. */
export function headerAt(off: number): number {
  return (off >>> CLONE_SHIFT) * HEADER;
}

/** Adds page `p` (absent), its stamps and header zero; returns its slot's first word. */
export function addClonePage(c: Clone, p: number): number {
  const h = addPage(c, p);
  if (c.headers.length < c.pageCount * HEADER) c.headers = grown(c.headers, c.pageCount * HEADER);
  return h;
}

/** Removes page `p` (present, at `off`): the last page takes its place, header too. */
export function removeClonePage(c: Clone, p: number, off: number): void {
  const at = headerAt(off);
  const last = (c.pageCount - 1) * HEADER;
  if (at !== last) c.headers.copyWithin(at, last, last + HEADER);
  c.headers.fill(0, last, last + HEADER);
  removePage(c, p);
}

/**
 * pagetable.ts's slotOf for the clone: the first word of page `pn`'s slot, or -1. The same
 * probe with the numbers written in, kept apart so that V8 specialises it for the clone
 * alone: the shared lookup, fed bit map tables too, made the write path about 15% slower
 * (bench/snapshot-write.ts). The write path inlines the home-slot case (volume.ts).
 */
export function cloneSlot(c: Clone, pn: number): number {
  const table = c.table;
  const mask = table.length - 1;
  const key = pn + 1;
  let h = (Math.imul(pn, -1640531535) >>> (Math.clz32(table.length) + 2)) << 1;
  for (;;) {
    const k = table[h];
    if ((k & KEY_MASK) === key) return h;
    if (k === 0) return -1;
    h = (h + 2) & mask;
  }
}

/** The stamp a block holds (0: never written). */
export function cloneRead(c: Clone, block: number): number {
  const h = cloneSlot(c, block >>> CLONE_SHIFT);
  return h < 0 ? 0 : c.data[c.table[h + 1] + (block & CLONE_MASK)];
}

/** Pages present (memory reports). */
export function clonePageCount(c: Clone): number {
  return c.pageCount;
}

/** Pages settled now (reports; a pass over the table). */
export function settledPageCount(c: Clone): number {
  let n = 0;
  for (let h = 0; h < c.table.length; h += 2) if ((c.table[h] & SETTLED) !== 0) n++;
  return n;
}

export function isSettled(c: Clone, h: number): boolean {
  return (c.table[h] & SETTLED) !== 0;
}

/** Marks page `p` (its slot at word `h`) settled: no longer DIRTY, its term recounted at every digest while settled. */
export function settle(c: Clone, p: number, h: number): void {
  c.table[h] = (c.table[h] & ~(DIRTY | IDLE)) | SETTLED;
  // The list only grows between unsettleAll calls and digests; past twice the pages it is rebuilt from the flags.
  if (c.settled.length >= 2 * c.pageCount + 16) {
    c.settled.length = 0;
    for (let o = 0; o < c.table.length; o += 2) if ((c.table[o] & SETTLED) !== 0) c.settled.push((c.table[o] & KEY_MASK) - 1);
  } else {
    c.settled.push(p);
  }
}

/** Page `p` (slot at word `h`) is no longer settled; writes it took while settled make it dirty. */
export function unsettle(c: Clone, p: number, h: number): void {
  if ((c.table[h] & SETTLED) === 0) return;
  c.table[h] &= ~(SETTLED | IDLE);
  markDirty(c, p, h);
}

/**
 * A digest recounted settled page `p` (slot at word `h`): when its term `changed`, it was
 * written and stays settled, no longer idle; otherwise it is one digest idler, and past
 * MAX_IDLE no longer settled (its term just recounted, so not dirty either). True while settled.
 */
export function settledCounted(c: Clone, h: number, changed: boolean): boolean {
  const word = c.table[h];
  if (changed) {
    c.table[h] = word & ~IDLE;
    return true;
  }
  const idle = (word & IDLE) >>> IDLE_SHIFT;
  if (idle < MAX_IDLE) {
    c.table[h] = (word & ~IDLE) | ((idle + 1) << IDLE_SHIFT);
    return true;
  }
  c.table[h] = word & ~(SETTLED | IDLE);
  return false;
}

/** No page is settled any more (the tail changed): a cost that follows the pages settled since the last time. */
export function unsettleAll(c: Clone): void {
  for (const p of c.settled) {
    const h = cloneSlot(c, p);
    if (h >= 0) unsettle(c, p, h);
  }
  c.settled.length = 0;
}

/** Marks page `p` (its slot at word `h`) stale in the digest; a settled page is so already. */
export function markDirty(c: Clone, p: number, h: number): void {
  const table = c.table;
  if ((table[h] & (DIRTY | SETTLED)) === 0) {
    table[h] |= DIRTY;
    c.dirty.push(p);
  }
}

export function isDirty(c: Clone, h: number): boolean {
  return (c.table[h] & DIRTY) !== 0;
}

/** The digest term of slot `h`'s page is up to date. */
export function clearDirty(c: Clone, h: number): void {
  c.table[h] &= ~DIRTY;
}

/**
 * Marks stale the digest terms of every present page holding a block of [lo, hi), and
 * with `unsettling`, unsettles them (blocks of theirs may have become invalid).
 */
export function markRangeDirty(c: Clone, lo: number, hi: number, unsettling = false): void {
  if (hi <= lo || c.pageCount === 0) return;
  const pLo = Math.floor(lo / CLONE_STAMPS);
  const pHi = Math.floor((hi - 1) / CLONE_STAMPS);
  const mark = (p: number, h: number): void => {
    if (unsettling) unsettle(c, p, h);
    markDirty(c, p, h);
  };
  // A wide range over a sparse clone: visit the pages present rather than probe the range.
  if (pHi - pLo + 1 > c.pageCount) {
    for (let k = 0; k < c.pageCount; k++) {
      const p = c.numbers[k];
      if (p >= pLo && p <= pHi) mark(p, cloneSlot(c, p));
    }
    return;
  }
  for (let p = pLo; p <= pHi; p++) {
    const h = cloneSlot(c, p);
    if (h >= 0) mark(p, h);
  }
}
