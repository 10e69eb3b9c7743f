// The page table under every sparse structure of a file system's blocks (the clone volume,
// clone.ts; bit maps, bitmap.ts): fixed-size pages of 32-bit words, found by page number,
// an absent page meaning "nothing here" (all zero, never written), as FIG. 43 has it
// ([000222]). Plain data: three typed arrays and numbers, which src/store/codec.ts carries
// through JSON.
//
// - The pages themselves lie one after another in one array, `data`: page k (k < pageCount) at
//   words [k*width, (k+1)*width), in the order they came (a removed page's place is taken
//   by the last one). One allocation for all pages instead of a typed array each: V8 spends
//   a few hundred bytes on every ArrayBuffer besides its words, which with the 330,000 small
//   pages of bench/memory.ts came to about 100 MB; and a lookup yields an offset into one
//   array the write path already holds.
// - The table from page number to page is hashed (open addressing, linear probing,
//   Fibonacci hashing, at most half full), two words a slot: the page number + 1 in the
//   low KEY_BITS bits of the first (0: an empty slot), and the offset of the page's first
//   word in `data`. The first word's bits above KEY_BITS are the owner's flags about the
//   page, as a processor's page table entry carries a dirty bit: the clone keeps its pages'
//   settled and dirty flags there (clone.ts), so that a write checks the page is there,
//   settled and dirty with one compare of the word its lookup reads anyway.
//   FIG. 43 indexes the table directly by the block address's high bits; a direct table
//   over a 1 TB file system (2^20 clone pages, 2^17 bit map pages) costs megabytes before
//   anything is written, and a two-level one costs a whole sub-table (a few hundred bytes to
//   kilobytes) for each scattered extent a file system has: at bench/memory.ts's 100
//   extents per file system, 1,000 file systems and five bit maps each, more than the pages
//   themselves. A hashed table costs 16 to 32 bytes per page present whatever the spread,
//   and a lookup is a multiply and two loads from one cache line. (Two words a slot, not
//   three or four: bench/snapshot-write.ts's table of 2,048 clone pages then takes 32 KB,
//   and each word more cost the write path about 10%.)
// - The words of `data` past the last page, and `numbers` past `pageCount`, are zero: room to
//   grow (by half again each time) that the codec does not spell out.
//
// Code that holds `data` across a call that may add a page must read it again: adding may
// move the pages to a larger array.

export interface PageTable {
  /** Words per page. */
  width: number;
  /** The slots, a power of two of them (at least MIN_SLOTS), SLOT words each. */
  table: Uint32Array;
  /** Page k's number, k < pageCount. */
  numbers: Uint32Array;
  /** Page k at words [k*width, (k+1)*width), k < pageCount; zero after. */
  data: Uint32Array;
  /** Pages present. */
  pageCount: number;
}

export const MIN_SLOTS = 8;
/** Words a slot: key and flags, offset. */
export const SLOT = 2;
export const S_OFFSET = 1;
/** Bits of a slot's first word that hold the page number + 1; the bits above are the owner's flags. */
export const KEY_BITS = 26;
export const KEY_MASK = (1 << KEY_BITS) - 1;
/** One past the largest page number a table holds. */
export const PAGE_NUMBER_LIMIT = KEY_MASK;
/**
 * 2^32 / golden ratio (0x9e3779b1) as a signed 32-bit integer: consecutive page numbers (an
 * extent's) land far apart. Written as an int32, Math.imul takes it as is; as 0x9e3779b1 (a
 * double above 2^31) V8 converts it at every lookup, which cost the write path 20%.
 */
export const GOLDEN = -1640531535;

export function createPageTable(width: number): PageTable {
  return { width, table: new Uint32Array(MIN_SLOTS * SLOT), numbers: new Uint32Array(0), data: new Uint32Array(0), pageCount: 0 };
}

/** The first word of the home slot of a page number in a table of `words` words (SLOT times a power of two). */
export function homeSlot(pn: number, words: number): number {
  // words = 2^(k+1): clz32(words) + 2 = 32 - k, the shift that leaves k bits.
  return (Math.imul(pn, GOLDEN) >>> (Math.clz32(words) + 2)) << 1;
}

/** The first word of page `pn`'s slot, or -1 when absent. */
export function slotOf(t: PageTable, pn: number): number {
  const table = t.table;
  const mask = table.length - 1;
  const key = pn + 1;
  let h = homeSlot(pn, table.length);
  for (;;) {
    const k = table[h];
    if ((k & KEY_MASK) === key) return h;
    if (k === 0) return -1;
    h = (h + SLOT) & mask;
  }
}

/** Page `pn`'s offset in `data`, or -1 when absent. */
export function pageIndex(t: PageTable, pn: number): number {
  const h = slotOf(t, pn);
  return h < 0 ? -1 : t.table[h + S_OFFSET];
}

/** A larger copy of `a` holding at least `need` elements (half as many again, or `need`). */
export function grown(a: Uint32Array, need: number): Uint32Array {
  const out = new Uint32Array(Math.max(need, a.length + (a.length >>> 1), 4));
  out.set(a);
  return out;
}

/** Twice the slots, every slot (with its flags) put back. */
function rehash(t: PageTable): void {
  const old = t.table;
  const table = new Uint32Array(old.length * 2);
  const mask = table.length - 1;
  for (let o = 0; o < old.length; o += SLOT) {
    if (old[o] === 0) continue;
    let h = homeSlot((old[o] & KEY_MASK) - 1, table.length);
    while (table[h] !== 0) h = (h + SLOT) & mask;
    table[h] = old[o];
    table[h + S_OFFSET] = old[o + S_OFFSET];
  }
  t.table = table;
}

/** Adds page `pn` (absent: the caller looked it up), all zero, no flags; returns its slot's first word. */
export function addPage(t: PageTable, pn: number): number {
  if ((t.pageCount + 1) * 2 * SLOT > t.table.length) rehash(t);
  const k = t.pageCount;
  if (t.numbers.length <= k) t.numbers = grown(t.numbers, k + 1);
  if (t.data.length < (k + 1) * t.width) t.data = grown(t.data, (k + 1) * t.width);
  const table = t.table;
  const mask = table.length - 1;
  let h = homeSlot(pn, table.length);
  while (table[h] !== 0) h = (h + SLOT) & mask;
  table[h] = pn + 1;
  table[h + S_OFFSET] = k * t.width;
  t.numbers[k] = pn;
  t.pageCount = k + 1;
  return h;
}

/** Adds page `pn` (absent) and returns its offset. */
export function addPageAt(t: PageTable, pn: number): number {
  // Not t.table[addPage(...)]: that reads t.table before addPage may replace it.
  const h = addPage(t, pn);
  return t.table[h + S_OFFSET];
}

/** Removes page `pn` (present); the last page takes its place in `data`. */
export function removePage(t: PageTable, pn: number): void {
  const table = t.table;
  const mask = table.length - 1;
  let hole = slotOf(t, pn);
  if (hole < 0) throw new Error(`page table: page ${pn} is not there`);
  const w = t.width;
  const off = table[hole + S_OFFSET];
  const k = off / w;
  const last = t.pageCount - 1;
  if (k !== last) {
    const moved = t.numbers[last];
    t.data.copyWithin(off, last * w, (last + 1) * w);
    t.numbers[k] = moved;
    table[slotOf(t, moved) + S_OFFSET] = off;
  }
  t.data.fill(0, last * w, (last + 1) * w);
  t.numbers[last] = 0;
  t.pageCount = last;
  // Backward-shift deletion: entries after the hole that may not pass it move into it.
  table[hole] = 0;
  table[hole + S_OFFSET] = 0;
  for (let j = (hole + SLOT) & mask; table[j] !== 0; j = (j + SLOT) & mask) {
    const home = homeSlot((table[j] & KEY_MASK) - 1, table.length);
    // j's entry may stay when its home lies cyclically in (hole, j].
    const stays = hole < j ? home > hole && home <= j : home > hole || home <= j;
    if (stays) continue;
    table[hole] = table[j];
    table[hole + S_OFFSET] = table[j + S_OFFSET];
    table[j] = 0;
    table[j + S_OFFSET] = 0;
    hole = j;
  }
}

/** Removes every page, keeping the arrays' room. */
export function clearPages(t: PageTable): void {
  t.table.fill(0);
  t.numbers.fill(0, 0, t.pageCount);
  t.data.fill(0, 0, t.pageCount * t.width);
  t.pageCount = 0;
}

/** An independent copy, its pages and numbers without room to grow (copies of a snapshot's maps mostly stay as they are). */
export function copyPageTable(t: PageTable): PageTable {
  return {
    width: t.width,
    table: t.table.slice(),
    numbers: t.numbers.slice(0, t.pageCount),
    data: t.data.slice(0, t.pageCount * t.width),
    pageCount: t.pageCount,
  };
}

/** The numbers of the pages present in [lo, hi], ascending. */
export function sortedPageNumbers(t: PageTable, lo = 0, hi = 2 ** 32 - 1): Uint32Array {
  const out = new Uint32Array(t.pageCount);
  let n = 0;
  for (let k = 0; k < t.pageCount; k++) {
    const pn = t.numbers[k];
    if (pn >= lo && pn <= hi) out[n++] = pn;
  }
  // A typed array sorts numerically in native code, several times faster than Array#sort.
  return out.subarray(0, n).sort();
}

/**
 * A short description of what is wrong with a decoded page table, or null (a check for
 * shape.ts, in time proportional to its slots and pages): the arrays' lengths, every page
 * on one slot reachable from its home, numbers and offsets agreeing, flags only among
 * `flags`, no word past the last page.
 */
export function pageTableProblem(t: unknown, width: number, limit: number, flags = 0): string | null {
  if (typeof t !== 'object' || t === null) return 'not an object';
  const o = t as Record<string, unknown>;
  if (o.width !== width) return `width: ${String(o.width)}, not ${width}`;
  for (const f of ['table', 'numbers', 'data'] as const) if (!(o[f] instanceof Uint32Array)) return `${f}: not a Uint32Array`;
  const table = o.table as Uint32Array;
  const numbers = o.numbers as Uint32Array;
  const data = o.data as Uint32Array;
  const size = o.pageCount;
  const slots = table.length / SLOT;
  if (!Number.isInteger(slots) || slots < MIN_SLOTS || (slots & (slots - 1)) !== 0) return `table: ${table.length} words, not a power of two of at least ${MIN_SLOTS} slots`;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size * 2 > slots) return `pageCount: ${String(size)} for ${slots} slots`;
  if (numbers.length < size) return `numbers: ${numbers.length} for ${size} pages`;
  if (data.length < size * width) return `data: ${data.length} words for ${size} pages of ${width}`;
  let used = 0;
  for (let h = 0; h < table.length; h += SLOT) if (table[h] !== 0) used++;
  if (used !== size) return `pageCount: ${size}, the slots hold ${used} pages`;
  const seen = new Uint8Array(size);
  for (let h = 0; h < table.length; h += SLOT) {
    const word = table[h];
    if (word === 0) {
      if (table[h + S_OFFSET] !== 0) return `table[${h + S_OFFSET}]: not zero in an empty slot`;
      continue;
    }
    if ((word & ~KEY_MASK & ~flags) !== 0) return `table[${h}]: flags ${(word & ~KEY_MASK & ~flags) >>> KEY_BITS} not allowed here`;
    if ((word & KEY_MASK) === 0) return `table[${h}]: flags without a page`;
    const off = table[h + S_OFFSET];
    const k = off / width;
    if (!Number.isInteger(k) || k >= size) return `table[${h + S_OFFSET}]: offset ${off} is no page's of ${size}`;
    if (seen[k] === 1) return `table[${h + S_OFFSET}]: page at ${off} twice`;
    seen[k] = 1;
    const pn = (word & KEY_MASK) - 1;
    if (pn >= limit) return `table[${h}]: page number ${pn} beyond ${limit - 1}`;
    if (numbers[k] !== pn) return `numbers[${k}]: ${numbers[k]}, its slot says ${pn}`;
    if (slotOf(t as PageTable, pn) !== h) return `table[${h}]: page ${pn} not reachable from its home slot`;
  }
  for (let i = size; i < numbers.length; i++) if (numbers[i] !== 0) return `numbers[${i}]: not zero past the last page`;
  // New pages are taken zeroed from the room after the last.
  for (let i = size * width; i < data.length; i++) if (data[i] !== 0) return `data[${i}]: not zero past the last page`;
  return null;
}
