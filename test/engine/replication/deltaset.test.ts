// Delta sets against a naive model: random writes, zeroings and invalidations on a logged
// volume (with snapshots now and then, so the write path's settled shortcut and the snapshot
// copy facility are both in play), cut into delta sets and played back into a second volume,
// which must then hold exactly the first's contents; the cut must carry each modified block
// once with its value at the cut; a tampered set is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startLog, loggedBlocks } from '../../../src/engine/blocks/modlog.js';
import { createSnapshot } from '../../../src/engine/blocks/snapshots.js';
import { createVolume, invalidateBlocks, isValidBlock, peekDigest, readBlock, writeBlock, writeRun } from '../../../src/engine/blocks/volume.js';
import { createFiles } from '../../../src/engine/files/files.js';
import { checkReceived, cutDeltaSet, INVALID, playBack } from '../../../src/engine/replication/deltaset.js';
import type { DeltaSet, FsContents } from '../../../src/engine/types.js';

const SIZE = 4096;

type Op = { k: 'w'; b: number; s: number } | { k: 'run'; b: number; n: number; s: number } | { k: 'inv'; b: number; n: number } | { k: 'snap' } | { k: 'cut' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('w' as const), b: fc.integer({ min: 0, max: SIZE - 1 }), s: fc.integer({ min: 0, max: 1000 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('run' as const), b: fc.integer({ min: 0, max: SIZE - 300 }), n: fc.integer({ min: 1, max: 300 }), s: fc.integer({ min: 0, max: 1000 }) }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('inv' as const), b: fc.integer({ min: 0, max: SIZE - 64 }), n: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'snap' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'cut' as const }) },
);

function contents(): FsContents {
  const volume = createVolume(SIZE);
  return { volume, files: createFiles(volume) };
}

/** The valid blocks and their stamps, block by block (the definition of contents). */
function model(c: FsContents): Map<number, number> {
  const m = new Map<number, number>();
  for (let b = 0; b < SIZE; b++) if (isValidBlock(c.volume, b)) m.set(b, readBlock(c.volume, b));
  return m;
}

describe('delta sets', () => {
  it('carry every modified block once, as it was at the cut, and play back to the same contents', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const src = contents();
        const dst = contents();
        startLog(src.volume);
        let modified = new Set<number>();
        let n = 1;
        let snap = 1;
        const sets: DeltaSet[] = [];
        const cut = () => {
          expect(loggedBlocks(src.volume)).toBe(modified.size);
          const set = cutDeltaSet(src, 32, n++, 1, 0);
          const now = model(src);
          const carried = [...set.blocks].map((w) => w & ~INVALID & 0x7fffffff);
          expect(carried).toEqual([...modified].sort((a, b) => a - b));
          set.blocks.forEach((w, i) => {
            const b = w & 0x7fffffff;
            if ((w & INVALID) !== 0) expect(now.has(b)).toBe(false);
            else expect(set.stamps[i]).toBe(now.get(b));
          });
          expect(checkReceived(set, 1, set.chunks)).toBeNull();
          sets.push(set);
          modified = new Set();
        };
        for (const o of ops) {
          if (o.k === 'w') {
            writeBlock(src.volume, o.b, o.s);
            modified.add(o.b);
          } else if (o.k === 'run') {
            writeRun(src.volume, o.b, o.n, o.s);
            for (let i = 0; i < o.n; i++) modified.add(o.b + i);
          } else if (o.k === 'inv') {
            invalidateBlocks(src.volume, o.b, o.n);
            for (let i = 0; i < o.n; i++) modified.add(o.b + i);
          } else if (o.k === 'snap') {
            createSnapshot(src.volume, { id: snap++, createdAt: 0 });
          } else cut();
        }
        cut();
        playBack(dst, sets);
        expect(model(dst)).toEqual(model(src));
        expect(peekDigest(dst.volume)).toEqual(peekDigest(src.volume));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a set whose header, generation, chunks or data do not check', () => {
    const src = contents();
    startLog(src.volume);
    writeRun(src.volume, 10, 300, 5);
    const set = cutDeltaSet(src, 32, 7, 3, 0);
    expect(set.chunks).toBe(3);
    expect(checkReceived(set, 3, 3)).toBeNull();
    expect(checkReceived(set, 4, 3)).toBe('generation');
    expect(checkReceived(set, 3, 2)).toBe('missing chunks');
    expect(checkReceived({ ...set, stamps: set.stamps.map((s, i) => (i === 5 ? s + 1 : s)) }, 3, 3)).toBe('data checksum');
    expect(checkReceived({ ...set, n: 8 }, 3, 3)).toBe('header checksum');
  });
});
