// The directory tree of a file system: directories by name, files with a size in bytes and
// the extents of 8 KB blocks they own, in the order of the file's blocks.
//
// Persistent (copy-on-write): a node is never changed once built; an operation builds new
// nodes along the path from the root to what it changes and shares every other subtree with
// the tree it came from. So a checkpoint keeps the tree as of its point in time by keeping
// the root it had (files.ts), at no cost, and each later change costs the path it touches,
// not the size of the tree. (The other way, a copy of the tree taken with each checkpoint,
// would cost the whole tree per checkpoint, and would have to be kept from changing anyway.)
// The store's JSON does not keep the sharing: a saved lab holds each version whole, which a
// lab's trees, small, afford; read back, the versions are equal, unshared, and still never
// changed in place.
//
// Paths are absolute, POSIX style: empty components and `.` are skipped, `..` climbs (not
// above the root). Errors carry the path as the caller gave it.
import { fail } from '../errors.js';
import type { Extent } from './allocator.js';

/** 8 KB blocks. */
export const BLOCK_BYTES = 8192;
/** Blocks to the MB: sizes in MB (nas_fs, SavVols) become block counts with it. */
export const BLOCKS_PER_MB = 2 ** 20 / BLOCK_BYTES;

export interface FileNode {
  readonly kind: 'file';
  readonly size: number;
  /** The file's blocks in order: logical block k is the k-th block of the runs laid end to end. */
  readonly extents: readonly Readonly<Extent>[];
  /** Its owner and group, set when it is created; absent: root (0). */
  readonly uid?: number;
  readonly gid?: number;
  /** A configuration file's contents as plain data (vdm/config.ts), never changed in place; absent for any other file. */
  readonly data?: unknown;
}

export interface DirNode {
  readonly kind: 'dir';
  readonly entries: ReadonlyMap<string, TreeNode>;
}

export type TreeNode = FileNode | DirNode;

export function emptyDir(): DirNode {
  return { kind: 'dir', entries: new Map() };
}

/** Blocks a file of `size` bytes owns. */
export function blocksFor(size: number): number {
  return Math.ceil(size / BLOCK_BYTES);
}

/** Blocks the file's extents hold (blocksFor(size), kept so). */
export function fileBlocks(f: FileNode): number {
  let n = 0;
  for (const e of f.extents) n += e.count;
  return n;
}

/** NAME_MAX of the real file systems. */
const NAME_MAX = 255;

/** The components of an absolute path; `/` is none. */
export function parsePath(path: string): string[] {
  if (!path.startsWith('/') || path.includes('\0')) fail('file_path_invalid', { path });
  const parts: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') parts.pop();
    else if (c.length > NAME_MAX) fail('file_path_invalid', { path });
    else parts.push(c);
  }
  return parts;
}

/** The canonical form of a path's components. */
export function joinPath(parts: readonly string[]): string {
  return '/' + parts.join('/');
}

/**
 * The node at `parts`, or undefined when the last component is missing or a directory on
 * the way is (ENOENT). A file on the way is ENOTDIR.
 */
export function lookup(root: DirNode, parts: readonly string[], path: string): TreeNode | undefined {
  let node: TreeNode = root;
  for (const name of parts) {
    if (node.kind !== 'dir') fail('file_not_dir', { path });
    const next = node.entries.get(name);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

/** Checks that the directories on the way to `parts` are, or can be made, directories. */
export function checkParents(root: DirNode, parts: readonly string[], path: string): void {
  let node: TreeNode | undefined = root;
  for (let i = 0; i < parts.length - 1 && node !== undefined; i++) {
    node = node.entries.get(parts[i]);
    if (node !== undefined && node.kind !== 'dir') fail('file_not_dir', { path });
  }
}

/**
 * A new root with `node` at `parts` (missing directories made on the way), or with the entry
 * removed when `node` is null. The caller has checked the way (checkParents); nodes off the
 * path are shared.
 */
export function withNode(root: DirNode, parts: readonly string[], node: TreeNode | null): DirNode {
  if (parts.length === 0) {
    if (node === null || node.kind !== 'dir') throw new Error('the root is a directory and stays');
    return node;
  }
  const put = (dir: DirNode, i: number): DirNode => {
    const entries = new Map(dir.entries);
    const name = parts[i];
    if (i === parts.length - 1) {
      if (node === null) entries.delete(name);
      else entries.set(name, node);
    } else {
      const child = dir.entries.get(name);
      if (child !== undefined && child.kind !== 'dir') throw new Error(`${joinPath(parts.slice(0, i + 1))} is not a directory`);
      entries.set(name, put(child ?? emptyDir(), i + 1));
    }
    return { kind: 'dir', entries };
  };
  return put(root, 0);
}

/** Every file under `dir`, depth first, names in code-unit order, with its canonical path. */
export function* walkFiles(dir: DirNode, prefix = ''): Generator<[string, FileNode]> {
  for (const name of [...dir.entries.keys()].sort(compareNames)) {
    const node = dir.entries.get(name)!;
    const path = `${prefix}/${name}`;
    if (node.kind === 'file') yield [path, node];
    else yield* walkFiles(node, path);
  }
}

/** `ls` under LC_ALL=C: by code unit. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
