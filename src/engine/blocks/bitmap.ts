// A sparse bit map as the seed's page table of fixed-size pages (FIG. 43, [000222]): a page
// absent from the table is all zero and costs nothing, so a bit map over a 16 TB file
// system costs what its set bits touch, not what the file system could hold.
//
// Plain data (a page table, pagetable.ts, of 1024-bit pages, and a count), changed in place
// by the functions here, like the rest of the world; src/store/codec.ts carries it through
// JSON. A copy (copyBitmap: a checkpoint's meta bit map, the live one after a restore) copies
// the pages: one array copy, where the copy-on-write sharing of separate page arrays this
// replaced cost a WeakSet check on every change and a typed array per page.
//
// 1024 bits a page: file systems allocate in extents of tens to hundreds of blocks at
// scattered places, so most pages of a meta bit map hold one extent. bench/memory.ts's 1,000
// file systems (about 100 extents each, a live meta bit map and two checkpoints' copies, two
// checkpoint bit maps) held 140 MB of bit map pages at 4096 bits a page, mostly zero, and
// 38 MB at 1024 (360 MB and 263 MB resident in all); bench/blocks-scan.ts's scan of a
// 2^31-block file system took 1.9 ms and 1.2 ms.
//
// Invariant the functions keep: no stored page is all zero. It makes a bit map's form
// canonical (equal sets <=> equal pages), so `bitmapsEqual` compares pages directly.
//
// Addresses are integers in [0, 2^32): a 16 TB file system of 8 KB blocks needs 2^31.
import { addPageAt, copyPageTable, clearPages, createPageTable, pageIndex, removePage, sortedPageNumbers, type PageTable } from './pagetable.js';

/** log2 of the bits per page; a page number is the address's high bits. */
export const PAGE_SHIFT = 10;
export const PAGE_BITS = 1 << PAGE_SHIFT;
export const PAGE_WORDS = PAGE_BITS >>> 5;
/** One past the largest address a bit map holds. */
export const ADDRESS_LIMIT = 2 ** 32;
/** One past the largest page number. */
export const PAGE_LIMIT = ADDRESS_LIMIT / PAGE_BITS;

export interface PageBitmap {
  /** Page number (address >>> PAGE_SHIFT) -> its PAGE_WORDS words; never a page all zero. */
  pages: PageTable;
  /** Set bits in all, kept so a count is O(1). */
  count: number;
}

export function createBitmap(): PageBitmap {
  return { pages: createPageTable(PAGE_WORDS), count: 0 };
}

/** Set bits in a 32-bit word (SWAR popcount: no table, no loop). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function pagePopcount(data: Uint32Array, off: number): number {
  let n = 0;
  for (let w = off; w < off + PAGE_WORDS; w++) if (data[w] !== 0) n += popcount32(data[w]);
  return n;
}

function pageIsZero(data: Uint32Array, off: number): boolean {
  for (let w = off; w < off + PAGE_WORDS; w++) if (data[w] !== 0) return false;
  return true;
}

/** Bits lo..hi-1 of a word, 0 <= lo < hi <= 32. */
function wordMask(lo: number, hi: number): number {
  const upper = hi === 32 ? -1 : (1 << hi) - 1;
  return (upper & ~((1 << lo) - 1)) | 0;
}

export function testBit(bm: PageBitmap, address: number): boolean {
  const t = bm.pages;
  const off = pageIndex(t, address >>> PAGE_SHIFT);
  return off >= 0 && ((t.data[off + ((address >>> 5) & (PAGE_WORDS - 1))] >>> (address & 31)) & 1) === 1;
}

/** Sets one bit; true when it was clear (the caller learns "first time" for free). */
export function setBit(bm: PageBitmap, address: number): boolean {
  const t = bm.pages;
  const p = address >>> PAGE_SHIFT;
  let off = pageIndex(t, p);
  if (off < 0) off = addPageAt(t, p);
  const w = off + ((address >>> 5) & (PAGE_WORDS - 1));
  const m = 1 << (address & 31);
  const data = t.data;
  if ((data[w] & m) !== 0) return false;
  data[w] |= m;
  bm.count++;
  return true;
}

/** Clears one bit; true when it was set. Frees the page when it becomes all zero. */
export function clearBit(bm: PageBitmap, address: number): boolean {
  const t = bm.pages;
  const p = address >>> PAGE_SHIFT;
  const off = pageIndex(t, p);
  if (off < 0) return false;
  const w = off + ((address >>> 5) & (PAGE_WORDS - 1));
  const m = 1 << (address & 31);
  const data = t.data;
  if ((data[w] & m) === 0) return false;
  data[w] &= ~m;
  bm.count--;
  // Only a word that just became zero can have emptied the page.
  if (data[w] === 0 && pageIsZero(data, off)) removePage(t, p);
  return true;
}

/**
 * Sets bits first..first+count-1 a word at a time (files own runs of blocks); returns how
 * many were clear before.
 */
export function setRange(bm: PageBitmap, first: number, count: number): number {
  const t = bm.pages;
  const end = first + count;
  let added = 0;
  for (let a = first; a < end; ) {
    const p = a >>> PAGE_SHIFT;
    const base = p * PAGE_BITS;
    const pageEnd = Math.min(end, base + PAGE_BITS);
    let off = pageIndex(t, p);
    if (off < 0) off = addPageAt(t, p);
    const data = t.data;
    for (let lo = a - base, hi = pageEnd - base; lo < hi; ) {
      const w = lo >>> 5;
      const top = Math.min(hi - (w << 5), 32);
      const m = wordMask(lo & 31, top);
      const fresh = m & ~data[off + w];
      if (fresh !== 0) {
        added += popcount32(fresh);
        data[off + w] |= m;
      }
      lo = (w << 5) + top;
    }
    a = pageEnd;
  }
  bm.count += added;
  return added;
}

/** Clears bits first..first+count-1; whole pages covered are dropped unread. Returns how many were set. */
export function clearRange(bm: PageBitmap, first: number, count: number): number {
  const t = bm.pages;
  const end = first + count;
  let removed = 0;
  for (let a = first; a < end; ) {
    const p = a >>> PAGE_SHIFT;
    const base = p * PAGE_BITS;
    const pageEnd = Math.min(end, base + PAGE_BITS);
    const off = pageIndex(t, p);
    if (off >= 0) {
      const data = t.data;
      if (a === base && pageEnd === base + PAGE_BITS) {
        removed += pagePopcount(data, off);
        removePage(t, p);
      } else {
        let changed = false;
        for (let lo = a - base, hi = pageEnd - base; lo < hi; ) {
          const w = lo >>> 5;
          const top = Math.min(hi - (w << 5), 32);
          const gone = wordMask(lo & 31, top) & data[off + w];
          if (gone !== 0) {
            changed = true;
            removed += popcount32(gone);
            data[off + w] &= ~gone;
          }
          lo = (w << 5) + top;
        }
        if (changed && pageIsZero(data, off)) removePage(t, p);
      }
    }
    a = pageEnd;
  }
  bm.count -= removed;
  return removed;
}

/** True when every bit of first..first+count-1 is set (count >= 1). */
export function rangeIsSet(bm: PageBitmap, first: number, count: number): boolean {
  const t = bm.pages;
  const end = first + count;
  for (let a = first; a < end; ) {
    const p = a >>> PAGE_SHIFT;
    const base = p * PAGE_BITS;
    const pageEnd = Math.min(end, base + PAGE_BITS);
    const off = pageIndex(t, p);
    if (off < 0) return false;
    const data = t.data;
    for (let lo = a - base, hi = pageEnd - base; lo < hi; ) {
      const w = lo >>> 5;
      const top = Math.min(hi - (w << 5), 32);
      const m = wordMask(lo & 31, top);
      if ((data[off + w] & m) !== m) return false;
      lo = (w << 5) + top;
    }
    a = pageEnd;
  }
  return true;
}

export function bitmapCount(bm: PageBitmap): number {
  return bm.count;
}

export function bitmapIsEmpty(bm: PageBitmap): boolean {
  return bm.count === 0;
}

/** Pages the bit map holds (memory reports). */
export function bitmapPageCount(bm: PageBitmap): number {
  return bm.pages.pageCount;
}

/** Each page as (page number, a copy of its words), ascending (tests, reports). */
export function pagesOf(bm: PageBitmap): [page: number, words: Uint32Array][] {
  const t = bm.pages;
  return [...sortedPageNumbers(t)].map((p) => {
    const off = pageIndex(t, p);
    return [p, t.data.slice(off, off + PAGE_WORDS)];
  });
}

export type BitVisitor = (address: number) => boolean | void;

/** Calls `fn` for each set bit of a word, lowest first; false when `fn` asked to stop. */
function visitWord(x: number, base: number, fn: BitVisitor): boolean {
  while (x !== 0) {
    const low = x & -x;
    if (fn(base + 31 - Math.clz32(low)) === false) return false;
    x ^= low;
  }
  return true;
}

/**
 * Bits from..to-1 of page `p` (0 <= from < to <= PAGE_BITS). A whole page is read four
 * words at a time, since most words of a sparse page are zero. The words are read from the
 * table now, not from an array held since the visit began.
 */
function visitPage(t: PageTable, p: number, from: number, to: number, fn: BitVisitor): boolean {
  const off = pageIndex(t, p);
  if (off < 0) return true;
  const base = p * PAGE_BITS;
  if (from === 0 && to === PAGE_BITS) {
    for (let w = 0; w < PAGE_WORDS; w += 4) {
      const data = t.data;
      const o = off + w;
      if ((data[o] | data[o + 1] | data[o + 2] | data[o + 3]) === 0) continue;
      for (let v = w; v < w + 4; v++) {
        const x = t.data[off + v];
        if (x !== 0 && !visitWord(x, base + (v << 5), fn)) return false;
      }
    }
    return true;
  }
  for (let lo = from; lo < to; ) {
    const w = lo >>> 5;
    const top = Math.min(to - (w << 5), 32);
    const x = t.data[off + w] & wordMask(lo & 31, top);
    if (x !== 0 && !visitWord(x, base + (w << 5), fn)) return false;
    lo = (w << 5) + top;
  }
  return true;
}

/**
 * Calls `fn` for every set bit in [lo, hi), in ascending order; `fn` may return false to
 * stop, and then this returns false. Cost follows the pages present, not the range.
 */
export function forEachSetBit(bm: PageBitmap, fn: BitVisitor, lo = 0, hi = ADDRESS_LIMIT): boolean {
  lo = Math.max(lo, 0);
  hi = Math.min(hi, ADDRESS_LIMIT);
  if (hi <= lo || bm.count === 0) return true;
  const t = bm.pages;
  const pLo = Math.floor(lo / PAGE_BITS);
  const pHi = Math.floor((hi - 1) / PAGE_BITS);
  const visit = (p: number): boolean => {
    const base = p * PAGE_BITS;
    return visitPage(t, p, Math.max(lo - base, 0), Math.min(hi - base, PAGE_BITS), fn);
  };
  // A narrow range probes its few page numbers; a wide one sorts the pages present (a probe
  // costs about half what a sorted number does, hence the factor 2).
  if (pHi - pLo + 1 <= 2 * t.pageCount) {
    for (let p = pLo; p <= pHi; p++) if (!visit(p)) return false;
    return true;
  }
  const numbers = sortedPageNumbers(t, pLo, pHi);
  for (let i = 0; i < numbers.length; i++) if (!visit(numbers[i])) return false;
  return true;
}

/** The set bits in [lo, hi), ascending (for small results: tests, reports). */
export function setBitsOf(bm: PageBitmap, lo = 0, hi = ADDRESS_LIMIT): number[] {
  const out: number[] = [];
  forEachSetBit(bm, (a) => void out.push(a), lo, hi);
  return out;
}

/** The first set bit at or after `from`, or -1. */
export function nextSetBit(bm: PageBitmap, from: number): number {
  let found = -1;
  forEachSetBit(
    bm,
    (a) => {
      found = a;
      return false;
    },
    from,
  );
  return found;
}

/** dst |= src (a union of snapshots' bit maps is the set of blocks changed since the oldest). */
export function orInto(dst: PageBitmap, src: PageBitmap): void {
  if (dst === src) return;
  const s = src.pages;
  const d = dst.pages;
  for (let j = 0; j < s.pageCount; j++) {
    const p = s.numbers[j];
    const so = j * PAGE_WORDS;
    let off = pageIndex(d, p);
    if (off < 0) {
      off = addPageAt(d, p);
      d.data.set(s.data.subarray(so, so + PAGE_WORDS), off);
      dst.count += pagePopcount(s.data, so);
      continue;
    }
    const dd = d.data;
    const sd = s.data;
    let added = 0;
    for (let w = 0; w < PAGE_WORDS; w++) {
      const fresh = sd[so + w] & ~dd[off + w];
      if (fresh !== 0) {
        added += popcount32(fresh);
        dd[off + w] |= fresh;
      }
    }
    dst.count += added;
  }
}

/**
 * dst &= src (e.g. changed blocks that are also in use, by the meta bit map: FIG. 40), or
 * with `invert`, dst &= ~src. Pages are visited from the last: removing page k moves the
 * last one, already visited, into its place.
 */
function andWith(dst: PageBitmap, src: PageBitmap, invert: boolean): void {
  const d = dst.pages;
  const s = src.pages;
  for (let k = d.pageCount - 1; k >= 0; k--) {
    const p = d.numbers[k];
    const off = k * PAGE_WORDS;
    const j = pageIndex(s, p);
    const dd = d.data;
    if (j < 0) {
      if (invert) continue;
      dst.count -= pagePopcount(dd, off);
      removePage(d, p);
      continue;
    }
    const sd = s.data;
    const so = j;
    let removed = 0;
    let left = 0;
    for (let w = 0; w < PAGE_WORDS; w++) {
      const keep = invert ? ~sd[so + w] : sd[so + w];
      const gone = dd[off + w] & ~keep;
      if (gone !== 0) {
        removed += popcount32(gone);
        dd[off + w] &= keep;
      }
      left |= dd[off + w];
    }
    dst.count -= removed;
    if (left === 0) removePage(d, p);
  }
}

export function andInto(dst: PageBitmap, src: PageBitmap): void {
  if (dst === src) return;
  andWith(dst, src, false);
}

/** dst &= ~src. */
export function andNotInto(dst: PageBitmap, src: PageBitmap): void {
  if (dst === src) {
    clearPages(dst.pages);
    dst.count = 0;
    return;
  }
  andWith(dst, src, true);
}

/** A copy that changes independently of the original. */
export function copyBitmap(bm: PageBitmap): PageBitmap {
  return { pages: copyPageTable(bm.pages), count: bm.count };
}

export function bitmapsEqual(a: PageBitmap, b: PageBitmap): boolean {
  if (a === b) return true;
  const x = a.pages;
  const y = b.pages;
  if (a.count !== b.count || x.pageCount !== y.pageCount) return false;
  for (let k = 0; k < x.pageCount; k++) {
    const yo = pageIndex(y, x.numbers[k]);
    if (yo < 0) return false;
    const xo = k * PAGE_WORDS;
    for (let w = 0; w < PAGE_WORDS; w++) if (x.data[xo + w] !== y.data[yo + w]) return false;
  }
  return true;
}
