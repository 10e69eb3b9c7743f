// A production file system's SavVol: the space its checkpoints' before images take, and what
// happens when they fill it. The real system documents it (fs_ckpt, `%full`): when the
// SavVol reaches its high water mark (default 90%) a warning goes to the data mover's log
// and the Control Station extends the SavVol by 10 GB from its pool; with `%full=0` it is
// never extended, and once the before images no longer fit, the oldest checkpoint is
// deleted so that the newer ones stay usable. When the pool cannot give the 10 GB the
// extension fails (logged once, when the mark is crossed) and the oldest checkpoints go
// the same way once the SavVol overflows. Everything is logged on the data mover serving
// the file system. The replication save volume's options of [000227] (terminate the
// session, freeze, remount read-only) belong to replication and are not this SavVol's.
import { deleteSnapshotFiles } from './files/files.js';
import { saveBlocksOf, saveBlocksUsed } from './blocks/snapshots.js';
import { fsById, poolUsedMB, servingMover } from './cluster.js';
import { BLOCKS_PER_MB } from './files/tree.js';
import { logEvent } from './log.js';
import type { Cell, FileSystem, World } from './types.js';

/** What one extension adds (fs_ckpt: "the SavVol is automatically extended by 10 GB"). */
export const SAVVOL_EXTEND_MB = 10 * 1024;
export const DEFAULT_FULL_MARK = 90;
export const MAX_FULL_MARK = 99;
/** Celerra 5.x: a SavVol is 10 GB, or the PFS's size when that is smaller, and never under 64 MB. */
export const DEFAULT_SAVVOL_MB = 10 * 1024;
export const MIN_SAVVOL_MB = 64;

export function defaultSavVolMB(pfsMB: number): number {
  return Math.max(MIN_SAVVOL_MB, Math.min(DEFAULT_SAVVOL_MB, pfsMB));
}

const mbOf = (blocks: number) => Math.ceil(blocks / BLOCKS_PER_MB);

/** Whole percent of `sizeMB` that `blocks` take, rounded up as df does. */
function pctOf(blocks: number, sizeMB: number): number {
  return sizeMB === 0 ? 0 : Math.ceil((blocks * 100) / (sizeMB * BLOCKS_PER_MB));
}

/** MB the before images take (rounded up). */
export function savVolUsedMB(pfs: FileSystem): number {
  return pfs.contents === null ? 0 : mbOf(saveBlocksUsed(pfs.contents.volume));
}

/** Whole percent of the SavVol in use, rounded up as df does. */
export function savVolUsedPct(pfs: FileSystem): number {
  if (pfs.savVol === null || pfs.contents === null) return 0;
  return pctOf(saveBlocksUsed(pfs.contents.volume), pfs.savVol.sizeMB);
}

/** What one checkpoint's own save area takes of its PFS's SavVol (`ckpt_usage_on_savvol`). */
export function ckptUsage(pfs: FileSystem, ckptId: number): { mb: number; pct: number } {
  const entry = pfs.contents?.volume.snapshots.find((s) => s.id === ckptId);
  const blocks = entry === undefined ? 0 : saveBlocksOf(entry);
  return { mb: mbOf(blocks), pct: pctOf(blocks, pfs.savVol?.sizeMB ?? 0) };
}

export type SavVolEvent =
  | { kind: 'extended'; fromMB: number; toMB: number; usedPct: number }
  | { kind: 'not_extended'; usedPct: number }
  | { kind: 'ckpt_deleted'; ckpt: string; usedPct: number };

/** MB of the SavVol's pool not yet taken by file systems or SavVols. */
function poolAvailMB(cell: Cell, pfs: FileSystem): number {
  const pool = pfs.savVol === null ? undefined : cell.pools.find((p) => p.id === pfs.savVol!.pool);
  return pool === undefined ? 0 : pool.totalMB - poolUsedMB(cell, pool);
}

/**
 * Removes a checkpoint: its snapshot leaves the queue (its before images move to the next
 * older one where readers still need them, blocks/snapshots.ts), its entries leave every
 * mount table (the mount points stay, as on a real mover), and the file system record
 * goes. The SavVol goes with the last checkpoint, its space back to its pool.
 */
export function removeCheckpoint(cell: Cell, ckpt: FileSystem): void {
  const pfs = ckpt.ckpt === null ? undefined : fsById(cell, ckpt.ckpt.fsId);
  if (pfs === undefined || pfs.contents === null) throw new Error(`checkpoint ${ckpt.name} has no production file system`);
  deleteSnapshotFiles(pfs.contents.files, pfs.contents.volume, ckpt.id);
  for (const m of cell.movers) m.mounts = m.mounts.filter((x) => x.fsId !== ckpt.id);
  cell.fileSystems = cell.fileSystems.filter((f) => f !== ckpt);
  if (pfs.contents.volume.snapshots.length === 0) pfs.savVol = null;
}

/**
 * The SavVol's policy, after writes saved `saved` before images into it (or, with `saved`
 * undefined, after its mark changed): at or over the mark it is extended by 10 GB at a
 * time while the pool has the room; a failed extension is logged when the write crossed
 * the mark (or at an explicit check), not again at every write above it; then, while the
 * before images overflow the SavVol, the oldest checkpoint goes. Returns what was done.
 */
export function settleSavVol(world: World, cell: Cell, pfs: FileSystem, saved?: number): SavVolEvent[] {
  const sv = pfs.savVol;
  if (sv === null || pfs.contents === null) return [];
  const vol = pfs.contents.volume;
  const events: SavVolEvent[] = [];
  const mover = servingMover(cell, pfs.id);
  const usedBlocks = saveBlocksUsed(vol);
  const overMark = (blocks: number): boolean => sv.fullMark > 0 && blocks * 100 >= sv.fullMark * sv.sizeMB * BLOCKS_PER_MB;
  const crossed = saved === undefined || !overMark(usedBlocks - saved);
  while (overMark(saveBlocksUsed(vol))) {
    // A write is settled after it lands, but the SavVol is extended as it fills: never past full.
    const usedPct = Math.min(100, savVolUsedPct(pfs));
    const avail = poolAvailMB(cell, pfs);
    if (avail < SAVVOL_EXTEND_MB) {
      if (crossed) {
        events.push({ kind: 'not_extended', usedPct });
        const pool = cell.pools.find((p) => p.id === sv.pool)?.name ?? '';
        logEvent(world, mover, 'SVFS', 3, 'savvol_not_extended', { fs: pfs.name, pct: usedPct, mark: sv.fullMark, add: SAVVOL_EXTEND_MB, pool, avail });
      }
      break;
    }
    const fromMB = sv.sizeMB;
    sv.sizeMB += SAVVOL_EXTEND_MB;
    events.push({ kind: 'extended', fromMB, toMB: sv.sizeMB, usedPct });
    logEvent(world, mover, 'SVFS', 4, 'savvol_extended', { fs: pfs.name, pct: usedPct, mark: sv.fullMark, from: fromMB, to: sv.sizeMB });
  }
  const queue = vol.snapshots;
  while (pfs.savVol !== null && saveBlocksUsed(vol) > pfs.savVol.sizeMB * BLOCKS_PER_MB && queue.length > 0) {
    const oldest = fsById(cell, queue[0]!.id);
    if (oldest === undefined) throw new Error(`snapshot ${queue[0]!.id} of ${pfs.name} has no checkpoint`);
    // A write is settled after it lands, but the SavVol is extended as it fills: never past full.
    const usedPct = Math.min(100, savVolUsedPct(pfs));
    removeCheckpoint(cell, oldest);
    events.push({ kind: 'ckpt_deleted', ckpt: oldest.name, usedPct });
    logEvent(world, mover, 'SVFS', 3, 'ckpt_deactivated', { fs: pfs.name, ckpt: oldest.name, pct: usedPct });
  }
  return events;
}
