// Completion of the client host's paths, as bash completes file names: the directory part
// of the word is listed as `client ls` lists it (the mount points served on the cell above
// the mounts, then the file system's entries, a checkpoint's as of its snapshot) and the
// entries whose names start with the rest are offered, a directory with a trailing `/` so
// that the next Tab goes on inside it. It lists through clientList, which changes nothing:
// the fs_dist access check (an access may start an update) runs in the command, never here.
import { clientList } from '../engine/client/io.js';
import type { Cell, World } from '../engine/types.js';

export interface HostPathCandidate {
  /** The whole word: the directory part as typed, the entry's name, `/` after a directory. */
  word: string;
  /** What a listing shows, as bash does: the name, `/` after a directory. */
  shown: string;
}

/**
 * Entries for the word `partial` (unescaped), through `server`'s mounts when the host names
 * one (`-s`). A word without `/` is relative to `/`, the host's working directory. Anything
 * the command would refuse (a missing directory, a file, an unknown mover, a server that
 * does not answer, a rawfs, a file system between versions) offers nothing.
 */
export function hostPathCandidates(world: World, cell: Cell, partial: string, server: string | null): HostPathCandidate[] {
  const cut = partial.lastIndexOf('/') + 1;
  const dir = partial.slice(0, cut);
  const stem = partial.slice(cut);
  let listed;
  try {
    listed = clientList(world, cell, { path: dir === '' ? '/' : dir, server });
  } catch {
    return [];
  }
  if (listed.kind !== 'dir') return [];
  const out: HostPathCandidate[] = [];
  for (const e of listed.entries) {
    // A newline cannot be typed back inside a word (a backslash before it joins lines).
    if (!e.name.startsWith(stem) || e.name.includes('\n')) continue;
    const shown = e.kind === 'dir' ? `${e.name}/` : e.name;
    out.push({ word: dir + shown, shown });
  }
  return out;
}
