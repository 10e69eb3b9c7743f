// Automatic file system extension (src/engine/extend.ts) through applyFileOp.
import { describe, expect, it } from 'vitest';
import { snapshotDigest } from '../../src/engine/blocks/snapshots.js';
import { growVolume, createVolume } from '../../src/engine/blocks/volume.js';
import { volumeProblem } from '../../src/engine/blocks/shape.js';
import { createCheckpoint } from '../../src/engine/ckpt.js';
import { advanceTo } from '../../src/engine/clock.js';
import { startCopy } from '../../src/engine/copy/sessions.js';
import { allocate, createAllocator, growAllocator } from '../../src/engine/files/allocator.js';
import { findCell, findMover, findPool, poolUsedMB } from '../../src/engine/cluster.js';
import { applyFileOp, contentsOf } from '../../src/engine/contents.js';
import { BLOCKS_PER_MB } from '../../src/engine/files/tree.js';
import { listFiles, readFile, readFileAt } from '../../src/engine/files/files.js';
import { createFs, poolSpace, type NewFs } from '../../src/engine/fs.js';
import { mountFs } from '../../src/engine/mount.js';
import type { Cell, FileSystem, World } from '../../src/engine/types.js';
import { logText } from '../../src/render/log-messages.js';
import { decode, encode } from '../../src/store/codec.js';
import { decodeWorld, encodeLab } from '../../src/store/lab-json.js';
import { labFromFixture } from '../../src/store/lab-store.js';
import { validateLab } from '../../src/store/schema.js';
import { FIXTURE, refused } from '../helpers.js';

const POOL = 'clar_r5_performance';
const MB = 2 ** 20;

function lab(): { world: World; cell: Cell; doc: ReturnType<typeof labFromFixture> } {
  const doc = labFromFixture(FIXTURE);
  return { world: doc.world, cell: findCell(doc.world, 'cel_pfs'), doc };
}

/** A file system mounted read-write on server_2 (its serving mover). */
function newFs(world: World, cell: Cell, name: string, sizeMB: number, opts: Partial<NewFs> = {}): FileSystem {
  const fs = createFs(world, cell, { name, type: 'uxfs', sizeMB, pool: POOL, ...opts });
  mountFs(world, cell, findMover(cell, 'server_2'), { fs, path: null, ro: null });
  return fs;
}

const write = (world: World, cell: Cell, fs: FileSystem, path: string, mb: number) => applyFileOp(world, cell, fs, { op: 'write', path, bytes: mb * MB });

/** The file system's size as every layer holds it. */
function sizes(fs: FileSystem): number[] {
  const c = contentsOf(fs);
  return [fs.sizeMB * BLOCKS_PER_MB, c.volume.size, c.files.alloc.size];
}

const lastLog = (cell: Cell) => logText(findMover(cell, 'server_2').log.at(-1)!);

/** Leaves `availMB` of the pool free by taking the rest in a plain file system. */
function fillPool(world: World, cell: Cell, availMB: number): void {
  const free = poolSpace(cell, findPool(cell, POOL)).availMB;
  createFs(world, cell, { name: 'filler', type: 'uxfs', sizeMB: free - availMB, pool: POOL });
  expect(poolSpace(cell, findPool(cell, POOL)).availMB).toBe(availMB);
}

describe('auto-extension', () => {
  it('a write past the high water mark extends the file system and lands', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'ae', 1024, { autoExtend: true });
    const poolBefore = poolUsedMB(cell, findPool(cell, POOL));
    // 950 MB of 1 GB is past 90%: 10% more (1127 MB) brings it below (84%).
    const res = write(world, cell, fs, '/big', 950);
    expect(res.extended).toEqual({ fromMB: 1024, toMB: 1127 });
    expect(fs.sizeMB).toBe(1127);
    expect(sizes(fs)).toEqual([1127 * 128, 1127 * 128, 1127 * 128]);
    expect(fs.usedMB).toBe(950);
    expect(contentsOf(fs).files.alloc.freeBlocks).toBe((1127 - 950) * 128);
    expect(readFile(contentsOf(fs).files, contentsOf(fs).volume, '/big').length).toBe(950 * 128);
    expect(poolUsedMB(cell, findPool(cell, POOL))).toBe(poolBefore + 103);
    expect(lastLog(cell)).toBe('auto-extension: ae extended from 1024 MB to 1127 MB (hwm 90%)');
    // Below the mark now: the next small write does not extend.
    expect(write(world, cell, fs, '/small', 1).extended).toBeNull();
    expect(fs.sizeMB).toBe(1127);
  });

  it('extends step by step up to max_size, then refuses with ENOSPC changing nothing', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'steps', 100, { autoExtend: true, maxSizeMB: 150 });
    expect(write(world, cell, fs, '/a', 80).extended).toBeNull();
    // 95 MB: below the mark takes 106 MB, the 10% step 110.
    expect(write(world, cell, fs, '/b', 15).extended).toEqual({ fromMB: 100, toMB: 110 });
    // 105 of 110: 10% is 121 MB, enough.
    expect(write(world, cell, fs, '/c', 10).extended).toEqual({ fromMB: 110, toMB: 121 });
    // 125 of 121: the mark wants 139 MB, more than the 10% step.
    expect(write(world, cell, fs, '/d', 20).extended).toEqual({ fromMB: 121, toMB: 139 });
    expect(fs.usedMB).toBe(125);
    // 155 MB would not fit in max_size.
    refused(world, 'fs_full', () => write(world, cell, fs, '/e', 30));
    // 145 MB fits at max_size, still above the mark: extended as far as it may go.
    expect(write(world, cell, fs, '/e', 20).extended).toEqual({ fromMB: 139, toMB: 150 });
    expect(sizes(fs)).toEqual([150 * 128, 150 * 128, 150 * 128]);
    expect(lastLog(cell)).toBe('auto-extension: steps extended from 139 MB to 150 MB (hwm 90%)');
    refused(world, 'fs_full', () => write(world, cell, fs, '/f', 6));
    expect(write(world, cell, fs, '/f', 5).extended).toBeNull();
    expect(fs.usedMB).toBe(150);
    refused(world, 'fs_full', () => applyFileOp(world, cell, fs, { op: 'append', path: '/f', bytes: 1 }));
  });

  it('honours a high water mark of its own and every kind of write', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'hw', 100, { autoExtend: true, hwm: 50 });
    expect(applyFileOp(world, cell, fs, { op: 'writeAt', path: '/x', offset: 40 * MB, bytes: 9 * MB }).extended).toBeNull();
    // 55 MB >= 50%: 111 MB puts it below.
    expect(applyFileOp(world, cell, fs, { op: 'append', path: '/x', bytes: 6 * MB }).extended).toEqual({ fromMB: 100, toMB: 111 });
    expect(applyFileOp(world, cell, fs, { op: 'truncate', path: '/x', bytes: 60 * MB }).extended).toEqual({ fromMB: 111, toMB: 123 });
    expect(fs.usedMB).toBe(60);
    expect(lastLog(cell)).toBe('auto-extension: hw extended from 111 MB to 123 MB (hwm 50%)');
    // A refused path extends nothing.
    refused(world, 'file_is_dir', () => applyFileOp(world, cell, fs, { op: 'write', path: '/', bytes: 80 * MB }));
    refused(world, 'file_not_dir', () => applyFileOp(world, cell, fs, { op: 'write', path: '/x/y', bytes: 80 * MB }));
  });

  it('a thin file system takes pool space only for what it uses', () => {
    const { world, cell } = lab();
    const pool = findPool(cell, POOL);
    const before = poolUsedMB(cell, pool);
    const fs = newFs(world, cell, 'thin', 100, { autoExtend: true, thin: true, maxSizeMB: 1000 });
    expect(poolUsedMB(cell, pool)).toBe(before);
    expect(write(world, cell, fs, '/a', 95).extended).toEqual({ fromMB: 100, toMB: 110 });
    expect(poolUsedMB(cell, pool)).toBe(before + 95);
    expect(sizes(fs)).toEqual([110 * 128, 110 * 128, 110 * 128]);
  });

  it('a thin file system whose pool cannot hold the write refuses it', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'thin', 100, { autoExtend: true, thin: true });
    fillPool(world, cell, 10);
    refused(world, 'fs_full', () => write(world, cell, fs, '/a', 20));
    expect(write(world, cell, fs, '/a', 10).extended).toBeNull();
    expect(poolSpace(cell, findPool(cell, POOL)).availMB).toBe(0);
  });

  it('a thick file system takes what the pool has, and without room is not extended', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'thick', 100, { autoExtend: true });
    fillPool(world, cell, 5);
    // The step would be 10 MB; the pool has 5.
    expect(write(world, cell, fs, '/a', 95).extended).toEqual({ fromMB: 100, toMB: 105 });
    expect(poolSpace(cell, findPool(cell, POOL)).availMB).toBe(0);
    refused(world, 'fs_full', () => write(world, cell, fs, '/b', 11));
    // Past the mark and fitting: written without extension.
    expect(write(world, cell, fs, '/b', 10).extended).toBeNull();
    expect(fs.sizeMB).toBe(105);
    expect(fs.usedMB).toBe(105);
  });

  it('a file system without auto-extension is never extended', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'plain', 100);
    const logs = findMover(cell, 'server_2').log.length;
    expect(write(world, cell, fs, '/a', 99).extended).toBeNull();
    refused(world, 'fs_full', () => write(world, cell, fs, '/b', 2));
    expect(sizes(fs)).toEqual([100 * 128, 100 * 128, 100 * 128]);
    expect(findMover(cell, 'server_2').log.length).toBe(logs);
  });

  it('a checkpoint taken before an extension still reads its point in time', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'pit', 100, { autoExtend: true });
    write(world, cell, fs, '/a', 50);
    const c = contentsOf(fs);
    const a = [...readFile(c.files, c.volume, '/a')];
    const ckpt = createCheckpoint(world, cell, fs, { name: 'pit_ckpt' });
    const digest = snapshotDigest(c.volume, ckpt.id);
    world.clock.now += 60_000;
    expect(write(world, cell, fs, '/b', 45).extended).toEqual({ fromMB: 100, toMB: 110 });
    // Overwritten in place: the checkpoint keeps the before images.
    write(world, cell, fs, '/a', 50);
    expect([...readFile(c.files, c.volume, '/a')]).not.toEqual(a);
    expect([...readFileAt(c.files, c.volume, ckpt.id, '/a')]).toEqual(a);
    expect(listFiles(c.files, ckpt.id).map(([p]) => p)).toEqual(['/a']);
    expect(snapshotDigest(c.volume, ckpt.id)).toEqual(digest);
    // A file on the new blocks, then one past them.
    write(world, cell, fs, '/c', 10);
    expect(fs.sizeMB).toBeGreaterThan(110);
    expect([...readFileAt(c.files, c.volume, ckpt.id, '/a')]).toEqual(a);
    expect(snapshotDigest(c.volume, ckpt.id)).toEqual(digest);
  });

  it('an extended file system saves and loads', () => {
    const { world, cell, doc } = lab();
    const fs = newFs(world, cell, 'saved', 100, { autoExtend: true, maxSizeMB: 400 });
    write(world, cell, fs, '/a', 95);
    createCheckpoint(world, cell, fs, { name: 'saved_ckpt' });
    write(world, cell, fs, '/b', 20);
    expect(fs.sizeMB).toBe(128);
    const back = validateLab(decode(encode(doc)));
    expect(encode(back.world)).toBe(encode(world));
    const text = encodeLab(world);
    const again = decodeWorld(text);
    expect(encodeLab(again)).toBe(text);
    const fsBack = findCell(again, 'cel_pfs').fileSystems.find((f) => f.name === 'saved')!;
    expect(sizes(fsBack)).toEqual(sizes(fs));
    const cb = contentsOf(fsBack);
    expect(readFile(cb.files, cb.volume, '/b')).toEqual(readFile(contentsOf(fs).files, contentsOf(fs).volume, '/b'));
    // And the loaded one extends on.
    write(again, findCell(again, 'cel_pfs'), fsBack, '/c', 10);
    expect(fsBack.sizeMB).toBe(141);
  });

  it('a file system an fs_copy session reads is not extended until the session ends', () => {
    const { world, cell } = lab();
    const fs = newFs(world, cell, 'src', 100, { autoExtend: true });
    write(world, cell, fs, '/a', 80);
    createCheckpoint(world, cell, fs, { name: 'src_ckpt' });
    createFs(world, cell, { name: 'dst', type: 'rawfs', sizeMB: 100, pool: POOL });
    const s = startCopy(world, cell, { src: 'src_ckpt', dst: 'dst', dstCel: null, fromfs: null, qosKbit: 0, convert: true });
    expect(write(world, cell, fs, '/b', 15).extended).toBeNull();
    expect(fs.sizeMB).toBe(100);
    advanceTo(world, world.clock.now + 3_600_000);
    expect(s.state).toBe('completed');
    expect(write(world, cell, fs, '/c', 1).extended).toEqual({ fromMB: 100, toMB: 110 });
  });
});

describe('growing the pieces', () => {
  it('growVolume raises the size only, and the shape check accepts the result', () => {
    const vol = createVolume(256);
    growVolume(vol, 384);
    expect(vol.size).toBe(384);
    expect(volumeProblem(vol)).toBeNull();
    expect(() => growVolume(vol, 128)).toThrow(RangeError);
    expect(() => growVolume(createVolume(3, 2), 8)).toThrow(RangeError);
  });

  it('growAllocator adds a free run at the end, merged with a free tail', () => {
    const a = createAllocator(100);
    allocate(a, 40);
    growAllocator(a, 150);
    expect(a).toMatchObject({ size: 150, free: [{ start: 40, count: 110 }], freeBlocks: 110 });
    allocate(a, 110);
    growAllocator(a, 160);
    expect(a).toMatchObject({ size: 160, free: [{ start: 150, count: 10 }], freeBlocks: 10 });
  });
});
