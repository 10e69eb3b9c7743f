// The extent allocator against a dense model (one flag per block): random allocations (with
// and without an in-place extension hint) and releases. It never hands out a block that is
// taken, hands out exactly what was asked, keeps its free list sorted, disjoint and
// coalesced, refuses a request larger than what is free without changing anything, and
// follows its documented policy (in-place extension, next fit from the cursor).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, createAllocator, isFree, rebuildAllocator, release, usedBlocks, type Allocator, type Extent } from '../../../src/engine/files/allocator.js';

function checkShape(a: Allocator, taken: Uint8Array): void {
  let free = 0;
  let prevEnd = -1;
  for (const e of a.free) {
    expect(e.count).toBeGreaterThan(0);
    // Sorted, disjoint, and not touching the previous one (coalesced).
    expect(e.start).toBeGreaterThan(prevEnd);
    prevEnd = e.start + e.count;
    free += e.count;
  }
  expect(prevEnd).toBeLessThanOrEqual(a.size);
  expect(a.freeBlocks).toBe(free);
  for (let b = 0; b < a.size; b++) expect(isFree(a, b)).toBe(taken[b] === 0);
  expect(usedBlocks(a)).toBe(taken.reduce((s, x) => s + x, 0));
}

describe('extent allocator', () => {
  it('a fresh allocator is one free run', () => {
    const a = createAllocator(2 ** 31);
    expect(a.free).toEqual([{ start: 0, count: 2 ** 31 }]);
    expect(allocate(a, 10)).toEqual([{ start: 0, count: 10 }]);
    expect(a.cursor).toBe(10);
  });

  it('extends a file in place, else next fit from the cursor, else pieces', () => {
    const a = createAllocator(100);
    expect(allocate(a, 10)).toEqual([{ start: 0, count: 10 }]);
    expect(allocate(a, 10)).toEqual([{ start: 10, count: 10 }]);
    release(a, { start: 0, count: 10 });
    // Next fit: the freed blocks at the bottom wait; the cursor is at 20.
    expect(allocate(a, 5)).toEqual([{ start: 20, count: 5 }]);
    // In place after the file ending at 25.
    expect(allocate(a, 5, 25)).toEqual([{ start: 25, count: 5 }]);
    // In place where the next block is taken: next fit instead.
    expect(allocate(a, 5, 20)).toEqual([{ start: 30, count: 5 }]);
    expect(allocate(a, 60)).toEqual([{ start: 35, count: 60 }]);
    // The 5 blocks after the cursor (95..99) are too few: wraps to the first run that holds 8.
    expect(allocate(a, 8)).toEqual([{ start: 0, count: 8 }]);
    // 2 blocks at 8..9 and 5 at 95..99 remain: 7 blocks come in pieces, from the cursor (8) round.
    expect(a.freeBlocks).toBe(7);
    expect(allocate(a, 7)).toEqual([
      { start: 8, count: 2 },
      { start: 95, count: 5 },
    ]);
    expect(a.freeBlocks).toBe(0);
  });

  it('a partial in-place extension continues by next fit', () => {
    const a = createAllocator(50);
    allocate(a, 10); // the file: 0..9
    allocate(a, 5); // another: 10..14
    release(a, { start: 10, count: 3 }); // 10..12 free again after the file
    expect(allocate(a, 6, 10)).toEqual([
      { start: 10, count: 3 },
      { start: 15, count: 3 },
    ]);
  });

  it('refuses more than is free, changing nothing', () => {
    const a = createAllocator(20);
    allocate(a, 15);
    const before = structuredClone(a);
    expect(allocate(a, 6)).toBeNull();
    expect(a).toEqual(before);
  });

  it('rejects freeing what is free', () => {
    const a = createAllocator(20);
    allocate(a, 5);
    expect(() => release(a, { start: 4, count: 2 })).toThrow(/already/);
  });

  it('rebuilds from what files own', () => {
    const a = rebuildAllocator(
      20,
      [
        { start: 5, count: 3 },
        { start: 0, count: 2 },
        { start: 8, count: 1 },
      ],
      7,
    );
    expect(a.free).toEqual([
      { start: 2, count: 3 },
      { start: 9, count: 11 },
    ]);
    expect(a.freeBlocks).toBe(14);
    expect(a.cursor).toBe(7);
    expect(() =>
      rebuildAllocator(20, [
        { start: 0, count: 3 },
        { start: 2, count: 1 },
      ]),
    ).toThrow(/twice/);
  });

  it('never hands out a taken block (random allocations and releases)', () => {
    const SIZE = 150;
    type Op = { k: 'alloc'; n: number; hint: boolean; pick: number } | { k: 'free'; pick: number; part: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ k: fc.constant('alloc' as const), n: fc.integer({ min: 0, max: 60 }), hint: fc.boolean(), pick: fc.nat() }),
      fc.record({ k: fc.constant('free' as const), pick: fc.nat(), part: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const a = createAllocator(SIZE);
        const taken = new Uint8Array(SIZE);
        // Owners: lists of runs, as files hold them.
        const owners: Extent[][] = [];
        for (const o of ops) {
          if (o.k === 'alloc') {
            const owner = o.hint && owners.length > 0 ? owners[o.pick % owners.length] : undefined;
            const last = owner?.[owner.length - 1];
            const before = structuredClone(a);
            const runs = allocate(a, o.n, last === undefined ? undefined : last.start + last.count);
            if (o.n > before.freeBlocks) {
              expect(runs).toBeNull();
              expect(a).toEqual(before);
              continue;
            }
            expect(runs).not.toBeNull();
            let got = 0;
            for (const r of runs!) {
              for (let b = r.start; b < r.start + r.count; b++) {
                expect(taken[b]).toBe(0);
                taken[b] = 1;
              }
              got += r.count;
            }
            expect(got).toBe(o.n);
            if (last !== undefined && o.n > 0 && before.free.some((e) => e.start === last.start + last.count)) {
              expect(runs![0].start).toBe(last.start + last.count);
            }
            if (owner) owner.push(...runs!);
            else owners.push([...runs!]);
          } else if (owners.length > 0) {
            const i = o.pick % owners.length;
            const runs = owners[i];
            // Free the whole owner, or the tail of one of its runs (a truncation).
            if (o.part % 3 === 0 && runs.length > 0) {
              const r = runs[runs.length - 1];
              const k = o.part % (r.count + 1);
              release(a, { start: r.start + k, count: r.count - k });
              for (let b = r.start + k; b < r.start + r.count; b++) taken[b] = 0;
              r.count = k;
            } else {
              for (const r of runs) {
                release(a, r);
                for (let b = r.start; b < r.start + r.count; b++) taken[b] = 0;
              }
              owners.splice(i, 1);
            }
          }
          checkShape(a, taken);
        }
      }),
      { numRuns: 200 },
    );
  });
});
