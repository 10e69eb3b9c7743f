// The block map (FIG. 44) against a list of (Bi, Si) records, and the bit map it implies
// ([000224]).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setBitsOf } from '../../../src/engine/blocks/bitmap.js';
import { bitmapOfBlockMap, copyBlockMap, createBlockMap, entriesByBlock, hasSaved, recordSave, saveAddressOf, savedCount } from '../../../src/engine/blocks/blockmap.js';

describe('block map', () => {
  it('finds each saved block at its save-volume address, and its bit map is its key set', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 200 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (blocks, probe) => {
        const bm = createBlockMap();
        blocks.forEach((b, i) => recordSave(bm, b, i));
        expect(savedCount(bm)).toBe(blocks.length);
        blocks.forEach((b, i) => expect(saveAddressOf(bm, b)).toBe(i));
        expect(hasSaved(bm, probe)).toBe(blocks.includes(probe));
        expect(saveAddressOf(bm, probe)).toBe(blocks.includes(probe) ? blocks.indexOf(probe) : undefined);
        const sorted = [...blocks].sort((a, b) => a - b);
        expect(entriesByBlock(bm)).toEqual(sorted.map((b) => [b, blocks.indexOf(b)]));
        expect(setBitsOf(bitmapOfBlockMap(bm))).toEqual(sorted);
      }),
    );
  });

  it('refuses a second save of the same block (a before image is saved once per snapshot)', () => {
    const bm = createBlockMap();
    recordSave(bm, 7, 0);
    expect(() => recordSave(bm, 7, 1)).toThrow(/already saved/);
    expect(saveAddressOf(bm, 7)).toBe(0);
    const copy = copyBlockMap(bm);
    recordSave(copy, 8, 1);
    expect(hasSaved(bm, 8)).toBe(false);
  });
});
