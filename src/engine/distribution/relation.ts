// Making, changing and ending local updatable file systems (fs_dist -create, -modify,
// -delete), and finding them and their source. A local updatable file system is a file
// system of this cell whose attributes ([000204], step 642) name a production file system of
// a network file server (NETID: a cell joined to this one by a link) whose checkpoints are
// its versions, the version it holds (Q), the time of its last update (Tu) and its minimum
// update interval (Tmin).
//
// Its contents come only from the versions it is sent, which replace whatever it holds. So
// it starts as a rawfs of the source's size (holding no version yet), or as a uxfs holding
// an intact copy of one of the source's checkpoints (left by fs_copy): that copy is then the
// version it holds. It is mounted read-only, or not at all, as any copy destination.
//
// Every check comes before any change: a refused request leaves the world byte-identical.
import { findFs, fsById } from '../cluster.js';
import { positionOf } from '../blocks/snapshots.js';
import { mountedRwOn } from '../copy/ends.js';
import { whyNotHeld } from '../copy/holds.js';
import { isActive } from '../copy/job.js';
import { fail } from '../errors.js';
import { reachableCell } from '../links.js';
import type { Cell, DistVersion, FileSystem, LocalUpdatable, World } from '../types.js';
import { localOf } from './state.js';

export const MINUTE_MS = 60_000;
/** Tmin when -interval is not given: an hour. */
export const DEFAULT_INTERVAL_MIN = 60;
/** The longest Tmin -interval takes: a year of minutes. */
export const MAX_INTERVAL_MIN = 525_600;

export interface CreateRequest {
  /** The local file system, a file system of this cell. */
  local: string;
  /** The remote production file system, and its cell (null or this cell's name: this cell). */
  source: string;
  sourceCel: string | null;
  /** Tmin in minutes. */
  intervalMin: number;
}

/** `<fs>` at its own cell, `<fs>:<cel>` from another (as the Control Station of `from` names it). */
export function nameFrom(fs: string, cel: string, from: string): string {
  return cel === from ? fs : `${fs}:${cel}`;
}

/** Checks an interval in minutes (a whole number, 0 to a year); returns it in ms. */
export function intervalMs(minutes: number, word: string = String(minutes)): number {
  if (!Number.isSafeInteger(minutes) || minutes < 0 || minutes > MAX_INTERVAL_MIN) fail('dist_interval_invalid', { value: word, max: MAX_INTERVAL_MIN });
  return minutes * MINUTE_MS;
}

/** A file system of this cell that is a local updatable file system; dist_not_found otherwise. */
export function findLocal(cell: Cell, name: string): { fs: FileSystem; d: LocalUpdatable } {
  const fs = findFs(cell, name);
  const d = localOf(fs);
  if (d === null) fail('dist_not_found', { fs: fs.name });
  return { fs, d };
}

/** This cell's local updatable file systems, by id. */
export function localsOf(cell: Cell): FileSystem[] {
  return cell.fileSystems.filter((f) => localOf(f) !== null).sort((a, b) => a.id - b.id);
}

/** The source's cell and production file system as they are now; the file system undefined once deleted. */
export function sourceOf(world: World, d: LocalUpdatable): { cell: Cell | undefined; pfs: FileSystem | undefined } {
  const cell = world.cells.find((c) => c.name === d.source.cel);
  return { cell, pfs: cell === undefined ? undefined : fsById(cell, d.source.fsId) };
}

/** The name a version goes by now: its checkpoint's present name while that still is the version, else the name it had. */
export function versionName(world: World, d: LocalUpdatable, v: DistVersion): string {
  const { cell, pfs } = sourceOf(world, d);
  const ckpt = cell === undefined ? undefined : fsById(cell, v.ckptId);
  const vol = pfs?.contents?.volume;
  const pos = vol === undefined ? -1 : positionOf(vol, v.ckptId);
  return ckpt !== undefined && pos >= 0 && vol!.snapshots[pos]!.createdAt === v.createdAt ? ckpt.name : v.ckpt;
}

/** Refuses what cannot be done while an update is being applied, naming it and its session. */
export function failBusy(world: World, fs: FileSystem, d: LocalUpdatable): never {
  const r = d.request;
  const session = world.copies.find((c) => c.id === r?.session);
  return fail('dist_busy', { fs: fs.name, to: r?.to ? versionName(world, d, r.to) : '', session: session?.name ?? '' });
}

/** What a uxfs about to become a local holds: an intact copy of a checkpoint of `pfs`, or a refusal. */
function versionHeld(local: FileSystem, srcCell: Cell, pfs: FileSystem, source: string): DistVersion {
  const o = local.copyOf;
  if (o === null || o.cel !== srcCell.name || o.fsId !== pfs.id || o.ckptId === null || o.ckpt === null) {
    return fail('dist_local_contents', { fs: local.name, source, why: 'other' });
  }
  const vol = pfs.contents!.volume;
  const pos = positionOf(vol, o.ckptId);
  // A version the remote still has can be checked block for block; one it no longer has is taken on the copy's word.
  if (pos >= 0 && vol.snapshots[pos]!.createdAt === o.createdAt && whyNotHeld(local, { cel: srcCell.name, pfs, ckptId: o.ckptId, createdAt: o.createdAt }) !== null) {
    fail('dist_local_contents', { fs: local.name, source, why: 'changed', ckpt: o.ckpt });
  }
  return { ckptId: o.ckptId, ckpt: o.ckpt, createdAt: o.createdAt };
}

/** fs_dist -create: checks, then the local's attributes. It asks for nothing yet: Tu is unset, so it may ask at once. */
export function createLocal(world: World, cell: Cell, req: CreateRequest): FileSystem {
  const local = findFs(cell, req.local);
  if (local.pool === null) fail('fs_system', { fs: local.name });
  if (local.type === 'ckpt') fail('copy_dst_type', { fs: local.name, type: local.type });
  const existing = localOf(local);
  if (existing !== null) fail('dist_exists', { fs: local.name, source: nameFrom(existing.source.fs, existing.source.cel, cell.name) });
  const minInterval = intervalMs(req.intervalMin);
  const srcCell = reachableCell(world, cell, req.sourceCel);
  const pfs = findFs(srcCell, req.source);
  const source = nameFrom(pfs.name, srcCell.name, cell.name);
  if (pfs.pool === null) fail('fs_system', { fs: source });
  if (pfs.type !== 'uxfs') fail('dist_source_type', { fs: source, type: pfs.type });
  if (srcCell === cell && pfs.id === local.id) fail('copy_same_fs', { fs: local.name });
  if (local.sizeMB !== pfs.sizeMB) fail('copy_dst_size', { fs: local.name, size: local.sizeMB, want: pfs.sizeMB });
  const rw = mountedRwOn(cell, local.id);
  if (rw !== undefined) fail('copy_dst_rw', { fs: local.name, on: rw.name });
  const busy = world.copies.find((s) => isActive(s) && s.dst.cel === cell.name && s.dst.fsId === local.id);
  if (busy !== undefined) fail('copy_dst_busy', { fs: local.name, session: busy.name });
  const version = local.type === 'rawfs' ? null : versionHeld(local, srcCell, pfs, source);
  local.dist = {
    source: { cel: srcCell.name, fsId: pfs.id, fs: pfs.name },
    version,
    lastUpdate: null,
    minInterval,
    request: null,
    updating: false,
  };
  return local;
}

/** fs_dist -modify -interval: a new Tmin, from the next request on (an update under way goes on). */
export function modifyInterval(cell: Cell, name: string, minutes: number, word?: string): FileSystem {
  const { fs, d } = findLocal(cell, name);
  d.minInterval = intervalMs(minutes, word);
  return fs;
}

/**
 * fs_dist -delete: the file system stops being a local updatable one and keeps what it holds
 * (a version, or nothing usable after a failed update). Refused while an update runs: its
 * fs_copy session is aborted first (fs_copy -abort).
 */
export function deleteLocal(world: World, cell: Cell, name: string): { fs: FileSystem; was: LocalUpdatable } {
  const { fs, d } = findLocal(cell, name);
  if (d.updating) failBusy(world, fs, d);
  // Gone, not null: the file system is again exactly one that never was a local updatable one.
  delete fs.dist;
  return { fs, was: d };
}
