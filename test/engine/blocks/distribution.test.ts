// Snapshot distribution (FIGS. 36-38): each branch of FIG. 38 as a named case, then a
// property test against a naive oracle: the remote keeps a full copy of every retained
// version (oracle.ts), the local a full copy of the one it holds; random remote writes,
// file deletions, snapshot creations, deletions and refreshes, and local update requests,
// at random virtual times. After every request the local equals the version it says it
// holds, it asked exactly when its minimum interval had elapsed, and it got a full copy only
// when the remote no longer had its version.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedValidBlocks } from '../../../src/engine/blocks/differential.js';
import { digestOf, sameDigest } from '../../../src/engine/blocks/digest.js';
import {
  applyUpdate,
  createLocalReplica,
  mayRequest,
  nextRequestAt,
  requestUpdate,
  updateLocal,
  type LocalReplica,
  type UpdateAnswer,
} from '../../../src/engine/blocks/distribution.js';
import { mayBeValid } from '../../../src/engine/blocks/meta-bitmap.js';
import { createSnapshot, deleteSnapshot, refreshSnapshot, snapshotDigest } from '../../../src/engine/blocks/snapshots.js';
import { createVolume, invalidateBlocks, readBlock, volumeDigest, writeBlock, writtenBlocks, type Volume } from '../../../src/engine/blocks/volume.js';
import { Oracle } from './oracle.js';

const SIZE = 256;

function remoteWith(writes: [number, number][]): Volume {
  const v = createVolume(SIZE);
  for (const [b, s] of writes) writeBlock(v, b, s);
  return v;
}

/** The local equals remote snapshot `id`, by digest and block by block. */
function expectHolds(localVol: Volume, remote: Volume, id: number): void {
  expect(sameDigest(volumeDigest(localVol), snapshotDigest(remote, id))).toBe(true);
}

function answered(local: LocalReplica, localVol: Volume, remote: Volume, now: number): { answer: UpdateAnswer; sent: number } {
  const out = updateLocal(local, localVol, remote, now);
  if (!out.decision.asked) expect.fail(`expected a request at ${now}`);
  return { answer: out.decision.answer, sent: out.sent };
}

describe('FIG. 38, branch by branch', () => {
  it('step 642: not asked before the minimum interval has elapsed since the last update', () => {
    const remote = remoteWith([[1, 11]]);
    createSnapshot(remote, { id: 1, createdAt: 0 });
    const local = createLocalReplica('cel_pfs', 500);
    const localVol = createVolume(SIZE);
    expect(mayRequest(local, 0)).toBe(true);
    answered(local, localVol, remote, 1000);
    writeBlock(remote, 2, 22);
    createSnapshot(remote, { id: 2, createdAt: 1100 });
    const before = volumeDigest(localVol);
    const out = updateLocal(local, localVol, remote, 1499);
    expect(out).toEqual({ decision: { asked: false, nextAt: 1500 }, sent: 0 });
    expect(local.lastUpdate).toBe(1000);
    expect(local.version).toEqual({ id: 1, createdAt: 0 });
    expect(sameDigest(volumeDigest(localVol), before)).toBe(true);
    expect(nextRequestAt(local)).toBe(1500);
    // Exactly Tmin later it is time.
    expect(answered(local, localVol, remote, 1500).answer.kind).toBe('delta');
    expect(() => mayRequest(local, 1400)).toThrow(RangeError);
  });

  it('first copy: a local holding no version gets the full youngest (step 648)', () => {
    const remote = remoteWith([
      [1, 11],
      [2, 12],
    ]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    writeBlock(remote, 3, 13);
    createSnapshot(remote, { id: 2, createdAt: 20 });
    writeBlock(remote, 4, 14); // after the youngest snapshot: not part of what is sent
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    const { answer, sent } = answered(local, localVol, remote, 30);
    expect(answer).toEqual({ kind: 'full', step: 648, to: { id: 2, createdAt: 20 }, have: null });
    expect(sent).toBe(3);
    expect(local.version).toEqual({ id: 2, createdAt: 20 });
    expect(local.lastUpdate).toBe(30);
    expectHolds(localVol, remote, 2);
    expect(mayBeValid(localVol.meta, 4)).toBe(false);
  });

  it('step 646: Q is already the youngest: nothing is sent, Tu is reset', () => {
    const remote = remoteWith([[1, 11]]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    const local = createLocalReplica('cel_pfs', 100);
    const localVol = createVolume(SIZE);
    answered(local, localVol, remote, 10);
    writeBlock(remote, 1, 99); // the file system moves on, but no newer snapshot exists
    const { answer, sent } = answered(local, localVol, remote, 200);
    expect(answer).toEqual({ kind: 'nothing', step: 646, youngest: { id: 1, createdAt: 10 } });
    expect(sent).toBe(0);
    expect(local.lastUpdate).toBe(200);
    expect(local.version).toEqual({ id: 1, createdAt: 10 });
    expect(readBlock(localVol, 1)).toBe(11);
  });

  it('step 646: a remote with no snapshot has no version to offer', () => {
    const remote = remoteWith([[1, 11]]);
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    const { answer, sent } = answered(local, localVol, remote, 5);
    expect(answer).toEqual({ kind: 'nothing', step: 646, youngest: null });
    expect(sent).toBe(0);
    expect(local.version).toBeNull();
    expect(local.lastUpdate).toBe(5);
  });

  it('step 649: Q still retained and older than J+K: the delta Q -> J+K, only the changed blocks', () => {
    const remote = remoteWith([
      [1, 11],
      [2, 12],
      [3, 13],
    ]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    answered(local, localVol, remote, 10);
    writeBlock(remote, 2, 22);
    createSnapshot(remote, { id: 2, createdAt: 20 });
    writeBlock(remote, 3, 33);
    writeBlock(remote, 5, 35);
    invalidateBlocks(remote, 1, 1); // a file deleted: not sent, and gone from the local's contents
    createSnapshot(remote, { id: 3, createdAt: 30 });
    const expected = changedValidBlocks(remote, 1, 3).count;
    const { answer, sent } = answered(local, localVol, remote, 40);
    expect(answer).toEqual({ kind: 'delta', step: 649, from: { id: 1, createdAt: 10 }, to: { id: 3, createdAt: 30 } });
    expect(sent).toBe(expected);
    expect(sent).toBe(3);
    expect(local.version).toEqual({ id: 3, createdAt: 30 });
    expectHolds(localVol, remote, 3);
    expect(mayBeValid(localVol.meta, 1)).toBe(false);
  });

  it('step 648: Q too old (left the head of the queue): the full youngest', () => {
    const remote = remoteWith([[1, 11]]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    answered(local, localVol, remote, 10);
    writeBlock(remote, 2, 12);
    createSnapshot(remote, { id: 2, createdAt: 20 });
    deleteSnapshot(remote, 1);
    const { answer } = answered(local, localVol, remote, 30);
    expect(answer).toEqual({ kind: 'full', step: 648, to: { id: 2, createdAt: 20 }, have: { id: 1, createdAt: 10 } });
    expectHolds(localVol, remote, 2);
  });

  it('step 648: Q deleted from the middle of the queue, though not the oldest', () => {
    const remote = remoteWith([[1, 11]]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    writeBlock(remote, 2, 12);
    createSnapshot(remote, { id: 2, createdAt: 20 });
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    answered(local, localVol, remote, 20);
    writeBlock(remote, 3, 13);
    createSnapshot(remote, { id: 3, createdAt: 30 });
    deleteSnapshot(remote, 2);
    const { answer } = answered(local, localVol, remote, 40);
    expect(answer.kind).toBe('full');
    expectHolds(localVol, remote, 3);
  });

  it('step 648: Q refreshed under the same id is another version', () => {
    const remote = remoteWith([[1, 11]]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    answered(local, localVol, remote, 10);
    writeBlock(remote, 1, 21);
    refreshSnapshot(remote, 1, 20);
    const { answer } = answered(local, localVol, remote, 30);
    expect(answer).toEqual({ kind: 'full', step: 648, to: { id: 1, createdAt: 20 }, have: { id: 1, createdAt: 10 } });
    expect(readBlock(localVol, 1)).toBe(21);
  });

  it('step 648: the youngest deleted after the local copied it: the local returns to what the remote offers', () => {
    const remote = remoteWith([[1, 11]]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    writeBlock(remote, 1, 21);
    createSnapshot(remote, { id: 2, createdAt: 20 });
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    answered(local, localVol, remote, 20);
    deleteSnapshot(remote, 2);
    const { answer } = answered(local, localVol, remote, 30);
    expect(answer).toEqual({ kind: 'full', step: 648, to: { id: 1, createdAt: 10 }, have: { id: 2, createdAt: 20 } });
    expect(readBlock(localVol, 1)).toBe(11);
  });

  it('an answer that no longer fits the remote or the local is refused before anything changes', () => {
    const remote = remoteWith([[1, 11]]);
    createSnapshot(remote, { id: 1, createdAt: 10 });
    const local = createLocalReplica('cel_pfs', 0);
    const localVol = createVolume(SIZE);
    answered(local, localVol, remote, 10);
    writeBlock(remote, 1, 21);
    createSnapshot(remote, { id: 2, createdAt: 20 });
    const decision = requestUpdate(local, remote, 30);
    if (!decision.asked) expect.fail('expected a request');
    deleteSnapshot(remote, 2);
    const before = { ...local, digest: volumeDigest(localVol) };
    expect(() => applyUpdate(remote, decision.answer, local, localVol, 30)).toThrow(/no longer at the remote/);
    expect({ ...local, digest: volumeDigest(localVol) }).toEqual(before);
    // A local file system smaller than the remote cannot take its blocks.
    const small = createVolume(SIZE - 1);
    const fresh = createLocalReplica('cel_pfs', 0);
    expect(() => updateLocal(fresh, small, remote, 40)).toThrow(RangeError);
    expect(fresh).toEqual(createLocalReplica('cel_pfs', 0));
    expect(writtenBlocks(small)).toBe(0);
  });
});

// ---- Property test against the naive oracle ----

const BASE = 4096 - 60; // the used blocks cross a bit map page boundary
const SPAN = 120;
const PSIZE = BASE + SPAN + 8;

type Op = { k: 'write'; at: number } | { k: 'free'; at: number; count: number } | { k: 'snap' } | { k: 'delete'; which: number } | { k: 'refresh'; which: number } | { k: 'ask' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ k: fc.constant('write' as const), at: fc.nat(SPAN - 1) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('free' as const), at: fc.nat(SPAN - 1), count: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 3, arbitrary: fc.constant({ k: 'snap' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), which: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('refresh' as const), which: fc.nat(20) }) },
  { weight: 5, arbitrary: fc.constant({ k: 'ask' as const }) },
);

/** The naive local: a full copy of the version it holds. */
interface NaiveLocal {
  version: { id: number; createdAt: number } | null;
  phys: Float64Array;
  groupValid: Uint8Array;
  lastAsk: number | null;
}

describe('snapshot distribution against a naive oracle', () => {
  it('the local always holds its version, asks only when due, and gets a delta whenever one is possible', () => {
    const seen = new Map<string, number>();
    const count = (what: string): void => void seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(
        fc.constantFrom(1, 4),
        fc.integer({ min: 0, max: 50 }),
        // Time moves on by at least 1 ms an operation (see distribution.ts: a refresh within
        // the millisecond of the version it replaces cannot be told from it).
        fc.array(fc.tuple(opArb, fc.integer({ min: 1, max: 30 })), { minLength: 20, maxLength: 120, size: '+1' }),
        (granularity, tmin, steps) => {
          const shift = Math.log2(granularity);
          const remote = createVolume(PSIZE, granularity);
          const o = new Oracle(BASE, SPAN, shift);
          const created = new Map<number, number>();
          const localVol = createVolume(PSIZE, granularity);
          // Garbage the first full copy must not leave in the contents.
          for (let i = 0; i < SPAN; i += 3) writeBlock(localVol, BASE + i, 7_000_000 + i);
          const local = createLocalReplica('cel_pfs', tmin);
          const naive: NaiveLocal = { version: null, phys: new Float64Array(SPAN), groupValid: new Uint8Array(o.groupValid.length), lastAsk: null };
          let now = 0;
          let stamp = 1;
          let nextId = 1;
          for (const [op, dt] of steps) {
            now += dt;
            o.t++;
            switch (op.k) {
              case 'write':
                writeBlock(remote, BASE + op.at, stamp);
                o.write(BASE + op.at, stamp);
                stamp++;
                break;
              case 'free': {
                const count = Math.min(op.count, SPAN - op.at);
                invalidateBlocks(remote, BASE + op.at, count, o.stillValid);
                o.invalidate(BASE + op.at, count, true);
                break;
              }
              case 'snap':
                if (o.snaps.length >= 6) break;
                createSnapshot(remote, { id: nextId, createdAt: now });
                o.snapshot(nextId);
                created.set(nextId++, now);
                break;
              case 'delete':
              case 'refresh': {
                if (o.snaps.length === 0) break;
                const id = o.snaps[op.which % o.snaps.length].id;
                o.remove(id);
                if (op.k === 'delete') deleteSnapshot(remote, id);
                else {
                  refreshSnapshot(remote, id, now);
                  o.snapshot(id);
                  created.set(id, now);
                }
                break;
              }
              case 'ask': {
                const due = naive.lastAsk === null || now - naive.lastAsk >= tmin;
                const out = updateLocal(local, localVol, remote, now);
                expect(out.decision.asked).toBe(due);
                if (!out.decision.asked) {
                  count('not asked');
                  expect(out.decision.nextAt).toBe(naive.lastAsk! + tmin);
                  break;
                }
                naive.lastAsk = now;
                // The oracle's answer, from its own full copies.
                const youngest = o.snaps[o.snaps.length - 1];
                const have = naive.version;
                const retained = have !== null && o.snaps.some((s) => s.id === have.id && created.get(s.id) === have.createdAt);
                const youngestRef = youngest && { id: youngest.id, createdAt: created.get(youngest.id)! };
                const isYoungest = have !== null && youngestRef !== undefined && have.id === youngestRef.id && have.createdAt === youngestRef.createdAt;
                const kind = youngest === undefined || isYoungest ? 'nothing' : retained ? 'delta' : 'full';
                const answer = out.decision.answer;
                expect(answer.kind).toBe(kind);
                count(answer.kind === 'full' ? (have === null ? 'first copy' : 'full, Q gone') : answer.kind);
                if (answer.kind === 'delta') expect(out.sent).toBeLessThanOrEqual(SPAN);
                if (kind !== 'nothing') {
                  naive.version = youngestRef!;
                  naive.phys = youngest.phys.slice();
                  naive.groupValid = youngest.groupValid.slice();
                }
                expect(local.version).toEqual(naive.version);
                expect(local.lastUpdate).toBe(now);
                break;
              }
            }
            // Whatever the remote did, the local holds exactly the version it names.
            if (naive.version === null) continue;
            for (let i = 0; i < SPAN; i++) {
              const b = BASE + i;
              const valid = naive.groupValid[b >>> shift] === 1;
              if (mayBeValid(localVol.meta, b) !== valid) expect.fail(`local meta bit of block ${b}`);
              if (valid && readBlock(localVol, b) !== naive.phys[i]) expect.fail(`local block ${b} is ${readBlock(localVol, b)}, version has ${naive.phys[i]}`);
            }
            const contents: [number, number][] = [];
            for (let i = 0; i < SPAN; i++) if (naive.phys[i] > 0 && naive.groupValid[(BASE + i) >>> shift] === 1) contents.push([BASE + i, naive.phys[i]]);
            expect(sameDigest(volumeDigest(localVol), digestOf(contents))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
    // Every branch of FIG. 38 was taken, many times.
    for (const what of ['not asked', 'first copy', 'full, Q gone', 'nothing', 'delta']) expect(seen.get(what) ?? 0).toBeGreaterThan(100);
  });
});
