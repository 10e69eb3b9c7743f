// Mount points and the mount table of a data mover. A file system is mounted read-write
// in one place at most; read-only mounts may be shared between movers. Every operation
// checks all of its conditions before it changes anything, so a failure leaves the world
// as it was.
import { findFs, fsById, requireOnline, requireServing } from './cluster.js';
import { fail } from './errors.js';
import { logEvent } from './log.js';
import type { AccessPolicy, Cell, FileSystem, LockPolicy, Mount, MountFlag, Mover, World } from './types.js';

export const MAX_PATH = 1024;
export const MAX_COMPONENT = 255;
// Printable ASCII without blanks, quotes or shell/glob metacharacters: what a mover path
// component can hold in practice, and nothing a terminal or a script would mangle.
const COMPONENT = /^[A-Za-z0-9_.+,:@%#~-]+$/;

/** Why a path cannot name a mount point, or null when it can. */
export function pathProblem(path: string): string | null {
  if (!path.startsWith('/')) return 'not absolute';
  if (path === '/') return null;
  if (path.length > MAX_PATH) return 'too long';
  if (path.endsWith('/')) return 'trailing slash';
  for (const c of path.slice(1).split('/')) {
    if (c === '') return 'empty component';
    if (c === '.' || c === '..') return 'relative component';
    if (c.length > MAX_COMPONENT) return 'component too long';
    if (!COMPONENT.test(c)) return 'bad character';
  }
  return null;
}

export function checkPath(mover: Mover, path: string): void {
  const why = pathProblem(path);
  if (why) fail('mountpoint_invalid', { mover: mover.name, path, why });
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

const isUnder = (path: string, dir: string) => path.startsWith(dir === '/' ? '/' : `${dir}/`) && path !== dir;

/** The root `/` is every mover's mount point; the others are listed in `mountpoints`. */
export function hasMountpoint(mover: Mover, path: string): boolean {
  return path === '/' || mover.mountpoints.includes(path);
}

export function createMountpoint(world: World, mover: Mover, path: string): void {
  requireServing(mover);
  checkPath(mover, path);
  if (hasMountpoint(mover, path)) fail('mountpoint_exists', { mover: mover.name, path });
  if (!hasMountpoint(mover, parentOf(path))) fail('mountpoint_not_found', { mover: mover.name, path: parentOf(path) });
  mover.mountpoints.push(path);
  logEvent(world, mover, 'ADMIN', 6, 'mountpoint_created', { path });
}

export function deleteMountpoint(world: World, mover: Mover, path: string): void {
  requireServing(mover);
  checkPath(mover, path);
  if (path === '/') fail('root_busy', { mover: mover.name, path });
  if (!hasMountpoint(mover, path)) fail('mountpoint_not_found', { mover: mover.name, path });
  if (mover.mounts.some((m) => m.path === path)) fail('mountpoint_in_use', { mover: mover.name, path });
  if (mover.mountpoints.some((p) => isUnder(p, path))) fail('mountpoint_not_empty', { mover: mover.name, path });
  mover.mountpoints = mover.mountpoints.filter((p) => p !== path);
  logEvent(world, mover, 'ADMIN', 6, 'mountpoint_deleted', { path });
}

export const ACCESS_POLICIES: readonly AccessPolicy[] = ['NT', 'UNIX', 'NATIVE', 'SECURE', 'MIXED', 'MIXED_COMPAT'];
export const LOCK_POLICIES: readonly LockPolicy[] = ['nolock', 'wlock', 'rwlock'];
/** The switches `-option` takes, in the order the mount table lists them. */
export const MOUNT_FLAGS: readonly MountFlag[] = [
  'nonotify', 'notifyonaccess', 'notifyonwrite', 'nooplock', 'noscan', 'noprefetch',
  'uncached', 'cifssyncwrite', 'ntcredential', 'smbca',
];
/** Switches that say the opposite of each other. */
const FLAG_CONFLICTS: [MountFlag, MountFlag][] = [
  ['nonotify', 'notifyonaccess'],
  ['nonotify', 'notifyonwrite'],
];

/** What `-option` sets besides the mode. */
export interface MountSettings {
  accessPolicy: AccessPolicy | null;
  lock: LockPolicy | null;
  flags: MountFlag[];
}

export interface MountOptions extends MountSettings {
  /** Null: no ro or rw in the list. */
  ro: boolean | null;
}

/**
 * Parses a `-option` list: `ro|rw`, `accesspolicy=<policy>`, `nolock|wlock|rwlock` and the
 * switches of MOUNT_FLAGS, each kind at most once (repeating the same word is harmless).
 */
export function parseMountOptions(mover: Mover, text: string): MountOptions {
  const out: MountOptions = { ro: null, accessPolicy: null, lock: null, flags: [] };
  const seen = new Map<string, string>();
  const once = (kind: string, word: string) => {
    const prev = seen.get(kind);
    if (prev !== undefined && prev !== word) fail('mount_option_invalid', { mover: mover.name, option: `${prev},${word}` });
    seen.set(kind, word);
  };
  for (const word of text.split(',')) {
    if (word === '') fail('mount_option_invalid', { mover: mover.name, option: text });
    if (word === 'ro' || word === 'rw') {
      once('mode', word);
      out.ro = word === 'ro';
    } else if (word.startsWith('accesspolicy=')) {
      const policy = ACCESS_POLICIES.find((p) => p === word.slice('accesspolicy='.length).toUpperCase());
      if (!policy) fail('mount_option_invalid', { mover: mover.name, option: word });
      once('accesspolicy', `accesspolicy=${policy}`);
      out.accessPolicy = policy;
    } else if ((LOCK_POLICIES as readonly string[]).includes(word)) {
      once('lock', word);
      out.lock = word as LockPolicy;
    } else if ((MOUNT_FLAGS as readonly string[]).includes(word)) {
      const flag = word as MountFlag;
      for (const [a, b] of FLAG_CONFLICTS) {
        const other = flag === a ? b : flag === b ? a : null;
        if (other && out.flags.includes(other)) fail('mount_option_invalid', { mover: mover.name, option: `${other},${flag}` });
      }
      if (!out.flags.includes(flag)) out.flags.push(flag);
    } else fail('mount_option_invalid', { mover: mover.name, option: word });
  }
  out.flags.sort((a, b) => MOUNT_FLAGS.indexOf(a) - MOUNT_FLAGS.indexOf(b));
  return out;
}

export interface MountRequest {
  fs: FileSystem;
  /** Null: the mount table entry's path, else `/<fs name>`. */
  path: string | null;
  /** Null: keep the entry's mode, else read-write. */
  ro: boolean | null;
  /** Null or absent: keep the entry's settings, else none; given: they replace the entry's. */
  settings?: MountSettings | null;
}

/** Why `fs` cannot be mounted (mode `ro`) on `mover` given the other movers' mounts. */
function checkOtherMovers(cell: Cell, mover: Mover, fs: FileSystem, ro: boolean): void {
  for (const m of cell.movers) {
    if (m === mover) continue;
    for (const x of m.mounts) {
      if (x.fsId !== fs.id || !x.mounted) continue;
      if (!x.ro) fail('fs_mounted_rw_elsewhere', { mover: mover.name, fs: fs.name, other: m.name, path: x.path });
      if (!ro) fail('fs_mounted_elsewhere', { mover: mover.name, fs: fs.name, other: m.name, path: x.path });
    }
  }
}

/**
 * Mounts a file system, or remounts the mover's temporarily unmounted entry for it.
 * A uxfs mount point is made when absent; a rawfs needs one that exists.
 */
export function mountFs(world: World, cell: Cell, mover: Mover, req: MountRequest): Mount {
  const { fs } = req;
  requireServing(mover);
  const entry = mover.mounts.find((m) => m.fsId === fs.id);
  const path = req.path ?? entry?.path ?? `/${fs.name}`;
  checkPath(mover, path);
  const ro = req.ro ?? entry?.ro ?? false;

  if (entry?.mounted) fail('fs_mounted_here', { mover: mover.name, fs: fs.name, path: entry.path });
  if (entry && entry.path !== path) fail('fs_unmounted_here', { mover: mover.name, fs: fs.name, path: entry.path });
  const other = mover.mounts.find((m) => m.path === path && m.fsId !== fs.id);
  if (other) fail('mount_exists', { mover: mover.name, path, fs: fsById(cell, other.fsId)?.name ?? '' });
  checkOtherMovers(cell, mover, fs, ro);
  const makePoint = !hasMountpoint(mover, path);
  if (makePoint) {
    if (fs.type === 'rawfs') fail('rawfs_needs_mountpoint', { mover: mover.name, fs: fs.name, path });
    if (!hasMountpoint(mover, parentOf(path))) fail('mountpoint_not_found', { mover: mover.name, path: parentOf(path) });
  }

  const settings = req.settings ?? (entry ? { accessPolicy: entry.accessPolicy, lock: entry.lock, flags: entry.flags } : null);
  const { accessPolicy = null, lock = null, flags = [] } = settings ?? {};

  if (makePoint) mover.mountpoints.push(path);
  let mount: Mount;
  if (entry) {
    Object.assign(entry, { mounted: true, ro, accessPolicy, lock, flags: [...flags] });
    mount = entry;
  } else {
    mount = { fsId: fs.id, path, ro, mounted: true, accessPolicy, lock, flags: [...flags] };
    mover.mounts.push(mount);
  }
  logEvent(world, mover, 'ADMIN', 6, 'fs_mounted', { fs: fs.name, path, mode: ro ? 'ro' : 'rw' });
  return mount;
}

/**
 * The mount table entry a `server_umount` word names: a path (it starts with `/`) or a
 * file system name.
 */
export function findMountEntry(cell: Cell, mover: Mover, target: string): Mount {
  if (target.startsWith('/')) {
    checkPath(mover, target);
    return mover.mounts.find((m) => m.path === target) ?? fail('mount_not_found', { mover: mover.name, target });
  }
  const fs = findFs(cell, target);
  return mover.mounts.find((m) => m.fsId === fs.id) ?? fail('mount_not_found', { mover: mover.name, target });
}

/**
 * `-temp` keeps the entry (shown unmounted, remounted by `server_mount <mover> <fs>`);
 * `-perm` removes it. The mount point stays either way, as on the real mover.
 */
export function umountFs(world: World, cell: Cell, mover: Mover, target: string, perm: boolean): Mount {
  requireServing(mover);
  const entry = findMountEntry(cell, mover, target);
  const fs = fsById(cell, entry.fsId);
  if (entry.path === '/') fail('root_busy', { mover: mover.name, path: entry.path });
  if (fs && fs.pool === null) fail('fs_system', { mover: mover.name, fs: fs.name });
  if (!entry.mounted && !perm) fail('not_mounted', { mover: mover.name, target });
  // A file system mounted on a mount point inside this one holds it busy.
  if (entry.mounted && mover.mounts.some((m) => m.mounted && isUnder(m.path, entry.path))) {
    fail('mount_busy', { mover: mover.name, path: entry.path });
  }
  if (perm) mover.mounts = mover.mounts.filter((m) => m !== entry);
  else entry.mounted = false;
  logEvent(world, mover, 'ADMIN', 6, perm ? 'fs_unmounted_perm' : 'fs_unmounted_temp', {
    fs: fs?.name ?? '',
    path: entry.path,
  });
  return entry;
}

/** Non-root entries of file systems built from a pool: what `server_umount -all` unmounts. */
function userEntries(cell: Cell, mover: Mover, perm: boolean): Mount[] {
  return mover.mounts.filter((m) => m.path !== '/' && (perm || m.mounted) && fsById(cell, m.fsId)?.pool !== null);
}

const depth = (path: string) => path.split('/').length;

/**
 * `server_umount <mover> [-perm|-temp] -all`: every entry of userEntries, deepest mount
 * point first so that none is held busy by one below it. A mover with nothing to unmount
 * (a standby has only its system file systems) answers without being a primary.
 */
export function umountAll(world: World, cell: Cell, mover: Mover, perm: boolean): Mount[] {
  requireOnline(mover);
  const targets = userEntries(cell, mover, perm).sort((a, b) => depth(b.path) - depth(a.path));
  if (targets.length === 0) return [];
  requireServing(mover);
  // A system file system mounted below one of them would stop the loop half way: refuse first.
  for (const t of targets) {
    if (!t.mounted) continue;
    const below = mover.mounts.find((m) => m.mounted && isUnder(m.path, t.path) && !targets.includes(m));
    if (below) fail('mount_busy', { mover: mover.name, path: t.path });
  }
  for (const t of targets) umountFs(world, cell, mover, t.path, perm);
  return targets;
}

export interface MountRow extends MountSettings {
  fs: FileSystem;
  path: string;
  ro: boolean;
  mounted: boolean;
}

/** The mover's mount table in mount order, each entry with its file system. */
export function mountTable(cell: Cell, mover: Mover): MountRow[] {
  const rows: MountRow[] = [];
  for (const m of mover.mounts) {
    const fs = fsById(cell, m.fsId);
    if (fs) rows.push({ fs, path: m.path, ro: m.ro, mounted: m.mounted, accessPolicy: m.accessPolicy, lock: m.lock, flags: m.flags });
  }
  return rows;
}

export interface SharingViolation {
  fs: string;
  /** The first mover (in table order) mounting it read-write. */
  rw: string;
  /** The first other mover mounting it, in any mode. */
  other: string;
}

/**
 * File systems that break the sharing rule: mounted read-write on one mover and mounted
 * (in any mode) on another. Empty in every reachable world; the lab schema refuses a
 * hand-edited file that is not.
 */
export function sharingViolations(cell: Cell): SharingViolation[] {
  const bad: SharingViolation[] = [];
  for (const fs of cell.fileSystems) {
    const live = cell.movers.flatMap((mv) => mv.mounts.filter((m) => m.fsId === fs.id && m.mounted).map((m) => ({ mv, ro: m.ro })));
    const rw = live.find((l) => !l.ro);
    const other = rw && live.find((l) => l.mv !== rw.mv);
    if (rw && other) bad.push({ fs: fs.name, rw: rw.mv.name, other: other.mv.name });
  }
  return bad;
}
