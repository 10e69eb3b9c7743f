// The two ends of an fs_copy session in the world: where a file system is mounted, the data
// mover that speaks for it in the log (cluster.ts servingMover), and what became of each end while the session ran.
import { fsById } from '../cluster.js';
import { positionOf } from '../blocks/snapshots.js';
import { volumeDigest } from '../blocks/volume.js';
import type { Cell, CopyEnd, CopyFailure, CopySession, FileSystem, Mover, World } from '../types.js';

/** The first data mover (by slot) with the file system mounted read-write, if any. */
export function mountedRwOn(cell: Cell, fsId: number): Mover | undefined {
  return [...cell.movers].sort((a, b) => a.slot - b.slot).find((m) => m.mounts.some((x) => x.fsId === fsId && x.mounted && !x.ro));
}

export function cellOf(world: World, end: CopyEnd): Cell | undefined {
  return world.cells.find((c) => c.name === end.cel);
}

/** The file system an end names, if it still exists. */
export function fsOf(world: World, end: CopyEnd): FileSystem | undefined {
  const cell = cellOf(world, end);
  return cell === undefined ? undefined : fsById(cell, end.fsId);
}

/**
 * What went wrong with a running session's ends since it started, or null. The source must
 * keep the version being copied: a checkpoint neither deleted nor refreshed (the same id
 * re-based to another time), a file system neither mounted read-write nor changed; the
 * destination must still exist and not be mounted read-write.
 */
export function endProblem(world: World, s: CopySession): CopyFailure | null {
  const src = fsOf(world, s.src);
  const pfs = fsOf(world, s.pfs);
  if (src === undefined || pfs === undefined || pfs.contents === null) return 'source_deleted';
  const vol = pfs.contents.volume;
  if (s.snapCreatedAt !== null) {
    const pos = positionOf(vol, s.src.fsId);
    if (pos < 0) return 'source_deleted';
    if (vol.snapshots[pos]!.createdAt !== s.snapCreatedAt) return 'source_refreshed';
  } else {
    if (mountedRwOn(cellOf(world, s.src)!, s.src.fsId) !== undefined) return 'source_mounted_rw';
    const d = volumeDigest(vol);
    if (s.srcDigest !== null && (d.hi !== s.srcDigest.hi || d.lo !== s.srcDigest.lo)) return 'source_changed';
  }
  const dst = fsOf(world, s.dst);
  if (dst === undefined || dst.contents === null) return 'destination_deleted';
  if (mountedRwOn(cellOf(world, s.dst)!, s.dst.fsId) !== undefined) return 'destination_mounted_rw';
  return null;
}
