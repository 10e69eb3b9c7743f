// Mount points and the mount table of a data mover. A file system is mounted read-write
// in one place at most; read-only mounts may be shared between movers.
import { fsById } from './cluster.js';
import { fail } from './errors.js';
import { logEvent } from './log.js';
import type { Cell, FileSystem, Mount, Mover, World } from './types.js';

export function hasMountpoint(mover: Mover, path: string): boolean {
  return mover.mountpoints.includes(path);
}

export function createMountpoint(world: World, mover: Mover, path: string): void {
  if (hasMountpoint(mover, path)) fail('mountpoint_exists', { mover: mover.name, path });
  mover.mountpoints.push(path);
  logEvent(world, mover, 'ADMIN', 6, 'mountpoint_created', { path });
}

export function deleteMountpoint(world: World, mover: Mover, path: string): void {
  if (!hasMountpoint(mover, path)) fail('mountpoint_not_found', { mover: mover.name, path });
  if (mover.mounts.some((m) => m.path === path)) fail('mountpoint_in_use', { mover: mover.name, path });
  mover.mountpoints = mover.mountpoints.filter((p) => p !== path);
  logEvent(world, mover, 'ADMIN', 6, 'mountpoint_deleted', { path });
}

export interface MountRequest {
  fs: FileSystem;
  /** Null: reuse the mount table entry, or `/<fs name>` for a uxfs. */
  path: string | null;
  /** Null: keep the entry's mode, else read-write. */
  ro: boolean | null;
}

export function mountFs(world: World, cell: Cell, mover: Mover, req: MountRequest): Mount {
  const { fs } = req;
  const entry = mover.mounts.find((m) => m.fsId === fs.id);
  const path = req.path ?? entry?.path ?? (fs.type === 'rawfs' ? fail('rawfs_needs_mountpoint', { mover: mover.name, fs: fs.name, path: '' }) : `/${fs.name}`);
  const ro = req.ro ?? entry?.ro ?? false;

  if (entry?.mounted) fail('fs_mounted_here', { mover: mover.name, fs: fs.name, path: entry.path });
  if (entry && entry.path !== path) fail('fs_mounted_here', { mover: mover.name, fs: fs.name, path: entry.path });
  const other = mover.mounts.find((m) => m.path === path && m.fsId !== fs.id);
  if (other) fail('mount_exists', { mover: mover.name, path, fs: fsById(cell, other.fsId)?.name ?? '' });
  for (const m of cell.movers) {
    if (m === mover) continue;
    for (const x of m.mounts) {
      if (x.fsId !== fs.id || !x.mounted) continue;
      if (!x.ro) fail('fs_mounted_rw_elsewhere', { mover: mover.name, fs: fs.name, other: m.name });
      if (!ro) fail('fs_mounted_elsewhere', { mover: mover.name, fs: fs.name, other: m.name });
    }
  }
  if (!hasMountpoint(mover, path)) {
    if (fs.type === 'rawfs') fail('rawfs_needs_mountpoint', { mover: mover.name, fs: fs.name, path });
    mover.mountpoints.push(path);
  }
  let mount: Mount;
  if (entry) {
    entry.mounted = true;
    entry.ro = ro;
    mount = entry;
  } else {
    mount = { fsId: fs.id, path, ro, mounted: true };
    mover.mounts.push(mount);
  }
  logEvent(world, mover, 'ADMIN', 6, 'fs_mounted', { fs: fs.name, path, mode: ro ? 'ro' : 'rw' });
  return mount;
}

/** Finds the mount table entry named by a file system name or a mount path. */
export function findMountEntry(cell: Cell, mover: Mover, target: string): Mount {
  const byPath = mover.mounts.find((m) => m.path === target);
  if (byPath) return byPath;
  const fs = cell.fileSystems.find((f) => f.name === target);
  const byFs = fs && mover.mounts.find((m) => m.fsId === fs.id);
  return byFs ?? fail('mount_not_found', { mover: mover.name, target });
}

export function umountFs(world: World, cell: Cell, mover: Mover, target: string, perm: boolean): Mount {
  const entry = findMountEntry(cell, mover, target);
  if (entry.path === '/') fail('root_busy', { mover: mover.name, path: entry.path });
  if (!entry.mounted && !perm) fail('not_mounted', { mover: mover.name, target });
  if (perm) mover.mounts = mover.mounts.filter((m) => m !== entry);
  else entry.mounted = false;
  logEvent(world, mover, 'ADMIN', 6, perm ? 'fs_unmounted_perm' : 'fs_unmounted_temp', {
    fs: fsById(cell, entry.fsId)?.name ?? '',
    path: entry.path,
  });
  return entry;
}
