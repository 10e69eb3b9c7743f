// The snapshot copy facility and the snapshot copy differential against a naive oracle
// (oracle.ts: full copies of every version, dense validity). Random sequences of writes,
// runs over whole clone pages (which settle them, so later writes take the settled path:
// volume.ts), snapshot creations, deletions at any position, restores (with and without a safety
// snapshot), validations and invalidations, at granularities of 1 to 64 blocks per meta bit,
// over a block range that crosses a bit map page boundary. After every step: every live
// snapshot reads back exactly its point in time on the blocks valid in it, the present
// contents and meta bit map match, the digest equals a recompute, the save-volume accounting
// adds up. At every write: a before image is saved exactly when a snapshot that reads the
// block from the clone has it valid (so an invalid block is never saved). At every deletion:
// exactly the before images a remaining reader needs move to the next-older entry. Every
// differential copy turns a destination holding L (with garbage in its invalid blocks) into M.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachSetBit, setBitsOf, testBit, type PageBitmap } from '../../../src/engine/blocks/bitmap.js';
import { entriesInOrder, hasSaved } from '../../../src/engine/blocks/blockmap.js';
import { digestOf, sameDigest } from '../../../src/engine/blocks/digest.js';
import { changedBlocks, changedValidBlocks, differentialCopy, extentsOf, fullCopy } from '../../../src/engine/blocks/differential.js';
import { copyMetaBitmap, mayBeValid } from '../../../src/engine/blocks/meta-bitmap.js';
import { restoreSnapshot } from '../../../src/engine/blocks/restore.js';
import {
  createSnapshot,
  deleteSnapshot,
  positionOf,
  readAt,
  refreshSnapshot,
  resolvingPosition,
  saveBlocksUsed,
  snapshotDigest,
  wouldSave,
} from '../../../src/engine/blocks/snapshots.js';
import {
  createVolume,
  invalidateBlocks,
  readBlock,
  recomputeDigest,
  replaceMeta,
  validateBlocks,
  volumeDigest,
  writeBlock,
  writeRun,
  writtenBlocks,
  type Volume,
} from '../../../src/engine/blocks/volume.js';
import { NasError } from '../../../src/engine/errors.js';
import { Oracle, type OracleSnap } from './oracle.js';
import { settledPageCount } from '../../../src/engine/blocks/clone.js';

/** Steps after which some clone page was settled, and single writes made while one was (the settled path open to them). */
const settledSeen = { n: 0, writes: 0 };

/**
 * Blocks BASE..BASE+SPAN-1 are used; they cross a bit map page boundary (4096), and hold
 * two whole clone pages (3968..4095, 4096..4223), which runs over them can settle.
 */
const BASE = 4096 - 150;
const SPAN = 300;
const SIZE = BASE + SPAN + 40;
const MAX_SNAPS = 8;

type Op =
  | { k: 'write'; at: number; zero: boolean }
  | { k: 'fill'; at: number; count: number }
  | { k: 'snap' }
  | { k: 'delete'; which: number }
  | { k: 'refresh'; which: number }
  | { k: 'restore'; which: number; safety: boolean }
  | { k: 'validate'; at: number; count: number }
  | { k: 'invalidate'; at: number; count: number; exact: boolean }
  | { k: 'diff'; a: number; b: number };

/**
 * Block offsets: spread over the range, or (hot) 16 blocks around the page boundary, where
 * the same blocks are rewritten, freed and reused across many snapshots.
 */
function ops(withInvalidation: boolean, hot = false): fc.Arbitrary<Op[]> {
  const at = hot ? fc.integer({ min: 142, max: 157 }) : fc.integer({ min: 0, max: SPAN - 1 });
  const writeAt = hot ? at : fc.oneof(at, fc.integer({ min: 140, max: 170 }));
  const count = fc.integer({ min: 1, max: hot ? 6 : 80 });
  const which = fc.nat(20);
  const choices: fc.WeightedArbitrary<Op>[] = [
    { weight: 12, arbitrary: fc.record({ k: fc.constant('write' as const), at: writeAt, zero: fc.constant(false) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('write' as const), at: writeAt, zero: fc.constant(true) }) },
    // Runs over whole clone pages, so that pages fill, settle (volume.ts), and take the
    // settled path on later writes until something unsettles them.
    ...(hot ? [] : [{ weight: 3, arbitrary: fc.record({ k: fc.constant('fill' as const), at: fc.integer({ min: 0, max: 40 }), count: fc.integer({ min: 200, max: SPAN }) }) }]),
    { weight: 3, arbitrary: fc.constant({ k: 'snap' as const }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), which }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('refresh' as const), which }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('restore' as const), which, safety: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('diff' as const), a: which, b: which }) },
  ];
  if (withInvalidation) {
    choices.push(
      { weight: 2, arbitrary: fc.record({ k: fc.constant('validate' as const), at, count }) },
      { weight: hot ? 5 : 3, arbitrary: fc.record({ k: fc.constant('invalidate' as const), at, count, exact: fc.boolean() }) },
    );
  }
  return fc.array(fc.oneof(...choices), { minLength: 10, maxLength: 60 });
}

function clip(first: number, n: number): [number, number] {
  return [BASE + first, Math.min(n, SPAN - first)];
}

function bitsOf(bm: PageBitmap): number[] {
  return setBitsOf(bm);
}

/** Present contents, meta bit map, digest and the save-volume accounting against the oracle. */
function checkPresent(vol: Volume, o: Oracle): void {
  for (let i = 0; i < SPAN; i++) {
    const b = BASE + i;
    if (readBlock(vol, b) !== o.phys[i]) expect.fail(`clone block ${b}: ${readBlock(vol, b)}, oracle ${o.phys[i]}`);
    if (mayBeValid(vol.meta, b) !== o.validIn(o.groupValid, b)) expect.fail(`meta bit of block ${b}`);
  }
  expect(writtenBlocks(vol)).toBe(o.phys.filter((s) => s > 0).length);
  expect(sameDigest(volumeDigest(vol), digestOf(o.contents(o.phys, o.groupValid)))).toBe(true);
  expect(sameDigest(volumeDigest(vol), recomputeDigest(vol))).toBe(true);
  let used = 0;
  for (const e of vol.snapshots) {
    expect(e.bitmap.count).toBe(e.blockmap.size);
    expect(e.saveVolume.length).toBe(e.blockmap.size);
    for (const [bi, si] of entriesInOrder(e.blockmap)) {
      if (!testBit(e.bitmap, bi)) expect.fail(`block map entry ${bi} without its bit`);
      expect(si).toBeLessThan(e.saveVolume.length);
    }
    used += e.saveVolume.length;
  }
  expect(saveBlocksUsed(vol)).toBe(used);
}

/** Every live snapshot reads back its point in time on its valid blocks, and has its meta bit map. */
function checkSnapshots(vol: Volume, o: Oracle): void {
  expect(vol.snapshots.map((e) => e.id)).toEqual(o.snaps.map((s) => s.id));
  vol.snapshots.forEach((e, pos) => {
    const s = o.snaps[pos];
    for (let i = 0; i < SPAN; i++) {
      const b = BASE + i;
      const valid = o.validIn(s.groupValid, b);
      if (mayBeValid(e.metaBitmap, b) !== valid) expect.fail(`snapshot ${e.id}: meta bit of block ${b}`);
      if (valid && readAt(vol, pos, b) !== s.phys[i]) expect.fail(`snapshot ${e.id} block ${b}: read ${readAt(vol, pos, b)}, was ${s.phys[i]}`);
    }
  });
}

/** A destination file system holding snapshot L: its valid blocks, and garbage in the others. */
function destinationAt(vol: Volume, o: Oracle, l: OracleSnap): Volume {
  const dst = createVolume(SIZE, 2 ** o.shift);
  for (let i = 0; i < SPAN; i++) writeBlock(dst, BASE + i, o.validIn(l.groupValid, BASE + i) ? l.phys[i] : 1_000_000 + i);
  replaceMeta(dst, copyMetaBitmap(vol.snapshots[positionOf(vol, l.id)].metaBitmap));
  return dst;
}

/** The destination's contents are exactly snapshot M's. */
function checkEqualsSnapshot(dst: Volume, vol: Volume, o: Oracle, m: OracleSnap): void {
  for (let i = 0; i < SPAN; i++) {
    const b = BASE + i;
    const valid = o.validIn(m.groupValid, b);
    if (mayBeValid(dst.meta, b) !== valid) expect.fail(`copy: meta bit of block ${b}`);
    if (valid && readBlock(dst, b) !== m.phys[i]) expect.fail(`copy: block ${b} is ${readBlock(dst, b)}, snapshot ${m.id} has ${m.phys[i]}`);
  }
  expect(sameDigest(volumeDigest(dst), digestOf(o.contents(m.phys, m.groupValid)))).toBe(true);
  expect(sameDigest(volumeDigest(dst), snapshotDigest(vol, m.id))).toBe(true);
}

function checkDiff(vol: Volume, o: Oracle, a: number, b: number, allValid: boolean): void {
  const l = o.snaps[a % o.snaps.length];
  const m = o.snaps[b % o.snaps.length];
  const pl = positionOf(vol, l.id);
  const pm = positionOf(vol, m.id);
  if (pm <= pl) {
    for (const f of [() => changedBlocks(vol, l.id, m.id), () => changedValidBlocks(vol, l.id, m.id), () => differentialCopy(vol, l.id, m.id, createVolume(SIZE))]) {
      try {
        f();
        expect.fail('a differential from a snapshot to one not younger must fail');
      } catch (e) {
        expect(e).toBeInstanceOf(NasError);
        expect((e as NasError).code).toBe('ckpt_not_younger');
        expect((e as NasError).data).toEqual({ from: l.id, to: m.id });
      }
    }
    return;
  }
  const sent = bitsOf(changedValidBlocks(vol, l.id, m.id));
  const plain = new Set(bitsOf(changedBlocks(vol, l.id, m.id)));
  const written = o.writtenBetween(l, m);
  const between = o.snaps.slice(pl, pm);
  for (const blk of sent) {
    if (blk < 0 || blk >= SIZE) expect.fail(`sent block ${blk} outside the volume`);
    // Nothing invalid in M is sent (blocks outside the used range are never valid).
    if (blk < BASE || blk >= BASE + SPAN) {
      if (o.validIn(m.groupValid, blk)) continue;
      expect.fail(`sent unused block ${blk}`);
    }
    if (!o.validIn(m.groupValid, blk)) expect.fail(`sent block ${blk}, invalid in M`);
    // Sends nothing the plain scan of a facility without meta bit maps would not (it sends
    // every block written between L and M), except blocks whose validity lapsed in L..M-1,
    // which FIG. 40 sends because a change there may have left no bit.
    const lapsed = between.some((s) => !o.validIn(s.groupValid, blk));
    if (!written.has(blk) && !lapsed) expect.fail(`sent block ${blk}: neither written between L and M nor invalid in between`);
    if (!lapsed && !plain.has(blk)) expect.fail(`sent block ${blk} valid throughout and not in the plain scan`);
  }
  const sentSet = new Set(sent);
  for (let i = 0; i < SPAN; i++) {
    const blk = BASE + i;
    if (!o.validIn(m.groupValid, blk)) continue;
    const changed = !o.validIn(l.groupValid, blk) || l.phys[i] !== m.phys[i];
    if (changed && !sentSet.has(blk)) expect.fail(`block ${blk} changed from L to M and is not sent`);
    if (plain.has(blk) && !sentSet.has(blk)) expect.fail(`block ${blk} valid in M, in the plain scan, not sent`);
  }
  const dst = destinationAt(vol, o, l);
  expect(differentialCopy(vol, l.id, m.id, dst)).toBe(sent.length);
  checkEqualsSnapshot(dst, vol, o, m);
  if (allValid) {
    // Blocks never invalid: FIG. 34's plain scan is exact too.
    const dst2 = destinationAt(vol, o, l);
    differentialCopy(vol, l.id, m.id, dst2, 'plain');
    checkEqualsSnapshot(dst2, vol, o, m);
  }
  // A full copy by extents over garbage: every block in use, nothing else.
  const full = createVolume(SIZE, 2 ** o.shift);
  for (let i = 0; i < SPAN; i += 3) writeBlock(full, BASE + i, 2_000_000 + i);
  const extents = extentsOf(vol, m.id);
  let inUse = 0;
  forEachSetBit(vol.snapshots[pm].metaBitmap.bits, (gr) => void (inUse += Math.max(0, Math.min(2 ** o.shift, SIZE - gr * 2 ** o.shift))));
  expect(extents.reduce((n, e) => n + e[1], 0)).toBe(inUse);
  for (let i = 1; i < extents.length; i++) expect(extents[i][0]).toBeGreaterThan(extents[i - 1][0] + extents[i - 1][1]);
  expect(fullCopy(vol, m.id, full)).toBe(inUse);
  checkEqualsSnapshot(full, vol, o, m);
}

function run(shift: number, list: Op[], allValid: boolean): void {
  const vol = createVolume(SIZE, 2 ** shift);
  const o = new Oracle(BASE, SPAN, shift);
  if (allValid) {
    validateBlocks(vol, BASE, SPAN);
    o.validate(BASE, SPAN);
  }
  let nextId = 1;
  let stamp = 1;
  for (const op of list) {
    o.t++;
    switch (op.k) {
      case 'write': {
        const b = BASE + op.at;
        const s = op.zero ? 0 : stamp++;
        // FIG. 41, characterised: a save exactly when a snapshot reading this block from the clone has it valid.
        const needed = vol.snapshots.some((_, pos) => resolvingPosition(vol, pos, b) === vol.snapshots.length && o.validIn(o.snaps[pos].groupValid, b));
        expect(wouldSave(vol, b)).toBe(needed);
        const before = saveBlocksUsed(vol);
        expect(writeBlock(vol, b, s)).toBe(needed);
        expect(saveBlocksUsed(vol)).toBe(before + (needed ? 1 : 0));
        o.write(b, s);
        break;
      }
      case 'fill': {
        const [first, n] = clip(op.at, op.count);
        let needed = 0;
        for (let b = first; b < first + n; b++) {
          if (vol.snapshots.some((_, pos) => resolvingPosition(vol, pos, b) === vol.snapshots.length && o.validIn(o.snaps[pos].groupValid, b))) needed++;
        }
        expect(writeRun(vol, first, n, stamp)).toBe(needed);
        for (let b = first; b < first + n; b++) o.write(b, stamp++);
        // Single writes over the run: on the pages it settled they take writeBlock's settled path.
        for (let b = first + (op.at % 5); b < first + n; b += 5) {
          const need = vol.snapshots.some((_, pos) => resolvingPosition(vol, pos, b) === vol.snapshots.length && o.validIn(o.snaps[pos].groupValid, b));
          if (settledPageCount(vol) > 0) settledSeen.writes++;
          expect(writeBlock(vol, b, stamp)).toBe(need);
          o.write(b, stamp++);
        }
        break;
      }
      case 'snap':
        if (vol.snapshots.length >= MAX_SNAPS) break;
        createSnapshot(vol, { id: nextId, createdAt: o.t, deltaSetStamp: o.t % 3 === 0 ? null : o.t });
        o.snapshot(nextId++);
        break;
      case 'delete': {
        if (vol.snapshots.length === 0) break;
        const p = op.which % vol.snapshots.length;
        const entry = vol.snapshots[p];
        const expected: number[] = [];
        if (p > 0) {
          for (const [b] of entriesInOrder(entry.blockmap)) {
            if (testBit(vol.snapshots[p - 1].bitmap, b)) continue;
            let reader = false;
            for (let j = 0; j < p; j++) if (resolvingPosition(vol, j, b) === p && o.validIn(o.snaps[j].groupValid, b)) reader = true;
            if (reader) expected.push(b);
          }
        }
        const prevBefore = p > 0 ? vol.snapshots[p - 1].blockmap.size : 0;
        const usedBefore = saveBlocksUsed(vol);
        const d = deleteSnapshot(vol, entry.id);
        expect(d.moved).toBe(expected.length);
        expect(d.freed).toBe(entry.saveVolume.length - expected.length);
        expect(saveBlocksUsed(vol)).toBe(usedBefore - d.freed);
        if (p > 0) {
          expect(vol.snapshots[p - 1].blockmap.size).toBe(prevBefore + expected.length);
          for (const b of expected) expect(hasSaved(vol.snapshots[p - 1].blockmap, b)).toBe(true);
        }
        o.remove(entry.id);
        break;
      }
      case 'refresh': {
        if (vol.snapshots.length === 0) break;
        const id = vol.snapshots[op.which % vol.snapshots.length].id;
        const e = refreshSnapshot(vol, id, o.t, 7);
        expect(e.deltaSetStamp).toBe(7);
        expect(vol.snapshots[vol.snapshots.length - 1]).toBe(e);
        o.remove(id);
        o.snapshot(id);
        break;
      }
      case 'restore': {
        if (vol.snapshots.length === 0) break;
        const s = o.snaps[op.which % o.snaps.length];
        if (op.safety && vol.snapshots.length >= MAX_SNAPS) break;
        const r = restoreSnapshot(vol, s.id, op.safety ? { id: nextId, createdAt: o.t } : undefined);
        if (op.safety) {
          expect(r.safety?.id).toBe(nextId);
          o.snapshot(nextId++);
        }
        o.restore(s);
        break;
      }
      case 'validate': {
        const [first, n] = clip(op.at, op.count);
        validateBlocks(vol, first, n);
        o.validate(first, n);
        break;
      }
      case 'invalidate': {
        const [first, n] = clip(op.at, op.count);
        invalidateBlocks(vol, first, n, op.exact ? o.stillValid : undefined);
        o.invalidate(first, n, op.exact);
        break;
      }
      case 'diff':
        if (o.snaps.length > 0) checkDiff(vol, o, op.a, op.b, allValid);
        break;
    }
    // Before the checks: their digests unsettle pages not written since the last (volume.ts).
    if (settledPageCount(vol) > 0) settledSeen.n++;
    checkPresent(vol, o);
    checkSnapshots(vol, o);
  }
  // The differential between every ordered pair at the end.
  for (let a = 0; a < o.snaps.length; a++) for (let b = 0; b < o.snaps.length; b++) checkDiff(vol, o, a, b, allValid);
}

describe('snapshot copy facility against a naive oracle', () => {
  for (const g of [1, 2, 8, 64]) {
    it(`keeps every snapshot at its point in time, meta bit maps of ${g} block(s) per bit`, () => {
      fc.assert(
        fc.property(ops(true), (list) => run(Math.log2(g), list, false)),
        { seed: 20260112 + g, numRuns: 60 },
      );
    });
    it(`the same on 16 hot blocks across a page boundary, ${g} block(s) per bit`, () => {
      fc.assert(
        fc.property(ops(true, true), (list) => run(Math.log2(g), list, false)),
        { seed: 7 + g, numRuns: 150 },
      );
    });
  }

  it('with every block valid throughout, the plain scan (FIG. 34) copies exactly too', () => {
    fc.assert(
      fc.property(ops(false), (list) => run(0, list, true)),
      { seed: 1202, numRuns: 60 },
    );
  });
});

describe('settled pages in the oracle runs', () => {
  it('were reached (so the runs above went through the settled path too)', () => {
    expect(settledSeen.n).toBeGreaterThan(100);
    expect(settledSeen.writes).toBeGreaterThan(1000);
  });
});
