// Figures for a lab the size of issue 4's replication benchmark: 10 file systems of 20 GB
// at cel_pfs and 10 at cel_sfs (their copies), each a file of FILE_MB written through and
// then rewritten in random 8 KB blocks, about 51 million written blocks in all. Saving it
// through LabStore (the file written a piece at a time, src/store/lab-write.ts) against
// writing as many bytes with one writeFileSync; loading it (read in chunks, base64 decoded
// as it passes, src/store/lab-read.ts, then the schema checks) against reading the file's
// bytes with one readFileSync; and the dispatcher's print of the world
// (src/store/world-print.ts), taken before and after every command that may change it,
// against a plain loop summing the same words. The issue sets no aim for these; the ones
// here are this module's: a save or a load within the 5 s the issue gives a simulated day,
// and a print within a twentieth of it (a command takes two).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCell } from '../src/engine/cluster.js';
import { applyFileOp, storedBlocks } from '../src/engine/contents.js';
import { createFs } from '../src/engine/fs.js';
import { mulberry32 } from '../src/engine/random.js';
import type { World } from '../src/engine/types.js';
import type { LabDoc } from '../src/store/lab-doc.js';
import { LabStore, labFromFixture, readLabFile } from '../src/store/lab-store.js';
import { printWorld } from '../src/store/world-print.js';
import { FIXTURE } from './big-lab.js';
import { timedRow, type Outcome } from './report.js';
import { median, timeMs, timeMsAsync } from './stats.js';

export const FILE_SYSTEMS = 10;
const FS_MB = 20_480;
/** The file each file system holds: as much of it as its allocator gives a file. */
const FILE_MB = 20_000;
/** Random 8 KB rewrites per file system after the file is written, so stamps are not one run. */
const REWRITES = 20_000;
const RUNS = 3;

/** The lab: the default one with the benchmark's file systems at both cells, written through. */
export function buildReplicaLab(): LabDoc {
  const doc = labFromFixture(FIXTURE);
  const world = doc.world;
  const random = mulberry32(0xb16);
  for (const cel of ['cel_pfs', 'cel_sfs']) {
    const cell = findCell(world, cel);
    for (let i = 1; i <= FILE_SYSTEMS; i++) {
      const fs = createFs(world, cell, { name: `repl_fs${String(i).padStart(2, '0')}`, type: 'uxfs', sizeMB: FS_MB, pool: 'clar_r5_performance' });
      applyFileOp(world, cell, fs, { op: 'write', path: '/data', bytes: FILE_MB * 2 ** 20 });
      const blocks = (FILE_MB * 2 ** 20) / 8192;
      for (let k = 0; k < REWRITES; k++) {
        applyFileOp(world, cell, fs, { op: 'writeAt', path: '/data', offset: Math.floor(random() * blocks) * 8192, bytes: 8192 });
      }
    }
  }
  return doc;
}

function sumWords(world: World): number {
  let s = 0;
  for (const cell of world.cells) {
    for (const fs of cell.fileSystems) {
      const v = fs.contents?.volume;
      if (!v) continue;
      for (const a of [v.data, v.table, v.numbers, v.headers]) for (let i = 0; i < a.length; i++) s = (s + a[i]!) | 0;
    }
  }
  return s;
}

export async function benchBigLabSave(doc: LabDoc = buildReplicaLab()): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'drshell-bench-biglab-'));
  const notes: string[] = [];
  const blocks = storedBlocks(doc.world);
  const { store } = await LabStore.open({ stateFile: join(dir, 'lab.json'), fixtureFile: FIXTURE });
  try {
    const saves: number[] = [];
    const raws: number[] = [];
    const loads: number[] = [];
    const reads: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      saves.push(await timeMsAsync(() => store.write(doc)));
      bytes = statSync(store.file).size;
      const raw = Buffer.alloc(bytes, 0x41);
      raws.push(timeMs(() => writeFileSync(join(dir, 'raw.bin'), raw)));
    }
    let back: LabDoc | null = null;
    for (let i = 0; i < RUNS; i++) {
      back = null;
      loads.push(timeMs(() => (back = readLabFile(store.file))));
      reads.push(timeMs(() => readFileSync(store.file)));
    }
    const backBlocks = back === null ? -1 : storedBlocks((back as LabDoc).world);
    notes.push(
      `big lab: ${(blocks / 1e6).toFixed(1)}M written blocks in ${2 * FILE_SYSTEMS} file systems of ${FS_MB} MB, a ${(bytes / 2 ** 20).toFixed(0)} MB file; median of ${RUNS} saves and loads; ` +
        (backBlocks === blocks ? 'it loads back whole' : `WARNING: it loads back with ${backBlocks} blocks`),
    );
    const prints: number[] = [];
    const sums: number[] = [];
    for (let i = 0; i < 5; i++) {
      prints.push(timeMs(() => printWorld(doc.world)));
      sums.push(timeMs(() => sumWords(doc.world)));
    }
    const label = `${(blocks / 1e6).toFixed(0)}M blocks`;
    return {
      rows: [
        timedRow({
          figure: `save a lab of ${label} (LabStore)`,
          unit: 'ms',
          value: median(saves),
          baseline: { label: 'writeFileSync of as many bytes', value: median(raws) },
          aim: { max: 5_000, on: 'value' },
        }),
        timedRow({
          figure: `load a lab of ${label} (readLabFile)`,
          unit: 'ms',
          value: median(loads),
          baseline: { label: 'readFileSync of the file', value: median(reads) },
          aim: { max: 5_000, on: 'value' },
        }),
        timedRow({
          figure: `world print of a lab of ${label} (dispatcher)`,
          unit: 'ms',
          value: median(prints),
          baseline: { label: 'summing the block tables', value: median(sums) },
          aim: { max: 250, on: 'value' },
        }),
      ],
      notes,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
