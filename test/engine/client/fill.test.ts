// `client fill` as a job on the virtual clock: it writes rate x seconds into files of the
// file size, stops by itself at its limit, when the file system is full (after writing what
// fitted), when the mount goes read-only or away or the mover goes down, and when stopped;
// what it wrote verifies; the job and its pending tick survive a save and a load.
import { beforeEach, describe, expect, it } from 'vitest';
import { advanceBy } from '../../../src/engine/clock.js';
import { FILL_EVENT, fillFileName, fillProblem, KEEP_ENDED, startFill, stopFill } from '../../../src/engine/client/fill.js';
import { clientDf, clientList, clientVerify, clientWrite } from '../../../src/engine/client/io.js';
import { findCell, findFs, findMover } from '../../../src/engine/cluster.js';
import { mountFs, umountFs } from '../../../src/engine/mount.js';
import type { Cell, World } from '../../../src/engine/types.js';
import type { LabDoc } from '../../../src/store/lab-doc.js';
import { parseLab, stringifyLab } from '../../../src/store/lab-store.js';
import { freshShell, refused } from '../../helpers.js';

const MB = 2 ** 20;
let doc: LabDoc;
let world: World;
let cell: Cell;

beforeEach(() => {
  doc = freshShell().lab;
  world = doc.world;
  cell = findCell(world, 'cel_pfs');
});

const fill = (dir: string, rate: number, fileSize: number, until: number | null = null) => startFill(world, cell, { dir, rate, fileSize, until, server: null });
const statuses = () => clientVerify(world, cell, { path: null, server: null }).map((r) => r.status);

describe('client fill', () => {
  it('writes rate x seconds in files of the file size, once a second', () => {
    const job = fill('/pfs11', 5 * MB, 8 * MB);
    expect(world.events).toMatchObject([{ kind: FILL_EVENT, at: world.clock.now + 1000, data: { job: job.id } }]);
    expect(advanceBy(world, 10_000)).toBe(10);
    expect(job).toMatchObject({ state: 'running', written: 50 * MB, files: 7, current: 2 * MB });
    const names = clientList(world, cell, { path: '/pfs11', server: null }).entries.map((e) => [e.name, e.size]);
    expect(names).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [fillFileName(job.id, n), n < 7 ? 8 * MB : 2 * MB]));
    expect(statuses()).toEqual(Array(7).fill('ok'));
    expect(world.events).toHaveLength(1);
  });

  it('stops at its limit, exactly', () => {
    const job = fill('/pfs11', 3 * MB, MB, 10 * MB + 5);
    advanceBy(world, 60_000);
    expect(job).toMatchObject({ state: 'done', written: 10 * MB + 5, files: 11, endedAt: world.clock.now - 56_000 });
    expect(world.events).toEqual([]);
  });

  it('stops when the file system is full, after writing what still fitted', () => {
    umountFs(world, cell, findMover(cell, 'server_2'), 'pfs11', true);
    mountFs(world, cell, findMover(cell, 'server_2'), { fs: findFs(cell, 'scratch'), path: '/scratch', ro: false });
    clientWrite(world, cell, { path: '/scratch/pad', bytes: 3 * 1024 * MB + 4097, append: false, server: null });
    const job = fill('/scratch', 1024 * MB, 768 * MB);
    advanceBy(world, 10_000);
    expect(job).toMatchObject({ state: 'failed', error: 'fs_full' });
    expect(job.written).toBe(2 * 1024 * MB - 8192);
    expect(clientDf(world, cell, { path: '/scratch', server: null }).rows[0]).toMatchObject({ totalBlocks: 655360, usedBlocks: 655360 });
    expect(statuses()).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(world.events).toEqual([]);
  });

  it('stops when the mount goes read-only or away, or the mover goes down', () => {
    const a = fill('/pfs11', MB, MB);
    const b = fill('/pfs10', MB, MB);
    const c = fill('/home', MB, MB);
    advanceBy(world, 2000);
    umountFs(world, cell, findMover(cell, 'server_2'), 'pfs11', true);
    mountFs(world, cell, findMover(cell, 'server_2'), { fs: findFs(cell, 'pfs11'), path: '/pfs11', ro: true });
    umountFs(world, cell, findMover(cell, 'server_2'), 'pfs10', false);
    findMover(cell, 'server_3').status = 'offline';
    advanceBy(world, 5000);
    expect([a, b, c].map((j) => [j.state, j.error, j.written])).toEqual([
      ['failed', 'read_only_fs', 2 * MB],
      ['failed', 'stale_handle', 2 * MB],
      ['failed', 'mover_offline', 2 * MB],
    ]);
    expect(world.events).toEqual([]);
  });

  it('is refused where nothing can be written, changing nothing', () => {
    refused(world, 'file_not_found', () => fill('/pfs10/none', MB, MB));
    refused(world, 'read_only_fs', () => fill('/', MB, MB));
    clientWrite(world, cell, { path: '/pfs10/f', bytes: 1, append: false, server: null });
    refused(world, 'file_not_dir', () => fill('/pfs10/f', MB, MB));
    findMover(cell, 'server_3').status = 'offline';
    refused(world, 'mover_offline', () => fill('/home', MB, MB));
    expect(fillProblem({ rate: 2 ** 30 + 1, fileSize: MB, until: null })).toBe('rate');
    expect(fillProblem({ rate: MB, fileSize: 1024, until: null })).toBe('files_per_tick');
    expect(fillProblem({ rate: MB, fileSize: 1024 * 1024, until: 0 })).toBe('until');
  });

  it('stops when told, its next tick taken off the queue', () => {
    const job = fill('/pfs11', MB, MB);
    advanceBy(world, 3000);
    stopFill(world, job.id);
    expect(job).toMatchObject({ state: 'stopped', written: 3 * MB, endedAt: world.clock.now });
    expect(world.events).toEqual([]);
    advanceBy(world, 3000);
    expect(job.written).toBe(3 * MB);
    refused(world, 'job_not_found', () => stopFill(world, job.id));
    refused(world, 'job_not_found', () => stopFill(world, 99));
  });

  it('keeps the last ended jobs only', () => {
    for (let i = 0; i < KEEP_ENDED + 5; i++) stopFill(world, fill('/pfs11', MB, MB).id);
    fill('/pfs11', MB, MB);
    expect(world.client.jobs.filter((j) => j.state !== 'running')).toHaveLength(KEEP_ENDED - 1);
    expect(world.client.jobs.map((j) => j.id).at(-1)).toBe(KEEP_ENDED + 6);
  });

  it('goes on after a save and a load, where it was', () => {
    const job = fill('/pfs11', 5 * MB, 8 * MB);
    advanceBy(world, 3000);
    const loaded = parseLab(stringifyLab(doc), 'lab.json');
    const w2 = loaded.world;
    expect(w2.client).toEqual(world.client);
    advanceBy(world, 4000);
    advanceBy(w2, 4000);
    expect(w2.client.jobs[0]).toEqual(job);
    expect(clientVerify(w2, findCell(w2, 'cel_pfs'), { path: null, server: null }).map((r) => r.status)).toEqual(Array(5).fill('ok'));
  });

  it('loads a lab saved before the client existed', () => {
    const text = stringifyLab(doc);
    const old = JSON.parse(text);
    // Labs of the first format, which had no client.
    old.world.version = 1;
    delete old.world.client;
    expect(parseLab(JSON.stringify(old), 'old.json').world.client).toEqual({ files: {}, hosts: {}, jobs: [], nextJob: 1, sessions: [] });
  });
});
