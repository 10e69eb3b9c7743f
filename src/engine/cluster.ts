// Lookups by name inside the world; each throws the engine error a missing object gives.
import { fail } from './errors.js';
import type { Cell, FileSystem, Mover, Pool, World } from './types.js';

export function findCell(world: World, name: string): Cell {
  return world.cells.find((c) => c.name === name) ?? notFound('cel', name);
}

/** A physical data mover by name; a VDM's name is refused as one (commands that take VDMs resolve servers, vdm/vdms.ts). */
export function findMover(cell: Cell, name: string): Mover {
  const mover = cell.movers.find((m) => m.name === name);
  if (mover !== undefined) return mover;
  const vdm = cell.vdms.find((v) => v.name === name);
  if (vdm !== undefined) fail('vdm_not_mover', { vdm: name, host: vdm.state === 'loaded' || vdm.state === 'mounted' ? vdm.mover : '' });
  return fail('mover_not_found', { mover: name });
}

/** `ALL` means every data mover of the cell, in slot order. */
export function resolveMovers(cell: Cell, name: string): Mover[] {
  if (name === 'ALL') return [...cell.movers].sort((a, b) => a.slot - b.slot);
  return [findMover(cell, name)];
}

/** `<name>` or `id=<n>`: how nas_* commands name a file system, a pool or a Celerra. */
export type Ref = { name: string } | { id: number };

/** What a Ref can name; each kind has its own not-found error. */
export type RefKind = 'fs' | 'pool' | 'cel';

/** `what` (a name, or `id=<n>` as typed) names no object of `kind`. */
export function notFound(kind: RefKind, what: string): never {
  if (kind === 'fs') return fail('fs_not_found', { fs: what });
  if (kind === 'pool') return fail('pool_not_found', { pool: what });
  return fail('cel_not_found', { name: what });
}

/**
 * The Ref a command's matched words give: the name when one was matched, else the text
 * of `id=`. An id that is not a whole number names nothing, so it fails as a missing
 * object of its kind would, the way an unknown id does.
 */
export function refFrom(kind: RefKind, name: string | undefined, id: string | undefined): Ref {
  if (name !== undefined) return { name };
  const text = id ?? '';
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) notFound(kind, `id=${text}`);
  return { id: n };
}

/**
 * The data mover that serves a file system, the one whose log tells of work on it: by slot,
 * the first with it mounted read-write, else the first with it mounted read-only, else the
 * cell's first online primary (work on a file system mounted nowhere still runs on a data
 * mover), else the first mover.
 */
export function servingMover(cell: Cell, fsId: number): Mover {
  const bySlot = [...cell.movers].sort((a, b) => a.slot - b.slot);
  const holding = bySlot.filter((m) => m.mounts.some((x) => x.fsId === fsId && x.mounted));
  return (
    holding.find((m) => m.mounts.some((x) => x.fsId === fsId && x.mounted && !x.ro)) ?? holding[0] ?? bySlot.find((m) => m.type === 'nas' && m.status === 'online') ?? bySlot[0]!
  );
}

export function findFs(cell: Cell, name: string): FileSystem {
  return cell.fileSystems.find((f) => f.name === name) ?? notFound('fs', name);
}

export function fsById(cell: Cell, id: number): FileSystem | undefined {
  return cell.fileSystems.find((f) => f.id === id);
}

export function findPool(cell: Cell, name: string): Pool {
  return cell.pools.find((p) => p.name === name) ?? notFound('pool', name);
}

/**
 * MB of a pool taken by the file systems built on it (a thin one holds only what it uses)
 * and their SavVols; a checkpoint takes nothing of its own, its before images are in the SavVol.
 */
export function poolUsedMB(cell: Cell, pool: Pool): number {
  let used = 0;
  for (const fs of cell.fileSystems) {
    if (fs.pool === pool.id && fs.type !== 'ckpt') used += fs.thin ? fs.usedMB : fs.sizeMB;
    if (fs.savVol !== null && fs.savVol.pool === pool.id) used += fs.savVol.sizeMB;
  }
  return used;
}

export function requireOnline(mover: Mover): void {
  if (mover.status !== 'online') fail('mover_offline', { mover: mover.name, status: mover.status });
}

/**
 * Mount points, mount tables and interfaces change only on a primary that is up: a
 * mover that is down cannot be asked anything, so that is checked first; a standby has
 * only its root and internal interfaces (it takes its primary's over at failover).
 */
export function requireServing(mover: Mover): void {
  requireOnline(mover);
  if (mover.type !== 'nas') fail('mover_not_primary', { mover: mover.name });
}
