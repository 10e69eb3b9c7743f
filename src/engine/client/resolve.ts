// How the client host reaches a file: a host path is `/<mount path>/<path in the fs>`, as if
// the host had mounted every export of the session's cell at the path the data mover mounts
// it on. The mount with the longest matching path wins; when several movers mount that
// path (read-only mounts may be shared), the first by slot that is up serves, unless the
// host names one (`-s`). Only primaries serve; system file systems (the movers' roots,
// .etc_common) are not exported. Above the mounts, the host's own directories hold the
// mount points and nothing else.
import { findMover, fsById } from '../cluster.js';
import { fail } from '../errors.js';
import { unavailable } from '../distribution/state.js';
import type { Cell, FileSystem, Mount, Mover, World } from '../types.js';
import { servedPath } from '../cifs/exports.js';
import { isUnc, parseUnc, reachShare, uncText } from '../cifs/logon.js';

export interface Served {
  mover: Mover;
  mount: Mount;
  fs: FileSystem;
}

/** A path on a mount: the file system and the path in it. */
export interface OnMount {
  kind: 'mount';
  /** The host path, normalized (a UNC path in its canonical spelling). */
  host: string;
  /** The cell of the file system (a UNC path may reach another site's). */
  cell: Cell;
  served: Served;
  fsPath: string;
  /** Through a CIFS share: who the session's user is, and whether the share is read-only. */
  cifs?: { uid: number; gid: number; ro: boolean };
}

/** A CIFS server named without a share (`\\server`): its shares, as `net view` lists them. */
export interface ShareList {
  kind: 'shares';
  host: string;
  shares: string[];
}

/** A directory of the host's own above the mounts (`/`): its entries are mount points. */
export interface HostDir {
  kind: 'host';
  host: string;
  children: string[];
}

export type Target = OnMount | HostDir | ShareList;

const VDM_ETC = /^\/root_vdm_\d+\/\.etc$/;

/** Every export the host can mount: the primaries' mounted entries of pool-built file systems, movers by slot. */
export function servedMounts(cell: Cell): Served[] {
  const out: Served[] = [];
  for (const mover of [...cell.movers].sort((a, b) => a.slot - b.slot)) {
    if (mover.type !== 'nas') continue;
    for (const mount of mover.mounts) {
      const fs = fsById(cell, mount.fsId);
      // A VDM's root (its .etc) is its configuration, not an export.
      if (fs === undefined || !mount.mounted || fs.pool === null || VDM_ETC.test(mount.path)) continue;
      out.push({ mover, mount, fs });
    }
  }
  return out;
}

/** `/a/./b//c/../d` -> `/a/b/d`; a relative path is taken from `/`, the host's working directory. */
export function normalizeHostPath(path: string): string {
  const parts: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') parts.pop();
    else parts.push(c);
  }
  return '/' + parts.join('/');
}

/** A host path or a UNC path, normalized (a UNC path in its canonical spelling). */
export function normalizeAnyPath(path: string): string {
  return isUnc(path) ? uncText(parseUnc(path)) : normalizeHostPath(path);
}

const under = (path: string, dir: string) => dir === '/' || path === dir || path.startsWith(`${dir}/`);

/** The names of the mount points directly below a host directory. */
export function mountChildren(cell: Cell, host: string, served = servedMounts(cell)): string[] {
  const names = new Set<string>();
  for (const s of served) {
    const p = s.mount.path;
    if (p !== host && under(p, host)) names.add(p.slice(host === '/' ? 1 : host.length + 1).split('/')[0]!);
  }
  return [...names].sort();
}

/**
 * What a host path names. `server` limits the search to one mover's mounts. A path under no
 * mount and above none is missing (ENOENT).
 */
export function resolveHost(cell: Cell, path: string, server: string | null = null): OnMount | HostDir {
  const host = normalizeHostPath(path);
  let served = servedMounts(cell);
  if (server !== null) {
    const mover = findMover(cell, server);
    served = served.filter((s) => s.mover === mover);
  }
  let best: Served | undefined;
  for (const s of served) {
    if (!under(host, s.mount.path)) continue;
    const longer = best === undefined || s.mount.path.length > best.mount.path.length;
    const sameButUp = best !== undefined && s.mount.path === best.mount.path && best.mover.status !== 'online' && s.mover.status === 'online';
    if (longer || sameButUp) best = s;
  }
  if (best !== undefined) {
    const fsPath = host.slice(best.mount.path === '/' ? 0 : best.mount.path.length) || '/';
    return { kind: 'mount', host, cell, served: best, fsPath };
  }
  const children = mountChildren(cell, host, served);
  if (children.length > 0 || host === '/') return { kind: 'host', host, children };
  return fail('file_not_found', { path: host });
}

/** The server must answer (a soft mount's EIO when it is down) and hold a file system a host can use. */
export function requireReachable(t: OnMount): void {
  const { mover, fs } = t.served;
  if (mover.status !== 'online') fail('mover_offline', { mover: mover.name, status: mover.status, path: t.host });
  // A local updatable file system serves only a whole version: not while an update replaces
  // its blocks, nor after one failed part way (distribution/state.ts). EAGAIN: try again later.
  if (unavailable(fs) !== null) fail('fs_updating', { path: t.host, fs: fs.name });
  // Frozen by its replication while the save volume is full (autofreeze=yes, [000227]): no reads, no writes.
  if (fs.frozen === true) fail('fs_frozen', { path: t.host, fs: fs.name });
  // A rawfs holds blocks but no file system a host can read: the handle the export gives resolves to nothing.
  if (fs.type === 'rawfs') fail('stale_handle', { path: t.host, fs: fs.name });
}

export function isReadOnly(t: OnMount): boolean {
  return t.served.mount.ro || t.served.fs.type === 'ckpt' || t.cifs?.ro === true;
}

/**
 * What a host path names, a UNC path included: through the share of a CIFS server found by
 * name, with the identity of the host's session with it (cifs/logon.ts). `server` (`-s`)
 * applies to host paths only.
 */
export function resolveAny(world: World, cell: Cell, path: string, server: string | null = null): Target {
  if (!isUnc(path)) return resolveHost(cell, path, server);
  const r = reachShare(world, cell, path);
  if (!('share' in r)) return { kind: 'shares', host: uncText(r.unc), shares: r.shares.map((s) => s.name).sort() };
  const { at, share, session, unc } = r;
  const inside = unc.path === '/' ? share.path : share.path === '/' ? unc.path : `${share.path}${unc.path}`;
  const sp = servedPath(at.cell, at.s, inside);
  // The share's directory is no longer on a mounted file system of the server.
  if (sp === undefined) return fail('smb_bad_network_name', { path: uncText({ ...unc, path: '/' }), why: 'share_path' });
  return {
    kind: 'mount',
    host: uncText(unc),
    cell: at.cell,
    served: { mover: sp.mover, mount: sp.mount, fs: sp.fs },
    fsPath: sp.fsPath,
    cifs: { uid: session.uid, gid: session.gid, ro: share.ro },
  };
}

export function requireWritable(t: OnMount): void {
  if (isReadOnly(t)) fail('read_only_fs', { path: t.host, fs: t.served.fs.name });
}
