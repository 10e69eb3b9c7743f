// The fixture for figures 3 and 4: the default lab with 5,000 more uxfs file systems at
// cel_pfs, built through the engine (createFs, mountFs) so it is as consistent as a lab
// a user could make; every fifth one is mounted, alternately on server_2 and server_3.
import { findCell, findMover } from '../src/engine/cluster.js';
import { createFs } from '../src/engine/fs.js';
import { mountFs } from '../src/engine/mount.js';
import type { Cell } from '../src/engine/types.js';
import type { LabDoc } from '../src/store/lab-doc.js';
import { labFromFixture } from '../src/store/lab-store.js';
import { DEFAULT_LAB, resolveLabSource } from '../src/store/paths.js';
import { validateLab } from '../src/store/schema.js';

export const EXTRA_FS = 5_000;
export const BIG_CELL = 'cel_pfs';
export const FIXTURE = resolveLabSource(DEFAULT_LAB).file;

export interface BigLab {
  doc: LabDoc;
  cell: Cell;
}

export function buildBigLab(count = EXTRA_FS): BigLab {
  const doc = labFromFixture(FIXTURE);
  const { world } = doc;
  const cell = findCell(world, BIG_CELL);
  const movers = [findMover(cell, 'server_2'), findMover(cell, 'server_3')];
  for (let i = 1; i <= count; i++) {
    // Sizes vary so the size column is not one repeated string; 5,000 of them fit the pool.
    const fs = createFs(world, cell, { name: `bench_fs${String(i).padStart(4, '0')}`, type: 'uxfs', sizeMB: 64 + (i % 8) * 32, pool: 'clar_r5_performance' });
    if (i % 5 === 0) mountFs(world, cell, movers[(i / 5) % 2], { fs, path: null, ro: null });
  }
  validateLab(doc); // a lab the loader would refuse would make the figures meaningless
  return { doc, cell };
}
