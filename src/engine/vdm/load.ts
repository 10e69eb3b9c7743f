// Loading, mounting (passive), unloading and moving a VDM, and mounting what it expects.
//
// Loading a VDM on a data mover ([000252]) mounts its root file system on /root_vdm_<id>/.etc
// of the mover (read-write when loaded, read-only when mounted), makes its mount points and
// mounts the file systems it expects, in order, as far as they are available ([000243]): a
// conflict (a file system mounted read-write by another mover, on the mover outside the VDM,
// or in another VDM) refuses the whole load and changes nothing; an unavailable one (deleted,
// protected by a replication, a checkpoint whose file system is not there) is left out and
// reported, the rest mounted. A loaded VDM takes the interfaces it holds that the mover has
// free ([000253]: the others are logged as warnings) and its CIFS servers start.
//
// A move ([000262]) unmounts on one data mover and mounts on the other everything of the VDM,
// keeping its configuration as it is: shares, local groups, Kerberos keys ([000263]-[000265]);
// it is refused when another user holds one of its interfaces on the target.
import { findMover, fsById, requireServing } from '../cluster.js';
import { fail, type ErrorData } from '../errors.js';
import { logEvent } from '../log.js';
import { releaseNames, syncNames } from '../cifs/service.js';
import type { Cell, FileSystem, Mount, Mover, ServerConfig, Vdm, VdmMount, VdmState, World } from '../types.js';
import { applyMount, checkMount } from '../mount.js';
import { readConfig, vdmServer } from './config.js';
import { resolveExpected, vdmHolding } from './expected.js';
import { interfacesToTake, interfaceUser, userName, type TakeProblem } from './interfaces.js';
import { hostOf, isOnMover, physicalPath, relativePath, vdmEtc, vdmRoot } from './vdms.js';

export type MountProblemWhy = 'missing' | 'protected' | 'no_pfs' | 'no_mountpoint';

export interface MountProblem {
  fs: string;
  path: string;
  why: MountProblemWhy;
}

/** What a load, a move or a mount of everything did, for the command to tell. */
export interface LoadReport {
  vdm: Vdm;
  mover: string;
  /** Expected mounts made now, by VDM path. */
  mounted: { fs: string; path: string }[];
  /** Expected mounts left out: the partial success of [000243]. */
  unavailable: MountProblem[];
  /** Interfaces it holds that it could not take there. */
  interfaces: TakeProblem[];
}

interface MountStep {
  m: VdmMount;
  fs: FileSystem;
}

/** The live entries of a VDM on its data mover: its root and its mounts, in table order. */
export function vdmEntries(vdm: Vdm, mover: Mover): Mount[] {
  return mover.mounts.filter((m) => relativePath(vdm, m.path) !== null);
}

/**
 * Plans the mounts a VDM expects on `host`, checking them all; throws on a conflict, returns
 * the ones to make and the unavailable ones. `live` holds file systems already mounted in it
 * (left alone), `pfsHere` those a checkpoint may be read through.
 */
function planMounts(world: World, cell: Cell, vdm: Vdm, host: Mover, cfg: ServerConfig, live: Set<number>): { steps: MountStep[]; problems: MountProblem[] } {
  const steps: MountStep[] = [];
  const problems: MountProblem[] = [];
  const here = new Set(live);
  const points = new Set(['/', ...cfg.mountpoints]);
  const problem = (m: VdmMount, why: MountProblemWhy, fs?: FileSystem) => problems.push({ fs: fs?.name ?? m.fs, path: m.path, why });
  for (const m of cfg.mounts) {
    const fs = resolveExpected(world, cell, m);
    if (fs === undefined) {
      problem(m, 'missing');
      continue;
    }
    if (live.has(fs.id)) continue;
    const conflict = (why: ErrorData<'vdm_mount_conflict'>['why'], other: string, path = m.path) => fail('vdm_mount_conflict', { vdm: vdm.name, fs: fs.name, path, why, other });
    const holder = vdmHolding(world, cell, fs.id, vdm);
    if (holder !== undefined) conflict(holder.as === 'root' ? 'vdm_root' : 'in_vdm', holder.vdm.name);
    const outside = host.mounts.find((x) => x.fsId === fs.id && relativePath(vdm, x.path) === null);
    if (outside !== undefined) conflict('on_mover', host.name, outside.path);
    // Another data mover's table holding it, mounted or not, keeps it out of the VDM (its entry is remounted at boot).
    for (const other of cell.movers) {
      if (other === host) continue;
      const x = other.mounts.find((e) => e.fsId === fs.id);
      if (x !== undefined) conflict(!x.mounted ? 'entry_elsewhere' : x.ro ? 'ro_elsewhere' : 'rw_elsewhere', other.name, x.path);
    }
    if (!m.ro && fs.replLock !== undefined) problem(m, 'protected', fs);
    else if (fs.type === 'ckpt' && (fs.ckpt === null || !here.has(fs.ckpt.fsId))) problem(m, 'no_pfs', fs);
    else if (fs.type === 'rawfs' && !points.has(m.path)) problem(m, 'no_mountpoint', fs);
    else {
      steps.push({ m, fs });
      here.add(fs.id);
    }
  }
  return { steps, problems };
}

const depth = (p: string) => p.split('/').length;

function addPoint(mover: Mover, path: string): void {
  if (!mover.mountpoints.includes(path)) mover.mountpoints.push(path);
}

function mountStep(world: World, vdm: Vdm, host: Mover, { m, fs }: MountStep): void {
  const path = physicalPath(vdm, m.path);
  if (m.autoPoint) addPoint(host, path);
  host.mounts.push({ fsId: fs.id, path, ro: m.ro, mounted: true, accessPolicy: m.accessPolicy, lock: m.lock, flags: [...m.flags] });
  logEvent(world, host, 'ADMIN', 6, 'fs_mounted', { fs: fs.name, path, mode: m.ro ? 'ro' : 'rw' });
}

function logProblems(world: World, host: Mover, vdm: Vdm, r: { unavailable: MountProblem[]; interfaces: TakeProblem[] }): void {
  for (const p of r.unavailable) logEvent(world, host, 'VDM', 4, 'vdm_mount_unavailable', { vdm: vdm.name, fs: p.fs, path: p.path, why: p.why });
  for (const p of r.interfaces) logEvent(world, host, 'VDM', 4, 'vdm_if_unavailable', { vdm: vdm.name, name: p.name, why: p.why, by: p.by ?? '' });
}

/** Loads (`mode` loaded) or mounts (passive) a VDM that is on no data mover, on `mover`. */
function loadOnto(world: World, cell: Cell, vdm: Vdm, mover: Mover, mode: 'loaded' | 'mounted'): LoadReport {
  const root = fsById(cell, vdm.rootFsId) ?? fail('vdm_root_missing', { vdm: vdm.name });
  for (const m of cell.movers) {
    const x = m.mounts.find((e) => e.fsId === root.id && e.mounted);
    if (x !== undefined) fail('vdm_root_busy', { vdm: vdm.name, fs: root.name, why: 'mounted', other: m.name, path: x.path });
  }
  if (mode === 'loaded' && root.replLock !== undefined) fail('vdm_root_busy', { vdm: vdm.name, fs: root.name, why: root.replLock.why, other: root.replLock.peer });
  if (root.type !== 'uxfs') fail('vdm_root_invalid', { vdm: vdm.name, fs: root.name, why: root.type });
  const cfg = readConfig(cell, vdmServer(vdm));
  const plan = planMounts(world, cell, vdm, mover, cfg, new Set());
  const take = mode === 'loaded' ? interfacesToTake(cell, mover, vdm, cfg) : { taken: [], problems: [] };

  addPoint(mover, vdmRoot(vdm));
  addPoint(mover, vdmEtc(vdm));
  for (const p of [...cfg.mountpoints].sort((a, b) => depth(a) - depth(b))) addPoint(mover, physicalPath(vdm, p));
  mover.mounts.push({ fsId: root.id, path: vdmEtc(vdm), ro: mode === 'mounted', mounted: true, accessPolicy: null, lock: null, flags: [] });
  logEvent(world, mover, 'ADMIN', 6, 'fs_mounted', { fs: root.name, path: vdmEtc(vdm), mode: mode === 'mounted' ? 'ro' : 'rw' });
  for (const step of plan.steps) mountStep(world, vdm, mover, step);
  Object.assign(vdm, { state: mode, mover: mover.name, loadedAt: world.clock.now, taken: take.taken });
  const passive = mode === 'mounted';
  logEvent(world, mover, 'VDM', 6, passive ? 'vdm_mounted' : 'vdm_loaded', { vdm: vdm.name, mounts: plan.steps.length });
  const report: LoadReport = { vdm, mover: mover.name, mounted: plan.steps.map((s) => ({ fs: s.fs.name, path: s.m.path })), unavailable: plan.problems, interfaces: take.problems };
  logProblems(world, mover, vdm, report);
  syncNames(world, cell, vdmServer(vdm), cfg);
  return report;
}

/** Loaded <-> mounted on the data mover it is on: the root read-write or read-only, its CIFS servers started or stopped. */
function switchMode(world: World, cell: Cell, vdm: Vdm, host: Mover, mode: 'loaded' | 'mounted'): LoadReport {
  const rootEntry = host.mounts.find((m) => m.fsId === vdm.rootFsId && m.path === vdmEtc(vdm));
  const root = fsById(cell, vdm.rootFsId);
  if (rootEntry === undefined || root === undefined) fail('vdm_root_missing', { vdm: vdm.name });
  if (mode === 'loaded' && root.replLock !== undefined) fail('vdm_root_busy', { vdm: vdm.name, fs: root.name, why: root.replLock.why, other: root.replLock.peer });
  const cfg = readConfig(cell, vdmServer(vdm));
  const take = mode === 'loaded' ? interfacesToTake(cell, host, vdm, cfg) : { taken: [], problems: [] };
  if (mode === 'mounted') releaseNames(world, cell, vdmServer(vdm));
  rootEntry.ro = mode === 'mounted';
  Object.assign(vdm, { state: mode, taken: take.taken, loadedAt: world.clock.now });
  const passive = mode === 'mounted';
  logEvent(world, host, 'VDM', 6, passive ? 'vdm_mounted' : 'vdm_loaded', { vdm: vdm.name, mounts: vdmEntries(vdm, host).length - 1 });
  const report: LoadReport = { vdm, mover: host.name, mounted: [], unavailable: [], interfaces: take.problems };
  logProblems(world, host, vdm, report);
  if (mode === 'loaded') syncNames(world, cell, vdmServer(vdm), cfg);
  return report;
}

/**
 * `nas_server -vdm <vdm> -setstate loaded|mounted [<mover>]`: on the mover named, else the
 * one it was on. Refused when it is on another data mover ([000252]: that is a move).
 */
export function loadVdm(world: World, cell: Cell, vdm: Vdm, moverName: string | null, mode: 'loaded' | 'mounted'): LoadReport {
  const mover = findMover(cell, moverName ?? vdm.mover);
  if (isOnMover(vdm) && vdm.mover !== mover.name) fail('vdm_loaded_elsewhere', { vdm: vdm.name, on: vdm.mover, state: vdm.state, want: mover.name });
  requireServing(mover);
  if (vdm.state === mode) fail('vdm_state', { vdm: vdm.name, state: vdm.state });
  return isOnMover(vdm) ? switchMode(world, cell, vdm, mover, mode) : loadOnto(world, cell, vdm, mover, mode);
}

/** Refuses taking the VDM's file systems off `host` while a checkpoint of one is mounted there outside it. */
function checkNoOutsideCheckpoints(cell: Cell, vdm: Vdm, host: Mover): void {
  const ids = new Set(vdmEntries(vdm, host).map((m) => m.fsId));
  for (const m of host.mounts) {
    if (!m.mounted || relativePath(vdm, m.path) !== null) continue;
    const f = fsById(cell, m.fsId);
    if (f?.type === 'ckpt' && f.ckpt !== null && ids.has(f.ckpt.fsId)) {
      fail('ckpt_mounted', { mover: host.name, fs: fsById(cell, f.ckpt.fsId)?.name ?? '', ckpt: f.name, path: m.path });
    }
  }
}

/** Takes every entry and mount point of a VDM off its data mover (checked by the caller). */
function takeOff(world: World, vdm: Vdm, host: Mover, cell: Cell): Mount[] {
  const entries = vdmEntries(vdm, host);
  host.mounts = host.mounts.filter((m) => !entries.includes(m));
  for (const e of [...entries].reverse()) logEvent(world, host, 'ADMIN', 6, 'fs_unmounted_perm', { fs: fsById(cell, e.fsId)?.name ?? '', path: e.path });
  host.mountpoints = host.mountpoints.filter((p) => relativePath(vdm, p) === null);
  return entries;
}

/** `-setstate tempunloaded|permunloaded` ([000260]): its CIFS servers stopped and their names released, everything unmounted. */
export function unloadVdm(world: World, cell: Cell, vdm: Vdm, to: 'tempunloaded' | 'permunloaded'): { vdm: Vdm; joined: string[] } {
  if (vdm.state === to) fail('vdm_state', { vdm: vdm.name, state: vdm.state });
  const cfg = readConfig(cell, vdmServer(vdm));
  const joined = cfg.cifs.filter((c) => c.joined !== null).map((c) => c.netbios);
  if (!isOnMover(vdm)) {
    vdm.state = to;
    return { vdm, joined };
  }
  const host = hostOf(cell, vdm) ?? fail('mover_not_found', { mover: vdm.mover });
  requireServing(host);
  checkNoOutsideCheckpoints(cell, vdm, host);
  releaseNames(world, cell, vdmServer(vdm));
  takeOff(world, vdm, host, cell);
  Object.assign(vdm, { state: to, taken: [] });
  logEvent(world, host, 'VDM', 6, 'vdm_unloaded', { vdm: vdm.name, state: to });
  return { vdm, joined };
}

/** `nas_server -vdm <vdm> -move <mover>` ([000262]-[000265]). */
export function moveVdm(world: World, cell: Cell, vdm: Vdm, targetName: string): LoadReport {
  const host = hostOf(cell, vdm);
  if (host === undefined) fail('vdm_not_loaded', { vdm: vdm.name, state: vdm.state });
  const target = findMover(cell, targetName);
  requireServing(host);
  requireServing(target);
  if (target === host) fail('vdm_same_mover', { vdm: vdm.name, on: host.name });
  const cfg = readConfig(cell, vdmServer(vdm));
  for (const i of cfg.interfaces) {
    if (!target.interfaces.some((x) => x.name === i.name)) continue;
    const user = interfaceUser(cell, target, i.name, vdm);
    if (user !== null) fail('vdm_if_in_use', { name: i.name, by: userName(user), who: vdm.name, on: target.name });
  }
  const entries = vdmEntries(vdm, host);
  for (const e of entries) {
    const x = target.mounts.find((t) => t.fsId === e.fsId);
    if (x !== undefined) fail('vdm_mount_conflict', { vdm: vdm.name, fs: fsById(cell, e.fsId)?.name ?? '', path: x.path, why: 'on_mover', other: target.name });
  }
  if (target.mountpoints.some((p) => relativePath(vdm, p) !== null)) fail('vdm_path_owned', { mover: target.name, path: vdmRoot(vdm), vdm: vdm.name });
  checkNoOutsideCheckpoints(cell, vdm, host);

  releaseNames(world, cell, vdmServer(vdm));
  const points = host.mountpoints.filter((p) => relativePath(vdm, p) !== null);
  takeOff(world, vdm, host, cell);
  for (const p of points) addPoint(target, p);
  for (const e of entries) {
    target.mounts.push(e);
    if (e.mounted) logEvent(world, target, 'ADMIN', 6, 'fs_mounted', { fs: fsById(cell, e.fsId)?.name ?? '', path: e.path, mode: e.ro ? 'ro' : 'rw' });
  }
  const take = vdm.state === 'loaded' ? interfacesToTake(cell, target, vdm, cfg) : { taken: [], problems: [] };
  Object.assign(vdm, { mover: target.name, taken: take.taken });
  logEvent(world, host, 'VDM', 6, 'vdm_moved', { vdm: vdm.name, from: host.name, to: target.name });
  logEvent(world, target, 'VDM', 6, 'vdm_moved', { vdm: vdm.name, from: host.name, to: target.name });
  const report: LoadReport = { vdm, mover: target.name, mounted: [], unavailable: [], interfaces: take.problems };
  logProblems(world, target, vdm, report);
  syncNames(world, cell, vdmServer(vdm), cfg);
  return report;
}

/** FIG. 52 item 783: mounts the file systems a loaded VDM expects that are not mounted, as far as possible. */
export function mountAllVdm(world: World, cell: Cell, vdm: Vdm): LoadReport {
  const host = hostOf(cell, vdm);
  if (host === undefined || vdm.state !== 'loaded') fail('vdm_not_loaded', { vdm: vdm.name, state: vdm.state });
  requireServing(host);
  const cfg = readConfig(cell, vdmServer(vdm));
  const entries = vdmEntries(vdm, host);
  // An entry unmounted -temp is mounted again in place, checked as server_mount checks a remount.
  const temp = entries
    .filter((m) => !m.mounted)
    .flatMap((e) => {
      const fs = fsById(cell, e.fsId);
      return fs === undefined ? [] : [checkMount(cell, host, { fs, path: e.path, ro: null })];
    });
  const plan = planMounts(world, cell, vdm, host, cfg, new Set(entries.map((m) => m.fsId)));
  for (const t of temp) applyMount(world, t);
  for (const step of plan.steps) mountStep(world, vdm, host, step);
  const mounted = [...temp.map((t) => ({ fs: t.fs.name, path: relativePath(vdm, t.path)! })), ...plan.steps.map((s) => ({ fs: s.fs.name, path: s.m.path }))];
  const report: LoadReport = { vdm, mover: host.name, mounted, unavailable: plan.problems, interfaces: [] };
  logProblems(world, host, vdm, report);
  return report;
}

/** The states `-setstate` takes. */
export const VDM_STATES: readonly VdmState[] = ['loaded', 'mounted', 'tempunloaded', 'permunloaded'];
