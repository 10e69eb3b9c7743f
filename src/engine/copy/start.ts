// fs_copy -start: every check, then the session. The source is a checkpoint, or a file
// system that cannot change while it is read (mounted read-only or not at all: the copy reads
// it in place, and a write would tear it); a differential (-fromfs L) needs the source M and
// L to be checkpoints of one PFS, M younger ([000195]), and a destination that holds L. The
// destination is a file system of the source's size, mounted read-only or not at all, the
// destination of no other running copy; a full copy's is a rawfs, as the reference has it
// (or, for the snapshot distribution's full version, a uxfs whose contents it replaces).
//
// "Holds L" is asked of holds.ts: by its copyOf attribute and by its contents.
//
// Any cell of the world joined to this one by a link can be a destination (trust between
// Control Stations, nas_cel -create, is not asked for yet); the link must be up to start.
import { findFs } from '../cluster.js';
import { fail } from '../errors.js';
import { positionOf } from '../blocks/snapshots.js';
import { peekDigest } from '../blocks/volume.js';
import { viewOf } from '../contents.js';
import { DIST_OWNER, localOf } from '../distribution/state.js';
import { reachableCell } from '../links.js';
import type { Cell, CopyEnd, CopyMode, CopyOwner, CopySession, FileSystem, World } from '../types.js';
import { mountedRwOn } from './ends.js';
import { whyNotHeld } from './holds.js';
import { isActive, logEnds, scheduleStep, STEP_MS } from './job.js';
import { differentialList, fullList, type BlockList } from './plan.js';
import { blocksPerSecond, startDelayMs } from './rate.js';

export interface CopyRequest {
  /** The source: a checkpoint or a file system of this cell. */
  src: string;
  dst: string;
  /** `:cel=`; null or this cell's own name for a copy within the cell. */
  dstCel: string | null;
  /** `-fromfs`: the checkpoint the destination holds. */
  fromfs: string | null;
  /** kbit/s; 0 for no cap. */
  qosKbit: number;
  /** False: a full copy leaves its destination a rawfs. */
  convert: boolean;
  /**
   * A full copy may replace what a uxfs destination holds (a local updatable file system
   * taking a whole new version, FIG. 38 step 648); fs_copy -start itself wants a rawfs.
   */
  replace?: boolean;
  /** The engine module starting the session for its own ends, told when it ends (job.ts onCopyEnd). */
  owner?: CopyOwner;
}

const endOf = (cell: Cell, fs: FileSystem): CopyEnd => ({ cel: cell.name, fsId: fs.id, fs: fs.name });

function ckptPfs(cell: Cell, ckpt: FileSystem): FileSystem {
  return viewOf(cell, ckpt).owner;
}

/** What `-fromfs` and the source must be for a differential: two checkpoints of one PFS, M younger than L. */
function checkDifferential(cell: Cell, m: FileSystem, l: FileSystem): FileSystem {
  if (l.type !== 'ckpt') fail('not_a_ckpt', { fs: l.name, type: l.type });
  if (m.type !== 'ckpt') fail('not_a_ckpt', { fs: m.name, type: m.type });
  const pfs = ckptPfs(cell, m);
  if (l.ckpt?.fsId !== pfs.id) fail('copy_other_pfs', { fs: l.name, pfs: pfs.name });
  const vol = pfs.contents!.volume;
  if (positionOf(vol, m.id) <= positionOf(vol, l.id)) fail('ckpt_not_younger', { from: l.name, to: m.name });
  return pfs;
}

/** Refuses a destination that does not hold L intact (holds.ts), naming what it holds instead. */
function checkBase(cell: Cell, dst: FileSystem, pfs: FileSystem, l: FileSystem): void {
  const vol = pfs.contents!.volume;
  const snap = vol.snapshots[positionOf(vol, l.id)]!;
  const why = whyNotHeld(dst, { cel: cell.name, pfs, ckptId: l.id, createdAt: snap.createdAt });
  if (why === null) return;
  const o = dst.copyOf;
  const holds = o === null ? '' : `${o.ckpt ?? o.fs}${o.cel === cell.name ? '' : `:${o.cel}`}`;
  fail('copy_base_mismatch', { fs: dst.name, ckpt: l.name, why, holds });
}

/** Checks a start request against the world; changes nothing. */
function checkStart(world: World, cell: Cell, req: CopyRequest) {
  const src = findFs(cell, req.src);
  if (src.pool === null) fail('fs_system', { fs: src.name });
  // A rawfs no copy ever completed to (and nothing wrote) holds no file system: copying it
  // would make the destination a uxfs of nothing.
  if (src.type === 'rawfs' && src.copyOf === null && src.contents!.files.root.entries.size === 0) fail('copy_source_empty', { fs: src.name });
  const from = req.fromfs === null ? null : findFs(cell, req.fromfs);
  const dstCell = reachableCell(world, cell, req.dstCel);
  const dst = findFs(dstCell, req.dst);
  const mode: CopyMode = from === null ? 'full' : 'differential';
  let pfs: FileSystem;
  if (from !== null) pfs = checkDifferential(cell, src, from);
  else if (src.type === 'ckpt') pfs = ckptPfs(cell, src);
  else {
    pfs = src;
    const rw = mountedRwOn(cell, src.id);
    if (rw !== undefined) fail('copy_source_rw', { fs: src.name, on: rw.name });
  }
  if (dstCell === cell && (dst.id === src.id || dst.id === pfs.id)) fail('copy_same_fs', { fs: dst.name });
  if (dst.pool === null) fail('fs_system', { fs: dst.name });
  // A local updatable file system takes its versions from fs_dist only, which keeps track of what it holds.
  const local = localOf(dst);
  if (local !== null && req.owner !== DIST_OWNER)
    fail('dist_exists', { fs: dst.name, source: local.source.cel === cell.name ? local.source.fs : `${local.source.fs}:${local.source.cel}` });
  if (dst.type === 'ckpt' || (mode === 'full' && dst.type !== 'rawfs' && req.replace !== true)) fail('copy_dst_type', { fs: dst.name, type: dst.type });
  if (dst.sizeMB !== pfs.sizeMB) fail('copy_dst_size', { fs: dst.name, size: dst.sizeMB, want: pfs.sizeMB });
  const rw = mountedRwOn(dstCell, dst.id);
  if (rw !== undefined) fail('copy_dst_rw', { fs: dst.name, on: rw.name });
  const busy = world.copies.find((s) => isActive(s) && s.dst.cel === dstCell.name && s.dst.fsId === dst.id);
  if (busy !== undefined) fail('copy_dst_busy', { fs: dst.name, session: busy.name });
  if (from !== null) checkBase(cell, dst, pfs, from);
  if (pfs.contents!.volume.meta.shift !== dst.contents!.volume.meta.shift) {
    throw new Error(`${pfs.name} and ${dst.name} have meta bit maps of different granularities`);
  }
  return { src, from, pfs, dstCell, dst, mode };
}

/** The next session id: one past the largest (sessions are kept, so ids are never reused). */
function nextId(world: World): number {
  return world.copies.reduce((m, s) => Math.max(m, s.id), 0) + 1;
}

/** fs_copy -start: checks, then the session, running from now. */
export function startCopy(world: World, cell: Cell, req: CopyRequest): CopySession {
  const { src, from, pfs, dstCell, dst, mode } = checkStart(world, cell, req);
  const vol = pfs.contents!.volume;
  const snap = src.type === 'ckpt' ? src.id : null;
  const list: BlockList = from !== null ? differentialList(vol, from.id, src.id) : fullList(vol, snap);
  return openSession(world, { cell, src, pfs, from, dstCell, dst, mode, list, convert: req.convert, owner: req.owner ?? null, qosKbit: req.qosKbit });
}

/** A session another engine module starts with a block list of its own; its checks are that module's. */
export interface InternalCopy {
  cell: Cell;
  /** A checkpoint of `pfs`, whose blocks are read. */
  src: FileSystem;
  pfs: FileSystem;
  from: FileSystem | null;
  dstCell: Cell;
  dst: FileSystem;
  mode: CopyMode;
  list: BlockList;
  convert: boolean;
  owner: CopyOwner | null;
  qosKbit: number;
}

/** Opens a session over a block list already made (fs_copy -start's, or an owner's own: a resync's). */
export function openSession(world: World, c: InternalCopy): CopySession {
  const { cell, src, pfs, from, dstCell, dst, mode, list } = c;
  const vol = pfs.contents!.volume;
  const snap = src.type === 'ckpt' ? src.id : null;
  const now = world.clock.now;
  const id = nextId(world);
  const s: CopySession = {
    id,
    name: `copy_${id}`,
    mode,
    state: 'copying',
    failure: null,
    src: endOf(cell, src),
    pfs: endOf(cell, pfs),
    snapCreatedAt: snap === null ? null : vol.snapshots[positionOf(vol, snap)]!.createdAt,
    srcDigest: snap === null ? peekDigest(vol) : null,
    from: from === null ? null : endOf(cell, from),
    dst: endOf(dstCell, dst),
    dstBefore: dst.copyOf === null ? null : { ...dst.copyOf },
    convert: c.convert,
    owner: c.owner,
    qosKbit: c.qosKbit,
    startedAt: now,
    lastAt: now,
    endedAt: null,
    totalBlocks: list.blocks,
    copiedBlocks: 0,
    credit: 0,
    extents: list.pairs,
    next: 0,
    nextOffset: 0,
  };
  s.lastAt = now + startDelayMs(world, s);
  const rate = blocksPerSecond(world, s);
  const firstDue = rate > 0 ? Math.ceil((s.totalBlocks * 1000) / rate) : STEP_MS;
  world.copies.push(s);
  // From the first block on, the destination holds no whole version until the last.
  dst.copyOf = null;
  scheduleStep(world, s, s.lastAt + Math.min(STEP_MS, firstDue));
  logEnds(world, s, 6, 'fscopy_started', { mode, blocks: s.totalBlocks });
  return s;
}
