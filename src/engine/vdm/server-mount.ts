// Mount points and mounts as server_mountpoint, server_mount and server_umount see them, on a
// data mover or on a VDM ([000254]). A VDM's paths are relative to its root: `/fs1` of vdm_1
// is /root_vdm_1/fs1 of its data mover, where the Control Station directs the command. Only a
// loaded VDM takes them; a uxfs mounted on a mount point that does not exist gets one, which
// goes with its -perm unmount; a rawfs needs one made first. What a VDM mounts is recorded in
// its configuration (the mounts it expects, [000243]) and mounted on its data mover.
//
// On a data mover itself, the directories of its VDMs (/root_vdm_<n>) are theirs, and a file
// system a VDM holds (its root, or one it mounts) is mounted through that VDM only ([000275]).
import { fsById } from '../cluster.js';
import { fail, isNasError, NasError, type NasErrorCode } from '../errors.js';
import {
  applyMount,
  applyUmount,
  checkCreateMountpoint,
  checkDeleteMountpoint,
  checkMount,
  checkUmount,
  createMountpoint,
  deleteMountpoint,
  findMountEntry,
  hasMountpoint,
  mountTable,
  pathProblem,
  planUmountAll,
  umountAll,
  umountFs,
  type MountRow,
  type MountSettings,
} from '../mount.js';
import { logEvent } from '../log.js';
import type { Cell, FileSystem, Mount, Mover, Vdm, VdmMount, World } from '../types.js';
import { readConfig, writeConfig, logIn } from './config.js';
import { vdmHolding } from './expected.js';
import { vdmEntries } from './load.js';
import { hostOf, physicalPath, relativePath, requireLoaded, vdmEtc, vdmsOf, type Server } from './vdms.js';

/** `/root_vdm_<n>` and below: a VDM's directory on a data mover, never the mover's own. */
const VDM_DIR = /^\/root_vdm_\d+(\/|$)/;

function vdmDirOwner(cell: Cell, path: string): string {
  const id = Number(/^\/root_vdm_(\d+)/.exec(path)?.[1]);
  return vdmsOf(cell).find((v) => v.id === id)?.name ?? `root_vdm_${id}`;
}

function guardMoverPath(cell: Cell, mover: Mover, path: string): void {
  if (VDM_DIR.test(path)) fail('vdm_path_owned', { mover: mover.name, path, vdm: vdmDirOwner(cell, path) });
}

/** Runs `f` on a VDM's data mover with its errors told in the VDM's terms: its name, its paths. */
function asVdm<T>(vdm: Vdm, host: Mover, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!isNasError(e)) throw e;
    throw inVdmTerms(vdm, host, e);
  }
}

/** The same error with the data mover, paths and targets it names told as the VDM's. */
function inVdmTerms<C extends NasErrorCode>(vdm: Vdm, host: Mover, e: NasError<C>): NasError<C> {
  return new NasError(e.code, { ...e.data, ...vdmNames(vdm, host, e.data) });
}

function vdmNames(vdm: Vdm, host: Mover, data: Readonly<Record<string, unknown>>): { mover?: string; path?: string; target?: string } {
  const out: { mover?: string; path?: string; target?: string } = {};
  if (data.mover === host.name) out.mover = vdm.name;
  for (const k of ['path', 'target'] as const) {
    const v = data[k];
    if (typeof v === 'string') out[k] = relativePath(vdm, v) ?? v;
  }
  return out;
}

function checkRelative(vdm: Vdm, path: string): void {
  if (pathProblem(path) !== null) fail('mountpoint_invalid', { mover: vdm.name, path });
}

/** The mount points a server lists: a data mover's, or a loaded VDM's relative to its root (its root and `.etc` left out). */
export function serverMountpoints(cell: Cell, s: Server): string[] {
  if (s.kind === 'mover') return [...s.mover.mountpoints];
  const host = hostOf(cell, s.vdm) ?? fail('vdm_not_loaded', { vdm: s.vdm.name, state: s.vdm.state });
  return host.mountpoints.map((p) => relativePath(s.vdm, p)).filter((p): p is string => p !== null && p !== '/' && p !== '/.etc');
}

export function serverMountpointExists(cell: Cell, s: Server, path: string): boolean {
  if (s.kind === 'mover') return hasMountpoint(s.mover, path);
  const host = hostOf(cell, s.vdm) ?? fail('vdm_not_loaded', { vdm: s.vdm.name, state: s.vdm.state });
  checkRelative(s.vdm, path);
  return hasMountpoint(host, physicalPath(s.vdm, path));
}

export function serverCreateMountpoint(world: World, cell: Cell, s: Server, path: string): void {
  if (s.kind === 'mover') {
    guardMoverPath(cell, s.mover, path);
    createMountpoint(world, s.mover, path);
    return;
  }
  const { vdm } = s;
  const host = requireLoaded(cell, vdm);
  checkRelative(vdm, path);
  const phys = physicalPath(vdm, path);
  asVdm(vdm, host, () => checkCreateMountpoint(host, phys));
  const cfg = readConfig(cell, s);
  cfg.mountpoints.push(path);
  logIn(world, cfg, 'ADMIN', 6, 'mountpoint_created', { path });
  writeConfig(world, cell, s, cfg);
  createMountpoint(world, host, phys);
}

export function serverDeleteMountpoint(world: World, cell: Cell, s: Server, path: string): void {
  if (s.kind === 'mover') {
    guardMoverPath(cell, s.mover, path);
    deleteMountpoint(world, s.mover, path);
    return;
  }
  const { vdm } = s;
  const host = requireLoaded(cell, vdm);
  checkRelative(vdm, path);
  if (path === '/' || path === '/.etc') fail('root_busy', { mover: vdm.name, path });
  const phys = physicalPath(vdm, path);
  asVdm(vdm, host, () => checkDeleteMountpoint(host, phys));
  const cfg = readConfig(cell, s);
  cfg.mountpoints = cfg.mountpoints.filter((p) => p !== path);
  // A mount point a mount made is the mount's: deleting it by hand leaves nothing to clean up later.
  for (const m of cfg.mounts) if (m.path === path) m.autoPoint = false;
  logIn(world, cfg, 'ADMIN', 6, 'mountpoint_deleted', { path });
  writeConfig(world, cell, s, cfg);
  deleteMountpoint(world, host, phys);
}

/** The mount table a server lists: a data mover's, or a VDM's with its root as `/` and its paths relative. */
export function serverMountTable(cell: Cell, s: Server): MountRow[] {
  if (s.kind === 'mover') return mountTable(cell, s.mover);
  const host = hostOf(cell, s.vdm) ?? fail('vdm_not_loaded', { vdm: s.vdm.name, state: s.vdm.state });
  return mountTable(cell, host)
    .filter((r) => relativePath(s.vdm, r.path) !== null)
    .map((r) => ({ ...r, path: r.path === vdmEtc(s.vdm) ? '/' : relativePath(s.vdm, r.path)! }))
    .sort((a, b) => (a.path === '/' ? -1 : b.path === '/' ? 1 : 0));
}

export interface ServerMountRequest {
  fs: FileSystem;
  path: string | null;
  ro: boolean | null;
  settings: MountSettings | null;
}

/** A file system's hold by a VDM other than `vdm`, refused. */
function guardVdmHold(world: World, cell: Cell, fs: FileSystem, who: string, vdm?: Vdm): void {
  const holder = vdmHolding(world, cell, fs.id, vdm);
  if (holder?.as === 'root') fail('fs_is_vdm_root', { mover: who, fs: fs.name, vdm: holder.vdm.name });
  if (holder !== undefined) fail('fs_in_vdm', { mover: who, fs: fs.name, vdm: holder.vdm.name });
}

export function serverMount(world: World, cell: Cell, s: Server, req: ServerMountRequest): void {
  if (s.kind === 'mover') {
    guardVdmHold(world, cell, req.fs, s.mover.name);
    if (req.path !== null) guardMoverPath(cell, s.mover, req.path);
    const plan = checkMount(cell, s.mover, req);
    guardMoverPath(cell, s.mover, plan.path);
    applyMount(world, plan);
    return;
  }
  const { vdm } = s;
  const host = requireLoaded(cell, vdm);
  guardVdmHold(world, cell, req.fs, vdm.name, vdm);
  if (req.fs.id === vdm.rootFsId) fail('fs_is_vdm_root', { mover: vdm.name, fs: req.fs.name, vdm: vdm.name });
  // A file system in a VDM is the VDM's alone: no data mover's table may hold it (an entry unmounted -temp is remounted at boot).
  const elsewhere = cell.movers.filter((m) => m.mounts.some((x) => x.fsId === req.fs.id && (m !== host || relativePath(vdm, x.path) === null)));
  if (elsewhere.length > 0) fail('fs_in_use', { mover: vdm.name, fs: req.fs.name, movers: elsewhere.map((m) => m.name) });
  const cfg = readConfig(cell, s);
  const known = cfg.mounts.find((m) => m.cel === cell.name && m.fsId === req.fs.id);
  const rel = req.path ?? known?.path ?? `/${req.fs.name}`;
  checkRelative(vdm, rel);
  const plan = asVdm(vdm, host, () => checkMount(cell, host, { ...req, path: physicalPath(vdm, rel) }));
  const entry: VdmMount = {
    cel: cell.name,
    fsId: req.fs.id,
    fs: req.fs.name,
    path: rel,
    ro: plan.ro,
    accessPolicy: plan.settings.accessPolicy,
    lock: plan.settings.lock,
    flags: [...plan.settings.flags],
    autoPoint: plan.makePoint || (known?.autoPoint ?? false),
  };
  cfg.mounts = known === undefined ? [...cfg.mounts, entry] : cfg.mounts.map((m) => (m === known ? entry : m));
  logIn(world, cfg, 'ADMIN', 6, 'fs_mounted', { fs: req.fs.name, path: rel, mode: plan.ro ? 'ro' : 'rw' });
  writeConfig(world, cell, s, cfg);
  applyMount(world, plan);
}

/** Drops a -perm unmounted entry from a VDM's configuration, and the mount point its mount made. */
function forget(vdm: Vdm, cfg: ReturnType<typeof readConfig>, entry: Mount): string | null {
  const m = cfg.mounts.find((x) => physicalPath(vdm, x.path) === entry.path);
  cfg.mounts = cfg.mounts.filter((x) => x !== m);
  return m?.autoPoint ? entry.path : null;
}

function dropPoint(world: World, host: Mover, path: string | null): void {
  if (path === null || host.mountpoints.some((p) => p.startsWith(`${path}/`))) return;
  host.mountpoints = host.mountpoints.filter((p) => p !== path);
  logEvent(world, host, 'ADMIN', 6, 'mountpoint_deleted', { path });
}

export function serverUmount(world: World, cell: Cell, s: Server, target: string, perm: boolean): void {
  if (s.kind === 'mover') {
    const entry = findMountEntry(cell, s.mover, target);
    guardMoverPath(cell, s.mover, entry.path);
    umountFs(world, cell, s.mover, target, perm);
    return;
  }
  const { vdm } = s;
  const host = requireLoaded(cell, vdm);
  if (target.startsWith('/')) checkRelative(vdm, target);
  if (target === '/') fail('root_busy', { mover: vdm.name, path: '/' });
  const phys = target.startsWith('/') ? physicalPath(vdm, target) : target;
  const entry = asVdm(vdm, host, () => findMountEntry(cell, host, phys));
  if (relativePath(vdm, entry.path) === null) fail('mount_not_found', { mover: vdm.name, target });
  if (entry.path === vdmEtc(vdm)) fail('root_busy', { mover: vdm.name, path: '/' });
  asVdm(vdm, host, () => checkUmount(cell, host, phys, perm));
  let point: string | null = null;
  if (perm) {
    const cfg = readConfig(cell, s);
    point = forget(vdm, cfg, entry);
    logIn(world, cfg, 'ADMIN', 6, 'fs_unmounted_perm', { fs: fsById(cell, entry.fsId)?.name ?? '', path: relativePath(vdm, entry.path)! });
    writeConfig(world, cell, s, cfg);
  }
  applyUmount(world, cell, host, entry, perm);
  dropPoint(world, host, point);
}

/** `server_umount <server> -all`: a data mover's own file systems (not its VDMs'), or a VDM's (not its root). Returns how many. */
export function serverUmountAll(world: World, cell: Cell, s: Server, perm: boolean): number {
  if (s.kind === 'mover') return umountAll(world, cell, s.mover, perm, (m) => VDM_DIR.test(m.path)).length;
  const { vdm } = s;
  const host = requireLoaded(cell, vdm);
  const mine = new Set(vdmEntries(vdm, host).filter((m) => m.path !== vdmEtc(vdm)));
  const order = asVdm(vdm, host, () => planUmountAll(cell, host, perm, (m) => !mine.has(m)));
  if (order.length === 0) return 0;
  const points: (string | null)[] = [];
  if (perm) {
    const cfg = readConfig(cell, s);
    for (const e of order) points.push(forget(vdm, cfg, e));
    writeConfig(world, cell, s, cfg);
  }
  for (const e of order) applyUmount(world, cell, host, e, perm);
  for (const p of points) dropPoint(world, host, p);
  return order.length;
}
