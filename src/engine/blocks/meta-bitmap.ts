// The meta bit map ([000215]-[000226], FIGS. 45-46): which blocks of a file system may hold
// valid data, so a write over an invalid block saves no before image (FIG. 41) and a copy
// skips blocks not in use (FIG. 40). With a granularity of g = 2^shift blocks per bit, a
// bit covers blocks [bit*g, (bit+1)*g) and is set when any of them may be valid (FIG. 46):
// a smaller map, at the price of sometimes treating invalid blocks as valid.
//
// Invariant: a clear bit means no block it covers is valid. A set bit may over-approximate.
import { clearRange, copyBitmap, createBitmap, forEachSetBit, setBit, setRange, testBit, type PageBitmap } from './bitmap.js';

export interface MetaBitmap {
  /** log2 of the blocks each bit covers (0: one block per bit, FIG. 45). */
  shift: number;
  bits: PageBitmap;
}

/** `granularity` blocks per bit: a power of two, as the seed's right shift requires. */
export function createMetaBitmap(granularity = 1): MetaBitmap {
  const shift = Math.log2(granularity);
  if (!Number.isInteger(shift) || shift < 0 || shift > 31) throw new RangeError(`meta bit map granularity must be a power of two, not ${granularity}`);
  return { shift, bits: createBitmap() };
}

export function granularityOf(m: MetaBitmap): number {
  return 2 ** m.shift;
}

/** The bit covering a block: the seed's arithmetic right shift ([000226]). */
export function metaBitOf(m: MetaBitmap, block: number): number {
  return block >>> m.shift;
}

/** True when the block may hold valid data (its bit is set); false means surely invalid. */
export function mayBeValid(m: MetaBitmap, block: number): boolean {
  return testBit(m.bits, block >>> m.shift);
}

export function markValid(m: MetaBitmap, block: number): void {
  setBit(m.bits, block >>> m.shift);
}

export function markValidRange(m: MetaBitmap, first: number, count: number): void {
  if (count <= 0) return;
  const lo = first >>> m.shift;
  const hi = (first + count - 1) >>> m.shift;
  setRange(m.bits, lo, hi - lo + 1);
}

/**
 * Marks blocks first..first+count-1 invalid (a file deleted or truncated). A bit whose
 * blocks all lie in the range is cleared. A bit only partly covered is cleared only when
 * `stillValid`, asked about each of its blocks outside the range, says none is valid;
 * without it such a bit stays set, which the seed accepts (a wasted save, never a lost one).
 */
export function markInvalidRange(m: MetaBitmap, first: number, count: number, stillValid?: (block: number) => boolean): void {
  if (count <= 0) return;
  const g = 2 ** m.shift;
  const end = first + count;
  const lo = first >>> m.shift;
  const hi = (end - 1) >>> m.shift;
  // Whole bits inside the range: [fullLo, fullHi].
  const fullLo = lo * g === first ? lo : lo + 1;
  const fullHi = (hi + 1) * g === end ? hi : hi - 1;
  if (fullLo <= fullHi) clearRange(m.bits, fullLo, fullHi - fullLo + 1);
  if (!stillValid) return;
  const edge = (bit: number): void => {
    if (bit >= fullLo && bit <= fullHi) return;
    for (let b = bit * g, e = b + g; b < e; b++) {
      if ((b < first || b >= end) && stillValid(b)) return;
    }
    clearRange(m.bits, bit, 1);
  };
  edge(lo);
  if (hi !== lo) edge(hi);
}

/** Calls `fn` with the first block of each run of g blocks that may be valid, ascending. */
export function forEachMaybeValidGroup(m: MetaBitmap, fn: (firstBlock: number, blocks: number) => boolean | void): boolean {
  const g = 2 ** m.shift;
  return forEachSetBit(m.bits, (bit) => fn(bit * g, g));
}

/** A snapshot's own copy ([000219]: restored with the snapshot), independent of the original. */
export function copyMetaBitmap(m: MetaBitmap): MetaBitmap {
  return { shift: m.shift, bits: copyBitmap(m.bits) };
}
