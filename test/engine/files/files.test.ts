// Files on a file system's blocks against a naive oracle: a map of path -> (size, the stamp of
// every block) and a set of directories, copied whole at every snapshot. Random sequences of
// writes (new files, overwrites, appends, writes past the end), truncations, removals,
// directory creations and removals, snapshot creations, refreshes, deletions and restores
// (with and without a safety snapshot), on a small volume that fills up, at meta bit map
// granularities of 1, 2 and 8 blocks per bit. After every step: every file reads back what
// was last written, live and at every live snapshot, and the listings match; files own
// disjoint blocks, the allocator's free blocks are exactly the others, owned blocks are
// valid and freed blocks invalid in the meta bit map; the digest matches a recount. A refused
// operation (a path error, a full file system) leaves everything byte-identical.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameDigest } from '../../../src/engine/blocks/digest.js';
import { isValidBlock, createVolume, recomputeDigest, volumeDigest, type Volume } from '../../../src/engine/blocks/volume.js';
import { NasError, type NasErrorCode } from '../../../src/engine/errors.js';
import { isFree } from '../../../src/engine/files/allocator.js';
import {
  appendFile,
  createFiles,
  deleteSnapshotFiles,
  listDir,
  listFiles,
  makeDir,
  readFile,
  readFileAt,
  refreshSnapshotFiles,
  removeDir,
  removeFile,
  restoreFiles,
  snapshotFiles,
  statPath,
  truncateFile,
  usedBlocks,
  usedMB,
  writeAt,
  writeFile,
  type FileSystemFiles,
} from '../../../src/engine/files/files.js';
import { BLOCK_BYTES, blocksFor } from '../../../src/engine/files/tree.js';
import { errorLine } from '../../../src/shell/error-table.js';
import { encode } from '../../../src/store/codec.js';

const B = BLOCK_BYTES;

// ---------------------------------------------------------------- the oracle

interface OFile {
  size: number;
  stamps: number[];
}

interface OState {
  files: Map<string, OFile>;
  /** Directories other than the root. */
  dirs: Set<string>;
}

function copyState(s: OState): OState {
  return { files: new Map([...s.files].map(([p, f]) => [p, { size: f.size, stamps: [...f.stamps] }])), dirs: new Set(s.dirs) };
}

function prefixes(path: string): string[] {
  const parts = path.split('/').filter((c) => c !== '');
  return parts.slice(0, -1).map((_, i) => '/' + parts.slice(0, i + 1).join('/'));
}

/** The error a write (create allowed) would get, walking the way as a kernel does. */
function writeError(s: OState, path: string, mustExist: boolean): NasErrorCode | null {
  for (const q of prefixes(path)) {
    if (s.files.has(q)) return 'file_not_dir';
    if (!s.dirs.has(q)) break;
  }
  if (s.dirs.has(path)) return 'file_is_dir';
  if (mustExist && !s.files.has(path)) return 'file_not_found';
  return null;
}

/** The error a lookup of an existing path would get. */
function lookupError(s: OState, path: string): NasErrorCode | null {
  for (const q of prefixes(path)) {
    if (s.files.has(q)) return 'file_not_dir';
    if (!s.dirs.has(q)) return 'file_not_found';
  }
  if (!s.files.has(path) && !s.dirs.has(path)) return 'file_not_found';
  return null;
}

function makeParents(s: OState, path: string): void {
  for (const q of prefixes(path)) s.dirs.add(q);
}

function usedOf(s: OState): number {
  let n = 0;
  for (const f of s.files.values()) n += f.stamps.length;
  return n;
}

// ---------------------------------------------------------------- the checks

function expectError(fn: () => unknown, code: NasErrorCode): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof NasError) {
      expect(e.code).toBe(code);
      return;
    }
    throw e;
  }
  expect.fail(`expected ${code}`);
}

function childrenOf(s: OState, dir: string): string[] {
  const names = new Set<string>();
  const under = dir === '/' ? '/' : dir + '/';
  for (const p of [...s.files.keys(), ...s.dirs]) {
    if (p.startsWith(under)) names.add(p.slice(under.length).split('/')[0]);
  }
  return [...names].sort();
}

function sameTree(files: FileSystemFiles, s: OState, read: (path: string) => Uint32Array, snapshot?: number): void {
  expect(listFiles(files, snapshot).map(([p]) => p)).toEqual([...s.files.keys()].sort());
  for (const [path, f] of s.files) {
    expect(statPath(files, path, snapshot)).toEqual({ kind: 'file', size: f.size, blocks: blocksFor(f.size) });
    const got = read(path);
    if (got.length !== f.stamps.length || got.some((x, i) => x !== f.stamps[i])) {
      expect.fail(`${snapshot === undefined ? 'live' : `snapshot ${snapshot}`} ${path}: ${[...got]} != ${f.stamps}`);
    }
  }
  for (const d of ['/', ...s.dirs]) expect(listDir(files, d, snapshot).map((e) => e.name)).toEqual(childrenOf(s, d));
}

function checkBlocks(files: FileSystemFiles, vol: Volume): void {
  const owner = new Int32Array(vol.size).fill(-1);
  let n = 0;
  listFiles(files).forEach(([, f], i) => {
    for (const e of f.extents) {
      for (let b = e.start; b < e.start + e.count; b++) {
        if (owner[b] !== -1) expect.fail(`block ${b} owned twice`);
        owner[b] = i;
        n++;
      }
    }
  });
  expect(usedBlocks(files)).toBe(n);
  expect(usedMB(files)).toBe(Math.ceil(n / 128));
  const g = 2 ** vol.meta.shift;
  for (let b = 0; b < vol.size; b++) {
    expect(isFree(files.alloc, b)).toBe(owner[b] === -1);
    if (owner[b] !== -1) expect(isValidBlock(vol, b)).toBe(true);
    else {
      // A freed block is invalid unless another block of its meta bit map group is owned.
      const lo = b - (b % g);
      let groupOwned = false;
      for (let x = lo; x < lo + g && x < vol.size; x++) if (owner[x] !== -1) groupOwned = true;
      if (!groupOwned) expect(isValidBlock(vol, b)).toBe(false);
    }
  }
  expect(sameDigest(volumeDigest(vol), recomputeDigest(vol))).toBe(true);
}

// ---------------------------------------------------------------- the random histories

const PATHS = ['/x', '/y', '/a', '/a/x', '/a/y', '/a/b', '/a/b/x', '/c/d/e', '/reports/q3.xls'];
const DIRS = ['/a', '/a/b', '/c', '/reports', '/x'];
const bytes = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 30 }), fc.constantFrom(0, 1, 4095, B - 1)).map(([n, r]) => n * B + r),
  fc.integer({ min: 0, max: 3 * B }),
);

type Op =
  | { k: 'write' | 'append' | 'truncate'; path: string; n: number }
  | { k: 'writeAt'; path: string; off: number; n: number }
  | { k: 'remove' | 'mkdir' | 'rmdir'; path: string }
  | { k: 'snap' }
  | { k: 'drop' | 'refresh'; pick: number }
  | { k: 'restore'; pick: number; safety: boolean };

const path = fc.constantFrom(...PATHS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constantFrom('write' as const, 'append' as const, 'truncate' as const), path, n: bytes }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('writeAt' as const), path, off: bytes, n: bytes }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('remove' as const), path }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('mkdir' as const, 'rmdir' as const), path: fc.constantFrom(...DIRS, ...PATHS) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'snap' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('drop' as const, 'refresh' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restore' as const), pick: fc.nat(), safety: fc.boolean() }) },
);

function run(ops: Op[], granularity: number, size: number): void {
  const vol = createVolume(size, granularity);
  const files = createFiles(vol);
  let live: OState = { files: new Map(), dirs: new Set() };
  const snaps = new Map<number, OState>();
  let stamp = 1;
  let nextId = 1;
  let t = 0;

  /** Runs a mutation the oracle says fails with `code`: the error is that, and nothing changed. */
  const refused = (code: NasErrorCode, fn: () => unknown): void => {
    const before = encode({ files, vol });
    expectError(fn, code);
    expect(encode({ files, vol })).toBe(before);
  };

  /** A write of the oracle file `next` from `old`, or its refusal. */
  const write = (p: string, mustExist: boolean, next: (old: OFile | undefined, s: number) => OFile, fn: () => { stamps: number }): void => {
    const err = writeError(live, p, mustExist);
    if (err) return refused(err, fn);
    const old = live.files.get(p);
    const f = next(old, stamp);
    if (f.stamps.length - (old?.stamps.length ?? 0) > size - usedOf(live)) return refused('fs_full', fn);
    stamp += fn().stamps;
    makeParents(live, p);
    live.files.set(p, f);
  };

  /** The oracle of writeAt: the file grows to cover the range, stamps in the blocks it touches, zeros in new ones it does not. */
  const writeRange = (old: OFile | undefined, off: number, n: number, s: number): OFile => {
    const size2 = Math.max(old?.size ?? 0, off + n);
    const stamps = [...(old?.stamps ?? [])];
    while (stamps.length < blocksFor(size2)) stamps.push(0);
    if (n > 0) for (let b = Math.floor(off / B), k = 0; b < blocksFor(off + n); b++, k++) stamps[b] = s + k;
    return { size: size2, stamps };
  };

  for (const o of ops) {
    t++;
    switch (o.k) {
      case 'write':
        write(
          o.path,
          false,
          (_, s) => ({ size: o.n, stamps: Array.from({ length: blocksFor(o.n) }, (_, k) => s + k) }),
          () => writeFile(files, vol, o.path, o.n, stamp),
        );
        break;
      case 'append':
        write(
          o.path,
          false,
          (old, s) => writeRange(old, old?.size ?? 0, o.n, s),
          () => appendFile(files, vol, o.path, o.n, stamp),
        );
        break;
      case 'writeAt':
        write(
          o.path,
          false,
          (old, s) => writeRange(old, o.off, o.n, s),
          () => writeAt(files, vol, o.path, o.off, o.n, stamp),
        );
        break;
      case 'truncate':
        write(
          o.path,
          true,
          (old) => {
            const stamps = old!.stamps.slice(0, blocksFor(o.n));
            while (stamps.length < blocksFor(o.n)) stamps.push(0);
            return { size: o.n, stamps };
          },
          () => truncateFile(files, vol, o.path, o.n),
        );
        break;
      case 'remove': {
        const err = lookupError(live, o.path) ?? (live.dirs.has(o.path) ? 'file_is_dir' : null);
        if (err) refused(err, () => removeFile(files, vol, o.path));
        else {
          expect(removeFile(files, vol, o.path)).toBe(live.files.get(o.path)!.stamps.length);
          live.files.delete(o.path);
        }
        break;
      }
      case 'mkdir': {
        const err = writeError(live, o.path, false) === 'file_not_dir' ? 'file_not_dir' : live.files.has(o.path) ? 'file_exists' : null;
        if (err) refused(err, () => makeDir(files, o.path));
        else {
          makeDir(files, o.path);
          makeParents(live, o.path);
          live.dirs.add(o.path);
        }
        break;
      }
      case 'rmdir': {
        const err = lookupError(live, o.path) ?? (live.files.has(o.path) ? 'file_not_dir' : childrenOf(live, o.path).length > 0 ? 'file_dir_not_empty' : null);
        if (err) refused(err, () => removeDir(files, o.path));
        else {
          removeDir(files, o.path);
          live.dirs.delete(o.path);
        }
        break;
      }
      case 'snap': {
        const id = nextId++;
        snapshotFiles(files, vol, { id, createdAt: t });
        snaps.set(id, copyState(live));
        break;
      }
      case 'drop':
      case 'refresh':
      case 'restore': {
        const ids = [...snaps.keys()];
        if (ids.length === 0) break;
        const id = ids[o.pick % ids.length];
        if (o.k === 'drop') {
          deleteSnapshotFiles(files, vol, id);
          snaps.delete(id);
        } else if (o.k === 'refresh') {
          refreshSnapshotFiles(files, vol, id, t);
          // Re-based to now, and moved to the tail: the oracle's order follows.
          snaps.delete(id);
          snaps.set(id, copyState(live));
        } else {
          const safety = o.k === 'restore' && o.safety ? nextId++ : undefined;
          restoreFiles(files, vol, id, safety === undefined ? undefined : { id: safety, createdAt: t });
          if (safety !== undefined) snaps.set(safety, copyState(live));
          live = copyState(snaps.get(id)!);
        }
        break;
      }
    }
    sameTree(files, live, (p) => readFile(files, vol, p));
    for (const [id, s] of snaps) sameTree(files, s, (p) => readFileAt(files, vol, id, p), id);
    expect(vol.snapshots.map((e) => e.id)).toEqual([...snaps.keys()]);
    checkBlocks(files, vol);
  }
}

describe('files on blocks', () => {
  for (const g of [1, 2, 8]) {
    it(`match the oracle, live and at every snapshot (granularity ${g})`, () => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 50 }), fc.integer({ min: 20, max: 90 }), (ops, size) => run(ops, g, size)),
        { numRuns: 150 },
      );
    });
  }

  it('a full file system refuses a write, changing nothing, with the real text', () => {
    const vol = createVolume(10);
    const files = createFiles(vol);
    writeFile(files, vol, '/reports/q3.xls', 6 * B, 1);
    const before = encode({ files, vol });
    let err: unknown;
    try {
      writeFile(files, vol, '/reports/q4.xls', 5 * B, 100);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NasError);
    const e = err as NasError;
    expect(e.code).toBe('fs_full');
    expect(errorLine(e.code, e.data)).toBe('Error 28: /reports/q4.xls : No space left on device');
    expect(encode({ files, vol })).toBe(before);
    // Growing an existing file needs only the difference.
    writeFile(files, vol, '/reports/q3.xls', 10 * B, 200);
    expect(usedBlocks(files)).toBe(10);
    expectError(() => appendFile(files, vol, '/reports/q3.xls', 1, 300), 'fs_full');
    // A write that does not grow the file still works on a full file system.
    writeAt(files, vol, '/reports/q3.xls', 0, B, 300);
    expect([...readFile(files, vol, '/reports/q3.xls')]).toEqual([300, 201, 202, 203, 204, 205, 206, 207, 208, 209]);
  });

  it('overwrites in place through the facility: a checkpoint keeps the before images', () => {
    const vol = createVolume(64);
    const files = createFiles(vol);
    writeFile(files, vol, '/db', 4 * B, 1);
    snapshotFiles(files, vol, { id: 1, createdAt: 0 });
    const r = writeFile(files, vol, '/db', 4 * B, 10);
    expect(r).toEqual({ stamps: 4, zeroed: 0, allocated: 0, freed: 0, saved: 4 });
    expect([...readFile(files, vol, '/db')]).toEqual([10, 11, 12, 13]);
    expect([...readFileAt(files, vol, 1, '/db')]).toEqual([1, 2, 3, 4]);
    // Removed after the checkpoint: gone live, still there in it; its blocks are invalid now.
    const extent = files.root.entries.get('db');
    expect(removeFile(files, vol, '/db')).toBe(4);
    expect(extent?.kind === 'file' && extent.extents.every((e) => !isValidBlock(vol, e.start))).toBe(true);
    expectError(() => readFile(files, vol, '/db'), 'file_not_found');
    expect([...readFileAt(files, vol, 1, '/db')]).toEqual([1, 2, 3, 4]);
    expect(listDir(files, '/', 1)).toEqual([{ name: 'db', kind: 'file', size: 4 * B, blocks: 4 }]);
    expect(listDir(files, '/')).toEqual([]);
    // Restored: back, and its blocks owned again.
    restoreFiles(files, vol, 1);
    expect([...readFile(files, vol, '/db')]).toEqual([1, 2, 3, 4]);
    expect(usedBlocks(files)).toBe(4);
  });

  it('a growing file stays one extent when it can', () => {
    const vol = createVolume(100);
    const files = createFiles(vol);
    writeFile(files, vol, '/log', B, 1);
    writeFile(files, vol, '/other', B, 2);
    for (let i = 0; i < 5; i++) appendFile(files, vol, '/log', B, 10 + i);
    const log = files.root.entries.get('log');
    // Block 1 went to /other, so the log is its first block and then one run after /other.
    expect(log?.kind === 'file' && log.extents).toEqual([
      { start: 0, count: 1 },
      { start: 2, count: 5 },
    ]);
  });

  it('refuses bad paths and kinds with the errno texts', () => {
    const vol = createVolume(16);
    const files = createFiles(vol);
    writeFile(files, vol, '/a', 1, 1);
    const line = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        if (e instanceof NasError) return errorLine(e.code, e.data);
      }
      return 'no error';
    };
    expect(line(() => writeFile(files, vol, 'a/b', 1, 2))).toBe('Error 22: a/b : Invalid argument');
    expect(line(() => writeFile(files, vol, '/a/b', 1, 2))).toBe('Error 20: /a/b : Not a directory');
    expect(line(() => writeFile(files, vol, '/', 1, 2))).toBe('Error 21: / : Is a directory');
    expect(line(() => readFile(files, vol, '/nope'))).toBe('Error 2: /nope : No such file or directory');
    expect(line(() => makeDir(files, '/a'))).toBe('Error 17: /a : File exists');
    makeDir(files, '/d/e');
    expect(line(() => removeDir(files, '/d'))).toBe('Error 39: /d : Directory not empty');
    expect(line(() => truncateFile(files, vol, '/d/f', 0))).toBe('Error 2: /d/f : No such file or directory');
    // `.`, `..` and repeated slashes resolve as a kernel resolves them.
    writeFile(files, vol, '//d/./e/../e/f', B, 5);
    expect(listFiles(files).map(([p]) => p)).toEqual(['/a', '/d/e/f']);
  });
});
