// Whether a file system holds an intact copy of one checkpoint: the question fs_copy -fromfs
// (the destination must hold L), fs_dist -create (a uxfs becoming a local holds the version
// it was copied) and an update request (the local still holds Q) each ask. Its copyOf
// attribute, written by the copy that left it holding the checkpoint, must name that very
// snapshot (the same PFS, id and snapshot time, so a refreshed checkpoint does not pass), and
// its contents must still equal the snapshot's (a copy mounted read-write and written since
// no longer holds it, whatever its attribute says).
//
// The copy's digest is its running one read without bringing its bookkeeping up to date
// (peekDigest: these checks come before refusals, which must leave the world byte-identical),
// a cost that follows the pages written since the last digest; the snapshot's is counted from
// its valid blocks (snapshotDigest: a snapshot keeps no running digest).
import { sameDigest } from '../blocks/digest.js';
import { snapshotDigest } from '../blocks/snapshots.js';
import { peekDigest } from '../blocks/volume.js';
import type { FileSystem } from '../types.js';

/** A checkpoint as a copy names it: the PFS's cell and id, the snapshot's id and time. */
export interface HeldCkpt {
  cel: string;
  pfs: FileSystem;
  ckptId: number;
  createdAt: number;
}

/**
 * Why `fs` does not hold the checkpoint intact, or null when it does: it holds no copy
 * ('none'), a copy of something else ('other'), of this checkpoint before a refresh
 * ('refreshed'), or a copy of it changed since ('changed').
 */
export type NotHeld = 'none' | 'other' | 'refreshed' | 'changed';

export function whyNotHeld(fs: FileSystem, c: HeldCkpt): NotHeld | null {
  const o = fs.copyOf;
  if (o === null) return 'none';
  if (o.cel !== c.cel || o.fsId !== c.pfs.id || o.ckptId !== c.ckptId) return 'other';
  if (o.createdAt !== c.createdAt) return 'refreshed';
  if (!sameDigest(peekDigest(fs.contents!.volume), snapshotDigest(c.pfs.contents!.volume, c.ckptId))) return 'changed';
  return null;
}

export function holdsIntact(fs: FileSystem, c: HeldCkpt): boolean {
  return whyNotHeld(fs, c) === null;
}
