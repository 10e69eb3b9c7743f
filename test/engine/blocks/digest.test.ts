// The running digest against recomputation from scratch: equal contents give equal digests
// whatever the write order, an incremental update equals a recompute, and different
// contents (random, or one block moved, swapped or rewritten) give different digests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBlock, copyDigest, digestHex, digestOf, emptyDigest, removeBlock, rewriteBlock, sameDigest } from '../../../src/engine/blocks/digest.js';

const block = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 64 }), fc.integer({ min: 2 ** 31 - 64, max: 2 ** 32 - 1 }));
const stamp = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 53 - 1 }));
/** A write of `stamp` to `block`; stamp 0 frees the block. */
const write = fc.record({ block, stamp: fc.oneof({ weight: 4, arbitrary: stamp }, { weight: 1, arbitrary: fc.constant(0) }) });

/** Replays writes on a content map, keeping the digest up to date as a file system would. */
function replay(writes: { block: number; stamp: number }[]): { contents: Map<number, number>; digest: ReturnType<typeof emptyDigest> } {
  const contents = new Map<number, number>();
  const digest = emptyDigest();
  for (const w of writes) {
    rewriteBlock(digest, w.block, contents.get(w.block) ?? 0, w.stamp);
    if (w.stamp > 0) contents.set(w.block, w.stamp);
    else contents.delete(w.block);
  }
  return { contents, digest };
}

describe('running digest', () => {
  it('an incrementally kept digest equals the digest recomputed from the contents', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 200 }), (writes) => {
        const { contents, digest } = replay(writes);
        expect(digest).toEqual(digestOf(contents));
        expect(Number.isInteger(digest.hi) && digest.hi >= 0 && digest.hi < 2 ** 32).toBe(true);
        expect(Number.isInteger(digest.lo) && digest.lo >= 0 && digest.lo < 2 ** 32).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('equal contents give equal digests whatever the order and history of the writes', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 100 }), fc.array(write, { maxLength: 50 }), fc.nat(), (writes, noise, seed) => {
        const { contents, digest } = replay(writes);
        // Another history: noise first, then the final contents in a shuffled order, then
        // freeing whatever the noise left that the contents do not have.
        const entries = [...contents].map(([b, s]) => ({ block: b, stamp: s }));
        const shuffled = entries
          .map((e, i) => ({ e, k: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        const other = replay([...noise, ...shuffled]);
        for (const b of [...other.contents.keys()]) if (!contents.has(b)) rewriteBlock(other.digest, b, other.contents.get(b)!, 0);
        expect(sameDigest(other.digest, digest)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('different contents give different digests', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 100 }), fc.array(write, { maxLength: 100 }), (wa, wb) => {
        const a = replay(wa);
        const b = replay(wb);
        const equal = a.contents.size === b.contents.size && [...a.contents].every(([k, v]) => b.contents.get(k) === v);
        expect(sameDigest(a.digest, b.digest)).toBe(equal);
      }),
      { numRuns: 500 },
    );
  });

  it('notices one block moved, two stamps swapped, or one stamp off by one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 31 - 2 }), { minLength: 2, maxLength: 50 }), fc.integer({ min: 1, max: 2 ** 40 }), (blocks, base) => {
        const contents = new Map(blocks.map((b, i) => [b, base + i] as [number, number]));
        const d = digestOf(contents);
        const [b0, b1] = blocks;
        const moved = new Map(contents);
        moved.delete(b0);
        if (!contents.has(b0 + 1)) {
          moved.set(b0 + 1, base);
          expect(sameDigest(digestOf(moved), d)).toBe(false);
        }
        const swapped = new Map(contents).set(b0, base + 1).set(b1, base);
        expect(sameDigest(digestOf(swapped), d)).toBe(false);
        const bumped = new Map(contents).set(b0, base + 2 ** 32); // differs only above 32 bits
        expect(sameDigest(digestOf(bumped), d)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a block written and freed leaves the empty digest; stamp 0 is no content', () => {
    const d = emptyDigest();
    addBlock(d, 5, 9);
    expect(sameDigest(d, emptyDigest())).toBe(false);
    const before = copyDigest(d);
    addBlock(d, 6, 0);
    expect(d).toEqual(before);
    removeBlock(d, 5, 9);
    expect(d).toEqual(emptyDigest());
    expect(digestHex(d)).toBe('0000000000000000');
    expect(digestHex({ hi: 0xabc, lo: 0xffffffff })).toBe('00000abcffffffff');
  });
});
