// Figure: writes through the snapshot copy facility (FIG. 41 with FIG. 43 bit maps) with 8
// snapshots alive, against a plain typed-array write loop over the same blocks in the same
// run. A file system of 2^18 blocks, all written and valid; 8 snapshots with 20,000 random
// writes between them. Each timed batch writes 100,000 random blocks through writeBlock
// (FIG. 41's test and save, clone page write, meta bit map check, digest page marked dirty;
// on a settled clone page, volume.ts, the test is already answered for the whole page and
// the write is a page table probe and a store).
// - Steady state, the headline: after the tail snapshot was taken every block was written
//   once (untimed), so the tail holds every before image and each write stops at FIG. 41's
//   step 683 - what most writes meet between checkpoints taken hours apart. The first write
//   to each clone page after the digest was brought up to date (as it is, untimed, after
//   every batch) marks the page dirty again, and is timed.
// - Fresh tail: before each batch, untimed, the oldest snapshot is deleted and a new one
//   taken (8 stay alive), so about a third of each batch's writes are a block's first since
//   the tail and save a before image (block map insert, save volume append).
// - Extents: the steady state with writes in runs of 64 blocks at random places, as files
//   are written; once block by block through writeBlock, once a run at a time through
//   writeRun (how the file layer writes an extent).
// The digest is off the write path (volume.ts); bringing it up to date after a batch is
// timed apart and reported in the notes.
import { performance } from 'node:perf_hooks';
import { createSnapshot, deleteSnapshot } from '../src/engine/blocks/snapshots.js';
import { createVolume, recomputeDigest, validateBlocks, volumeDigest, writeBlock, writeRun, type Volume } from '../src/engine/blocks/volume.js';
import { clonePageCount, settledPageCount } from '../src/engine/blocks/clone.js';
import { sameDigest } from '../src/engine/blocks/digest.js';
import { timedRow, type Outcome } from './report.js';
import { median } from './stats.js';
import { mulberry32 } from '../src/engine/random.js';

const BLOCKS = 2 ** 18;
const SNAPSHOTS = 8;
const BATCH = 100_000;
const RUNS = 12;
const RUN_LENGTH = 64;

function randomBlocks(n: number, seed: number): Int32Array {
  const r = mulberry32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * BLOCKS);
  return out;
}

/** n writes in runs of RUN_LENGTH consecutive blocks starting at random places. */
function extentBlocks(n: number, seed: number): Int32Array {
  const r = mulberry32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i += RUN_LENGTH) {
    const first = Math.floor(r() * (BLOCKS - RUN_LENGTH));
    for (let k = 0; k < RUN_LENGTH && i + k < n; k++) out[i + k] = first + k;
  }
  return out;
}

let stamp = 1;
let nextId = 1;

function setUp(): Volume {
  const vol = createVolume(BLOCKS);
  validateBlocks(vol, 0, BLOCKS);
  for (let b = 0; b < BLOCKS; b++) writeBlock(vol, b, stamp++);
  for (let k = 0; k < SNAPSHOTS; k++) {
    createSnapshot(vol, { id: nextId++, createdAt: k });
    for (const b of randomBlocks(20_000, 100 + k)) writeBlock(vol, b, stamp++);
  }
  return vol;
}

/** Untimed: the oldest goes, a new tail comes, 8 stay alive. */
function rotate(vol: Volume): void {
  deleteSnapshot(vol, vol.snapshots[0].id);
  createSnapshot(vol, { id: nextId++, createdAt: nextId });
}

/** Untimed: every block written once since the tail was taken, so the tail holds every before image. */
function saturate(vol: Volume): void {
  for (let b = 0; b < BLOCKS; b++) writeBlock(vol, b, stamp++);
}

interface Timing {
  ms: number;
  saves: number;
  settleMs: number;
}

/**
 * Median ms of RUNS batches after two warm-up ones; `before` runs untimed before each. The
 * digest is brought up to date untimed after each batch (timed apart), so a batch never
 * inherits another's dirty pages.
 */
function timeBatches(vol: Volume | null, blocksOf: (seed: number) => Int32Array, before: (() => void) | null, write: (blocks: Int32Array) => number): Timing {
  const perBatch: number[] = [];
  const settle: number[] = [];
  let saves = 0;
  for (let r = -2; r < RUNS; r++) {
    if (before) before();
    const blocks = blocksOf(7000 + r);
    const t0 = performance.now();
    const s = write(blocks);
    const ms = performance.now() - t0;
    let settleMs = 0;
    if (vol) {
      const t1 = performance.now();
      volumeDigest(vol);
      settleMs = performance.now() - t1;
    }
    if (r >= 0) {
      perBatch.push(ms);
      settle.push(settleMs);
      saves += s;
    }
  }
  return { ms: median(perBatch), saves: saves / RUNS, settleMs: median(settle) };
}

function through(vol: Volume): (blocks: Int32Array) => number {
  return (blocks) => {
    let saves = 0;
    for (let i = 0; i < blocks.length; i++) if (writeBlock(vol, blocks[i], stamp++)) saves++;
    return saves;
  };
}

/** Writes the batch a run at a time (extentBlocks lays runs of RUN_LENGTH consecutive blocks). */
function throughRuns(vol: Volume): (blocks: Int32Array) => number {
  return (blocks) => {
    let saves = 0;
    for (let i = 0; i < blocks.length; i += RUN_LENGTH) {
      const count = Math.min(RUN_LENGTH, blocks.length - i);
      saves += writeRun(vol, blocks[i], count, stamp);
      stamp += count;
    }
    return saves;
  };
}

export function benchSnapshotWrite(): Outcome {
  const notes: string[] = [];
  // Stamps are 32-bit in the clone too: the same element type, the same stores.
  const plain = new Uint32Array(BLOCKS);
  const plainWrite = (blocks: Int32Array): number => {
    for (let i = 0; i < blocks.length; i++) plain[blocks[i]] = stamp++;
    return 0;
  };
  const random = (seed: number): Int32Array => randomBlocks(BATCH, seed);
  const runs = (seed: number): Int32Array => extentBlocks(BATCH, seed);
  const base = timeBatches(null, random, null, plainWrite);
  const baseRuns = timeBatches(null, runs, null, plainWrite);

  const vol = setUp();
  rotate(vol); // 8 alive, the tail fresh
  saturate(vol);
  const steady = timeBatches(vol, random, null, through(vol));
  const steadyRuns = timeBatches(vol, runs, null, through(vol));
  const steadyWriteRun = timeBatches(vol, runs, null, throughRuns(vol));
  const settledAfterSteady = settledPageCount(vol);
  const fresh = timeBatches(vol, random, () => rotate(vol), through(vol));

  if (vol.snapshots.length !== SNAPSHOTS) notes.push(`WARNING snapshot writes: ${vol.snapshots.length} snapshots alive, not ${SNAPSHOTS}`);
  if (!sameDigest(volumeDigest(vol), recomputeDigest(vol))) notes.push('WARNING snapshot writes: the digest differs from a recompute');

  const rate = (ms: number): string => `${(((BATCH / ms) * 1000) / 1e6).toFixed(1)}M blocks/s`;
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  notes.push(
    `snapshot writes: ${n(BATCH)} writes per batch over ${n(BLOCKS)} valid blocks with ${SNAPSHOTS} snapshots alive, median of ${RUNS} batches. ` +
      `Steady state (${n(steady.saves)} saves per batch) ${rate(steady.ms)}; in runs of ${RUN_LENGTH} blocks ${rate(steadyRuns.ms)} block by block, ${rate(steadyWriteRun.ms)} through writeRun (typed-array loop ${rate(baseRuns.ms)}); ` +
      `fresh tail (${n(fresh.saves)} saves per batch: a block map insert and a save volume append each) ${rate(fresh.ms)}; ` +
      `plain Uint32Array loop ${rate(base.ms)}. ` +
      `Digest brought up to date after a batch (every dirty clone page recounted, ${n(clonePageCount(vol))} pages): ${steady.settleMs.toFixed(2)} ms after a random batch, ${steadyRuns.settleMs.toFixed(2)} ms after runs. ` +
      `Clone pages settled at the end of the steady state: ${n(settledAfterSteady)} of ${n(clonePageCount(vol))}`,
  );
  return {
    rows: [
      writeRow('snapshot writes, 8 ckpts, steady state (100k blocks)', steady.ms, base.ms),
      writeRow('same, in runs of 64 blocks', steadyRuns.ms, baseRuns.ms),
      writeRow('same, in runs of 64 blocks through writeRun', steadyWriteRun.ms, baseRuns.ms),
      writeRow('same, fresh tail before each batch', fresh.ms, base.ms),
    ],
    notes,
  };
}

/** A write figure against the typed-array loop of the same shape; the aim is a ratio of 4. */
function writeRow(figure: string, ms: number, baselineMs: number) {
  return timedRow({ figure, unit: 'ms', value: ms, baseline: { label: 'typed-array loop', value: baselineMs }, aim: { max: 4, on: 'ratio' } });
}
