// The client's ledger: what it wrote, per file, so `client verify` can tell a file that
// reads back as written from one changed behind the client's back (another writer, a
// checkpoint restore, a lost copy). A file's expected content is its size, its block count
// and a digest over (logical block, stamp) of its blocks (blocks/digest.ts: a sum, so an
// append updates it from the old digest and the stamp of the old last block alone); no
// block lists are kept, whatever the file's size.
//
// A write gives the k-th block it covers the stamp `stamp + k` (files/files.ts), so what the
// client expects follows from the size, the offset and the first stamp, without reading.
import { addBlock, digestHex, emptyDigest, removeBlock, type Digest } from '../blocks/digest.js';
import { BLOCK_BYTES, blocksFor } from '../files/tree.js';
import type { ClientFile, World } from '../types.js';

/** What a file holds, as the client expects it or reads it. */
export interface Content {
  size: number;
  blocks: number;
  /** 16 hex digits. */
  digest: string;
  /** Stamp of the last block (0: none, or a zeroed block). */
  last: number;
}

export const EMPTY: Content = { size: 0, blocks: 0, digest: digestHex(emptyDigest()), last: 0 };

/** `<cel>:<fs id>:<path in the fs>`: a file by the file system's identity, not by the way to it. */
export function ledgerKey(cel: string, fsId: number, path: string): string {
  return `${cel}:${fsId}:${path}`;
}

function parseDigest(hex: string): Digest {
  return { hi: parseInt(hex.slice(0, 8), 16), lo: parseInt(hex.slice(8), 16) };
}

/** Adds blocks [from, to) written with stamps stamp, stamp+1, ... */
function addRun(d: Digest, from: number, to: number, stamp: number): void {
  for (let k = from; k < to; k++) addBlock(d, k, stamp + (k - from));
}

/** The content of blocks read back (stamps by logical block) for a file of `size` bytes. */
export function contentOf(stamps: Uint32Array, size: number): Content {
  const d = emptyDigest();
  for (let k = 0; k < stamps.length; k++) addBlock(d, k, stamps[k]!);
  return { size, blocks: stamps.length, digest: digestHex(d), last: stamps.length === 0 ? 0 : stamps[stamps.length - 1]! };
}

/** A file created or overwritten with `bytes` bytes from `stamp`. */
export function afterWrite(bytes: number, stamp: number): Content {
  const blocks = blocksFor(bytes);
  const d = emptyDigest();
  addRun(d, 0, blocks, stamp);
  return { size: bytes, blocks, digest: digestHex(d), last: blocks === 0 ? 0 : stamp + blocks - 1 };
}

/** `base` with `bytes` bytes appended from `stamp`: a partial last block is rewritten whole. */
export function afterAppend(base: Content, bytes: number, stamp: number): Content {
  if (bytes === 0) return base;
  const from = Math.floor(base.size / BLOCK_BYTES);
  const to = blocksFor(base.size + bytes);
  const d = parseDigest(base.digest);
  if (from < base.blocks) removeBlock(d, from, base.last);
  addRun(d, from, to, stamp);
  return { size: base.size + bytes, blocks: to, digest: digestHex(d), last: stamp + (to - 1 - from) };
}

/** Stamps a write or append of `bytes` at a file of `size` bytes uses. */
export function stampsUsed(size: number, bytes: number, append: boolean): number {
  if (!append) return blocksFor(bytes);
  return bytes === 0 ? 0 : blocksFor(size + bytes) - Math.floor(size / BLOCK_BYTES);
}

export function sameContent(a: Content, b: Content): boolean {
  return a.size === b.size && a.blocks === b.blocks && a.digest === b.digest;
}

/**
 * Records what a file now holds. A file has one entry whatever host path wrote it (the last
 * path is kept), and a host path names one file: the entry of a file written there before,
 * through another file system, goes.
 */
export function remember(world: World, file: Omit<ClientFile, 'size' | 'blocks' | 'digest' | 'last'>, c: Content): void {
  const { files, hosts } = world.client;
  const key = ledgerKey(file.cel, file.fsId, file.path);
  const old = files[key];
  if (old !== undefined && old.host !== file.host && hosts[old.host] === key) delete hosts[old.host];
  const before = hosts[file.host];
  if (before !== undefined && before !== key) delete files[before];
  files[key] = { ...file, size: c.size, blocks: c.blocks, digest: c.digest, last: c.last };
  hosts[file.host] = key;
}

export function recalled(world: World, cel: string, fsId: number, path: string): ClientFile | undefined {
  return world.client.files[ledgerKey(cel, fsId, path)];
}

/** Drops a file's entry (by its ledger key). */
export function forgetKey(world: World, key: string): void {
  const { files, hosts } = world.client;
  const f = files[key];
  if (f === undefined) return;
  if (hosts[f.host] === key) delete hosts[f.host];
  delete files[key];
}

export function forgetFile(world: World, cel: string, fsId: number, path: string): void {
  forgetKey(world, ledgerKey(cel, fsId, path));
}

/** Whether a host path is `dir` or below it. */
export function isUnderHost(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`) || path.startsWith(`${dir}\\`);
}
