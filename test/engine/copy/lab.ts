// Test helpers for fs_copy: the default lab's world, files written through the engine, and
// checkpoints made and deleted as fs_ckpt and nas_fs make and delete them (src/engine/ckpt.ts,
// ckpt-save-volume.ts: the snapshot with its tree, the record, the SavVol, the read-only mount).
import { findCell, findFs } from '../../../src/engine/cluster.js';
import { createCheckpoint } from '../../../src/engine/ckpt.js';
import { applyFileOp, type FileOp } from '../../../src/engine/contents.js';
import { removeCheckpoint } from '../../../src/engine/ckpt-save-volume.js';
import type { FileSystem, World } from '../../../src/engine/types.js';
import { freshShell } from '../../helpers.js';

export function labWorld(): World {
  return freshShell().lab.world;
}

export function fsIn(world: World, cel: string, name: string): FileSystem {
  return findFs(findCell(world, cel), name);
}

export function op(world: World, cel: string, fs: string, o: FileOp): void {
  const cell = findCell(world, cel);
  applyFileOp(world, cell, findFs(cell, fs), o);
}

/** A checkpoint of `pfs` (mounted) named `name`, taken now and mounted read-only. */
export function makeCkpt(world: World, cel: string, pfsName: string, name: string): FileSystem {
  const cell = findCell(world, cel);
  return createCheckpoint(world, cell, findFs(cell, pfsName), { name });
}

/** Unmounts and deletes a checkpoint. */
export function deleteCkpt(world: World, cel: string, name: string): void {
  const cell = findCell(world, cel);
  removeCheckpoint(cell, findFs(cell, name));
}
