// A sparse bit map as the seed's page table of fixed-size pages (FIG. 43, [000222]): a page
// absent from the table is all zero and costs nothing, so a bit map over a 16 TB file
// system costs what its set bits touch, not what the file system could hold.
//
// Plain data (a Map of Uint32Array pages and a count), changed in place by the functions
// here, like the rest of the world; src/store/codec.ts carries it through JSON.
//
// Pages are shared copy-on-write: copyBitmap (a checkpoint's meta bit map, the live one
// after a restore) and orInto share pages instead of copying them, and every function here
// that changes a page first takes its own copy when the page may be shared. Which pages
// may be shared is kept outside the data (a WeakSet): a decoded lab shares nothing, and a
// page once shared stays marked after the other holder lets it go, which costs one needless
// copy, never a wrong bit. Code outside this file that changes a page in place must get it
// through `writablePage`, and must change the table only through `putPage`/`removePage`
// (they invalidate the page memos, see `PageMemo`).
//
// Invariant the functions keep: no stored page is all zero. It makes a bit map's form
// canonical (equal sets <=> equal tables), so `bitmapsEqual` compares pages directly.
//
// Addresses are integers in [0, 2^32): a 16 TB file system of 8 KB blocks needs 2^31.
// Map beat an integer-keyed object as the page table (random lookups about 2x faster, and
// a full ordered scan faster even after sorting the keys), hence Map.

/** log2 of the bits per page; a page table index is the address's high bits. */
export const PAGE_SHIFT = 12;
export const PAGE_BITS = 1 << PAGE_SHIFT;
export const PAGE_WORDS = PAGE_BITS >>> 5;
/** One past the largest address a bit map holds. */
export const ADDRESS_LIMIT = 2 ** 32;

export interface PageBitmap {
  /** Page index (address >>> PAGE_SHIFT) -> its 4096 bits; never all zero. */
  pages: Map<number, Uint32Array>;
  /** Set bits in all, kept so a count is O(1). */
  count: number;
}

export function createBitmap(): PageBitmap {
  return { pages: new Map(), count: 0 };
}

/** Pages that may be held by more than one table: changed only after a copy is taken. */
const shared = new WeakSet<Uint32Array>();

/**
 * Bumped whenever any bit map's table gains, loses or replaces a page, or pages become
 * shared, so a PageMemo is known stale without tracking which tables it looked into.
 */
let tableEpoch = 0;

/** Puts a page into a table (a new one, or an own copy replacing a shared one). */
export function putPage(bm: PageBitmap, p: number, page: Uint32Array): void {
  bm.pages.set(p, page);
  tableEpoch++;
}

/** Takes a page out of a table. */
export function removePage(bm: PageBitmap, p: number): void {
  bm.pages.delete(p);
  tableEpoch++;
}

/** The table's page `p` (present), made safe to change in place: a shared page is copied first. */
export function writablePage(bm: PageBitmap, p: number, page: Uint32Array): Uint32Array {
  if (!shared.has(page)) return page;
  const own = page.slice();
  putPage(bm, p, own);
  return own;
}

/**
 * A memo of the last page made writable through it (`memoWritablePage`): saves come in runs
 * over one page, and asking the WeakSet at each costs more than the save's bit. Never part
 * of the data: it holds no bit, only that `page` was table `pages`'s own page `p` at
 * `epoch`.
 */
export interface PageMemo {
  pages: Map<number, Uint32Array> | null;
  p: number;
  page: Uint32Array | undefined;
  epoch: number;
}

export function createPageMemo(): PageMemo {
  return { pages: null, p: -1, page: undefined, epoch: -1 };
}

/** writablePage for a page just looked up in bm (present), remembering the answer. */
export function memoWritablePage(memo: PageMemo, bm: PageBitmap, p: number, page: Uint32Array): Uint32Array {
  if (memo.page === page && memo.epoch === tableEpoch && memo.p === p && memo.pages === bm.pages) return page;
  const own = writablePage(bm, p, page);
  memo.pages = bm.pages;
  memo.p = p;
  memo.page = own;
  memo.epoch = tableEpoch;
  return own;
}

/** Set bits in a 32-bit word (SWAR popcount: no table, no loop). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function pagePopcount(page: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < PAGE_WORDS; w++) if (page[w] !== 0) n += popcount32(page[w]);
  return n;
}

function pageIsZero(page: Uint32Array): boolean {
  for (let w = 0; w < PAGE_WORDS; w++) if (page[w] !== 0) return false;
  return true;
}

/** Bits lo..hi-1 of a word, 0 <= lo < hi <= 32. */
function wordMask(lo: number, hi: number): number {
  const upper = hi === 32 ? -1 : (1 << hi) - 1;
  return (upper & ~((1 << lo) - 1)) | 0;
}

export function testBit(bm: PageBitmap, address: number): boolean {
  const page = bm.pages.get(address >>> PAGE_SHIFT);
  return page !== undefined && ((page[(address >>> 5) & (PAGE_WORDS - 1)] >>> (address & 31)) & 1) === 1;
}

/** Sets one bit; true when it was clear (the caller learns "first time" for free). */
export function setBit(bm: PageBitmap, address: number): boolean {
  const p = address >>> PAGE_SHIFT;
  let page = bm.pages.get(p);
  if (page === undefined) {
    page = new Uint32Array(PAGE_WORDS);
    putPage(bm, p, page);
  }
  const w = (address >>> 5) & (PAGE_WORDS - 1);
  const m = 1 << (address & 31);
  if ((page[w] & m) !== 0) return false;
  page = writablePage(bm, p, page);
  page[w] |= m;
  bm.count++;
  return true;
}

/** Clears one bit; true when it was set. Frees the page when it becomes all zero. */
export function clearBit(bm: PageBitmap, address: number): boolean {
  const p = address >>> PAGE_SHIFT;
  let page = bm.pages.get(p);
  if (page === undefined) return false;
  const w = (address >>> 5) & (PAGE_WORDS - 1);
  const m = 1 << (address & 31);
  if ((page[w] & m) === 0) return false;
  page = writablePage(bm, p, page);
  page[w] &= ~m;
  bm.count--;
  // Only a word that just became zero can have emptied the page.
  if (page[w] === 0 && pageIsZero(page)) removePage(bm, p);
  return true;
}

/**
 * Sets bits first..first+count-1 a word at a time (files own runs of blocks); returns how
 * many were clear before.
 */
export function setRange(bm: PageBitmap, first: number, count: number): number {
  const end = first + count;
  let added = 0;
  for (let a = first; a < end; ) {
    const p = a >>> PAGE_SHIFT;
    const pageEnd = Math.min(end, (p + 1) * PAGE_BITS);
    let page = bm.pages.get(p);
    let own = false;
    if (page === undefined) {
      page = new Uint32Array(PAGE_WORDS);
      putPage(bm, p, page);
      own = true;
    }
    const base = p * PAGE_BITS;
    for (let lo = a - base, hi = pageEnd - base; lo < hi; ) {
      const w = lo >>> 5;
      const top = Math.min(hi - (w << 5), 32);
      const m = wordMask(lo & 31, top);
      const fresh = m & ~page[w];
      if (fresh !== 0) {
        if (!own) {
          page = writablePage(bm, p, page);
          own = true;
        }
        added += popcount32(fresh);
        page[w] |= m;
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
  const end = first + count;
  let removed = 0;
  for (let a = first; a < end; ) {
    const p = a >>> PAGE_SHIFT;
    const base = p * PAGE_BITS;
    const pageEnd = Math.min(end, base + PAGE_BITS);
    let page = bm.pages.get(p);
    if (page !== undefined) {
      if (a === base && pageEnd === base + PAGE_BITS) {
        removed += pagePopcount(page);
        removePage(bm, p);
      } else {
        let own = false;
        for (let lo = a - base, hi = pageEnd - base; lo < hi; ) {
          const w = lo >>> 5;
          const top = Math.min(hi - (w << 5), 32);
          const gone = wordMask(lo & 31, top) & page[w];
          if (gone !== 0) {
            if (!own) {
              page = writablePage(bm, p, page);
              own = true;
            }
            removed += popcount32(gone);
            page[w] &= ~gone;
          }
          lo = (w << 5) + top;
        }
        if (own && pageIsZero(page)) removePage(bm, p);
      }
    }
    a = pageEnd;
  }
  bm.count -= removed;
  return removed;
}

export function bitmapCount(bm: PageBitmap): number {
  return bm.count;
}

export function bitmapIsEmpty(bm: PageBitmap): boolean {
  return bm.count === 0;
}

/** Page indices in lo..hi, ascending: the Map keeps insertion order, so they are sorted here. */
function sortedPageIndices(bm: PageBitmap, lo: number, hi: number): Int32Array {
  const keys = new Int32Array(bm.pages.size);
  let n = 0;
  for (const p of bm.pages.keys()) if (p >= lo && p <= hi) keys[n++] = p;
  // A typed array sorts numerically in native code, several times faster than Array#sort.
  return keys.subarray(0, n).sort();
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

/** A whole page: words are tested four at a time, since most words of a sparse page are zero. */
function visitPage(page: Uint32Array, base: number, fn: BitVisitor): boolean {
  for (let w = 0; w < PAGE_WORDS; w += 4) {
    if ((page[w] | page[w + 1] | page[w + 2] | page[w + 3]) === 0) continue;
    for (let v = w; v < w + 4; v++) {
      if (page[v] !== 0 && !visitWord(page[v], base + (v << 5), fn)) return false;
    }
  }
  return true;
}

/** Bits from..to-1 of a page (0 <= from < to <= PAGE_BITS). */
function visitPagePart(page: Uint32Array, base: number, from: number, to: number, fn: BitVisitor): boolean {
  if (from === 0 && to === PAGE_BITS) return visitPage(page, base, fn);
  for (let lo = from; lo < to; ) {
    const w = lo >>> 5;
    const top = Math.min(to - (w << 5), 32);
    const x = page[w] & wordMask(lo & 31, top);
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
  const pLo = lo >>> PAGE_SHIFT;
  const pHi = (hi - 1) >>> PAGE_SHIFT;
  const visit = (p: number, page: Uint32Array): boolean => {
    const base = p * PAGE_BITS;
    return visitPagePart(page, base, Math.max(lo - base, 0), Math.min(hi - base, PAGE_BITS), fn);
  };
  // A narrow range probes its few page slots; a wide one sorts the pages it holds (a
  // probe costs about half what a sorted key does, hence the factor 2).
  if (pHi - pLo + 1 <= 2 * bm.pages.size) {
    for (let p = pLo; p <= pHi; p++) {
      const page = bm.pages.get(p);
      if (page !== undefined && !visit(p, page)) return false;
    }
    return true;
  }
  const keys = sortedPageIndices(bm, pLo, pHi);
  for (let i = 0; i < keys.length; i++) {
    if (!visit(keys[i], bm.pages.get(keys[i])!)) return false;
  }
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
  forEachSetBit(bm, (a) => {
    found = a;
    return false;
  }, from);
  return found;
}

/** dst |= src (a union of snapshots' bit maps is the set of blocks changed since the oldest). A page only src has is shared. */
export function orInto(dst: PageBitmap, src: PageBitmap): void {
  if (dst === src) return;
  for (const [p, s] of src.pages) {
    let d = dst.pages.get(p);
    if (d === undefined) {
      shared.add(s); // putPage bumps the epoch, which memos of src's page also depend on
      putPage(dst, p, s);
      dst.count += pagePopcount(s);
      continue;
    }
    if (d === s) continue;
    let added = 0;
    let own = false;
    for (let w = 0; w < PAGE_WORDS; w++) {
      const fresh = s[w] & ~d[w];
      if (fresh !== 0) {
        if (!own) {
          d = writablePage(dst, p, d);
          own = true;
        }
        added += popcount32(fresh);
        d[w] |= fresh;
      }
    }
    dst.count += added;
  }
}

/** dst &= src (e.g. changed blocks that are also in use, by the meta bit map: FIG. 40). */
export function andInto(dst: PageBitmap, src: PageBitmap): void {
  if (dst === src) return;
  // Deleting or replacing the current entry while iterating a Map is safe.
  for (let [p, d] of dst.pages) {
    const s = src.pages.get(p);
    if (s === undefined) {
      dst.count -= pagePopcount(d);
      removePage(dst, p);
      continue;
    }
    if (s === d) continue;
    let removed = 0;
    let left = 0;
    let own = false;
    for (let w = 0; w < PAGE_WORDS; w++) {
      const gone = d[w] & ~s[w];
      if (gone !== 0) {
        if (!own) {
          d = writablePage(dst, p, d);
          own = true;
        }
        removed += popcount32(gone);
        d[w] &= s[w];
      }
      left |= d[w];
    }
    dst.count -= removed;
    if (left === 0) removePage(dst, p);
  }
}

/** dst &= ~src. */
export function andNotInto(dst: PageBitmap, src: PageBitmap): void {
  if (dst === src) {
    dst.pages.clear();
    tableEpoch++;
    dst.count = 0;
    return;
  }
  for (const [p, s] of src.pages) {
    let d = dst.pages.get(p);
    if (d === undefined) continue;
    if (d === s) {
      dst.count -= pagePopcount(d);
      removePage(dst, p);
      continue;
    }
    let removed = 0;
    let left = 0;
    let own = false;
    for (let w = 0; w < PAGE_WORDS; w++) {
      const gone = d[w] & s[w];
      if (gone !== 0) {
        if (!own) {
          d = writablePage(dst, p, d);
          own = true;
        }
        removed += popcount32(gone);
        d[w] &= ~s[w];
      }
      left |= d[w];
    }
    dst.count -= removed;
    if (left === 0) removePage(dst, p);
  }
}

/**
 * A copy that changes independently of the original: the two share every page until one of
 * them changes it (copy-on-write), so a copy costs its table, not its pages.
 */
export function copyBitmap(bm: PageBitmap): PageBitmap {
  for (const page of bm.pages.values()) shared.add(page);
  tableEpoch++;
  return { pages: new Map(bm.pages), count: bm.count };
}

export function bitmapsEqual(a: PageBitmap, b: PageBitmap): boolean {
  if (a === b) return true;
  if (a.count !== b.count || a.pages.size !== b.pages.size) return false;
  for (const [p, x] of a.pages) {
    const y = b.pages.get(p);
    if (y === undefined) return false;
    if (x === y) continue;
    for (let w = 0; w < PAGE_WORDS; w++) if (x[w] !== y[w]) return false;
  }
  return true;
}
