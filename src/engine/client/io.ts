// The client's file operations through a mount: write, append, read, list, remove, make and
// remove directories, df, verify. Each resolves the host path (resolve.ts), checks what a
// real NFS client would run into (server down, no file system, read-only mount, the path)
// before anything changes, writes through applyFileOp (so checkpoints keep before images and
// the SavVol policy runs) and keeps the ledger (ledger.ts) in step. Data in, data out.
import { applyFileOp, viewOf, type FsView } from '../contents.js';
import { fail, NasError, type NasErrorCode } from '../errors.js';
import { listDir, listFiles, readFile, readFileAt, statPath, usedBlocks, type FileStat } from '../files/files.js';
import { fileBlocks } from '../files/tree.js';
import type { Cell, World } from '../types.js';
import { afterAppend, afterWrite, contentOf, EMPTY, forgetFile, forgetKey, isUnderHost, recalled, remember, sameContent, type Content } from './ledger.js';
import { mountChildren, normalizeAnyPath, requireReachable, requireWritable, resolveAny, resolveHost, servedMounts, type OnMount } from './resolve.js';

/** `server`: the data mover the host asks (`-s`), or null for the one that serves the path. */
interface Via {
  server: string | null;
}

function onMount(world: World, cell: Cell, path: string, server: string | null, atHostDir: NasErrorCode): OnMount {
  const t = resolveAny(world, cell, path, server);
  if (t.kind !== 'mount') fail(atHostDir, { path: t.host });
  requireReachable(t);
  return t;
}

/** What is at a path, or null when nothing is (a missing directory on the way still fails). */
export function statOrNull(v: FsView, path: string): FileStat | null {
  try {
    return statPath(v.contents.files, path, v.snapshot);
  } catch (e) {
    if (e instanceof NasError && e.code === 'file_not_found') return null;
    throw e;
  }
}

function readStamps(v: FsView, path: string): Uint32Array {
  const { files, volume } = v.contents;
  return v.snapshot === undefined ? readFile(files, volume, path) : readFileAt(files, volume, v.snapshot, path);
}

export interface WriteRequest extends Via {
  path: string;
  bytes: number;
  append: boolean;
}

export interface WriteResult {
  host: string;
  fs: string;
  mover: string;
  append: boolean;
  bytes: number;
  /** The file as the client now expects it. */
  content: Content;
}

/**
 * Creates or overwrites a file with `bytes` bytes, or appends them. Directories on the way
 * are made (as `install -D` does). The write is whole or not at all: a file system without
 * room for it refuses it and nothing changes.
 */
export function clientWrite(world: World, cell: Cell, req: WriteRequest): WriteResult {
  const t = onMount(world, cell, req.path, req.server, 'file_is_dir');
  return writeOn(world, t.cell, t, req.bytes, req.append);
}

/** A write or append at a path already resolved and reachable (clientWrite, fill jobs). */
export function writeOn(world: World, cell: Cell, t: OnMount, bytes: number, append: boolean): WriteResult {
  const { fs, mover } = t.served;
  const view = viewOf(cell, fs);
  const old = statOrNull(view, t.fsPath);
  if (old?.kind === 'dir') fail('file_is_dir', { path: t.host });
  requireWritable(t);
  // What the client takes the file to hold before an append: what it wrote, else what it reads.
  const known = recalled(world, cell.name, fs.id, t.fsPath);
  const base = !append ? EMPTY : (known ?? (old === null ? EMPTY : contentOf(readStamps(view, t.fsPath), old.size)));
  const stamp = world.nextStamp;
  const owner = t.cifs === undefined ? undefined : { uid: t.cifs.uid, gid: t.cifs.gid };
  applyFileOp(world, cell, fs, append ? { op: 'append', path: t.fsPath, bytes, owner } : { op: 'write', path: t.fsPath, bytes, owner });
  const content = append ? afterAppend(base, bytes, stamp) : afterWrite(bytes, stamp);
  record(world, cell, t, content);
  return { host: t.host, fs: fs.name, mover: mover.name, append, bytes, content };
}

/** Keeps the ledger (ledger.ts remember): the file under its identity, by the host path used now. */
export function record(world: World, cell: Cell, t: OnMount, content: Content): void {
  remember(world, { cel: cell.name, fsId: t.served.fs.id, path: t.fsPath, host: t.host }, content);
}

export interface ReadResult {
  host: string;
  fs: string;
  mover: string;
  content: Content;
}

/** Reads a whole file (a checkpoint's as of its snapshot): what it holds, as a digest. */
export function clientRead(world: World, cell: Cell, req: Via & { path: string }): ReadResult {
  const t = onMount(world, cell, req.path, req.server, 'file_is_dir');
  const view = viewOf(t.cell, t.served.fs);
  const st = statPath(view.contents.files, t.fsPath, view.snapshot);
  if (st.kind === 'dir') fail('file_is_dir', { path: t.host });
  return { host: t.host, fs: t.served.fs.name, mover: t.served.mover.name, content: contentOf(readStamps(view, t.fsPath), st.size) };
}

export interface ListEntry {
  name: string;
  kind: 'file' | 'dir';
  size: number;
  blocks: number;
  /** A file's owner and group when not root's. */
  uid?: number;
  gid?: number;
}

export interface ListResult {
  host: string;
  /** A file lists itself (by the path given); a directory its entries. */
  kind: 'file' | 'dir';
  entries: ListEntry[];
}

/** `ls`: a directory's entries by name (mount points below it included), or a file. */
export function clientList(world: World, cell: Cell, req: Via & { path: string | null }): ListResult {
  const t = resolveAny(world, cell, req.path ?? '/', req.server);
  const served = servedMounts(cell);
  const dirs = (names: string[]): ListEntry[] => names.map((name) => ({ name, kind: 'dir', size: 0, blocks: 0 }));
  const mountDirs = (host: string): ListEntry[] => (t.kind === 'mount' && t.cifs !== undefined ? [] : dirs(mountChildren(cell, host, served)));
  if (t.kind === 'host') return { host: t.host, kind: 'dir', entries: mountDirs(t.host) };
  if (t.kind === 'shares') return { host: t.host, kind: 'dir', entries: dirs(t.shares) };
  requireReachable(t);
  const view = viewOf(t.cell, t.served.fs);
  const st = statPath(view.contents.files, t.fsPath, view.snapshot);
  if (st.kind === 'file') return { host: t.host, kind: 'file', entries: [{ name: req.path ?? t.host, ...st }] };
  const entries: ListEntry[] = listDir(view.contents.files, t.fsPath, view.snapshot);
  for (const m of mountDirs(t.host)) if (!entries.some((e) => e.name === m.name)) entries.push(m);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { host: t.host, kind: 'dir', entries };
}

/** `rm`: removes a file; the client no longer expects it. */
export function clientRemove(world: World, cell: Cell, req: Via & { path: string }): { host: string; freed: number } {
  const t = onMount(world, cell, req.path, req.server, 'file_is_dir');
  const { fs } = t.served;
  cell = t.cell;
  const view = viewOf(cell, fs);
  const st = statPath(view.contents.files, t.fsPath, view.snapshot);
  if (st.kind === 'dir') fail('file_is_dir', { path: t.host });
  requireWritable(t);
  const { freed } = applyFileOp(world, cell, fs, { op: 'remove', path: t.fsPath });
  forgetFile(world, cell.name, fs.id, t.fsPath);
  return { host: t.host, freed };
}

/** `mkdir [-p]`: without `parents` the directory must be new and its parent must exist. */
export function clientMkdir(world: World, cell: Cell, req: Via & { path: string; parents: boolean }): { host: string; made: boolean } {
  const t = resolveAny(world, cell, req.path, req.server);
  if (t.kind !== 'mount') {
    if (req.parents) return { host: t.host, made: false };
    return fail('file_exists', { path: t.host });
  }
  requireReachable(t);
  cell = t.cell;
  const view = viewOf(cell, t.served.fs);
  const st = statOrNull(view, t.fsPath);
  if (st !== null) {
    if (st.kind === 'dir' && req.parents) return { host: t.host, made: false };
    fail('file_exists', { path: t.host });
  }
  if (!req.parents) {
    const parent = t.fsPath.slice(0, t.fsPath.lastIndexOf('/')) || '/';
    const p = statOrNull(view, parent);
    if (p === null) fail('file_not_found', { path: t.host });
    if (p.kind !== 'dir') fail('file_not_dir', { path: t.host });
  }
  requireWritable(t);
  applyFileOp(world, cell, t.served.fs, { op: 'mkdir', path: t.fsPath });
  return { host: t.host, made: true };
}

/** `rmdir`: removes an empty directory; a mount point is busy. */
export function clientRmdir(world: World, cell: Cell, req: Via & { path: string }): { host: string } {
  const t = onMount(world, cell, req.path, req.server, 'mount_busy');
  if (t.fsPath === '/') fail('mount_busy', { path: t.host });
  const view = viewOf(t.cell, t.served.fs);
  const st = statPath(view.contents.files, t.fsPath, view.snapshot);
  if (st.kind !== 'dir') fail('file_not_dir', { path: t.host });
  if (t.cifs === undefined && mountChildren(cell, t.host).length > 0) fail('mount_busy', { path: t.host });
  requireWritable(t);
  applyFileOp(world, t.cell, t.served.fs, { op: 'rmdir', path: t.fsPath });
  return { host: t.host };
}

export interface DfRow {
  /** `<mover>:<mount path>`, as a host's mount table names an NFS export. */
  source: string;
  fs: string;
  mountPath: string;
  totalBlocks: number;
  usedBlocks: number;
  ro: boolean;
}

export interface DfResult {
  rows: DfRow[];
  /** Mounts that did not answer, in order: the host path and why. */
  errors: { host: string; code: NasErrorCode }[];
}

function dfRow(t: OnMount): DfRow {
  requireReachable(t);
  const { fs, mover, mount } = t.served;
  const view = viewOf(t.cell, fs);
  const { files, volume } = view.contents;
  const used = view.snapshot === undefined ? usedBlocks(files) : listFiles(files, view.snapshot).reduce((n, [, f]) => n + fileBlocks(f), 0);
  return { source: `${mover.name}:${mount.path}`, fs: fs.name, mountPath: mount.path, totalBlocks: volume.size, usedBlocks: used, ro: mount.ro || fs.type === 'ckpt' };
}

/** `df`: the file system a path is on, or every mount (below a host directory), each once. */
export function clientDf(world: World, cell: Cell, req: Via & { path: string | null }): DfResult {
  const t = resolveAny(world, cell, req.path ?? '/', req.server);
  if (t.kind === 'mount') return { rows: [dfRow(t)], errors: [] };
  if (t.kind === 'shares') return fail('file_is_dir', { path: t.host });
  const out: DfResult = { rows: [], errors: [] };
  const paths = [...new Set(servedMounts(cell).map((s) => s.mount.path))].filter((p) => isUnderHost(p, t.host)).sort();
  for (const p of paths) {
    const m = resolveHost(cell, p, req.server);
    if (m.kind !== 'mount') continue;
    try {
      out.rows.push(dfRow(m));
    } catch (e) {
      if (!(e instanceof NasError)) throw e;
      out.errors.push({ host: p, code: e.code });
    }
  }
  return out;
}

export type VerifyStatus = 'ok' | 'differs' | 'missing' | 'unreadable';

export interface VerifyRow {
  host: string;
  status: VerifyStatus;
  expected: Content;
  read: Content | null;
  /** Why an unreadable file could not be read. */
  code: NasErrorCode | null;
}

/**
 * Reads back every file the client wrote (below `path`, a host path) through the host path it
 * used, as the session's cell serves it now, and compares it with what the client wrote.
 */
export function clientVerify(world: World, cell: Cell, req: Via & { path: string | null }): VerifyRow[] {
  const dir = req.path === null ? '/' : normalizeAnyPath(req.path);
  const files = Object.values(world.client.files).filter((f) => isUnderHost(f.host, dir));
  files.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  return files.map((f): VerifyRow => {
    const expected: Content = { size: f.size, blocks: f.blocks, digest: f.digest, last: f.last };
    try {
      const read = clientRead(world, cell, { path: f.host, server: req.server }).content;
      return { host: f.host, status: sameContent(read, expected) ? 'ok' : 'differs', expected, read, code: null };
    } catch (e) {
      if (!(e instanceof NasError)) throw e;
      if (e.code === 'file_not_found') return { host: f.host, status: 'missing', expected, read: null, code: e.code };
      return { host: f.host, status: 'unreadable', expected, read: null, code: e.code };
    }
  });
}

/** Drops what the client remembers writing below a host path (all when null); returns how many. */
export function clientForget(world: World, req: { path: string | null }): number {
  const dir = req.path === null ? '/' : normalizeAnyPath(req.path);
  let n = 0;
  for (const [k, f] of Object.entries(world.client.files)) {
    if (!isUnderHost(f.host, dir)) continue;
    forgetKey(world, k);
    n++;
  }
  return n;
}
