// Structural checks of a decoded volume (volume.ts) and of the file layer on it
// (files/files.ts), for the lab loader: the types of the fields, the page tables' lengths
// and slots, the counts kept beside the data agreeing with it, snapshot entries well formed,
// and the invariants the write path trusts without looking (a settled page is full and
// listed, a dirty page is listed). Each names the first problem found and its place, e.g.
// "snapshots[2].saveVolume: not an object", or returns null.
//
// Cheap: the time follows the pages, slots, entries, extents and tree nodes present, never a
// file system's size (a 16 TB file system with nothing written checks in microseconds).
// Stamps are not read: any 32-bit value is a stamp.
import { PAGE_LIMIT, PAGE_WORDS, popcount32, testBit, type PageBitmap } from './bitmap.js';
import { blockMapProblem, ENTRY } from './blockmap.js';
import { CLONE_STAMPS, CLONE_WIDTH, DIRTY, H_WRITTEN, HEADER, IDLE, SETTLED } from './clone.js';
import { KEY_MASK, pageTableProblem, SLOT, S_OFFSET } from './pagetable.js';
import { saveVolumeProblem } from './save-volume.js';
import { MAX_VOLUME_BLOCKS } from './volume.js';
import { blocksFor } from '../files/tree.js';

type Obj = Record<string, unknown>;

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Map) && !ArrayBuffer.isView(x);
}

function isNat(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isWord(x: unknown): x is number {
  return isNat(x) && x < 2 ** 32;
}

/** A problem that starts with a place of its own ("count: ...", "table[3]: ...", "[2]: ...", "bits.count: ..."). */
const PLACED = /^(?:[A-Za-z_$][\w$]*|\[[^\]]*\])(?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*:/;

/** Prefixes a problem found inside `place`: "snapshots[2]" and "bitmap.count: ..." make "snapshots[2].bitmap.count: ...". */
function at(place: string, problem: string | null): string | null {
  if (problem === null) return null;
  if (!PLACED.test(problem)) return `${place}: ${problem}`;
  return problem.startsWith('[') ? `${place}${problem}` : `${place}.${problem}`;
}

/** A list of page numbers below `limit`. */
function pageListProblem(x: unknown, limit: number): string | null {
  if (!Array.isArray(x)) return 'not an array';
  for (let i = 0; i < x.length; i++) if (!isNat(x[i]) || x[i] >= limit) return `[${i}]: not a page number below ${limit}`;
  return null;
}

/** A bit map (bitmap.ts) over addresses below `limit`: its page table, its count, no page all zero. */
export function bitmapProblem(x: unknown, limit = 2 ** 32): string | null {
  if (!isObject(x)) return 'not an object';
  const tp = at('pages', pageTableProblem(x.pages, PAGE_WORDS, Math.min(PAGE_LIMIT, Math.ceil(limit / (PAGE_WORDS * 32)))));
  if (tp !== null) return tp;
  const t = x.pages as { data: Uint32Array; pageCount: number };
  if (!isNat(x.count)) return 'count: not a count';
  let n = 0;
  for (let k = 0; k < t.pageCount; k++) {
    let page = 0;
    for (let w = k * PAGE_WORDS; w < (k + 1) * PAGE_WORDS; w++) page += popcount32(t.data[w]);
    if (page === 0) return `pages: page ${k} all zero`;
    n += page;
  }
  if (n !== x.count) return `count: ${x.count}, the pages hold ${n} bits`;
  return null;
}

/** A meta bit map (meta-bitmap.ts) of a volume of `size` blocks. */
export function metaBitmapProblem(x: unknown, size: number): string | null {
  if (!isObject(x)) return 'not an object';
  if (!isNat(x.shift) || x.shift > 31) return 'shift: not a granularity exponent in 0..31';
  return at('bits', bitmapProblem(x.bits, Math.ceil(size / 2 ** x.shift)));
}

/** The clone's fields of a volume (clone.ts) of `size` blocks. */
function cloneProblem(v: Obj, size: number): string | null {
  const pages = Math.ceil(size / CLONE_STAMPS);
  const tp = pageTableProblem(v, CLONE_WIDTH, pages, SETTLED | DIRTY | IDLE);
  if (tp !== null) return tp;
  const table = v.table as Uint32Array;
  const count = v.pageCount as number;
  const headers = v.headers;
  if (!(headers instanceof Uint32Array)) return 'headers: not a Uint32Array';
  if (headers.length < count * HEADER) return `headers: ${headers.length} words for ${count} pages`;
  for (let i = count * HEADER; i < headers.length; i++) if (headers[i] !== 0) return `headers[${i}]: not zero past the last page`;
  if (!isNat(v.written)) return 'written: not a count';
  const dp = at('dirty', pageListProblem(v.dirty, pages));
  if (dp !== null) return dp;
  const sp = at('settled', pageListProblem(v.settled, pages));
  if (sp !== null) return sp;
  const dirty = new Set(v.dirty as number[]);
  const settled = new Set(v.settled as number[]);
  let written = 0;
  for (let h = 0; h < table.length; h += SLOT) {
    const word = table[h];
    if (word === 0) continue;
    const p = (word & KEY_MASK) - 1;
    const n = headers[(table[h + S_OFFSET] / CLONE_WIDTH) * HEADER + H_WRITTEN];
    if (n < 1 || n > CLONE_STAMPS) return `headers: page ${p} has ${n} written blocks, not 1..${CLONE_STAMPS}`;
    written += n;
    if ((word & DIRTY) !== 0 && (word & SETTLED) !== 0) return `table[${h}]: page ${p} is both settled and dirty`;
    if ((word & IDLE) !== 0 && (word & SETTLED) === 0) return `table[${h}]: page ${p} counts idle digests but is not settled`;
    if ((word & DIRTY) !== 0 && !dirty.has(p)) return `table[${h}]: page ${p} is dirty but not listed in dirty`;
    if ((word & SETTLED) !== 0) {
      if (n !== CLONE_STAMPS) return `table[${h}]: page ${p} is settled with ${n} blocks written`;
      if (!settled.has(p)) return `table[${h}]: page ${p} is settled but not listed in settled`;
    }
  }
  if (written !== v.written) return `written: ${v.written}, the pages hold ${written}`;
  return null;
}

/** One snapshot queue entry (snapshots.ts) of a volume of `size` blocks with meta bit maps of `shift`. */
function entryProblem(e: unknown, size: number, shift: number): string | null {
  if (!isObject(e)) return 'not an object';
  if (typeof e.id !== 'number' || !Number.isFinite(e.id)) return 'id: not a number';
  if (typeof e.createdAt !== 'number' || !Number.isFinite(e.createdAt)) return 'createdAt: not a number';
  if (e.deltaSetStamp !== null && (typeof e.deltaSetStamp !== 'number' || !Number.isFinite(e.deltaSetStamp))) return 'deltaSetStamp: not a number or null';
  const sv = at('saveVolume', saveVolumeProblem(e.saveVolume));
  if (sv !== null) return sv;
  const saved = (e.saveVolume as { length: number }).length;
  const bp = at('bitmap', bitmapProblem(e.bitmap, size));
  if (bp !== null) return bp;
  const mp = at('blockmap', blockMapProblem(e.blockmap, saved));
  if (mp !== null) return mp;
  const mb = at('metaBitmap', metaBitmapProblem(e.metaBitmap, size));
  if (mb !== null) return mb;
  if ((e.metaBitmap as Obj).shift !== shift) return `metaBitmap: shift ${String((e.metaBitmap as Obj).shift)}, the volume's is ${shift}`;
  // The bit map is the block map's key set ([000224]): as many bits as entries, each entry's bit set.
  // The bit map's page table is checked by now, so bitmap.ts may read it.
  const bits = e.bitmap as PageBitmap;
  const bm = e.blockmap as { entries: Uint32Array; size: number };
  if (bits.count !== bm.size) return `bitmap: ${bits.count} bits for ${bm.size} block map entries`;
  for (let i = 0; i < bm.size; i++) {
    const block = bm.entries[i * ENTRY];
    if (block >= size) return `blockmap: entry ${i} saves block ${block} of ${size}`;
    if (!testBit(bits, block)) return `blockmap: entry ${i}, block ${block}, has no bit in the bit map`;
  }
  return null;
}

/** What is wrong with a decoded Volume (volume.ts), or null. */
export function volumeProblem(v: unknown): string | null {
  if (!isObject(v)) return 'not an object';
  if (!isNat(v.size) || v.size < 1 || v.size > MAX_VOLUME_BLOCKS) return 'size: not a block count in 1..2^31';
  const size = v.size;
  const cp = cloneProblem(v, size);
  if (cp !== null) return cp;
  const mp = at('meta', metaBitmapProblem(v.meta, size));
  if (mp !== null) return mp;
  const shift = (v.meta as Obj).shift as number;
  if (!isObject(v.digestTerms) || !isWord(v.digestTerms.hi) || !isWord(v.digestTerms.lo)) return 'digestTerms: not two 32-bit words hi and lo';
  if (v.log !== undefined && v.log !== null) {
    const lp = at('log', bitmapProblem(v.log, size));
    if (lp !== null) return lp;
  }
  if (!Array.isArray(v.snapshots)) return 'snapshots: not an array';
  const ids = new Set<number>();
  let last = -Infinity;
  for (let i = 0; i < v.snapshots.length; i++) {
    const e = v.snapshots[i];
    const ep = at(`snapshots[${i}]`, entryProblem(e, size, shift));
    if (ep !== null) return ep;
    const { id, createdAt } = e as { id: number; createdAt: number };
    if (ids.has(id)) return `snapshots[${i}].id: ${id} twice in the queue`;
    ids.add(id);
    if (createdAt < last) return `snapshots[${i}].createdAt: older than the entry before it`;
    last = createdAt;
  }
  return null;
}

/** A directory tree (files/tree.ts); `blocks` collects the blocks its files own. */
export function treeProblem(node: unknown, blocks: { n: number }, depth = 0): string | null {
  if (!isObject(node)) return 'not an object';
  if (node.kind === 'file') {
    if (!isNat(node.size)) return 'size: not a byte count';
    if (!Array.isArray(node.extents)) return 'extents: not an array';
    let n = 0;
    for (let i = 0; i < node.extents.length; i++) {
      const e = node.extents[i] as unknown;
      if (!isObject(e) || !isNat(e.start) || !isNat(e.count) || e.count < 1) return `extents[${i}]: not a run of blocks`;
      n += e.count;
    }
    if (n !== blocksFor(node.size)) return `extents: ${n} blocks for ${node.size} bytes`;
    blocks.n += n;
    return null;
  }
  if (node.kind !== 'dir') return 'kind: neither file nor dir';
  if (!(node.entries instanceof Map)) return 'entries: not a map';
  if (depth > 4096) return 'entries: nested too deep';
  for (const [name, child] of node.entries) {
    if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) return `entries: bad name ${JSON.stringify(name)}`;
    const cp = treeProblem(child, blocks, depth + 1);
    if (cp !== null) return at(`entries[${JSON.stringify(name)}]`, cp);
  }
  return null;
}

/** An extent allocator (files/allocator.ts). */
function allocProblem(a: unknown): string | null {
  if (!isObject(a)) return 'not an object';
  if (!isNat(a.size)) return 'size: not a block count';
  if (!isNat(a.freeBlocks)) return 'freeBlocks: not a count';
  if (!isNat(a.cursor) || a.cursor > a.size) return 'cursor: not a block of the volume';
  if (!Array.isArray(a.free)) return 'free: not an array';
  let end = -1;
  let n = 0;
  for (let i = 0; i < a.free.length; i++) {
    const e = a.free[i] as unknown;
    if (!isObject(e) || !isNat(e.start) || !isNat(e.count) || e.count < 1) return `free[${i}]: not a run of blocks`;
    if (e.start <= end) return `free[${i}]: not after the run before it, apart`;
    end = e.start + e.count;
    if (end > a.size) return `free[${i}]: beyond the volume's ${a.size} blocks`;
    n += e.count;
  }
  if (n !== a.freeBlocks) return `freeBlocks: ${a.freeBlocks}, the runs hold ${n}`;
  return null;
}

/** What is wrong with a decoded FileSystemFiles (files/files.ts), or null. */
export function filesProblem(f: unknown): string | null {
  if (!isObject(f)) return 'not an object';
  const ap = at('alloc', allocProblem(f.alloc));
  if (ap !== null) return ap;
  const owned = { n: 0 };
  const rp = at('root', treeProblem(f.root, owned));
  if (rp !== null) return rp;
  if ((f.root as Obj).kind !== 'dir') return 'root: not a directory';
  const alloc = f.alloc as { size: number; freeBlocks: number };
  if (owned.n + alloc.freeBlocks !== alloc.size) return `alloc: ${alloc.freeBlocks} free and ${owned.n} owned by files in ${alloc.size} blocks`;
  if (!(f.versions instanceof Map)) return 'versions: not a map';
  for (const [id, tree] of f.versions) {
    if (typeof id !== 'number' || !Number.isFinite(id)) return `versions: key ${String(id)} not a snapshot id`;
    const vp = treeProblem(tree, { n: 0 });
    if (vp !== null) return at(`versions[${id}]`, vp);
    if ((tree as Obj).kind !== 'dir') return `versions[${id}]: not a directory`;
  }
  return null;
}
