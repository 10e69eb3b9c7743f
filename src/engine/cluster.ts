// Lookups by name inside the world; each throws the engine error a missing object gives.
import { fail } from './errors.js';
import type { Cell, FileSystem, Mover, Pool, World } from './types.js';

export function findCell(world: World, name: string): Cell {
  return world.cells.find((c) => c.name === name) ?? fail('cel_not_found', { name });
}

export function findMover(cell: Cell, name: string): Mover {
  return cell.movers.find((m) => m.name === name) ?? fail('mover_not_found', { mover: name });
}

/** `ALL` means every data mover of the cell, in slot order. */
export function resolveMovers(cell: Cell, name: string): Mover[] {
  if (name === 'ALL') return [...cell.movers].sort((a, b) => a.slot - b.slot);
  return [findMover(cell, name)];
}

export function findFs(cell: Cell, name: string): FileSystem {
  return cell.fileSystems.find((f) => f.name === name) ?? fail('fs_not_found', { fs: name });
}

export function fsById(cell: Cell, id: number): FileSystem | undefined {
  return cell.fileSystems.find((f) => f.id === id);
}

export function findPool(cell: Cell, name: string): Pool {
  return cell.pools.find((p) => p.name === name) ?? fail('pool_not_found', { pool: name });
}

/** MB of a pool taken by the file systems built on it; a thin one holds only what it uses. */
export function poolUsedMB(cell: Cell, pool: Pool): number {
  let used = 0;
  for (const fs of cell.fileSystems) if (fs.pool === pool.id) used += fs.thin ? fs.usedMB : fs.sizeMB;
  return used;
}

/** Movers where a file system is in the mount table and mounted now. */
export function mountsOf(cell: Cell, fsId: number): { mover: Mover; ro: boolean; path: string }[] {
  const out: { mover: Mover; ro: boolean; path: string }[] = [];
  for (const mover of cell.movers) {
    for (const m of mover.mounts) if (m.fsId === fsId && m.mounted) out.push({ mover, ro: m.ro, path: m.path });
  }
  return out;
}

export function requireOnline(mover: Mover): void {
  if (mover.status !== 'online') fail('mover_offline', { mover: mover.name, status: mover.status });
}
