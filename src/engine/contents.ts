// A file system's contents in the world: every uxfs and rawfs owns a volume (its blocks and
// snapshot queue, blocks/volume.ts) and the files on it (files/files.ts); a checkpoint owns
// none and is read through its production file system's snapshot of the same id. Writes
// that go through here take their stamps from the world's counter, keep the file system's
// `usedMB` in step with its files, and settle its SavVol afterwards (ckpt-save-volume.ts).
import { saveBlocksUsed } from './blocks/snapshots.js';
import { createVolume, readBlock, writeBlock, writtenBlocks } from './blocks/volume.js';
import { fail } from './errors.js';
import { applyExtension, planExtension, plannedGrowth, type Extension } from './extend.js';
import { fsById } from './cluster.js';
import { appendFile, createFiles, makeDir, removeDir, removeFile, truncateFile, usedMB, writeAt, writeData, writeFile, type Owner, type WriteResult } from './files/files.js';
import { BLOCK_BYTES, BLOCKS_PER_MB, fileBlocks, lookup, parsePath } from './files/tree.js';
import { settleSavVol, type SavVolEvent } from './ckpt-save-volume.js';
import type { Cell, FileSystem, FsContents, World } from './types.js';

/** An empty file system of `sizeMB`: nothing written, every block free. */
export function newContents(sizeMB: number): FsContents {
  const volume = createVolume(sizeMB * BLOCKS_PER_MB);
  return { volume, files: createFiles(volume) };
}

/**
 * Labs saved before file systems had contents get empty ones: nothing had been written to
 * them, so a user file system's use becomes what its (no) files use. System file systems
 * keep their figure: DART's own files are not modelled.
 */
export function fillMissingContents(world: World): void {
  for (const cell of world.cells) {
    for (const fs of cell.fileSystems) {
      if (fs.type === 'ckpt' || fs.contents !== null) continue;
      fs.contents = newContents(fs.sizeMB);
      if (fs.pool !== null) refreshUsed(fs);
    }
  }
}

/** Contents nothing was ever put in: equal, for every reader, to newContents of the same size. */
export function isPristine(c: FsContents): boolean {
  const { volume: v, files: f } = c;
  return (
    v.pageCount === 0 &&
    v.meta.bits.count === 0 &&
    v.snapshots.length === 0 &&
    f.root.entries.size === 0 &&
    f.versions.size === 0 &&
    f.alloc.cursor === 0 &&
    f.alloc.freeBlocks === v.size
  );
}

/** The contents of a uxfs or rawfs (a checkpoint has none: see viewOf). */
export function contentsOf(fs: FileSystem): FsContents {
  if (fs.contents === null) throw new Error(`${fs.name} has no contents of its own`);
  return fs.contents;
}

/** Where a file system's data is read from: its own contents, or for a checkpoint its PFS's at the snapshot. */
export interface FsView {
  fs: FileSystem;
  /** The file system owning the blocks (the checkpoint's PFS, or fs itself). */
  owner: FileSystem;
  contents: FsContents;
  /** The snapshot to read (a checkpoint's id), or undefined for the live file system. */
  snapshot: number | undefined;
}

export function viewOf(cell: Cell, fs: FileSystem): FsView {
  if (fs.type !== 'ckpt') return { fs, owner: fs, contents: contentsOf(fs), snapshot: undefined };
  const owner = fs.ckpt === null ? undefined : fsById(cell, fs.ckpt.fsId);
  if (owner === undefined) throw new Error(`checkpoint ${fs.name} has no production file system`);
  return { fs, owner, contents: contentsOf(owner), snapshot: fs.id };
}

/** The checkpoints of a production file system, oldest first (the order of its snapshot queue). */
export function checkpointsOf(cell: Cell, pfs: FileSystem): FileSystem[] {
  const queue = pfs.contents?.volume.snapshots ?? [];
  const out: FileSystem[] = [];
  for (const s of queue) {
    const c = fsById(cell, s.id);
    if (c !== undefined && c.type === 'ckpt') out.push(c);
  }
  return out;
}

/** One past the largest stamp. */
const STAMP_LIMIT = 2 ** 32;

/** Checks `n` stamps are left, without taking them. */
export function checkStamps(world: World, n: number): void {
  if (world.nextStamp + n > STAMP_LIMIT) fail('stamps_exhausted', { blocks: n });
}

/**
 * Blocks a lab may hold, written and saved, across its file systems: 1 TiB. A lab is kept
 * in memory and written whole after each change (src/store/lab-write.ts, a piece at a time),
 * so what it holds is what it costs: 4 bytes of memory and about 6 of file a written block.
 * Issue 4's benchmark lab, twenty file systems of 20 GB written through, holds 51 million:
 * a 304 MB file saved or loaded in about a second (bench/big-lab-save.ts); at the budget
 * the file is near 800 MB and a save or a load takes several seconds. Writes past it fail
 * with EDQUOT. A 16 TB file system still costs nothing until written; this bounds what is
 * written.
 */
export const LAB_BLOCK_BUDGET = 2 ** 27;

/** Blocks the lab holds: every file system's written blocks and the before images its checkpoints keep. */
export function storedBlocks(world: World): number {
  let n = 0;
  for (const cell of world.cells) {
    for (const fs of cell.fileSystems) if (fs.contents !== null) n += writtenBlocks(fs.contents.volume) + saveBlocksUsed(fs.contents.volume);
  }
  return n;
}

/**
 * Brings `usedMB` (what nas_fs -size and pools count) in step with the files. A system file
 * system's use counts DART's own files, which the lab does not model (the configuration
 * files it writes there are among them), so it keeps its figure.
 */
export function refreshUsed(fs: FileSystem): void {
  if (fs.contents !== null && fs.pool !== null) fs.usedMB = usedMB(fs.contents.files);
}

export type FileOp =
  | { op: 'write'; path: string; bytes: number; owner?: Owner }
  | { op: 'writeAt'; path: string; offset: number; bytes: number; owner?: Owner }
  | { op: 'append'; path: string; bytes: number; owner?: Owner }
  | { op: 'data'; path: string; bytes: number; data: unknown }
  | { op: 'truncate'; path: string; bytes: number }
  | { op: 'remove'; path: string }
  | { op: 'mkdir'; path: string }
  | { op: 'rmdir'; path: string };

export interface FileOpResult {
  write: WriteResult | null;
  /** Blocks a remove gave back. */
  freed: number;
  /** What the SavVol did about the before images the write saved. */
  savVol: SavVolEvent[];
  /** The auto-extension the write called for (extend.ts), or null. */
  extended: Extension | null;
}

/** Stamps an op may use: a write covers at most its whole blocks plus one it starts inside. */
function stampsFor(op: FileOp): number {
  return op.op === 'write' || op.op === 'writeAt' || op.op === 'append' || op.op === 'data' ? Math.ceil(op.bytes / BLOCK_BYTES) + 1 : 0;
}

/**
 * A file operation on a live uxfs through the snapshot copy facility. The file layer checks
 * the path and space before it changes anything; stamps are taken only for the blocks the
 * write covered.
 */
export function applyFileOp(world: World, cell: Cell, fs: FileSystem, op: FileOp): FileOpResult {
  const { files, volume } = contentsOf(fs);
  const stamps = stampsFor(op);
  checkStamps(world, stamps);
  // Under a checkpoint a write may also save a before image of every block it covers.
  if (stamps > 0 && storedBlocks(world) + (volume.snapshots.length > 0 ? 2 : 1) * stamps > LAB_BLOCK_BUDGET) fail('lab_quota', { path: op.path, limit: LAB_BLOCK_BUDGET });
  // Planned before anything changes: a write that cannot fit gets no extension and is refused below.
  const grow = plannedGrowth(files, op);
  const extended = grow === null ? null : planExtension(world, cell, fs, files, grow, op.path);
  if (extended !== null) applyExtension(world, cell, fs, extended);
  const stamp = world.nextStamp;
  let write: WriteResult | null = null;
  let freed = 0;
  switch (op.op) {
    case 'write':
      write = writeFile(files, volume, op.path, op.bytes, stamp, op.owner);
      break;
    case 'writeAt':
      write = writeAt(files, volume, op.path, op.offset, op.bytes, stamp, op.owner);
      break;
    case 'append':
      write = appendFile(files, volume, op.path, op.bytes, stamp, op.owner);
      break;
    case 'data':
      write = writeData(files, volume, op.path, op.bytes, stamp, op.data);
      break;
    case 'truncate':
      write = truncateFile(files, volume, op.path, op.bytes);
      break;
    case 'remove':
      freed = removeFile(files, volume, op.path);
      break;
    case 'mkdir':
      makeDir(files, op.path);
      break;
    case 'rmdir':
      removeDir(files, op.path);
      break;
  }
  if (write !== null) world.nextStamp += write.stamps;
  refreshUsed(fs);
  const savVol = write !== null && write.saved > 0 ? settleSavVol(world, cell, fs, write.saved) : [];
  return { write, freed, savVol, extended };
}

/**
 * Overwrites whole blocks of an existing file in place, one at a time: logical block
 * `blocks[i]` (i < count, in order, a block may come twice) gets stamp nextStamp + i, as
 * `count` writeAt calls of one block each would (but never past the file's end: a partial
 * last block stays partial), through the snapshot copy facility (before
 * images, the replication log), with the checks made once: the file, every block inside it,
 * stamps, the lab's budget. The file keeps its size and blocks, so its tree, the allocator
 * and the file system's use are unchanged. `old`, when given, gets each block's stamp from
 * just before its write (the client's ledger updates its digest from them). For workloads
 * that write many scattered blocks (client randwrite): one call a tick, not one a block.
 */
export function writeFileBlocks(world: World, cell: Cell, fs: FileSystem, path: string, blocks: Uint32Array, count: number, old?: Uint32Array): FileOpResult {
  const { files, volume } = contentsOf(fs);
  const node = lookup(files.root, parsePath(path), path);
  if (node === undefined) fail('file_not_found', { path });
  if (node.kind === 'dir') fail('file_is_dir', { path });
  const size = fileBlocks(node);
  for (let i = 0; i < count; i++) if (blocks[i]! >= size) throw new RangeError(`block ${blocks[i]} is outside ${path} (${size} blocks)`);
  checkStamps(world, count);
  if (count > 0 && storedBlocks(world) + (volume.snapshots.length > 0 ? 2 : 1) * count > LAB_BLOCK_BUDGET) fail('lab_quota', { path, limit: LAB_BLOCK_BUDGET });
  const extents = node.extents;
  // Logical block of each extent's first block, for a binary search when there are several.
  const starts = new Float64Array(extents.length + 1);
  for (let e = 0; e < extents.length; e++) starts[e + 1] = starts[e]! + extents[e]!.count;
  const single = extents.length === 1 ? extents[0]!.start : -1;
  const stamp = world.nextStamp;
  let saved = 0;
  for (let i = 0; i < count; i++) {
    const k = blocks[i]!;
    let phys: number;
    if (single >= 0) phys = single + k;
    else {
      let lo = 0;
      let hi = extents.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= k) lo = mid;
        else hi = mid - 1;
      }
      phys = extents[lo]!.start + (k - starts[lo]!);
    }
    if (old !== undefined) old[i] = readBlock(volume, phys);
    if (writeBlock(volume, phys, stamp + i)) saved++;
  }
  world.nextStamp += count;
  const savVol = saved > 0 ? settleSavVol(world, cell, fs, saved) : [];
  return { write: { stamps: count, zeroed: 0, allocated: 0, freed: 0, saved }, freed: 0, savVol, extended: null };
}
