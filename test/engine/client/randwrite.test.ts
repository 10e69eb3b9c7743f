// `client randwrite` as a job on the virtual clock: it overwrites whole blocks of one file at
// random places, rate x time exactly (a tick's remainder carried), the file keeping its size;
// the ledger's digest, updated block by block, equals what the file reads back, and keeps a
// difference made behind the client's back; checkpoints keep the before images and the
// replication log sees the blocks; it stops at its limit, when told, and when the way to the
// file goes (read-only mount, frozen file system, mover down, file removed); refusals change
// nothing; the job and its tick survive a save and a load.
import { beforeEach, describe, expect, it } from 'vitest';
import { loggedBlocks, startLog } from '../../../src/engine/blocks/modlog.js';
import { createCheckpoint } from '../../../src/engine/ckpt.js';
import { advanceBy } from '../../../src/engine/clock.js';
import { clientRead, clientRemove, clientVerify, clientWrite } from '../../../src/engine/client/io.js';
import { recalled } from '../../../src/engine/client/ledger.js';
import { RANDWRITE_EVENT, RANDWRITE_TICK_MS, randwriteProblem, startRandwrite, stopRandwrite } from '../../../src/engine/client/randwrite.js';
import { findCell, findFs, findMover } from '../../../src/engine/cluster.js';
import { applyFileOp, writeFileBlocks } from '../../../src/engine/contents.js';
import { readFile } from '../../../src/engine/files/files.js';
import { mountFs, umountFs } from '../../../src/engine/mount.js';
import type { Cell, World } from '../../../src/engine/types.js';
import type { LabDoc } from '../../../src/store/lab-doc.js';
import { parseLab, stringifyLab } from '../../../src/store/lab-store.js';
import { freshShell, refused } from '../../helpers.js';

const MB = 2 ** 20;
const BLOCK = 8192;
let doc: LabDoc;
let world: World;
let cell: Cell;

beforeEach(() => {
  doc = freshShell().lab;
  world = doc.world;
  cell = findCell(world, 'cel_pfs');
});

const write = (path: string, bytes: number) => clientWrite(world, cell, { path, bytes, append: false, server: null });
const randwrite = (path: string, rate: number, until: number | null = null) => startRandwrite(world, cell, { path, rate, until, server: null });
const statuses = () => clientVerify(world, cell, { path: null, server: null }).map((r) => [r.host, r.status]);
const pfs10 = () => findFs(cell, 'pfs10');
const stampsOf = (path: string) => readFile(pfs10().contents!.files, pfs10().contents!.volume, path);

describe('client randwrite', () => {
  it('overwrites rate x time in whole blocks at random places inside the file, which keeps its size', () => {
    write('/pfs10/db', 10 * MB + 100);
    const before = stampsOf('/db');
    const first = world.nextStamp;
    const job = randwrite('/pfs10/db', MB);
    expect(world.events).toMatchObject([{ kind: RANDWRITE_EVENT, at: world.clock.now + RANDWRITE_TICK_MS, data: { job: job.id } }]);
    expect(advanceBy(world, 60_000)).toBe(6);
    expect(job).toMatchObject({ kind: 'randwrite', state: 'running', written: 60 * MB, carry: 0 });
    // 7680 stamps taken, one per block written; the file keeps its size and its blocks.
    expect(world.nextStamp - first).toBe(7680);
    const after = stampsOf('/db');
    expect(after.length).toBe(before.length);
    expect(clientRead(world, cell, { path: '/pfs10/db', server: null }).content.size).toBe(10 * MB + 100);
    // Every block either kept its old stamp or holds one of the job's: the last written to it.
    let changed = 0;
    for (let k = 0; k < after.length; k++) {
      if (after[k] === before[k]) continue;
      expect(after[k]).toBeGreaterThanOrEqual(first);
      expect(after[k]).toBeLessThan(first + 7680);
      changed++;
    }
    // 7680 draws over 1281 blocks reach nearly all of them, the last (partial) one included.
    expect(changed).toBeGreaterThan(1200);
    expect(after[after.length - 1]).not.toBe(before[before.length - 1]);
    expect(statuses()).toEqual([['/pfs10/db', 'ok']]);
  });

  it('keeps the ledger digest equal to what reads back, block by block, tick after tick', () => {
    write('/pfs10/a', 3 * MB);
    write('/pfs10/b', 8192 * 5 + 1);
    randwrite('/pfs10/a', 300_000);
    randwrite('/pfs10/b', 5000);
    for (let t = 0; t < 20; t++) {
      advanceBy(world, RANDWRITE_TICK_MS);
      for (const path of ['/a', '/b']) {
        const expected = recalled(world, 'cel_pfs', pfs10().id, path)!;
        const read = clientRead(world, cell, { path: `/pfs10${path}`, server: null }).content;
        expect({ path, digest: expected.digest, last: expected.last, size: expected.size }).toEqual({ path, digest: read.digest, last: read.last, size: read.size });
      }
    }
  });

  it('writes exactly rate bytes a second over time, carrying what is short of a block', () => {
    write('/pfs10/db', MB);
    const job = randwrite('/pfs10/db', 3000);
    advanceBy(world, 100_000);
    // 300,000 bytes owed: 36 whole blocks written, 5,088 bytes carried.
    expect(job.written).toBe(36 * BLOCK);
    expect(job.carry).toBe(300_000 - 36 * BLOCK);
    advanceBy(world, 900_000);
    expect(job.written + job.carry!).toBe(3_000_000);
  });

  it('stops at its limit, rounded up to a whole block', () => {
    write('/pfs10/db', MB);
    const job = randwrite('/pfs10/db', 100 * 1024, MB + 1);
    advanceBy(world, 60_000);
    expect(job).toMatchObject({ state: 'done', written: MB + BLOCK, endedAt: world.clock.now - 40_000 });
    expect(world.events).toEqual([]);
  });

  it('stops when the mount goes read-only, the file system is frozen, the mover goes down or the file goes', () => {
    write('/pfs11/a', MB);
    write('/pfs10/b', MB);
    write('/pfs10/c', MB);
    write('/home/d', MB);
    const a = randwrite('/pfs11/a', MB);
    const b = randwrite('/pfs10/b', MB);
    const c = randwrite('/pfs10/c', MB);
    const d = randwrite('/home/d', MB);
    advanceBy(world, 20_000);
    umountFs(world, cell, findMover(cell, 'server_2'), 'pfs11', true);
    mountFs(world, cell, findMover(cell, 'server_2'), { fs: findFs(cell, 'pfs11'), path: '/pfs11', ro: true });
    pfs10().frozen = true;
    findMover(cell, 'server_3').status = 'offline';
    advanceBy(world, 10_000);
    expect([a, b, c, d].map((j) => [j.state, j.error, j.written])).toEqual([
      ['failed', 'read_only_fs', 20 * MB],
      ['failed', 'fs_frozen', 20 * MB],
      ['failed', 'fs_frozen', 20 * MB],
      ['failed', 'mover_offline', 20 * MB],
    ]);
    expect(world.events).toEqual([]);
  });

  it('stops when its file is removed', () => {
    write('/pfs10/db', MB);
    const job = randwrite('/pfs10/db', MB);
    advanceBy(world, 10_000);
    clientRemove(world, cell, { path: '/pfs10/db', server: null });
    advanceBy(world, 10_000);
    expect(job).toMatchObject({ state: 'failed', error: 'file_not_found', written: 10 * MB });
    expect(world.events).toEqual([]);
  });

  it('is refused where there is no file it can write, changing nothing', () => {
    write('/pfs10/f', MB);
    write('/pfs10/empty', 0);
    write('/pfs11/g', MB);
    refused(world, 'file_not_found', () => randwrite('/pfs10/none', MB));
    refused(world, 'file_is_dir', () => randwrite('/pfs10', MB));
    refused(world, 'file_is_dir', () => randwrite('/', MB));
    refused(world, 'file_empty', () => randwrite('/pfs10/empty', MB));
    umountFs(world, cell, findMover(cell, 'server_2'), 'pfs11', true);
    mountFs(world, cell, findMover(cell, 'server_2'), { fs: findFs(cell, 'pfs11'), path: '/pfs11', ro: true });
    refused(world, 'read_only_fs', () => randwrite('/pfs11/g', MB));
    findMover(cell, 'server_2').status = 'offline';
    refused(world, 'mover_offline', () => randwrite('/pfs10/f', MB));
    expect(randwriteProblem({ rate: 2 ** 30 + 1, until: null })).toBe('rate');
    expect(randwriteProblem({ rate: 0, until: null })).toBe('rate');
    expect(randwriteProblem({ rate: MB, until: 0 })).toBe('until');
  });

  it('stops when told, its next tick taken off the queue', () => {
    write('/pfs10/db', MB);
    const job = randwrite('/pfs10/db', MB);
    advanceBy(world, 30_000);
    stopRandwrite(world, job.id);
    expect(job).toMatchObject({ state: 'stopped', written: 30 * MB, endedAt: world.clock.now });
    expect(world.events).toEqual([]);
    advanceBy(world, 30_000);
    expect(job.written).toBe(30 * MB);
    refused(world, 'job_not_found', () => stopRandwrite(world, job.id));
  });

  it('keeps a difference made behind the client back, and makes none', () => {
    write('/pfs10/db', MB);
    write('/pfs10/ok', MB);
    // Another writer changes one block the client does not know of.
    applyFileOp(world, cell, pfs10(), { op: 'writeAt', path: '/db', offset: 3 * BLOCK, bytes: BLOCK });
    expect(statuses()).toEqual([
      ['/pfs10/db', 'differs'],
      ['/pfs10/ok', 'ok'],
    ]);
    randwrite('/pfs10/db', MB);
    randwrite('/pfs10/ok', MB);
    advanceBy(world, 60_000);
    expect(statuses()).toEqual([
      ['/pfs10/db', 'differs'],
      ['/pfs10/ok', 'ok'],
    ]);
  });

  it('learns a file the client did not write from what it reads', () => {
    applyFileOp(world, cell, pfs10(), { op: 'write', path: '/raw', bytes: MB });
    expect(statuses()).toEqual([]);
    randwrite('/pfs10/raw', MB);
    advanceBy(world, 20_000);
    expect(statuses()).toEqual([['/pfs10/raw', 'ok']]);
  });

  it('goes through the snapshot copy facility: a checkpoint keeps the file as it was, the replication log gets the blocks', () => {
    write('/pfs10/db', 2 * MB);
    const before = clientRead(world, cell, { path: '/pfs10/db', server: null }).content.digest;
    const ckpt = createCheckpoint(world, cell, pfs10(), { name: 'db_ckpt' });
    const vol = pfs10().contents!.volume;
    startLog(vol);
    const first = world.nextStamp;
    randwrite('/pfs10/db', MB);
    advanceBy(world, 10_000);
    const live = stampsOf('/db');
    const distinct = new Set<number>();
    live.forEach((s, k) => s >= first && distinct.add(k));
    // Every block written is logged once however often it was written (one file, one extent: no other block changed).
    expect(loggedBlocks(vol)).toBe(distinct.size);
    mountFs(world, cell, findMover(cell, 'server_2'), { fs: ckpt, path: '/db_ckpt', ro: true });
    expect(clientRead(world, cell, { path: '/db_ckpt/db', server: null }).content.digest).toBe(before);
    expect(clientRead(world, cell, { path: '/pfs10/db', server: null }).content.digest).not.toBe(before);
  });

  it('writes the blocks it is given in order, each its own stamp, refusing blocks outside the file', () => {
    write('/pfs10/db', 4 * BLOCK);
    const old = new Uint32Array(3);
    const start = stampsOf('/db');
    const stamp = world.nextStamp;
    writeFileBlocks(world, cell, pfs10(), '/db', Uint32Array.of(2, 0, 2), 3, old);
    expect([...old]).toEqual([start[2], start[0], stamp]);
    expect([...stampsOf('/db')]).toEqual([stamp + 1, start[1], stamp + 2, start[3]]);
    expect(world.nextStamp).toBe(stamp + 3);
    expect(() => writeFileBlocks(world, cell, pfs10(), '/db', Uint32Array.of(4), 1)).toThrow(RangeError);
    refused(world, 'file_not_found', () => writeFileBlocks(world, cell, pfs10(), '/nope', Uint32Array.of(0), 1));
  });

  it('goes on after a save and a load, where it was, drawing the same blocks', () => {
    write('/pfs10/db', 4 * MB);
    const job = randwrite('/pfs10/db', MB);
    advanceBy(world, 30_000);
    const loaded = parseLab(stringifyLab(doc), 'lab.json');
    const w2 = loaded.world;
    expect(w2.client).toEqual(world.client);
    advanceBy(world, 40_000);
    advanceBy(w2, 40_000);
    expect(w2.client.jobs[0]).toEqual(job);
    expect(w2.client.files).toEqual(world.client.files);
    expect(clientVerify(w2, findCell(w2, 'cel_pfs'), { path: null, server: null }).map((r) => r.status)).toEqual(['ok']);
  });
});
