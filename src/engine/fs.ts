// File systems of a cell: creation from a pool (capacity checked, thick or virtually
// provisioned, with or without auto-extension), deletion, rename, and the facts `nas_fs`
// and `nas_pool` report about them (mounts, disks, pool capacity).
import { sessionOfFs } from './replication/sessions.js';
import { reachableCell } from './links.js';
import { cellOfEntry, findEntry } from './trust.js';
import { findFs, findPool, fsById, notFound, poolUsedMB, type Ref } from './cluster.js';
import { checkpointsOf, newContents } from './contents.js';
import { fail } from './errors.js';
import { isActive } from './copy/job.js';
import { failBusy } from './distribution/relation.js';
import { localOf } from './distribution/state.js';
import { removeCheckpoint } from './ckpt-save-volume.js';
import { vdmHolding } from './vdm/expected.js';
import type { Cell, CopyEnd, FileSystem, FsType, Mover, Pool, Vdm, World } from './types.js';
import { relativePath, vdmEtc, vdmsOn } from './vdm/vdms.js';

export interface NewFs {
  name: string;
  type: FsType;
  /**
   * MB, or `{ sameAs }`: as large as an existing file system (`samesize=<fs>[:cel=<cel>]`);
   * only this Control Station's own file systems can be named until remote Celerras exist.
   */
  sizeMB: number | { sameAs: string; cel?: string };
  /** A pool name, or a reference (`pool=id=<n>`). */
  pool: string | Ref;
  thin?: boolean;
  autoExtend?: boolean;
  /** Percent; only with auto-extension, which defaults it to DEFAULT_HWM. */
  hwm?: number | null;
  /** Only with auto-extension, which defaults it to MAX_FS_MB. */
  maxSizeMB?: number | null;
}

export const DEFAULT_HWM = 90;
export const MIN_HWM = 50;
export const MAX_HWM = 99;

/** Smallest file system DART 5.6 builds (common log type) and the largest it supports. */
export const MIN_FS_MB = 2;
export const MAX_FS_MB = 16 * 1024 * 1024;
export const MAX_FS_NAME = 240;

/** Each AVM file system takes a meta volume and the slice volume under it. */
const VOLUMES_PER_FS = 2;

/** Names the real CLI stores as typed: letters, digits, `_`, `-`, `.`; no leading dash. */
export function validFsName(name: string): boolean {
  return name.length <= MAX_FS_NAME && /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(name);
}

export function resolveFs(cell: Cell, ref: Ref): FileSystem {
  if ('id' in ref) return fsById(cell, ref.id) ?? notFound('fs', `id=${ref.id}`);
  return findFs(cell, ref.name);
}

/** Movers whose mount table holds the file system, mounted or not. */
export function moverEntriesOf(cell: Cell, fsId: number): string[] {
  return cell.movers.filter((m) => m.mounts.some((x) => x.fsId === fsId)).map((m) => m.name);
}

export interface PoolSpace {
  usedMB: number;
  availMB: number;
  totalMB: number;
  /** Space the pool could still grow by from unused disks; the lab has none spare. */
  potentialMB: number;
}

export function poolSpace(cell: Cell, pool: Pool): PoolSpace {
  const usedMB = poolUsedMB(cell, pool);
  return { usedMB, availMB: pool.totalMB - usedMB, totalMB: pool.totalMB, potentialMB: 0 };
}

interface CreatePlan {
  pool: Pool;
  sizeMB: number;
  thin: boolean;
  autoExtend: boolean;
  hwm: number | null;
  maxSizeMB: number | null;
}

function checkSize(sizeMB: number): void {
  if (!Number.isSafeInteger(sizeMB) || sizeMB < MIN_FS_MB || sizeMB > MAX_FS_MB) fail('fs_size_invalid', { size: sizeMB });
}

/**
 * `-thin`, `-hwm` and `-max_size` qualify auto-extension and mean nothing without it.
 * Refusals carry the values as numbers (percent, MB); the error table writes them out.
 */
function checkExtension(spec: NewFs, sizeMB: number): Pick<CreatePlan, 'thin' | 'autoExtend' | 'hwm' | 'maxSizeMB'> {
  const thin = spec.thin ?? false;
  const autoExtend = spec.autoExtend ?? false;
  const hwm = spec.hwm ?? null;
  const maxSizeMB = spec.maxSizeMB ?? null;
  if (!autoExtend) {
    if (thin) fail('fs_param_invalid', { param: 'thin', value: 'yes', rule: 'needs_auto_extend' });
    if (hwm !== null) fail('fs_param_invalid', { param: 'hwm', value: hwm, rule: 'needs_auto_extend' });
    if (maxSizeMB !== null) fail('fs_param_invalid', { param: 'max_size', value: maxSizeMB, rule: 'needs_auto_extend' });
    return { thin, autoExtend, hwm: null, maxSizeMB: null };
  }
  if (hwm !== null && (!Number.isSafeInteger(hwm) || hwm < MIN_HWM || hwm > MAX_HWM)) {
    fail('fs_param_invalid', { param: 'hwm', value: hwm, rule: 'hwm_range' });
  }
  // A virtually provisioned file system shows clients its max_size, so that bounds it too.
  if (maxSizeMB !== null && (!Number.isSafeInteger(maxSizeMB) || maxSizeMB < sizeMB || maxSizeMB > MAX_FS_MB)) {
    fail('fs_param_invalid', { param: 'max_size', value: maxSizeMB, rule: 'max_size_range', sizeMB });
  }
  return { thin, autoExtend, hwm: hwm ?? DEFAULT_HWM, maxSizeMB: maxSizeMB ?? MAX_FS_MB };
}

/** `samesize=<fs>[:cel=<cel>]`: a remote file system is asked of the Celerra this one knows by that name (nas_cel -create), over the network. */
function sameSizeOf(world: World, cell: Cell, src: { sameAs: string; cel?: string }): number {
  if (src.cel === undefined || src.cel === cell.name) return resolveFs(cell, { name: src.sameAs }).sizeMB;
  const entry = findEntry(cell, { name: src.cel });
  const remote = cellOfEntry(world, entry) ?? fail('cel_unreachable', { name: entry.name, why: 'no_host' });
  return resolveFs(reachableCell(world, cell, remote.name), { name: src.sameAs }).sizeMB;
}

/** Every check of a create, in the order the real command reports them; changes nothing. */
function checkCreate(world: World, cell: Cell, spec: NewFs): CreatePlan {
  if (!validFsName(spec.name)) fail('fs_name_invalid', { fs: spec.name });
  if (cell.fileSystems.some((f) => f.name === spec.name)) fail('fs_exists', { fs: spec.name });
  const sizeMB = typeof spec.sizeMB === 'number' ? spec.sizeMB : sameSizeOf(world, cell, spec.sizeMB);
  checkSize(sizeMB);
  const ext = checkExtension(spec, sizeMB);
  const pool = typeof spec.pool === 'string' ? findPool(cell, spec.pool) : resolvePool(cell, spec.pool);
  // A thin file system takes no pool space until data is written to it.
  const claimMB = ext.thin ? 0 : sizeMB;
  const { availMB } = poolSpace(cell, pool);
  if (claimMB > availMB) fail('pool_full', { pool: pool.name, size: claimMB, avail: availMB });
  return { pool, sizeMB, ...ext };
}

export function createFs(world: World, cell: Cell, spec: NewFs): FileSystem {
  const plan = checkCreate(world, cell, spec);
  const fs: FileSystem = {
    id: cell.nextFsId,
    name: spec.name,
    type: spec.type,
    sizeMB: plan.sizeMB,
    pool: plan.pool.id,
    volume: cell.nextVolumeId,
    acl: 0,
    createdAt: world.clock.now,
    usedMB: 0,
    thin: plan.thin,
    autoExtend: plan.autoExtend,
    hwm: plan.hwm,
    maxSizeMB: plan.maxSizeMB,
    contents: newContents(plan.sizeMB),
    ckpt: null,
    savVol: null,
    copyOf: null,
  };
  cell.nextFsId += 1;
  cell.nextVolumeId += VOLUMES_PER_FS;
  cell.fileSystems.push(fs);
  return fs;
}

function checkDeletable(world: World, cell: Cell, fs: FileSystem): void {
  if (fs.pool === null) fail('fs_system', { fs: fs.name });
  // A VDM's root goes with the VDM (nas_server -delete); a file system a VDM expects stays until it is unmounted from it.
  const holder = vdmHolding(world, cell, fs.id);
  if (holder?.as === 'root') fail('fs_is_vdm_root', { fs: fs.name, vdm: holder.vdm.name });
  if (holder !== undefined) fail('fs_in_vdm', { fs: fs.name, vdm: holder.vdm.name });
  const movers = moverEntriesOf(cell, fs.id);
  // The list is not under `mover`: a nas_* error line names no data mover.
  if (movers.length > 0) fail('fs_in_use', { fs: fs.name, movers });
  checkRemovable(world, cell, fs);
}

/** What besides its mounts keeps a file system from going: checkpoints, copies, a replication. */
export function checkRemovable(world: World, cell: Cell, fs: FileSystem): void {
  // Its checkpoints read their blocks through it: they go first.
  const ckpts = checkpointsOf(cell, fs).map((c) => c.name);
  if (ckpts.length > 0) fail('fs_has_ckpts', { fs: fs.name, ckpts });
  checkNotCopying(world, cell, fs);
  const repl = sessionOfFs(world, cell.name, fs.id);
  if (repl !== undefined) {
    const peer = repl.src.cel === cell.name && repl.src.fsId === fs.id ? repl.dst : repl.src;
    fail('repl_busy', { fs: fs.name, what: 'replication', peer: `${peer.fs}:${peer.cel}` });
  }
}

/**
 * A running fs_copy session reads its source and writes its destination: either goes only
 * once the session ends (fs_copy -abort). A local updatable file system being updated says
 * which update, as fs_dist -delete does.
 */
function checkNotCopying(world: World, cell: Cell, fs: FileSystem): void {
  const at = (end: CopyEnd) => end.cel === cell.name && end.fsId === fs.id;
  const src = world.copies.find((s) => isActive(s) && at(s.src));
  if (src !== undefined) fail('copy_src_busy', { fs: fs.name, session: src.name });
  const dst = world.copies.find((s) => isActive(s) && at(s.dst));
  if (dst === undefined) return;
  const d = localOf(fs);
  if (d?.updating && d.request?.session === dst.id) failBusy(world, fs, d);
  fail('copy_dst_busy', { fs: fs.name, session: dst.name });
}

/** Deletes a file system; a checkpoint's snapshot leaves its PFS's queue with it (the SavVol with the last one). */
export function deleteFs(world: World, cell: Cell, fs: FileSystem): FileSystem {
  checkDeletable(world, cell, fs);
  if (fs.type === 'ckpt') removeCheckpoint(cell, fs);
  else cell.fileSystems = cell.fileSystems.filter((f) => f !== fs);
  return fs;
}

/** Renaming only changes the database entry, so a mounted file system may be renamed. */
export function renameFs(cell: Cell, fs: FileSystem, newName: string): FileSystem {
  if (fs.pool === null) fail('fs_system', { fs: fs.name });
  if (!validFsName(newName)) fail('fs_name_invalid', { fs: newName });
  if (cell.fileSystems.some((f) => f.name === newName)) fail('fs_exists', { fs: newName });
  fs.name = newName;
  return fs;
}

export interface DiskPath {
  disk: string;
  storDev: string;
  addr: string;
  server: string;
}

export interface FsReport {
  fs: FileSystem;
  /** Mounted somewhere now (a temporarily unmounted entry does not count). */
  inUse: boolean;
  poolName: string;
  memberOf: string;
  rwServers: string[];
  roServers: string[];
  /** Mover ids where it is mounted outside VDMs, ascending (the `server` column of `nas_fs -list`). */
  serverIds: number[];
  /** Ids of the VDMs it is mounted in (the column shows them as `v<id>`), and their names by mode. */
  vdmIds: number[];
  rwVdms: string[];
  roVdms: string[];
  disks: string[];
  storDevs: string[];
  paths: DiskPath[];
  availMB: number;
  /** Whole percent used, rounded up as df does, so any use shows at least 1%. */
  usedPct: number;
  /** 512-byte sectors of the volume: the real output gives 40960000 for 20000 MB. */
  blockcount: number;
  /** A production file system's checkpoints, oldest point in time first (`ckpts =`). */
  ckpts: string[];
}

function bySlot(a: Mover, b: Mover): number {
  return a.slot - b.slot;
}

function diskNumber(disk: string): number {
  const m = /^d(\d+)$/.exec(disk);
  return m ? Number(m[1]) : 0;
}

/** The storage system's device id of a disk: `<serial>-<4 hex digits>`. */
export function storDevOf(cell: Cell, disk: string): string {
  return `${cell.storageSystem}-${diskNumber(disk).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Disks a file system lies on: system file systems on the root disk; a pool's file system
 * on as many of the pool's members as its size needs, starting at a member chosen by its
 * id, so that file systems spread over the pool.
 */
export function fsDisks(cell: Cell, fs: FileSystem): string[] {
  const pool = fs.pool === null ? undefined : cell.pools.find((p) => p.id === fs.pool);
  if (!pool || pool.members.length === 0) return ['root_disk'];
  const n = pool.members.length;
  const perDisk = Math.max(1, Math.floor(pool.totalMB / n));
  const count = Math.min(n, Math.max(1, Math.ceil(fs.sizeMB / perDisk)));
  const start = fs.id % n;
  return Array.from({ length: count }, (_, k) => pool.members[(start + k) % n]!);
}

/** Two SCSI paths per disk for every mover, as each mover sees the whole back end. */
function diskPaths(cell: Cell, disks: string[]): DiskPath[] {
  const movers = [...cell.movers].sort(bySlot);
  const out: DiskPath[] = [];
  for (const mover of movers) {
    for (const disk of disks) {
      const k = diskNumber(disk);
      const lun = `t${Math.floor(k / 16)}l${k % 16}`;
      for (const bus of ['c0', 'c16']) out.push({ disk, storDev: storDevOf(cell, disk), addr: `${bus}${lun}`, server: mover.name });
    }
  }
  return out;
}

interface MountedOn {
  mover: Mover;
  ro: boolean;
  /** The VDM the mount is of (under its directory, its root's `.etc` aside), if any. */
  vdm?: Vdm;
}

/** Where each file system is mounted now, built in one pass over the mount tables. */
export function mountIndex(cell: Cell): Map<number, MountedOn[]> {
  const index = new Map<number, MountedOn[]>();
  for (const mover of cell.movers) {
    const vdms = vdmsOn(cell, mover);
    for (const m of mover.mounts) {
      if (!m.mounted) continue;
      let list = index.get(m.fsId);
      if (!list) index.set(m.fsId, (list = []));
      const vdm = vdms.find((v) => relativePath(v, m.path) !== null && m.path !== vdmEtc(v));
      list.push(vdm === undefined ? { mover, ro: m.ro } : { mover, ro: m.ro, vdm });
    }
  }
  return index;
}

export interface FsListRow {
  fs: FileSystem;
  inUse: boolean;
  serverIds: number[];
  vdmIds: number[];
}

function serverIdsOf(on: MountedOn[]): number[] {
  // Most file systems are mounted in one place or none: skip the set and sort for them.
  if (on.length <= 1) return on.filter((x) => x.vdm === undefined).map((x) => x.mover.id);
  return [...new Set(on.filter((x) => x.vdm === undefined).map((x) => x.mover.id))].sort((a, b) => a - b);
}

function vdmIdsOf(on: MountedOn[]): number[] {
  return [...new Set(on.flatMap((x) => (x.vdm === undefined ? [] : [x.vdm.id])))].sort((a, b) => a - b);
}

/** The rows of `nas_fs -list`, by id; one pass over the mount tables for any number of rows. */
export function listFs(cell: Cell): FsListRow[] {
  const index = mountIndex(cell);
  return [...cell.fileSystems]
    .sort((a, b) => a.id - b.id)
    .map((fs) => {
      const on = index.get(fs.id) ?? [];
      return { fs, inUse: on.length > 0, serverIds: serverIdsOf(on), vdmIds: vdmIdsOf(on) };
    });
}

export function describeFs(cell: Cell, fs: FileSystem, index: Map<number, MountedOn[]> = mountIndex(cell)): FsReport {
  const on = index.get(fs.id) ?? [];
  const rw = on.filter((x) => !x.ro).map((x) => x.mover);
  const ro = on.filter((x) => x.ro).map((x) => x.mover);
  const pool = fs.pool === null ? undefined : cell.pools.find((p) => p.id === fs.pool);
  const disks = fsDisks(cell, diskHolder(cell, fs));
  const isCkpt = fs.type === 'ckpt';
  const availMB = Math.max(0, fs.sizeMB - fs.usedMB);
  return {
    fs,
    inUse: on.length > 0,
    poolName: pool?.name ?? '',
    memberOf: pool && !isCkpt ? `root_avm_fs_group_${pool.id}` : '',
    rwServers: rw.sort(bySlot).map((m) => m.name),
    roServers: ro.sort(bySlot).map((m) => m.name),
    serverIds: serverIdsOf(on),
    vdmIds: vdmIdsOf(on),
    rwVdms: on.filter((x) => !x.ro && x.vdm !== undefined).map((x) => x.vdm!.name),
    roVdms: on.filter((x) => x.ro && x.vdm !== undefined).map((x) => x.vdm!.name),
    disks,
    storDevs: disks.map((d) => storDevOf(cell, d)),
    paths: diskPaths(cell, disks),
    availMB,
    usedPct: fs.sizeMB > 0 ? Math.ceil((fs.usedMB * 100) / fs.sizeMB) : 0,
    blockcount: fs.sizeMB * 2048,
    ckpts: isCkpt ? [] : checkpointsOf(cell, fs).map((c) => c.name),
  };
}

/** What a file system's disks are chosen by: its own volume, or for a checkpoint its PFS's SavVol. */
function diskHolder(cell: Cell, fs: FileSystem): FileSystem {
  if (fs.type !== 'ckpt' || fs.ckpt === null) return fs;
  const sv = fsById(cell, fs.ckpt.fsId)?.savVol;
  return sv ? { ...fs, id: sv.volume, pool: sv.pool, sizeMB: sv.sizeMB } : fs;
}

export interface PoolReport {
  pool: Pool;
  space: PoolSpace;
  /** File systems built on the pool, by id. */
  clients: string[];
  inUse: boolean;
  storageSystem: string;
  /** Every data mover sees the whole back end. */
  serverVisibility: string[];
}

export function describePool(cell: Cell, pool: Pool): PoolReport {
  const clients = cell.fileSystems
    .filter((f) => f.pool === pool.id)
    .sort((a, b) => a.id - b.id)
    .map((f) => f.name);
  return {
    pool,
    space: poolSpace(cell, pool),
    clients,
    inUse: clients.length > 0,
    storageSystem: cell.storageSystem,
    serverVisibility: [...cell.movers].sort(bySlot).map((m) => m.name),
  };
}

export function resolvePool(cell: Cell, ref: Ref): Pool {
  if ('id' in ref) return cell.pools.find((p) => p.id === ref.id) ?? notFound('pool', `id=${ref.id}`);
  return findPool(cell, ref.name);
}
