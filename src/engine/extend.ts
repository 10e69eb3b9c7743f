// Automatic file system extension (nas_fs -auto_extend yes): a write that brings a file
// system's use to or past its high water mark first extends it from its pool, so that the
// write lands below the mark, never past max_size. Planned before anything changes: a write
// that would not fit even at max_size (or with what the pool has) gets no extension and is
// refused by the file layer with ENOSPC, the world as it was.
//
// Step: Celerra extends by at least a few percent at a time, so as not to extend at every
// write above the mark; we take the larger of 10% of the current size (rounded up to the MB)
// and what brings the use below the mark after the write. A thick file system takes the
// extension from its pool, which must hold it (when it holds less than the step, as much as
// it holds is taken); a thin one takes pool space only for what it uses, so its extension is
// free but every write's new use must fit in the pool. A file system an fs_copy session is
// reading is not extended while it runs: the copy's destination must stay as large as it.
import { growVolume } from './blocks/volume.js';
import { poolUsedMB, servingMover } from './cluster.js';
import { isActive } from './copy/job.js';
import { fail } from './errors.js';
import { growAllocator, usedBlocks } from './files/allocator.js';
import type { FileSystemFiles } from './files/files.js';
import { BLOCKS_PER_MB, blocksFor, checkParents, fileBlocks, lookup, parsePath, type FileNode } from './files/tree.js';
import { DEFAULT_HWM, MAX_FS_MB } from './fs.js';
import { logEvent } from './log.js';
import type { Cell, FileSystem, World } from './types.js';
import type { FileOp } from './contents.js';

/** 8 KB blocks to the MB (as contents.ts's, which imports this module). */

/** Extension takes at least this share of the current size, in percent. */
export const EXTEND_STEP_PCT = 10;

export interface Extension {
  fromMB: number;
  toMB: number;
}

/**
 * Blocks the op will add to the file system, or null when it adds none or the file layer
 * will refuse it for another reason (a bad path, a directory, a missing file to truncate):
 * then it is left to refuse, with nothing extended. Mirrors files.ts's checks, changing nothing.
 */
export function plannedGrowth(files: FileSystemFiles, op: FileOp): number | null {
  if (op.op !== 'write' && op.op !== 'writeAt' && op.op !== 'append' && op.op !== 'truncate') return null;
  const safe = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  try {
    const parts = parsePath(op.path);
    if (parts.length === 0) return null;
    checkParents(files.root, parts, op.path);
    const node = lookup(files.root, parts, op.path);
    if (node?.kind === 'dir') return null;
    const old = node as FileNode | undefined;
    if (old === undefined && op.op === 'truncate') return null;
    const oldSize = old?.size ?? 0;
    let size: number;
    if (op.op === 'write' || op.op === 'truncate') size = op.bytes;
    else if (op.op === 'append') size = oldSize + op.bytes;
    else size = safe(op.offset) && safe(op.bytes) ? Math.max(oldSize, op.offset + op.bytes) : NaN;
    if (!safe(op.bytes) || !safe(size)) return null;
    const grow = blocksFor(size) - (old === undefined ? 0 : fileBlocks(old));
    return grow > 0 ? grow : null;
  } catch {
    return null;
  }
}

/** The extension a write adding `grow` blocks calls for, or null; refuses (fs_full) a thin file system's write the pool cannot hold. */
export function planExtension(world: World, cell: Cell, fs: FileSystem, files: FileSystemFiles, grow: number, path: string): Extension | null {
  if (!fs.autoExtend || fs.contents === null) return null;
  const pool = cell.pools.find((p) => p.id === fs.pool);
  const availMB = pool === undefined ? 0 : pool.totalMB - poolUsedMB(cell, pool);
  const used = usedBlocks(files.alloc) + grow;
  if (fs.thin && Math.ceil(used / BLOCKS_PER_MB) - fs.usedMB > availMB) fail('fs_full', { path, blocks: grow, free: files.alloc.freeBlocks });
  const hwm = fs.hwm ?? DEFAULT_HWM;
  const sizeMB = fs.sizeMB;
  if (used * 100 < hwm * sizeMB * BLOCKS_PER_MB) return null;
  if (world.copies.some((c) => isActive(c) && c.pfs.cel === cell.name && c.pfs.fsId === fs.id)) return null;
  // The least size with the use below the mark: used * 100 < hwm * size * 128.
  const belowMB = Math.floor((used * 100) / (hwm * BLOCKS_PER_MB)) + 1;
  let toMB = Math.min(Math.max(sizeMB + Math.ceil((sizeMB * EXTEND_STEP_PCT) / 100), belowMB), fs.maxSizeMB ?? MAX_FS_MB, MAX_FS_MB);
  if (!fs.thin) toMB = Math.min(toMB, sizeMB + Math.max(0, availMB));
  // Nothing to add, or the write would not fit even so: the file layer refuses it.
  if (toMB <= sizeMB || used > toMB * BLOCKS_PER_MB) return null;
  return { fromMB: sizeMB, toMB };
}

/** Extends the file system (its volume, allocator and size) and logs it on its serving mover. */
export function applyExtension(world: World, cell: Cell, fs: FileSystem, ext: Extension): void {
  const { volume, files } = fs.contents!;
  const blocks = ext.toMB * BLOCKS_PER_MB;
  growVolume(volume, blocks);
  growAllocator(files.alloc, blocks);
  fs.sizeMB = ext.toMB;
  logEvent(world, servingMover(cell, fs.id), 'UFS', 4, 'fs_auto_extended', { fs: fs.name, from: ext.fromMB, to: ext.toMB, hwm: fs.hwm ?? DEFAULT_HWM });
}
