// A running digest of a file system's contents, where the contents are block -> stamp (the
// stamp names the write that put the block there; 0 or absent: never written). The digest
// is the sum, modulo 2^64, of mix(block, stamp) over written blocks. A sum is order-free and
// invertible, so a block write updates it in O(1) (take the old term out, put the new one
// in) and two copies compare by digest without reading their blocks.
//
// 64 bits as two uint32 lanes in plain data: each lane is an independent 32-bit hash of
// (block, stamp), added with a carry. No allocation: about 15 ns per block added and 30 ns
// per block rewritten (node 20), where a BigInt sum measured 2x and 3.5x that.
//
// Changed in place, like the rest of the world.

export interface Digest {
  /** High and low 32 bits of the sum, each an integer in [0, 2^32). */
  hi: number;
  lo: number;
}

export function emptyDigest(): Digest {
  return { hi: 0, lo: 0 };
}

const TWO32 = 2 ** 32;
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
/** Two seeds make the lanes independent hashes of the same input. */
const SEED_LO = 0x9747b28c;
const SEED_HI = 0x5bd1e995;

/** One murmur3 block round: mixes a 32-bit word k into h. */
function round(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * murmur3_32 of (block, stamp) with the given seed. Blocks and stamps are below 2^32 in any
 * lab that runs for less than years, so their high words are mixed in only when non-zero:
 * that keeps the common case at two rounds and stays exact for integers up to 2^53.
 */
function hash32(block: number, stamp: number, seed: number): number {
  const blo = block >>> 0;
  const slo = stamp >>> 0;
  let h = round(round(seed, blo), slo);
  if (block !== blo) h = round(h, (block - blo) / TWO32);
  if (stamp !== slo) h = round(h ^ 0x5f356495, (stamp - slo) / TWO32);
  h ^= 8;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function add(d: Digest, block: number, stamp: number): void {
  const sum = d.lo + hash32(block, stamp, SEED_LO);
  const carry = sum >= TWO32 ? 1 : 0;
  d.lo = sum >>> 0;
  d.hi = (d.hi + hash32(block, stamp, SEED_HI) + carry) >>> 0;
}

function subtract(d: Digest, block: number, stamp: number): void {
  const diff = d.lo - hash32(block, stamp, SEED_LO);
  const borrow = diff < 0 ? 1 : 0;
  d.lo = diff >>> 0;
  d.hi = (d.hi - hash32(block, stamp, SEED_HI) - borrow) >>> 0;
}

/** Block gains content `stamp` where it had none. */
export function addBlock(d: Digest, block: number, stamp: number): void {
  if (stamp > 0) add(d, block, stamp);
}

/** Block loses content `stamp` (freed, or about to be overwritten). */
export function removeBlock(d: Digest, block: number, stamp: number): void {
  if (stamp > 0) subtract(d, block, stamp);
}

/** A write changes the block's stamp from `oldStamp` (0: never written) to `newStamp` (0: gone). */
export function rewriteBlock(d: Digest, block: number, oldStamp: number, newStamp: number): void {
  if (oldStamp === newStamp) return;
  if (oldStamp > 0) subtract(d, block, oldStamp);
  if (newStamp > 0) add(d, block, newStamp);
}

/** d += (hi, lo): the digests of disjoint contents sum to the digest of their union. */
export function addDigest(d: Digest, hi: number, lo: number): void {
  const sum = d.lo + lo;
  const carry = sum >= TWO32 ? 1 : 0;
  d.lo = sum >>> 0;
  d.hi = (d.hi + hi + carry) >>> 0;
}

/** d -= (hi, lo): takes out the digest of a part of the contents. */
export function subtractDigest(d: Digest, hi: number, lo: number): void {
  const diff = d.lo - lo;
  const borrow = diff < 0 ? 1 : 0;
  d.lo = diff >>> 0;
  d.hi = (d.hi - hi - borrow) >>> 0;
}

/** The digest computed from scratch (checks, rebuilds after loading an old lab). */
export function digestOf(contents: Iterable<readonly [block: number, stamp: number]>): Digest {
  const d = emptyDigest();
  for (const [block, stamp] of contents) addBlock(d, block, stamp);
  return d;
}

export function sameDigest(a: Digest, b: Digest): boolean {
  return a.hi === b.hi && a.lo === b.lo;
}

export function copyDigest(d: Digest): Digest {
  return { hi: d.hi, lo: d.lo };
}

/** 16 hex digits, for logs and `-info` output. */
export function digestHex(d: Digest): string {
  return d.hi.toString(16).padStart(8, '0') + d.lo.toString(16).padStart(8, '0');
}
