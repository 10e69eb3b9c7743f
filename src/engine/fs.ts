// File systems of a cell: creation from a pool (capacity checked), deletion, rename.
import { findPool, poolUsedMB } from './cluster.js';
import { fail } from './errors.js';
import type { Cell, FileSystem, FsType, World } from './types.js';

export interface NewFs {
  name: string;
  type: FsType;
  sizeMB: number;
  pool: string;
}

/** Movers whose mount table holds the file system, mounted or not. */
export function moverEntriesOf(cell: Cell, fsId: number): string[] {
  return cell.movers.filter((m) => m.mounts.some((x) => x.fsId === fsId)).map((m) => m.name);
}

export function createFs(world: World, cell: Cell, spec: NewFs): FileSystem {
  const pool = findPool(cell, spec.pool);
  if (cell.fileSystems.some((f) => f.name === spec.name)) fail('fs_exists', { fs: spec.name });
  const avail = pool.totalMB - poolUsedMB(cell, pool);
  if (spec.sizeMB > avail) fail('pool_full', { pool: pool.name, size: spec.sizeMB, avail });
  const fs: FileSystem = {
    id: cell.nextFsId++,
    name: spec.name,
    type: spec.type,
    sizeMB: spec.sizeMB,
    pool: pool.id,
    volume: cell.nextVolumeId++,
    acl: 0,
    createdAt: world.clock.now,
    usedMB: 0,
  };
  cell.fileSystems.push(fs);
  return fs;
}

function checkDeletable(cell: Cell, fs: FileSystem): void {
  if (fs.pool === null) fail('fs_system', { fs: fs.name });
  const movers = moverEntriesOf(cell, fs.id);
  if (movers.length > 0) fail('fs_in_use', { fs: fs.name, mover: movers.join(',') });
}

export function deleteFs(cell: Cell, fs: FileSystem): FileSystem {
  checkDeletable(cell, fs);
  cell.fileSystems = cell.fileSystems.filter((f) => f !== fs);
  return fs;
}

export function renameFs(cell: Cell, fs: FileSystem, newName: string): FileSystem {
  if (fs.pool === null) fail('fs_system', { fs: fs.name });
  if (cell.fileSystems.some((f) => f.name === newName)) fail('fs_exists', { fs: newName });
  fs.name = newName;
  return fs;
}
