// Mount points and the mount table of a data mover. A file system is mounted read-write
// in one place at most; read-only mounts may be shared between movers. Every operation
// checks all of its conditions before it changes anything, so a failure leaves the world
// as it was.
import type { OptionWords } from './option-words.js';
import { findFs, fsById, requireOnline, requireServing } from './cluster.js';
import { fail } from './errors.js';
import { logEvent } from './log.js';
import type { AccessPolicy, Cell, FileSystem, LockPolicy, Mount, MountFlag, Mover, World } from './types.js';

export const MAX_PATH = 1024;
export const MAX_COMPONENT = 255;
// Printable ASCII without blanks, quotes or shell/glob metacharacters: what a mover path
// component can hold in practice, and nothing a terminal or a script would mangle.
const COMPONENT = /^[A-Za-z0-9_.+,:@%#~-]+$/;

/** Why a path cannot be a mount point. */
export type PathProblem = 'not_absolute' | 'too_long' | 'trailing_slash' | 'empty_component' | 'relative_component' | 'component_too_long' | 'bad_character';

/** Why a path cannot name a mount point, or null when it can. */
export function pathProblem(path: string): PathProblem | null {
  if (!path.startsWith('/')) return 'not_absolute';
  if (path === '/') return null;
  if (path.length > MAX_PATH) return 'too_long';
  if (path.endsWith('/')) return 'trailing_slash';
  for (const c of path.slice(1).split('/')) {
    if (c === '') return 'empty_component';
    if (c === '.' || c === '..') return 'relative_component';
    if (c.length > MAX_COMPONENT) return 'component_too_long';
    if (!COMPONENT.test(c)) return 'bad_character';
  }
  return null;
}

export function checkPath(mover: Mover, path: string): void {
  if (pathProblem(path) !== null) fail('mountpoint_invalid', { mover: mover.name, path });
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

/** Every check of a mount point's creation; changes nothing. */
export function checkCreateMountpoint(mover: Mover, path: string): void {
  requireServing(mover);
  checkPath(mover, path);
  if (hasMountpoint(mover, path)) fail('mountpoint_exists', { mover: mover.name, path });
  if (!hasMountpoint(mover, parentOf(path))) fail('mountpoint_not_found', { mover: mover.name, path: parentOf(path) });
}

export function createMountpoint(world: World, mover: Mover, path: string): void {
  checkCreateMountpoint(mover, path);
  mover.mountpoints.push(path);
  logEvent(world, mover, 'ADMIN', 6, 'mountpoint_created', { path });
}

/** Every check of a mount point's deletion; changes nothing. */
export function checkDeleteMountpoint(mover: Mover, path: string): void {
  requireServing(mover);
  checkPath(mover, path);
  if (path === '/') fail('root_busy', { mover: mover.name, path });
  if (!hasMountpoint(mover, path)) fail('mountpoint_not_found', { mover: mover.name, path });
  if (mover.mounts.some((m) => m.path === path)) fail('mountpoint_in_use', { mover: mover.name, path });
  if (mover.mountpoints.some((p) => isUnder(p, path))) fail('mountpoint_not_empty', { mover: mover.name, path });
}

export function deleteMountpoint(world: World, mover: Mover, path: string): void {
  checkDeleteMountpoint(mover, path);
  mover.mountpoints = mover.mountpoints.filter((p) => p !== path);
  logEvent(world, mover, 'ADMIN', 6, 'mountpoint_deleted', { path });
}

export const ACCESS_POLICIES: readonly AccessPolicy[] = ['NT', 'UNIX', 'NATIVE', 'SECURE', 'MIXED', 'MIXED_COMPAT'];
export const LOCK_POLICIES: readonly LockPolicy[] = ['nolock', 'wlock', 'rwlock'];
/** The switches `-option` takes, in the order the mount table lists them. */
export const MOUNT_FLAGS: readonly MountFlag[] = [
  'nonotify',
  'notifyonaccess',
  'notifyonwrite',
  'nooplock',
  'noscan',
  'noprefetch',
  'uncached',
  'cifssyncwrite',
  'ntcredential',
  'smbca',
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
export function parseMountOptions(who: string, opts: OptionWords): MountOptions {
  const out: MountOptions = { ro: null, accessPolicy: null, lock: null, flags: [] };
  const seen = new Map<string, string>();
  const once = (kind: string, word: string) => {
    const prev = seen.get(kind);
    if (prev !== undefined && prev !== word) fail('mount_option_invalid', { mover: who, option: `${prev},${word}` });
    seen.set(kind, word);
  };
  for (const { text: word } of opts.items) {
    if (word === '') fail('mount_option_invalid', { mover: who, option: opts.text });
    if (word === 'ro' || word === 'rw') {
      once('mode', word);
      out.ro = word === 'ro';
    } else if (word.startsWith('accesspolicy=')) {
      const policy = ACCESS_POLICIES.find((p) => p === word.slice('accesspolicy='.length).toUpperCase());
      if (!policy) fail('mount_option_invalid', { mover: who, option: word });
      once('accesspolicy', `accesspolicy=${policy}`);
      out.accessPolicy = policy;
    } else if ((LOCK_POLICIES as readonly string[]).includes(word)) {
      once('lock', word);
      out.lock = word as LockPolicy;
    } else if ((MOUNT_FLAGS as readonly string[]).includes(word)) {
      const flag = word as MountFlag;
      for (const [a, b] of FLAG_CONFLICTS) {
        const other = flag === a ? b : flag === b ? a : null;
        if (other && out.flags.includes(other)) fail('mount_option_invalid', { mover: who, option: `${other},${flag}` });
      }
      if (!out.flags.includes(flag)) out.flags.push(flag);
    } else fail('mount_option_invalid', { mover: who, option: word });
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

/** What a mount will do, once every condition is checked (see checkMount). */
export interface MountPlan {
  mover: Mover;
  fs: FileSystem;
  /** The mover's entry for the file system (temporarily unmounted), or undefined for a new one. */
  entry: Mount | undefined;
  path: string;
  ro: boolean;
  /** The mount point does not exist yet and is made with the mount. */
  makePoint: boolean;
  settings: MountSettings;
}

/** The checkpoints of a production file system that are mounted on a mover now. */
export function mountedCheckpoints(cell: Cell, mover: Mover, pfs: FileSystem): { ckpt: FileSystem; path: string }[] {
  const out: { ckpt: FileSystem; path: string }[] = [];
  for (const m of mover.mounts) {
    if (!m.mounted) continue;
    const f = fsById(cell, m.fsId);
    if (f !== undefined && f.type === 'ckpt' && f.ckpt?.fsId === pfs.id) out.push({ ckpt: f, path: m.path });
  }
  return out;
}

/**
 * A checkpoint is read through its production file system on the same data mover, so it
 * mounts only where that one is mounted; and it is a point in time, so only read-only
 * (which is also its default mode).
 */
function checkCheckpointMount(cell: Cell, mover: Mover, fs: FileSystem, ro: boolean): void {
  if (fs.type !== 'ckpt') return;
  if (!ro) fail('ckpt_mount_rw', { mover: mover.name, fs: fs.name });
  const pfs = fs.ckpt === null ? undefined : fsById(cell, fs.ckpt.fsId);
  const pfsMounted = pfs !== undefined && mover.mounts.some((m) => m.fsId === pfs.id && m.mounted);
  if (!pfsMounted) fail('ckpt_mount_no_pfs', { mover: mover.name, fs: pfs?.name ?? '', ckpt: fs.name });
}

/**
 * Every check of a mount, in the order the mover reports them; changes nothing. A caller
 * mounting several file systems at once (a checkpoint on each mover of its PFS) checks
 * them all before applying any.
 */
export function checkMount(cell: Cell, mover: Mover, req: MountRequest): MountPlan {
  const { fs } = req;
  requireServing(mover);
  const entry = mover.mounts.find((m) => m.fsId === fs.id);
  const path = req.path ?? entry?.path ?? `/${fs.name}`;
  checkPath(mover, path);
  const ro = req.ro ?? entry?.ro ?? fs.type === 'ckpt';

  // Mounting read-only what is mounted read-only there already changes nothing (the DR runbook's step 4, [000193]).
  const again = entry?.mounted === true && entry.ro && ro && entry.path === path;
  if (entry?.mounted && !again) fail('fs_mounted_here', { mover: mover.name, fs: fs.name, path: entry.path });
  if (!ro && fs.replLock !== undefined) fail('repl_fs_protected', { fs: fs.name, why: fs.replLock.why, peer: fs.replLock.peer });
  if (entry && entry.path !== path) fail('fs_unmounted_here', { mover: mover.name, fs: fs.name, path: entry.path });
  const other = mover.mounts.find((m) => m.path === path && m.fsId !== fs.id);
  if (other) fail('mount_exists', { mover: mover.name, path, fs: fsById(cell, other.fsId)?.name ?? '' });
  checkCheckpointMount(cell, mover, fs, ro);
  checkOtherMovers(cell, mover, fs, ro);
  const makePoint = !hasMountpoint(mover, path);
  if (makePoint) {
    if (fs.type === 'rawfs') fail('rawfs_needs_mountpoint', { mover: mover.name, fs: fs.name, path });
    if (!hasMountpoint(mover, parentOf(path))) fail('mountpoint_not_found', { mover: mover.name, path: parentOf(path) });
  }
  const given = req.settings ?? (entry ? { accessPolicy: entry.accessPolicy, lock: entry.lock, flags: entry.flags } : null);
  const { accessPolicy = null, lock = null, flags = [] } = given ?? {};
  return { mover, fs, entry, path, ro, makePoint, settings: { accessPolicy, lock, flags: [...flags] } };
}

/** Carries out a checked mount. */
export function applyMount(world: World, plan: MountPlan): Mount {
  const { mover, fs, entry, path, ro, settings } = plan;
  if (plan.makePoint) mover.mountpoints.push(path);
  let mount: Mount;
  if (entry) {
    Object.assign(entry, { mounted: true, ro, ...settings });
    mount = entry;
  } else {
    mount = { fsId: fs.id, path, ro, mounted: true, ...settings };
    mover.mounts.push(mount);
  }
  logEvent(world, mover, 'ADMIN', 6, 'fs_mounted', { fs: fs.name, path, mode: ro ? 'ro' : 'rw' });
  return mount;
}

/**
 * Mounts a file system, or remounts the mover's temporarily unmounted entry for it.
 * A uxfs or checkpoint mount point is made when absent; a rawfs needs one that exists.
 */
export function mountFs(world: World, cell: Cell, mover: Mover, req: MountRequest): Mount {
  return applyMount(world, checkMount(cell, mover, req));
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
 * Every check of an unmount; changes nothing. `-temp` keeps the entry (shown unmounted,
 * remounted by `server_mount <mover> <fs>`); `-perm` removes it. The mount point stays
 * either way, as on the real mover.
 */
export function checkUmount(cell: Cell, mover: Mover, target: string, perm: boolean): Mount {
  requireServing(mover);
  const entry = findMountEntry(cell, mover, target);
  const fs = fsById(cell, entry.fsId);
  if (entry.path === '/') fail('root_busy', { mover: mover.name, path: entry.path });
  if (fs && fs.pool === null) fail('fs_system', { mover: mover.name, fs: fs.name });
  if (!entry.mounted && !perm) fail('not_mounted', { mover: mover.name, target });
  // fs_ckpt: "The checkpoint must be unmounted prior to unmounting the PFS."
  const ckpt = entry.mounted && fs ? mountedCheckpoints(cell, mover, fs)[0] : undefined;
  if (ckpt) fail('ckpt_mounted', { mover: mover.name, fs: fs!.name, ckpt: ckpt.ckpt.name, path: ckpt.path });
  // A file system mounted on a mount point inside this one holds it busy.
  if (entry.mounted && mover.mounts.some((m) => m.mounted && isUnder(m.path, entry.path))) {
    fail('mount_busy', { mover: mover.name, path: entry.path });
  }
  return entry;
}

/** Carries out a checked unmount of `entry`. */
export function applyUmount(world: World, cell: Cell, mover: Mover, entry: Mount, perm: boolean): Mount {
  if (perm) mover.mounts = mover.mounts.filter((m) => m !== entry);
  else entry.mounted = false;
  logEvent(world, mover, 'ADMIN', 6, perm ? 'fs_unmounted_perm' : 'fs_unmounted_temp', {
    fs: fsById(cell, entry.fsId)?.name ?? '',
    path: entry.path,
  });
  return entry;
}

export function umountFs(world: World, cell: Cell, mover: Mover, target: string, perm: boolean): Mount {
  return applyUmount(world, cell, mover, checkUmount(cell, mover, target, perm), perm);
}

/** Non-root entries of file systems built from a pool: what `server_umount -all` unmounts. */
function userEntries(cell: Cell, mover: Mover, perm: boolean, skip: (m: Mount) => boolean): Mount[] {
  return mover.mounts.filter((m) => m.path !== '/' && (perm || m.mounted) && fsById(cell, m.fsId)?.pool !== null && !skip(m));
}

const depth = (path: string) => path.split('/').length;

/** The proper ancestors of a mount point, `/` excluded (`/a/b/c` -> `/a`, `/a/b`). */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

/**
 * The order `-all` unmounts `targets` in, found before anything changes: deepest mount
 * point first, and each mounted one only once nothing is mounted below it and no
 * checkpoint of its file system is still mounted here. When none can go next, the
 * first one left is refused as umountFs would refuse it. Counts of what is mounted below
 * each path and of each file system's mounted checkpoints keep it linear in the table.
 */
function unmountSequence(cell: Cell, mover: Mover, targets: Mount[]): Mount[] {
  const below = new Map<string, number>();
  const ckpts = new Map<number, Mount[]>();
  const pfsOf = (m: Mount): number | null => {
    const f = fsById(cell, m.fsId);
    return f?.type === 'ckpt' && f.ckpt !== null ? f.ckpt.fsId : null;
  };
  const track = (m: Mount, add: boolean): void => {
    for (const a of ancestors(m.path)) below.set(a, (below.get(a) ?? 0) + (add ? 1 : -1));
    const pfs = pfsOf(m);
    if (pfs === null) return;
    const list = ckpts.get(pfs) ?? [];
    ckpts.set(pfs, add ? [...list, m] : list.filter((x) => x !== m));
  };
  for (const m of mover.mounts) if (m.mounted) track(m, true);
  const blocked = (t: Mount): boolean => t.mounted && ((below.get(t.path) ?? 0) > 0 || (ckpts.get(t.fsId)?.length ?? 0) > 0);

  let left = [...targets].sort((a, b) => depth(b.path) - depth(a.path));
  const out: Mount[] = [];
  while (left.length > 0) {
    const next: Mount[] = [];
    for (const t of left) {
      if (blocked(t)) next.push(t);
      else {
        if (t.mounted) track(t, false);
        out.push(t);
      }
    }
    if (next.length === left.length) {
      const t = next[0]!;
      const ck = ckpts.get(t.fsId)?.[0];
      if ((below.get(t.path) ?? 0) > 0 || ck === undefined) fail('mount_busy', { mover: mover.name, path: t.path });
      fail('ckpt_mounted', { mover: mover.name, fs: fsById(cell, t.fsId)?.name ?? '', ckpt: fsById(cell, ck.fsId)?.name ?? '', path: ck.path });
    }
    left = next;
  }
  return out;
}

/**
 * `server_umount <mover> [-perm|-temp] -all`: every entry of userEntries (but those `skip`
 * keeps: a VDM's), in an order where none is held busy (unmountSequence). A mover with nothing to unmount (a standby
 * has only its system file systems) answers without being a primary.
 */
export function umountAll(world: World, cell: Cell, mover: Mover, perm: boolean, skip: (m: Mount) => boolean = () => false): Mount[] {
  const order = planUmountAll(cell, mover, perm, skip);
  for (const t of order) applyUmount(world, cell, mover, t, perm);
  return order;
}

/** The entries umountAll would unmount, in order, every one checked; changes nothing. */
export function planUmountAll(cell: Cell, mover: Mover, perm: boolean, skip: (m: Mount) => boolean = () => false): Mount[] {
  requireOnline(mover);
  const targets = userEntries(cell, mover, perm, skip);
  if (targets.length === 0) return [];
  requireServing(mover);
  // Refused before the first unmount, so a refusal leaves every entry as it was.
  return unmountSequence(cell, mover, targets);
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
