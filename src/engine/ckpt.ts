// Checkpoints (SnapSure, fs_ckpt): read-only point-in-time images of a production file
// system (PFS). A checkpoint is a file system of type 'ckpt' with no blocks of its own: its
// contents are the snapshot with its own id in its PFS's snapshot queue (contents.ts
// viewOf), and the before images the PFS's writes save for it live in the PFS's SavVol
// (ckpt-save-volume.ts), made with the first checkpoint and shared by all of them.
//
// What the real fs_ckpt does and this keeps: -Create makes and mounts the checkpoint
// read-only at /<name> on each data mover where the PFS is mounted (unless automount=no);
// -refresh re-bases it to now, mounted or not; -Restore first checkpoints the PFS (a real
// checkpoint, so the restore can itself be undone), then brings the PFS back to the
// checkpoint's point in time; a checkpoint is deleted with nas_fs -delete once unmounted
// (fs.ts deleteFs, ckpt-save-volume.ts removeCheckpoint).
// Every operation needs the PFS mounted, as the data mover serving it does the work.
//
// A snapshot is stamped with a delta set when replication takes it ([000116], [000158]:
// src/engine/replication/); a checkpoint a user takes carries none.
//
// Everything is checked before anything changes: a refused operation leaves the world
// byte-identical. Plain data in, plain data out; the clock is the world's.
import { findPool, fsById, poolUsedMB, requireServing, servingMover, type Ref } from './cluster.js';
import { checkpointsOf, contentsOf, refreshUsed } from './contents.js';
import { fail } from './errors.js';
import { refreshSnapshotFiles, restoreFiles, snapshotFiles } from './files/files.js';
import { resolveFs, resolvePool, validFsName } from './fs.js';
import { applyMount, checkMount, type MountPlan } from './mount.js';
import { ckptUsage, DEFAULT_FULL_MARK, defaultSavVolMB, MAX_FULL_MARK, MIN_SAVVOL_MB, savVolUsedMB, savVolUsedPct, settleSavVol, type SavVolEvent } from './ckpt-save-volume.js';
import type { Cell, FileSystem, Mover, Pool, World } from './types.js';

/** A SavVol size as `size=` gives it: MB, or a percentage of the PFS; `text` is the word typed. */
export type SavVolSize = { mb: number; text: string } | { pct: number; text: string };

export interface CkptOptions {
  /** `-option %full=<n>`: the SavVol's high water mark (0: never extend). */
  fullMark?: number;
  /** `-option automount=no` gives false. */
  automount?: boolean;
}

export interface NewCkpt extends CkptOptions {
  /** `-name`; by default `<pfs>_ckpt<N>`. */
  name?: string;
  /** `size=`, only for the first checkpoint of a PFS. */
  size?: SavVolSize;
  /** `pool=` (a name or `id=<n>`), only for the first checkpoint, or the SavVol's own pool. */
  pool?: string | Ref;
  /** The delta set the snapshot is stamped with ([000116], [000158]): replication's own checkpoints. */
  deltaSetStamp?: number;
}

/** Percentages of a PFS `size=` accepts, and the numbers before T, G or M (fs_ckpt: 1 to 1024). */
export const MAX_SIZE_NUMBER = 1024;

/** The file system a checkpoint is of. */
export function pfsOf(cell: Cell, ckpt: FileSystem): FileSystem {
  const pfs = ckpt.ckpt === null ? undefined : fsById(cell, ckpt.ckpt.fsId);
  if (pfs === undefined) throw new Error(`checkpoint ${ckpt.name} has no production file system`);
  return pfs;
}

/** A file system checkpoints can be made of: a uxfs built from a pool. */
export function requirePfs(fs: FileSystem): void {
  if (fs.type !== 'uxfs') fail('ckpt_pfs_type', { fs: fs.name, type: fs.type });
  if (fs.pool === null) fail('fs_system', { fs: fs.name });
}

export function requireCkpt(fs: FileSystem): void {
  if (fs.type !== 'ckpt') fail('not_a_ckpt', { fs: fs.name, type: fs.type });
}

/** `<name>` or `id=<n>` naming a checkpoint. */
export function resolveCkpt(cell: Cell, ref: Ref): FileSystem {
  const fs = resolveFs(cell, ref);
  requireCkpt(fs);
  return fs;
}

/** `<pfs>_ckpt<N>` with the smallest N not taken (the real default, `ufs1_ckpt1`). */
export function defaultCkptName(cell: Cell, pfs: FileSystem): string {
  const taken = new Set(cell.fileSystems.map((f) => f.name));
  for (let n = 1; ; n++) if (!taken.has(`${pfs.name}_ckpt${n}`)) return `${pfs.name}_ckpt${n}`;
}

function checkCkptName(cell: Cell, name: string): void {
  if (!validFsName(name)) fail('fs_name_invalid', { fs: name });
  if (/^\d+$/.test(name)) fail('ckpt_name_numeric', { fs: name });
  if (cell.fileSystems.some((f) => f.name === name)) fail('fs_exists', { fs: name });
}

/** `param`: where the value was given (`-option`, or `-modify`), for the refusal. */
function checkOptions(opts: CkptOptions, param: 'option' | 'modify' = 'option'): void {
  const m = opts.fullMark;
  if (m !== undefined && (!Number.isSafeInteger(m) || m < 0 || m > MAX_FULL_MARK)) fail('ckpt_option_invalid', { rule: 'full', param, value: m });
}

/** Movers where the PFS is mounted now, in slot order; refused when there is none. */
function pfsMovers(cell: Cell, pfs: FileSystem): { mover: Mover; ro: boolean }[] {
  const out: { mover: Mover; ro: boolean }[] = [];
  for (const mover of [...cell.movers].sort((a, b) => a.slot - b.slot)) {
    const m = mover.mounts.find((x) => x.fsId === pfs.id && x.mounted);
    if (m) out.push({ mover, ro: m.ro });
  }
  if (out.length === 0) fail('ckpt_pfs_not_mounted', { fs: pfs.name });
  return out;
}

/** The mover that does the work: the one serving the PFS, which must be mounted. It must be up. */
function workingMover(cell: Cell, pfs: FileSystem): Mover {
  pfsMovers(cell, pfs);
  const mover = servingMover(cell, pfs.id);
  requireServing(mover);
  return mover;
}

interface SavVolPlan {
  pool: Pool;
  sizeMB: number;
}

function sizeMBOf(pfs: FileSystem, size: SavVolSize): number {
  const n = 'mb' in size ? size.mb : size.pct;
  if ('pct' in size && (!Number.isSafeInteger(n) || n < 1 || n > 100)) fail('savvol_size_invalid', { value: size.text, minMB: MIN_SAVVOL_MB });
  const mb = 'mb' in size ? size.mb : Math.ceil((pfs.sizeMB * size.pct) / 100);
  if (!Number.isSafeInteger(mb) || mb < MIN_SAVVOL_MB) fail('savvol_size_invalid', { value: size.text, minMB: MIN_SAVVOL_MB });
  return mb;
}

/** The SavVol a first checkpoint makes, or null when the PFS has one (which `size=` and another `pool=` cannot change). */
function planSavVol(cell: Cell, pfs: FileSystem, spec: NewCkpt): SavVolPlan | null {
  const pool = spec.pool === undefined ? undefined : typeof spec.pool === 'string' ? findPool(cell, spec.pool) : resolvePool(cell, spec.pool);
  const sv = pfs.savVol;
  if (sv !== null) {
    const existing = cell.pools.find((p) => p.id === sv.pool)?.name ?? '';
    const base = { fs: pfs.name, sizeMB: sv.sizeMB, pool: existing };
    if (spec.size !== undefined) fail('savvol_exists', { ...base, param: 'size', value: spec.size.text });
    if (pool !== undefined && pool.id !== sv.pool) fail('savvol_exists', { ...base, param: 'pool', value: pool.name });
    return null;
  }
  const target = pool ?? cell.pools.find((p) => p.id === pfs.pool)!;
  const sizeMB = spec.size === undefined ? defaultSavVolMB(pfs.sizeMB) : sizeMBOf(pfs, spec.size);
  const avail = target.totalMB - poolUsedMB(cell, target);
  if (sizeMB > avail) fail('pool_full', { pool: target.name, size: sizeMB, avail });
  return { pool: target, sizeMB };
}

/** The checkpoint record (not yet in the cell): the PFS's size and use, its SavVol's pool and volume. */
function newCkptRecord(world: World, cell: Cell, pfs: FileSystem, name: string, pool: number, volume: number): FileSystem {
  return {
    id: cell.nextFsId,
    name,
    type: 'ckpt',
    sizeMB: pfs.sizeMB,
    pool,
    volume,
    acl: 0,
    createdAt: world.clock.now,
    usedMB: pfs.usedMB,
    thin: false,
    autoExtend: false,
    hwm: null,
    maxSizeMB: null,
    contents: null,
    ckpt: { fsId: pfs.id },
    savVol: null,
    copyOf: null,
  };
}

/** Read-only mounts at /<name> on the PFS's movers, all checked before any is made. */
function planMounts(cell: Cell, pfs: FileSystem, ckpt: FileSystem, automount: boolean): MountPlan[] {
  if (!automount) return [];
  return pfsMovers(cell, pfs).map(({ mover }) => checkMount(cell, mover, { fs: ckpt, path: `/${ckpt.name}`, ro: true }));
}

/** Volume ids a SavVol takes (its slice and meta volume, as a file system's do). */
const VOLUMES_PER_SAVVOL = 2;

/**
 * Adds a checkpoint record taken now, with its snapshot, and mounts it: the shared tail of
 * -Create and the safety checkpoint of -Restore. The checks are done by the caller.
 */
function addCheckpoint(world: World, cell: Cell, pfs: FileSystem, ckpt: FileSystem, mounts: MountPlan[], snapshot: boolean, deltaSetStamp: number | null = null): void {
  cell.nextFsId += 1;
  cell.fileSystems.push(ckpt);
  if (snapshot) {
    const { files, volume } = contentsOf(pfs);
    snapshotFiles(files, volume, { id: ckpt.id, createdAt: ckpt.createdAt, deltaSetStamp });
  }
  for (const plan of mounts) applyMount(world, plan);
}

/** fs_ckpt <fs> -Create: a new checkpoint of the PFS, now (see the file head). */
export function createCheckpoint(world: World, cell: Cell, pfs: FileSystem, spec: NewCkpt = {}): FileSystem {
  requirePfs(pfs);
  const name = spec.name ?? defaultCkptName(cell, pfs);
  checkCkptName(cell, name);
  checkOptions(spec);
  workingMover(cell, pfs);
  const sv = planSavVol(cell, pfs, spec);
  const pool = sv?.pool.id ?? pfs.savVol!.pool;
  const volume = sv === null ? pfs.savVol!.volume : cell.nextVolumeId;
  const ckpt = newCkptRecord(world, cell, pfs, name, pool, volume);
  const mounts = planMounts(cell, pfs, ckpt, spec.automount ?? true);

  if (sv !== null) {
    pfs.savVol = { volume, pool, sizeMB: sv.sizeMB, fullMark: spec.fullMark ?? DEFAULT_FULL_MARK };
    cell.nextVolumeId += VOLUMES_PER_SAVVOL;
  } else if (spec.fullMark !== undefined) {
    pfs.savVol!.fullMark = spec.fullMark;
  }
  addCheckpoint(world, cell, pfs, ckpt, mounts, true, spec.deltaSetStamp ?? null);
  if (spec.fullMark !== undefined) settleSavVol(world, cell, pfs);
  return ckpt;
}

/** fs_ckpt <ckpt> -refresh: the checkpoint now shows the PFS as it is now; a mounted one stays mounted. */
export function refreshCheckpoint(world: World, cell: Cell, ckpt: FileSystem, opts: CkptOptions = {}): SavVolEvent[] {
  requireCkpt(ckpt);
  const pfs = pfsOf(cell, ckpt);
  checkOptions(opts);
  if (opts.automount !== undefined) fail('ckpt_option_invalid', { rule: 'automount', value: opts.automount });
  workingMover(cell, pfs);
  const { files, volume } = contentsOf(pfs);
  refreshSnapshotFiles(files, volume, ckpt.id, world.clock.now, null);
  ckpt.createdAt = world.clock.now;
  ckpt.sizeMB = pfs.sizeMB;
  ckpt.usedMB = pfs.usedMB;
  if (opts.fullMark === undefined) return [];
  pfs.savVol!.fullMark = opts.fullMark;
  return settleSavVol(world, cell, pfs);
}

export interface RestoreResult {
  /** The checkpoint of the PFS as it was before the restore (fs_ckpt makes one first). */
  safety: FileSystem;
  /** Blocks the restore wrote back. */
  written: number;
  /** What the SavVol did with the before images the restore's writes saved (the oldest checkpoints may go). */
  savVol: SavVolEvent[];
}

/**
 * fs_ckpt <ckpt> [-name <name>] -Restore: the PFS returns to the checkpoint's point in time.
 * The safety checkpoint (named by -name, else by default) is taken first, so the restore
 * can be undone; every other checkpoint keeps its point in time. The PFS must be mounted
 * read-write: the restore writes to it while it stays online.
 */
export function restoreCheckpoint(world: World, cell: Cell, ckpt: FileSystem, opts: CkptOptions & { name?: string } = {}): RestoreResult {
  requireCkpt(ckpt);
  const pfs = pfsOf(cell, ckpt);
  checkOptions(opts);
  const on = pfsMovers(cell, pfs);
  if (!on.some((x) => !x.ro)) fail('ckpt_pfs_readonly', { fs: pfs.name, other: on[0]!.mover.name });
  workingMover(cell, pfs);
  const name = opts.name ?? defaultCkptName(cell, pfs);
  checkCkptName(cell, name);
  const sv = pfs.savVol!;
  const safety = newCkptRecord(world, cell, pfs, name, sv.pool, sv.volume);
  const mounts = planMounts(cell, pfs, safety, opts.automount ?? true);

  if (opts.fullMark !== undefined) sv.fullMark = opts.fullMark;
  // restoreFiles takes the safety snapshot itself, before the first block moves.
  addCheckpoint(world, cell, pfs, safety, [], false);
  const { files, volume } = contentsOf(pfs);
  const r = restoreFiles(files, volume, ckpt.id, { id: safety.id, createdAt: safety.createdAt, deltaSetStamp: null });
  refreshUsed(pfs);
  for (const plan of mounts) applyMount(world, plan);
  const savVol = r.saved > 0 || opts.fullMark !== undefined ? settleSavVol(world, cell, pfs, opts.fullMark === undefined ? r.saved : undefined) : [];
  return { safety, written: r.written, savVol };
}

/** fs_ckpt <fs> -modify %full=<n>: the SavVol's high water mark, applied at once. */
export function modifySavVol(world: World, cell: Cell, pfs: FileSystem, opts: { fullMark: number }): SavVolEvent[] {
  requirePfs(pfs);
  if (pfs.savVol === null) fail('savvol_not_found', { fs: pfs.name });
  checkOptions(opts, 'modify');
  pfs.savVol.fullMark = opts.fullMark;
  return settleSavVol(world, cell, pfs);
}

/** What nas_fs -info and fs_ckpt -list say about a checkpoint and the SavVol it uses. */
export interface CkptReport {
  ckpt: FileSystem;
  pfs: FileSystem;
  /** Mounted somewhere now. */
  inUse: boolean;
  fullMark: number;
  savVolMB: number;
  savVolUsedMB: number;
  savVolAvailMB: number;
  /** `total_savvol_used` / `used`: every checkpoint's before images, whole percent rounded up. */
  savVolUsedPct: number;
  /** `ckpt_usage_on_savvol`: this checkpoint's own save area. */
  usageMB: number;
  usagePct: number;
  /** 512-byte sectors of the SavVol. */
  blockcount: number;
}

export function describeCheckpoint(cell: Cell, ckpt: FileSystem): CkptReport {
  const pfs = pfsOf(cell, ckpt);
  const sv = pfs.savVol!;
  const usedMB = savVolUsedMB(pfs);
  const usage = ckptUsage(pfs, ckpt.id);
  return {
    ckpt,
    pfs,
    inUse: cell.movers.some((m) => m.mounts.some((x) => x.fsId === ckpt.id && x.mounted)),
    fullMark: sv.fullMark,
    savVolMB: sv.sizeMB,
    savVolUsedMB: usedMB,
    savVolAvailMB: Math.max(0, sv.sizeMB - usedMB),
    savVolUsedPct: savVolUsedPct(pfs),
    usageMB: usage.mb,
    usagePct: usage.pct,
    blockcount: sv.sizeMB * 2048,
  };
}

/** fs_ckpt <fs> -list: the PFS's checkpoints, oldest point in time first. */
export function listCheckpoints(cell: Cell, pfs: FileSystem): CkptReport[] {
  requirePfs(pfs);
  return checkpointsOf(cell, pfs).map((c) => describeCheckpoint(cell, c));
}
