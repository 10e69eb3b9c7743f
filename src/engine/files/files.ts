// Files on a file system's blocks: writes, reads, listings and removals over the directory
// tree (tree.ts) and the extent allocator (allocator.ts), with the blocks themselves in the
// volume (../blocks/volume.ts), so every write goes through the snapshot copy facility.
//
// A write gives the blocks it covers new stamps: the k-th block it covers gets stamp + k, so
// a write of n blocks uses the n stamps from `stamp` (the caller's counter moves on by
// `stamps`). Blocks a file gains without the write covering them (a write past the end, a
// truncate that extends) are zeroed: they read 0, as a hole would. A write rewrites the
// file's own blocks in place (as a database or `dd conv=notrunc` does), so a checkpoint
// keeps their before images; blocks a file loses go back to the allocator and are marked
// invalid in the meta bit map ([000213]): their stale data stays, unsaved, until reused.
//
// Checkpoints: the tree is persistent (tree.ts), so `versions` keeps, per snapshot id, the
// root the file system had when the snapshot was taken; a snapshot's files are read from that
// tree and the snapshot's blocks (FIG. 27). Snapshots of a volume that has files are taken,
// refreshed, deleted and restored through the functions here, which keep `versions` in step
// with the volume's queue. The allocator is not versioned: a restore rebuilds it from the
// restored tree.
//
// Everything is checked before anything changes: a refused operation (a bad path, a full file
// system) leaves the tree, the allocator and the volume as they were. Plain data changed in
// place; no text, no clock.
import { fail } from '../errors.js';
import { restoreSnapshot, type Restored } from '../blocks/restore.js';
import { createSnapshot, deleteSnapshot, positionOf, readAt, refreshSnapshot, type Deleted, type NewSnapshot, type SnapshotEntry } from '../blocks/snapshots.js';
import { invalidateBlocks, readBlock, writeRun, type Volume } from '../blocks/volume.js';
import { allocate, createAllocator, isFree, rebuildAllocator, release, usedBlocks as allocatorUsed, type Allocator, type Extent } from './allocator.js';
import {
  BLOCK_BYTES,
  BLOCKS_PER_MB,
  blocksFor,
  checkParents,
  compareNames,
  emptyDir,
  fileBlocks,
  lookup,
  parsePath,
  walkFiles,
  withNode,
  type DirNode,
  type FileNode,
} from './tree.js';

export interface FileSystemFiles {
  /** The live tree (never changed in place: operations replace it). */
  root: DirNode;
  /** Snapshot id -> the tree as of that snapshot. */
  versions: Map<number, DirNode>;
  alloc: Allocator;
}

/** An empty file system over a volume's blocks: the root directory, every block free. */
export function createFiles(vol: Volume): FileSystemFiles {
  return { root: emptyDir(), versions: new Map(), alloc: createAllocator(vol.size) };
}

export interface WriteResult {
  /** Blocks given new stamps: the stamps used are stamp..stamp+stamps-1. */
  stamps: number;
  /** Blocks zeroed (gained without being written). */
  zeroed: number;
  /** Blocks taken from the allocator, and given back. */
  allocated: number;
  freed: number;
  /** Before images the writes saved (save-volume blocks). */
  saved: number;
}

const MAX_STAMP = 2 ** 32 - 1;

interface Change {
  /** The file's size after the change, in bytes. */
  size: number;
  /** Logical blocks [from, to) the write covers (empty: none). */
  from: number;
  to: number;
  stamp: number;
  /** Truncate: the file must exist. */
  mustExist: boolean;
  /** Who a file created by the change belongs to (an existing file keeps its owner). */
  owner?: Owner;
  /** The data a configuration file holds after the change (writeData). */
  data?: unknown;
}

/** A file's owner and group. */
export interface Owner {
  uid: number;
  gid: number;
}

function checkBytes(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number of bytes, not ${n}`);
}

/** The file at a path to be written, or undefined when it is to be created (checks the path). */
function fileToWrite(files: FileSystemFiles, parts: string[], path: string, mustExist: boolean): FileNode | undefined {
  if (parts.length === 0) fail('file_is_dir', { path });
  checkParents(files.root, parts, path);
  const node = lookup(files.root, parts, path);
  if (node?.kind === 'dir') fail('file_is_dir', { path });
  if (node === undefined && mustExist) fail('file_not_found', { path });
  return node;
}

/** Calls fn for the physical runs under logical blocks [from, to) of a file's extents. */
function forEachRun(extents: readonly Extent[], from: number, to: number, fn: (start: number, count: number, logical: number) => void): void {
  let logical = 0;
  for (const e of extents) {
    const lo = Math.max(from, logical);
    const hi = Math.min(to, logical + e.count);
    if (lo < hi) fn(e.start + (lo - logical), hi - lo, lo);
    logical += e.count;
    if (logical >= to) return;
  }
}

/** True while some file owns the block (exact meta bit map groups above one block per bit). */
function owned(files: FileSystemFiles): (block: number) => boolean {
  const a = files.alloc;
  return (b) => b >= 0 && b < a.size && !isFree(a, b);
}

/** Gives runs back to the allocator and marks them invalid. */
function freeRuns(files: FileSystemFiles, vol: Volume, runs: readonly Extent[]): number {
  let n = 0;
  for (const r of runs) {
    release(files.alloc, r);
    n += r.count;
  }
  const stillValid = owned(files);
  for (const r of runs) invalidateBlocks(vol, r.start, r.count, stillValid);
  return n;
}

function apply(files: FileSystemFiles, vol: Volume, path: string, c: Change): WriteResult {
  const parts = parsePath(path);
  const old = fileToWrite(files, parts, path, c.mustExist);
  const oldBlocks = old === undefined ? 0 : fileBlocks(old);
  const newBlocks = blocksFor(c.size);
  const covered = c.to - c.from;
  if (covered > 0 && (!Number.isInteger(c.stamp) || c.stamp < 1 || c.stamp + covered - 1 > MAX_STAMP)) {
    throw new RangeError(`stamps ${c.stamp}..${c.stamp + covered - 1} are not integers in 1..2^32-1`);
  }
  const grow = newBlocks - oldBlocks;
  if (grow > files.alloc.freeBlocks) fail('fs_full', { path, blocks: grow, free: files.alloc.freeBlocks });

  const extents: Extent[] = old === undefined ? [] : old.extents.map((e) => ({ start: e.start, count: e.count }));
  let freed = 0;
  if (grow < 0) {
    // Keep the first newBlocks blocks; the rest go back.
    const lost: Extent[] = [];
    let kept = 0;
    const keep: Extent[] = [];
    for (const e of extents) {
      const k = Math.max(0, Math.min(e.count, newBlocks - kept));
      if (k > 0) keep.push({ start: e.start, count: k });
      if (k < e.count) lost.push({ start: e.start + k, count: e.count - k });
      kept += k;
    }
    extents.splice(0, extents.length, ...keep);
    freed = freeRuns(files, vol, lost);
  } else if (grow > 0) {
    const last = extents[extents.length - 1];
    const runs = allocate(files.alloc, grow, last === undefined ? undefined : last.start + last.count)!;
    for (const r of runs) {
      const tail = extents[extents.length - 1];
      if (tail !== undefined && tail.start + tail.count === r.start) tail.count += r.count;
      else extents.push(r);
    }
  }

  let saved = 0;
  let zeroed = 0;
  if (covered > 0) forEachRun(extents, c.from, c.to, (start, count, logical) => (saved += writeRun(vol, start, count, c.stamp + (logical - c.from))));
  const zero = (from: number, to: number): void => {
    if (from >= to) return;
    zeroed += to - from;
    forEachRun(extents, from, to, (start, count) => (saved += writeRun(vol, start, count, 0)));
  };
  if (covered > 0) {
    zero(oldBlocks, Math.min(newBlocks, c.from));
    zero(Math.max(oldBlocks, c.to), newBlocks);
  } else {
    zero(oldBlocks, newBlocks);
  }
  const who = old !== undefined ? (old.uid === undefined ? undefined : { uid: old.uid, gid: old.gid ?? 0 }) : c.owner;
  const node: FileNode = {
    kind: 'file',
    size: c.size,
    extents,
    ...(who && (who.uid !== 0 || who.gid !== 0) ? { uid: who.uid, gid: who.gid } : {}),
    ...(c.data !== undefined ? { data: c.data } : {}),
  };
  files.root = withNode(files.root, parts, node);
  return { stamps: Math.max(0, covered), zeroed, allocated: Math.max(0, grow), freed, saved };
}

/** Creates or overwrites a file: it becomes `size` bytes, every block of it newly stamped. Directories on the way are made. */
export function writeFile(files: FileSystemFiles, vol: Volume, path: string, size: number, stamp: number, owner?: Owner): WriteResult {
  checkBytes('a file size', size);
  return apply(files, vol, path, { size, from: 0, to: blocksFor(size), stamp, mustExist: false, owner });
}

/** Rewrites a configuration file whole: `size` bytes newly stamped, holding `data` (vdm/config.ts). */
export function writeData(files: FileSystemFiles, vol: Volume, path: string, size: number, stamp: number, data: unknown): WriteResult {
  checkBytes('a file size', size);
  return apply(files, vol, path, { size, from: 0, to: blocksFor(size), stamp, mustExist: false, data });
}

/**
 * Writes `bytes` bytes at byte `offset` (creating the file when missing): the blocks the
 * range touches get new stamps; the file grows to cover it, blocks between its old end and
 * the range zeroed.
 */
export function writeAt(files: FileSystemFiles, vol: Volume, path: string, offset: number, bytes: number, stamp: number, owner?: Owner): WriteResult {
  checkBytes('an offset', offset);
  checkBytes('a write', bytes);
  if (offset + bytes > Number.MAX_SAFE_INTEGER) throw new RangeError(`a write to byte ${offset + bytes} is too large`);
  const parts = parsePath(path);
  const old = fileToWrite(files, parts, path, false);
  const oldSize = old?.size ?? 0;
  const size = Math.max(oldSize, offset + bytes);
  const from = bytes === 0 ? 0 : Math.floor(offset / BLOCK_BYTES);
  const to = bytes === 0 ? 0 : blocksFor(offset + bytes);
  return apply(files, vol, path, { size, from, to, stamp, mustExist: false, owner });
}

/** Appends `bytes` bytes (creating the file when missing); the last, partial block is rewritten. */
export function appendFile(files: FileSystemFiles, vol: Volume, path: string, bytes: number, stamp: number, owner?: Owner): WriteResult {
  const parts = parsePath(path);
  const old = fileToWrite(files, parts, path, false);
  return writeAt(files, vol, path, old?.size ?? 0, bytes, stamp, owner);
}

/** Sets an existing file's size: shrinking frees its blocks past the end, growing adds zeroed blocks. */
export function truncateFile(files: FileSystemFiles, vol: Volume, path: string, size: number): WriteResult {
  checkBytes('a file size', size);
  return apply(files, vol, path, { size, from: 0, to: 0, stamp: 0, mustExist: true });
}

/** Removes a file: its blocks go back to the allocator, invalid in the meta bit map. Returns the blocks freed. */
export function removeFile(files: FileSystemFiles, vol: Volume, path: string): number {
  const parts = parsePath(path);
  if (parts.length === 0) fail('file_is_dir', { path });
  const node = lookup(files.root, parts, path);
  if (node === undefined) fail('file_not_found', { path });
  if (node.kind === 'dir') fail('file_is_dir', { path });
  const freed = freeRuns(files, vol, node.extents);
  files.root = withNode(files.root, parts, null);
  return freed;
}

/** mkdir -p: makes the directory and any missing on the way; an existing directory is fine. */
export function makeDir(files: FileSystemFiles, path: string): void {
  const parts = parsePath(path);
  if (parts.length === 0) return;
  checkParents(files.root, parts, path);
  const node = lookup(files.root, parts, path);
  if (node?.kind === 'file') fail('file_exists', { path });
  if (node === undefined) files.root = withNode(files.root, parts, emptyDir());
}

/** rmdir: removes an empty directory. */
export function removeDir(files: FileSystemFiles, path: string): void {
  const parts = parsePath(path);
  if (parts.length === 0) fail('file_path_invalid', { path });
  const node = lookup(files.root, parts, path);
  if (node === undefined) fail('file_not_found', { path });
  if (node.kind !== 'dir') fail('file_not_dir', { path });
  if (node.entries.size > 0) fail('file_dir_not_empty', { path });
  files.root = withNode(files.root, parts, null);
}

/** The tree as of a snapshot, or the live one (`snapshot` undefined). */
function treeOf(files: FileSystemFiles, snapshot?: number): DirNode {
  if (snapshot === undefined) return files.root;
  const t = files.versions.get(snapshot);
  if (t === undefined) throw new Error(`snapshot ${snapshot} has no tree: it was not taken through the file layer`);
  return t;
}

function fileIn(root: DirNode, path: string): FileNode {
  const parts = parsePath(path);
  const node = lookup(root, parts, path);
  if (node === undefined) fail('file_not_found', { path });
  if (node.kind === 'dir') fail('file_is_dir', { path });
  return node;
}

function readWith(f: FileNode, read: (block: number) => number): Uint32Array {
  const out = new Uint32Array(fileBlocks(f));
  let k = 0;
  for (const e of f.extents) for (let b = e.start; b < e.start + e.count; b++) out[k++] = read(b);
  return out;
}

/** The stamps of a file's blocks, in order, from the live file system. */
export function readFile(files: FileSystemFiles, vol: Volume, path: string): Uint32Array {
  return readWith(fileIn(files.root, path), (b) => readBlock(vol, b));
}

/** The stamps of a file's blocks as of a snapshot: its tree, its blocks (FIG. 27). */
export function readFileAt(files: FileSystemFiles, vol: Volume, snapshot: number, path: string): Uint32Array {
  const f = fileIn(treeOf(files, snapshot), path);
  const pos = positionOf(vol, snapshot);
  if (pos < 0) throw new Error(`snapshot ${snapshot} is not in the queue`);
  return readWith(f, (b) => readAt(vol, pos, b));
}

export interface FileStat {
  kind: 'file' | 'dir';
  /** Bytes (0 for a directory). */
  size: number;
  /** Blocks owned (0 for a directory). */
  blocks: number;
  /** A file's owner and group when not root's. */
  uid?: number;
  gid?: number;
}

export interface DirEntry extends FileStat {
  name: string;
}

function statOf(node: DirNode | FileNode): FileStat {
  if (node.kind !== 'file') return { kind: 'dir', size: 0, blocks: 0 };
  const st: FileStat = { kind: 'file', size: node.size, blocks: fileBlocks(node) };
  if (node.uid !== undefined) Object.assign(st, { uid: node.uid, gid: node.gid ?? 0 });
  return st;
}

/** What is at a path, live or as of a snapshot. */
export function statPath(files: FileSystemFiles, path: string, snapshot?: number): FileStat {
  const node = lookup(treeOf(files, snapshot), parsePath(path), path);
  if (node === undefined) fail('file_not_found', { path });
  return statOf(node);
}

/** A directory's entries by name (LC_ALL=C order), live or as of a snapshot. */
export function listDir(files: FileSystemFiles, path: string, snapshot?: number): DirEntry[] {
  const node = lookup(treeOf(files, snapshot), parsePath(path), path);
  if (node === undefined) fail('file_not_found', { path });
  if (node.kind !== 'dir') fail('file_not_dir', { path });
  return [...node.entries.keys()].sort(compareNames).map((name) => ({ name, ...statOf(node.entries.get(name)!) }));
}

/** Every file with its canonical path, live or as of a snapshot. */
export function listFiles(files: FileSystemFiles, snapshot?: number): [string, FileNode][] {
  return [...walkFiles(treeOf(files, snapshot))];
}

/** Blocks owned by files. */
export function usedBlocks(files: FileSystemFiles): number {
  return allocatorUsed(files.alloc);
}

/** MB owned by files, rounded up (128 blocks of 8 KB to the MB), for nas_fs -size. */
export function usedMB(files: FileSystemFiles): number {
  return Math.ceil(usedBlocks(files) / BLOCKS_PER_MB);
}

/** Takes a snapshot of the volume and keeps the tree as it is now with it. */
export function snapshotFiles(files: FileSystemFiles, vol: Volume, s: NewSnapshot): SnapshotEntry {
  const entry = createSnapshot(vol, s);
  files.versions.set(s.id, files.root);
  return entry;
}

export function deleteSnapshotFiles(files: FileSystemFiles, vol: Volume, id: number): Deleted {
  const d = deleteSnapshot(vol, id);
  files.versions.delete(id);
  return d;
}

/** fs_ckpt -refresh: the snapshot, and its tree, re-based to now. */
export function refreshSnapshotFiles(files: FileSystemFiles, vol: Volume, id: number, createdAt: number, deltaSetStamp: number | null = null): SnapshotEntry {
  const entry = refreshSnapshot(vol, id, createdAt, deltaSetStamp);
  files.versions.set(id, files.root);
  return entry;
}

/**
 * fs_ckpt -Restore: the blocks and the meta bit map return to the snapshot's (restore.ts),
 * the tree to its version, and the allocator is rebuilt from that tree (the cursor kept).
 * The safety snapshot, when asked for, keeps the tree as it was before.
 */
export function restoreFiles(files: FileSystemFiles, vol: Volume, id: number, safety?: NewSnapshot): Restored {
  const tree = treeOf(files, id);
  const before = files.root;
  const r = restoreSnapshot(vol, id, safety);
  if (safety) files.versions.set(safety.id, before);
  files.root = tree;
  const owned: Extent[] = [];
  for (const [, f] of walkFiles(tree)) owned.push(...f.extents);
  files.alloc = rebuildAllocator(vol.size, owned, files.alloc.cursor);
  return r;
}
