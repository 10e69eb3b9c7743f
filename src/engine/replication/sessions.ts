// The world's replication sessions and the lookups every operation starts from: a session
// by either of its file systems, the cells and file systems of its ends, and the mover that
// does each end's work.
import { fsById } from '../cluster.js';
import type { Cell, CopyEnd, FileSystem, ReplSession, World } from '../types.js';

/** The sessions, read only: a lab that never had one keeps no list (a refused command leaves no trace). */
export function replications(world: World): readonly ReplSession[] {
  return world.replications;
}

/** Adds a session, making the list the first time. */
export function addSession(world: World, s: ReplSession): void {
  world.replications.push(s);
}

/** Removes a session (it ended or was replaced). */
export function removeSession(world: World, s: ReplSession): void {
  const all = world.replications;
  const i = all.indexOf(s);
  if (i >= 0) all.splice(i, 1);
}

export function sessionById(world: World, id: number): ReplSession | undefined {
  return replications(world).find((s) => s.id === id);
}

/** The session a file system is an end of (a file system is in one session at most). */
export function sessionOfFs(world: World, cel: string, fsId: number): ReplSession | undefined {
  return replications(world).find((s) => (s.src.cel === cel && s.src.fsId === fsId) || (s.dst.cel === cel && s.dst.fsId === fsId));
}

export function endCell(world: World, end: CopyEnd): Cell | undefined {
  return world.cells.find((c) => c.name === end.cel);
}

export function endFs(world: World, end: CopyEnd): FileSystem | undefined {
  const cell = endCell(world, end);
  return cell === undefined ? undefined : fsById(cell, end.fsId);
}

/** The file system of an end that must exist (sessions end when one is deleted). */
export function requireEndFs(world: World, end: CopyEnd): FileSystem {
  const fs = endFs(world, end);
  if (fs === undefined) throw new Error(`replication end ${end.fs}:${end.cel} is gone`);
  return fs;
}

/** The data mover a file system is mounted on, up (its cell up too), and whether read-only; or undefined. */
export function liveMount(cell: Cell, fsId: number): { mover: string; ro: boolean } | undefined {
  if (cell.down === true) return undefined;
  for (const m of cell.movers) {
    if (m.status !== 'online') continue;
    const mt = m.mounts.find((x) => x.fsId === fsId && x.mounted);
    if (mt !== undefined) return { mover: m.name, ro: mt.ro };
  }
  return undefined;
}

/** True while the end's cell is up and a data mover serving its file system is online. */
export function endUp(world: World, end: CopyEnd): boolean {
  const cell = endCell(world, end);
  return cell !== undefined && liveMount(cell, end.fsId) !== undefined;
}

/** Sets every mount-table entry of a file system in a cell read-only or read/write (down movers' too: they boot so). */
export function setMountsRo(cell: Cell, fsId: number, ro: boolean): void {
  for (const m of cell.movers) for (const mt of m.mounts) if (mt.fsId === fsId) mt.ro = ro;
}

export function nextSessionId(world: World): number {
  return replications(world).reduce((m, s) => Math.max(m, s.id), 0) + 1;
}

/** `name` at its own cell, `name:cel` from another (as -info and messages name the far end). */
export function endName(world: World, end: CopyEnd, cel: string): string {
  const name = endFs(world, end)?.name ?? end.fs;
  return end.cel === cel ? name : `${name}:${end.cel}`;
}
