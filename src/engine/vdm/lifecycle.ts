// A VDM's life in the Control Station database: creation with a new root file system
// (128 MB, `root_fs_vdm_<name>`, [000250]) or an existing one, deletion with its root and
// CIFS configuration ([000266]), renaming, its access control level ([000267]), and the
// interfaces it attaches for NFS.
import { findMover, fsById, requireServing } from '../cluster.js';
import { fail } from '../errors.js';
import { checkRemovable, createFs, poolSpace, resolvePool } from '../fs.js';
import { logEvent } from '../log.js';
import { releaseNames, syncNames } from '../cifs/service.js';
import type { Cell, FileSystem, Vdm, World } from '../types.js';
import { readConfig, vdmServer, writeConfig, logIn } from './config.js';
import { vdmHolding } from './expected.js';
import { checkClaim, cifsUsed } from './interfaces.js';
import { loadVdm, vdmEntries, type LoadReport } from './load.js';
import { hostOf, relativePath, requireLoaded, vdmsOf } from './vdms.js';

/** The root file system of a new VDM: 128 MB, the size of a data mover's ([000250]). */
export const VDM_ROOT_MB = 128;
export const MAX_VDM_NAME = 240;
export const MAX_ACL = 9999;

/** Names the real CLI takes: letters, digits, `_`, `-`, `.`; not a data mover's name, nor ALL. */
export function validVdmName(name: string): boolean {
  return name.length <= MAX_VDM_NAME && /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(name) && !/^server_\d+$/.test(name) && name !== 'ALL';
}

function checkNewName(cell: Cell, name: string): void {
  if (!validVdmName(name)) fail('vdm_name_invalid', { vdm: name });
  if (vdmsOf(cell).some((v) => v.name === name) || cell.movers.some((m) => m.name === name)) fail('vdm_exists', { vdm: name });
}

export interface NewVdm {
  name: string;
  mover: string;
  state: 'loaded' | 'mounted';
  /** `pool=`: where a new root file system takes its space; null: the first pool with room. */
  pool: string | null;
  /** `-fs <fs>`: an existing root file system instead of a new one. */
  rootFs: string | null;
}

/** Checks an existing file system can become a VDM's root: a uxfs of a pool, nobody's, mounted nowhere. */
function checkExistingRoot(world: World, cell: Cell, fs: FileSystem): void {
  if (fs.pool === null) fail('fs_system', { fs: fs.name });
  if (fs.type !== 'uxfs') fail('vdm_root_invalid', { vdm: '', fs: fs.name, why: fs.type });
  const holder = vdmHolding(world, cell, fs.id);
  if (holder !== undefined) fail(holder.as === 'root' ? 'fs_is_vdm_root' : 'fs_in_vdm', { fs: fs.name, vdm: holder.vdm.name });
  const on = cell.movers.find((m) => m.mounts.some((x) => x.fsId === fs.id));
  if (on !== undefined) fail('fs_in_use', { fs: fs.name, movers: [on.name] });
}

/** The pool a new root takes its space from. */
function rootPool(cell: Cell, pool: string | null): string {
  if (pool !== null) return resolvePool(cell, { name: pool }).name;
  const room = [...cell.pools].sort((a, b) => a.id - b.id).find((p) => poolSpace(cell, p).availMB >= VDM_ROOT_MB);
  return (room ?? cell.pools[0] ?? fail('pool_not_found', { pool: '' })).name;
}

/** `nas_server -name <vdm> -type vdm -create <mover> [-setstate loaded|mounted] [pool=<pool>] [-fs <fs>]`. */
export function createVdm(world: World, cell: Cell, spec: NewVdm): LoadReport {
  checkNewName(cell, spec.name);
  const mover = findMover(cell, spec.mover);
  requireServing(mover);
  let root: FileSystem;
  const before = { nextFsId: cell.nextFsId, nextVolumeId: cell.nextVolumeId, fileSystems: cell.fileSystems };
  if (spec.rootFs !== null) {
    root = cell.fileSystems.find((f) => f.name === spec.rootFs) ?? fail('fs_not_found', { fs: spec.rootFs });
    checkExistingRoot(world, cell, root);
  } else {
    const name = `root_fs_vdm_${spec.name}`;
    if (cell.fileSystems.some((f) => f.name === name)) fail('fs_exists', { fs: name });
    // createFs checks the pool's room before it makes anything.
    root = createFs(world, cell, { name, type: 'uxfs', sizeMB: VDM_ROOT_MB, pool: rootPool(cell, spec.pool) });
  }
  const vdm: Vdm = {
    id: cell.nextVdmId,
    name: spec.name,
    acl: 0,
    rootFsId: root.id,
    mover: mover.name,
    state: 'permunloaded',
    createdAt: world.clock.now,
    loadedAt: world.clock.now,
    taken: [],
  };
  let report: LoadReport;
  try {
    // An existing root's configuration may expect mounts that conflict: the load refuses before it changes anything.
    report = loadVdm(world, cell, vdm, mover.name, spec.state);
  } catch (e) {
    Object.assign(cell, before, { fileSystems: before.fileSystems.filter((f) => spec.rootFs !== null || f !== root) });
    throw e;
  }
  cell.vdms.push(vdm);
  cell.nextVdmId = vdm.id + 1;
  logEvent(world, mover, 'VDM', 6, 'vdm_created', { vdm: vdm.name, root: root.name });
  return report;
}

/** `nas_server -delete <vdm>` ([000266]): its root file system and CIFS configuration go; it must have no mount but its root. */
export function deleteVdm(world: World, cell: Cell, vdm: Vdm): Vdm {
  const cfg = readConfig(cell, vdmServer(vdm));
  if (cfg.mounts.length > 0) fail('vdm_has_mounts', { vdm: vdm.name, fs: cfg.mounts.map((m) => m.fs) });
  const root = fsById(cell, vdm.rootFsId);
  if (root !== undefined) checkRemovable(world, cell, root);
  const host = hostOf(cell, vdm);
  if (host !== undefined) requireServing(host);
  releaseNames(world, cell, vdmServer(vdm));
  if (host !== undefined) {
    const entries = vdmEntries(vdm, host);
    host.mounts = host.mounts.filter((m) => !entries.includes(m));
    for (const e of entries) logEvent(world, host, 'ADMIN', 6, 'fs_unmounted_perm', { fs: fsById(cell, e.fsId)?.name ?? '', path: e.path });
    host.mountpoints = host.mountpoints.filter((p) => relativePath(vdm, p) === null);
    logEvent(world, host, 'VDM', 6, 'vdm_deleted', { vdm: vdm.name, root: root?.name ?? '' });
  }
  if (root !== undefined) cell.fileSystems = cell.fileSystems.filter((f) => f !== root);
  cell.vdms = vdmsOf(cell).filter((v) => v !== vdm);
  return vdm;
}

/** `nas_server -rename <old> <new>`: the database entry; its root keeps its name, its registrations their owner's new name. */
export function renameVdm(world: World, cell: Cell, vdm: Vdm, name: string): Vdm {
  checkNewName(cell, name);
  const owner = `${cell.name}:${vdm.name}`;
  vdm.name = name;
  if (world.names !== undefined) {
    const names = world.names;
    for (const r of [...names.dns, ...names.wins]) if (r.owner === owner) r.owner = `${cell.name}:${name}`;
  }
  return vdm;
}

/** `nas_server -acl <value> <vdm>` ([000267]): the access control level, 0 (none) to 9999. */
export function setVdmAcl(vdm: Vdm, word: string): Vdm {
  const n = /^\d{1,4}$/.test(word) ? Number(word) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_ACL) fail('vdm_acl_invalid', { vdm: vdm.name, value: word, max: MAX_ACL });
  vdm.acl = n;
  return vdm;
}

/** `nas_server -vdm <vdm> -attach <if>`: an interface of its data mover serves its NFS exports ([S5]); `changed` false when it did already. */
export function attachInterface(world: World, cell: Cell, vdm: Vdm, name: string): { vdm: Vdm; changed: boolean } {
  const host = requireLoaded(cell, vdm);
  checkClaim(cell, host, name, vdm.name, vdm);
  const cfg = readConfig(cell, vdmServer(vdm));
  const held = cfg.interfaces.find((i) => i.name === name);
  if (held?.attached) return { vdm, changed: false };
  if (held) held.attached = true;
  else cfg.interfaces.push({ name, attached: true });
  logIn(world, cfg, 'VDM', 6, 'vdm_if_attached', { name });
  writeConfig(world, cell, vdmServer(vdm), cfg);
  if (!vdm.taken.includes(name)) vdm.taken.push(name);
  return { vdm, changed: true };
}

/** `nas_server -vdm <vdm> -detach <if>`: an attached or unused interface goes back to the data mover; one a CIFS server uses stays. */
export function detachInterface(world: World, cell: Cell, vdm: Vdm, name: string): Vdm {
  const host = requireLoaded(cell, vdm);
  if (!host.interfaces.some((i) => i.name === name)) fail('vdm_if_not_found', { name, who: vdm.name });
  const cfg = readConfig(cell, vdmServer(vdm));
  const held = cfg.interfaces.find((i) => i.name === name);
  if (held === undefined) fail('vdm_if_not_attached', { name, vdm: vdm.name });
  if (cifsUsed(cfg).has(name)) fail('vdm_if_cifs', { name, vdm: vdm.name, servers: cfg.cifs.filter((c) => c.interfaces.includes(name)).map((c) => c.netbios) });
  cfg.interfaces = cfg.interfaces.filter((i) => i !== held);
  logIn(world, cfg, 'VDM', 6, 'vdm_if_detached', { name });
  writeConfig(world, cell, vdmServer(vdm), cfg);
  vdm.taken = vdm.taken.filter((n) => n !== name);
  syncNames(world, cell, vdmServer(vdm));
  return vdm;
}
