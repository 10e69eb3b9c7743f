// Figure: resident memory of 1,000 file systems of 1 TB each (2^27 blocks of 8 KB) with 0.01%
// of their blocks written and 2 checkpoints each. Blocks are written as files would write
// them: extents of 8-256 consecutive blocks at scattered places (a fixed PRNG). Each file
// system gets 60% of its blocks, checkpoint 1, 20% more plus rewrites of some earlier
// extents, checkpoint 2, the last 20% plus more rewrites, so both save volumes hold before
// images. Measured in a child node process run with --expose-gc: rss after a forced GC,
// against the same process's rss before building anything.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bitmapPageCount, PAGE_BITS } from '../src/engine/blocks/bitmap.js';
import { savedCount } from '../src/engine/blocks/blockmap.js';
import { CLONE_STAMPS, clonePageCount } from '../src/engine/blocks/clone.js';
import { createSnapshot, saveBlocksUsed } from '../src/engine/blocks/snapshots.js';
import { createVolume, writeBlock, writtenBlocks, type Volume } from '../src/engine/blocks/volume.js';
import { timedRow, type Outcome } from './report.js';
import { mulberry32 } from '../src/engine/random.js';

const VOLUMES = 1_000;
const BLOCKS = 2 ** 27;
/** 0.01% of 2^27. */
const WRITTEN = Math.round(BLOCKS * 1e-4);
const MB = 1024 * 1024;

interface Built {
  vol: Volume;
  extents: number;
}

/** One file system: new extents up to `upTo` written blocks, and a share of rewrites of earlier extents. */
function buildOne(seed: number, stamp: { next: number }): Built {
  const r = mulberry32(seed);
  const vol = createVolume(BLOCKS);
  const extents: [number, number][] = [];
  let written = 0;
  const grow = (upTo: number): void => {
    while (written < upTo) {
      const count = Math.min(8 + Math.floor(r() * 249), upTo - written);
      const first = Math.floor(r() * (BLOCKS - count));
      extents.push([first, count]);
      for (let b = first; b < first + count; b++) writeBlock(vol, b, stamp.next++);
      written += count;
    }
  };
  /** Rewrites whole earlier extents until about `blocks` blocks are rewritten (files updated in place). */
  const rewrite = (blocks: number): void => {
    for (let n = 0; n < blocks; ) {
      const [first, count] = extents[Math.floor(r() * extents.length)];
      for (let b = first; b < first + count; b++) writeBlock(vol, b, stamp.next++);
      n += count;
    }
  };
  grow(Math.round(WRITTEN * 0.6));
  createSnapshot(vol, { id: 1, createdAt: 1 });
  grow(Math.round(WRITTEN * 0.8));
  rewrite(Math.round(WRITTEN * 0.1));
  createSnapshot(vol, { id: 2, createdAt: 2 });
  grow(WRITTEN);
  rewrite(Math.round(WRITTEN * 0.1));
  return { vol, extents: extents.length };
}

interface ChildResult {
  baselineRss: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  written: number;
  saved: number;
  extents: number;
  clonePages: number;
  bitmapPages: number;
  blockMapEntries: number;
  ms: number;
}

function child(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const baselineRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const stamp = { next: 1 };
  const vols: Volume[] = [];
  let extents = 0;
  for (let i = 0; i < VOLUMES; i++) {
    const b = buildOne(20260112 + i, stamp);
    vols.push(b.vol);
    extents += b.extents;
  }
  const ms = performance.now() - t0;
  gc();
  gc();
  const m = process.memoryUsage();
  let written = 0;
  let saved = 0;
  let clonePages = 0;
  let bitmapPages = 0;
  let blockMapEntries = 0;
  for (const v of vols) {
    written += writtenBlocks(v);
    saved += saveBlocksUsed(v);
    clonePages += clonePageCount(v);
    bitmapPages += bitmapPageCount(v.meta.bits);
    for (const e of v.snapshots) {
      bitmapPages += bitmapPageCount(e.bitmap) + bitmapPageCount(e.metaBitmap.bits);
      blockMapEntries += savedCount(e.blockmap);
    }
  }
  const out: ChildResult = {
    baselineRss,
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    written,
    saved,
    extents,
    clonePages,
    bitmapPages,
    blockMapEntries,
    ms,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

export function benchMemory(): Outcome {
  const notes: string[] = [];
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', self, '--child'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  let res: ChildResult | null = null;
  if (r.status === 0) {
    try {
      res = JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
    } catch {
      res = null;
    }
  }
  if (!res) {
    notes.push(`memory: the child process failed (status ${r.status}): ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
    return { rows: [timedRow({ figure: 'memory, 1,000 x 1 TB fs, 0.01% written, 2 ckpts', unit: 'MB', value: null, baseline: null, aim: { max: 500, on: 'value' } })], notes };
  }
  const used = (res.rss - res.baselineRss) / MB;
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  notes.push(
    `memory: ${n(VOLUMES)} file systems of 2^27 blocks, ${n(res.written)} blocks written in ${n(res.extents)} extents of 8-256 blocks (${n(res.written / VOLUMES)} each), 2 checkpoints each holding ${n(res.saved)} before images in all; built in ${(res.ms / 1000).toFixed(1)} s. ` +
      `rss ${n(res.rss / MB)} MB after a forced GC, ${n(res.baselineRss / MB)} MB before building (the figure is the difference); heap ${n(res.heapUsed / MB)} MB, array buffers ${n(res.arrayBuffers / MB)} MB. ` +
      `${n(res.clonePages)} clone pages of ${CLONE_STAMPS} stamps (${(res.written / res.clonePages).toFixed(0)} written blocks a page), ${n(res.bitmapPages)} bit map pages of ${PAGE_BITS} bits (live and checkpoint meta bit maps, checkpoint bit maps), ${n(res.blockMapEntries)} block map entries`,
  );
  return {
    rows: [
      timedRow({
        figure: 'memory, 1,000 x 1 TB fs, 0.01% written, 2 ckpts',
        unit: 'MB',
        value: used,
        // The rss before building is subtracted, not a baseline to compare with: no ratio.
        baseline: null,
        aim: { max: 500, on: 'value' },
      }),
    ],
    notes,
  };
}

if (process.argv.includes('--child') && process.argv[1] === fileURLToPath(import.meta.url)) child();
