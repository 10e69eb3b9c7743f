// What a local updatable file system's attributes say, read without the world: whether it is
// one, and whether it has a version to serve its clients now. Types only, so that the
// client's path resolution (src/engine/client/resolve.ts) can ask without importing the
// distribution engine.
//
// A local updatable file system serves its clients only a complete version. While an update
// is being applied the blocks are being replaced in place and the files tree still names the
// old version's, so what a read would get is neither version; and after an update that
// failed part way it holds no version at all. In both cases a client gets NFS's "try again
// later" (EAGAIN, the client's side of NFS3ERR_JUKEBOX): the seed's local file server gives
// the client the new version once the update is done ([000205]-[000206]), and a simulated
// client cannot wait, so it is told to come back.
import type { FileSystem, LocalUpdatable } from '../types.js';

/** The CopySession owner of the sessions that bring a local updatable file system its versions. */
export const DIST_OWNER = 'fs_dist' as const;

/** The file system's local-updatable attributes, or null when it is not one. */
export function localOf(fs: FileSystem): LocalUpdatable | null {
  return fs.dist ?? null;
}

/** Why a local updatable file system cannot serve a read now, or null when it can (any other file system: null). */
export function unavailable(fs: FileSystem): 'updating' | 'no_version' | null {
  const d = localOf(fs);
  if (d === null) return null;
  if (d.updating) return 'updating';
  return d.version === null ? 'no_version' : null;
}
