// Local updatable file systems in the world, case by case: what -create accepts and refuses
// (every refusal byte-identical), step 642's timing (Tmin from Tu, Tu at the completion,
// -Force, a local holding no version asking at once), each reason for a full version (none
// held, deleted or refreshed at the remote, the local's copy changed), an update that stalls
// on a link down and resumes, one aborted before or after its first block, the local between
// versions refusing reads, a client's access asking only once Tmin has elapsed and logging a
// request it could not make once, -delete, the local deleted under an update, and a lab saved
// and loaded mid-update ending the same.
import { beforeEach, describe, expect, it } from 'vitest';
import { advanceBy } from '../../../src/engine/clock.js';
import { findCell } from '../../../src/engine/cluster.js';
import { refreshCheckpoint } from '../../../src/engine/ckpt.js';
import { sameDigest } from '../../../src/engine/blocks/digest.js';
import { snapshotDigest } from '../../../src/engine/blocks/snapshots.js';
import { volumeDigest } from '../../../src/engine/blocks/volume.js';
import { clientRead } from '../../../src/engine/client/io.js';
import { abortCopy, startCopy } from '../../../src/engine/copy/sessions.js';
import { afterAccess } from '../../../src/engine/distribution/access.js';
import { describeLocal } from '../../../src/engine/distribution/describe.js';
import { createLocal, deleteLocal, modifyInterval, type CreateRequest } from '../../../src/engine/distribution/relation.js';
import { askForUpdate } from '../../../src/engine/distribution/request.js';
import { createFs, deleteFs } from '../../../src/engine/fs.js';
import { changeLink } from '../../../src/engine/links.js';
import { mountFs, umountFs } from '../../../src/engine/mount.js';
import type { FileSystem, World } from '../../../src/engine/types.js';
import { encode } from '../../../src/store/codec.js';
import { parseLab, stringifyLab } from '../../../src/store/lab-store.js';
import { freshShell, refused, run } from '../../helpers.js';
import { deleteCkpt, fsIn, makeCkpt, op } from '../copy/lab.js';

const MIN = 60_000;
let world: World;

const pfsCell = () => findCell(world, 'cel_pfs');
const sfsCell = () => findCell(world, 'cel_sfs');
const local = () => fsIn(world, 'cel_sfs', 'sfs10');
const pfs = () => fsIn(world, 'cel_pfs', 'pfs10');
const mover = (cel: string, name: string) => findCell(world, cel).movers.find((m) => m.name === name)!;

function create(over: Partial<CreateRequest> = {}): FileSystem {
  return createLocal(world, sfsCell(), { local: 'sfs10', source: 'pfs10', sourceCel: 'cel_pfs', intervalMin: 60, ...over });
}

const ask = (force = false) => askForUpdate(world, sfsCell(), 'sfs10', { force });

/** Lets the update under way finish (it takes seconds over the lab's 100 Mbit/s link). */
function finish(): void {
  for (let i = 0; i < 120 && local().dist!.updating; i++) advanceBy(world, 1000);
  expect(local().dist!.updating).toBe(false);
}

function expectHolds(ckptName: string): void {
  const ckpt = fsIn(world, 'cel_pfs', ckptName);
  expect(local().dist!.version).toMatchObject({ ckptId: ckpt.id, ckpt: ckptName, createdAt: ckpt.createdAt });
  expect(sameDigest(volumeDigest(local().contents!.volume), snapshotDigest(pfs().contents!.volume, ckpt.id))).toBe(true);
}

function write(path: string, bytes: number): void {
  op(world, 'cel_pfs', 'pfs10', { op: 'write', path, bytes });
}

beforeEach(() => {
  world = freshShell().lab.world;
  write('/db/orders.dbf', 40 * 2 ** 20);
  makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
});

describe('fs_dist -create', () => {
  it('makes a rawfs a local updatable file system holding no version, asking at once', () => {
    create({ intervalMin: 5 });
    expect(local().dist).toEqual({
      source: { cel: 'cel_pfs', fsId: pfs().id, fs: 'pfs10' },
      version: null,
      lastUpdate: null,
      minInterval: 5 * MIN,
      request: null,
      updating: false,
    });
    expect(describeLocal(world, sfsCell(), local())).toMatchObject({ version: null, nextAt: null, state: 'idle', source: 'pfs10:cel_pfs', netid: 'cel_pfs', address: '10.1.1.10' });
  });

  it('takes a uxfs copy of a checkpoint of the source as the version it holds', () => {
    startCopy(world, pfsCell(), { src: 'pfs10_ckpt1', dst: 'sfs10', dstCel: 'cel_sfs', fromfs: null, qosKbit: 0, convert: true });
    advanceBy(world, 10_000);
    create();
    expectHolds('pfs10_ckpt1');
    // It holds the youngest: nothing to send.
    expect(ask()).toMatchObject({ step: 646, session: null });
  });

  it('refuses what cannot be a local updatable file system, changing nothing', () => {
    refused(world, 'fs_not_found', () => create({ local: 'nofs' }));
    refused(world, 'fs_system', () => create({ local: 'root_fs_1' }));
    refused(world, 'fs_not_found', () => create({ source: 'nofs' }));
    refused(world, 'cel_not_found', () => create({ sourceCel: 'cel_x' }));
    refused(world, 'copy_dst_size', () => create({ local: 'dr_home' }));
    refused(world, 'dist_interval_invalid', () => create({ intervalMin: 525_601 }));
    refused(world, 'dist_interval_invalid', () => create({ intervalMin: 1.5 }));
    refused(world, 'dist_source_type', () => create({ source: 'pfs10_ckpt1' }));
    refused(world, 'fs_system', () => create({ source: 'root_fs_common' }));
    // The source and the local the same file system.
    refused(world, 'copy_same_fs', () => createLocal(world, pfsCell(), { local: 'pfs11', source: 'pfs11', sourceCel: null, intervalMin: 1 }));
    // A uxfs holding no copy of a checkpoint of the source; mounted read-write, refused for that first.
    const other = createFs(world, sfsCell(), { name: 'other', type: 'uxfs', sizeMB: pfs().sizeMB, pool: 'clar_r5_performance' });
    refused(world, 'dist_local_contents', () => create({ local: other.name }));
    mountFs(world, sfsCell(), mover('cel_sfs', 'server_3'), { fs: other, path: null, ro: false });
    refused(world, 'copy_dst_rw', () => create({ local: other.name }));
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    refused(world, 'cel_unreachable', () => create());
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: true });
    create();
    refused(world, 'dist_exists', () => create());
  });

  it('refuses a uxfs whose copy has changed since it was made', () => {
    startCopy(world, pfsCell(), { src: 'pfs10_ckpt1', dst: 'sfs10', dstCel: 'cel_sfs', fromfs: null, qosKbit: 0, convert: true });
    advanceBy(world, 10_000);
    const m = mover('cel_sfs', 'server_2');
    mountFs(world, sfsCell(), m, { fs: local(), path: '/sfs10', ro: false });
    op(world, 'cel_sfs', 'sfs10', { op: 'write', path: '/mine', bytes: 8192 });
    umountFs(world, sfsCell(), m, '/sfs10', true);
    const e = refused(world, 'dist_local_contents', () => create());
    expect(e.data).toMatchObject({ why: 'changed', ckpt: 'pfs10_ckpt1' });
  });

  it('is the destination of no fs_copy but its own', () => {
    create();
    refused(world, 'dist_exists', () => startCopy(world, pfsCell(), { src: 'pfs10_ckpt1', dst: 'sfs10', dstCel: 'cel_sfs', fromfs: null, qosKbit: 0, convert: true }));
  });

  it('takes its versions from a file system of its own cell, at the local rate', () => {
    op(world, 'cel_pfs', 'pfs11', { op: 'write', path: '/a', bytes: 2 ** 20 });
    makeCkpt(world, 'cel_pfs', 'pfs11', 'pfs11_ckpt1');
    createFs(world, pfsCell(), { name: 'pfs11_near', type: 'rawfs', sizeMB: 10240, pool: 'clar_r5_performance' });
    createLocal(world, pfsCell(), { local: 'pfs11_near', source: 'pfs11', sourceCel: null, intervalMin: 1 });
    const a = askForUpdate(world, pfsCell(), 'pfs11_near', { force: false });
    expect(a).toMatchObject({ step: 648, youngest: { ckpt: 'pfs11_ckpt1' } });
    expect(a.session).toMatchObject({ src: { cel: 'cel_pfs' }, dst: { cel: 'cel_pfs', fs: 'pfs11_near' } });
    advanceBy(world, 1000);
    const near = fsIn(world, 'cel_pfs', 'pfs11_near');
    expect(near.dist).toMatchObject({ updating: false, version: { ckpt: 'pfs11_ckpt1' } });
    const p11 = fsIn(world, 'cel_pfs', 'pfs11');
    expect(sameDigest(volumeDigest(near.contents!.volume), snapshotDigest(p11.contents!.volume, fsIn(world, 'cel_pfs', 'pfs11_ckpt1').id))).toBe(true);
    expect(describeLocal(world, pfsCell(), near)).toMatchObject({ source: 'pfs11', netid: 'cel_pfs' });
  });

  it('refuses a local that is the destination of a running fs_copy', () => {
    startCopy(world, pfsCell(), { src: 'pfs10_ckpt1', dst: 'sfs10', dstCel: 'cel_sfs', fromfs: null, qosKbit: 0, convert: true });
    refused(world, 'copy_dst_busy', () => create());
  });
});

describe('step 642: when the local asks', () => {
  beforeEach(() => {
    create({ intervalMin: 10 });
  });

  it('Tmin runs from the completion of the update (Tu), to the millisecond; -Force asks anyway', () => {
    const a = ask();
    expect(a).toMatchObject({ step: 648, why: 'none', held: null });
    // An update under way is the answer being applied: no other request meanwhile.
    refused(world, 'dist_busy', () => ask(true));
    finish();
    const tu = local().dist!.lastUpdate!;
    expect(tu).toBe(world.copies[0]!.endedAt);
    expectHolds('pfs10_ckpt1');
    advanceBy(world, tu + 10 * MIN - 1 - world.clock.now);
    const e = refused(world, 'dist_too_soon', () => ask());
    expect(e.data).toMatchObject({ fs: 'sfs10', interval: 10 * MIN, last: tu, next: tu + 10 * MIN });
    expect(ask(true)).toMatchObject({ step: 646 });
    expect(local().dist!.lastUpdate).toBe(world.clock.now);
    advanceBy(world, 10 * MIN);
    expect(ask()).toMatchObject({ step: 646 });
  });

  it('a client access asks only once Tmin has elapsed, and is served first', () => {
    ask();
    finish();
    mountFs(world, sfsCell(), mover('cel_sfs', 'server_2'), { fs: local(), path: '/sfs10', ro: true });
    write('/db/orders.dbf', 8192);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt2');
    const before = encode(world);
    expect(afterAccess(world, sfsCell(), '/sfs10/db/orders.dbf', null)).toBeNull();
    expect(encode(world)).toBe(before);
    advanceBy(world, 10 * MIN);
    const first = clientRead(world, sfsCell(), { path: '/sfs10/db/orders.dbf', server: null });
    const a = afterAccess(world, sfsCell(), '/sfs10/db/orders.dbf', null)!;
    expect(a).toMatchObject({ fs: 'sfs10', mount: '/sfs10', problem: null });
    expect(a.asked).toMatchObject({ step: 649, held: { ckpt: 'pfs10_ckpt1' }, youngest: { ckpt: 'pfs10_ckpt2' } });
    expect(a.asked!.session!.totalBlocks).toBe(1);
    // Between versions the local serves nothing.
    expect(() => clientRead(world, sfsCell(), { path: '/sfs10/db/orders.dbf', server: null })).toThrow(expect.objectContaining({ code: 'fs_updating' }));
    finish();
    const second = clientRead(world, sfsCell(), { path: '/sfs10/db/orders.dbf', server: null });
    expect(second.content.digest).not.toBe(first.content.digest);
    expect(second.content).toEqual(clientRead(world, pfsCell(), { path: '/pfs10_ckpt2/db/orders.dbf', server: null }).content);
  });

  it('logs a request a client access could not make once, and serves the version held', () => {
    ask();
    finish();
    mountFs(world, sfsCell(), mover('cel_sfs', 'server_2'), { fs: local(), path: '/sfs10', ro: true });
    advanceBy(world, 10 * MIN);
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    for (let i = 0; i < 3; i++) {
      clientRead(world, sfsCell(), { path: '/sfs10/db/orders.dbf', server: null });
      expect(afterAccess(world, sfsCell(), '/sfs10/db/orders.dbf', null)).toMatchObject({ asked: null, problem: 'cel_unreachable' });
    }
    const logged = mover('cel_sfs', 'server_2').log.filter((e) => e.msg === 'fsdist_refused');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.data).toMatchObject({ fs: 'sfs10', reason: 'cel_unreachable', why_name: 'cel_pfs', why_why: 'down' });
    expect(local().dist!.updating).toBe(false);
  });
});

describe('FIG. 38 step 648: why a full version', () => {
  beforeEach(() => {
    create({ intervalMin: 0 });
    ask();
    finish();
    write('/db/more.dbf', 16 * 8192);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt2');
  });

  it('the version held deleted at the remote', () => {
    deleteCkpt(world, 'cel_pfs', 'pfs10_ckpt1');
    expect(ask()).toMatchObject({ step: 648, why: 'gone', held: { ckpt: 'pfs10_ckpt1' } });
    finish();
    expectHolds('pfs10_ckpt2');
  });

  it('the version held refreshed at the remote since', () => {
    advanceBy(world, 1000);
    refreshCheckpoint(world, pfsCell(), fsIn(world, 'cel_pfs', 'pfs10_ckpt1'));
    // Refreshed, it is now the youngest: the same name, another version.
    expect(ask()).toMatchObject({ step: 648, why: 'refreshed', youngest: { ckpt: 'pfs10_ckpt1' } });
    finish();
    expectHolds('pfs10_ckpt1');
  });

  it("the local's copy changed (mounted read-write and written)", () => {
    const m = mover('cel_sfs', 'server_2');
    mountFs(world, sfsCell(), m, { fs: local(), path: '/sfs10', ro: false });
    op(world, 'cel_sfs', 'sfs10', { op: 'write', path: '/mine', bytes: 8192 });
    refused(world, 'copy_dst_rw', () => ask());
    umountFs(world, sfsCell(), m, '/sfs10', true);
    expect(ask()).toMatchObject({ step: 648, why: 'changed', held: null });
    finish();
    expectHolds('pfs10_ckpt2');
  });

  it('and otherwise the delta', () => {
    const a = ask();
    expect(a).toMatchObject({ step: 649, why: null, oldest: { ckpt: 'pfs10_ckpt1' }, youngest: { ckpt: 'pfs10_ckpt2' } });
    expect(a.session).toMatchObject({ mode: 'differential', totalBlocks: 16, owner: 'fs_dist' });
    finish();
    expectHolds('pfs10_ckpt2');
  });
});

describe('an update that does not complete', () => {
  beforeEach(() => {
    create({ intervalMin: 60 });
    ask();
    finish();
    write('/db/orders.dbf', 40 * 2 ** 20);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt2');
  });

  it('stalls while the link is down and completes once it is up', () => {
    ask(true);
    advanceBy(world, 1040);
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    advanceBy(world, 60_000);
    expect(describeLocal(world, sfsCell(), local()).state).toBe('stalled');
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: true });
    finish();
    expectHolds('pfs10_ckpt2');
  });

  it('aborted before its first block, keeps the version held and Tu', () => {
    const tu = local().dist!.lastUpdate;
    const a = ask(true);
    abortCopy(world, sfsCell(), { name: a.session!.name });
    expect(local().dist).toMatchObject({ updating: false, lastUpdate: tu });
    expectHolds('pfs10_ckpt1');
    // Still within Tmin of Tu: no request without -Force.
    refused(world, 'dist_too_soon', () => ask());
  });

  it('aborted part way, holds no version, serves nothing and may ask at once for the whole youngest', () => {
    const tu = local().dist!.lastUpdate;
    mountFs(world, sfsCell(), mover('cel_sfs', 'server_2'), { fs: local(), path: '/sfs10', ro: true });
    const a = ask(true);
    advanceBy(world, 2040);
    expect(a.session!.copiedBlocks).toBeGreaterThan(0);
    abortCopy(world, sfsCell(), { name: a.session!.name });
    expect(local().dist).toMatchObject({ updating: false, version: null, lastUpdate: tu });
    expect(() => clientRead(world, sfsCell(), { path: '/sfs10/db/orders.dbf', server: null })).toThrow(expect.objectContaining({ code: 'fs_updating' }));
    expect(ask()).toMatchObject({ step: 648, why: 'none' });
    finish();
    expectHolds('pfs10_ckpt2');
    expect(clientRead(world, sfsCell(), { path: '/sfs10/db/orders.dbf', server: null }).content).toEqual(
      clientRead(world, pfsCell(), { path: '/pfs10_ckpt2/db/orders.dbf', server: null }).content,
    );
  });

  it('a local cannot be deleted under its update: the update says which, and goes on', () => {
    const a = ask(true);
    const e = refused(world, 'dist_busy', () => deleteFs(world, sfsCell(), local()));
    expect(e.data).toEqual({ fs: 'sfs10', to: 'pfs10_ckpt2', session: a.session!.name });
    finish();
    expectHolds('pfs10_ckpt2');
    deleteFs(world, sfsCell(), local());
    expect(sfsCell().fileSystems.some((f) => f.name === 'sfs10')).toBe(false);
  });

  it('survives a save and a load mid-update and ends the same', () => {
    const shell = freshShell();
    shell.lab.world = world;
    ask(true);
    advanceBy(world, 2040);
    const loaded = parseLab(stringifyLab(shell.lab), 'mid-update.json').world;
    expect(findCell(loaded, 'cel_sfs').fileSystems.find((f) => f.name === 'sfs10')!.dist).toEqual(local().dist);
    advanceBy(world, 60_000);
    advanceBy(loaded, 60_000);
    const loadedLocal = findCell(loaded, 'cel_sfs').fileSystems.find((f) => f.name === 'sfs10')!;
    expect(loadedLocal.dist).toEqual(local().dist);
    expect(loaded.copies).toEqual(world.copies);
    expect(volumeDigest(loadedLocal.contents!.volume)).toEqual(volumeDigest(local().contents!.volume));
    expect(loadedLocal.dist!.updating).toBe(false);
    expect(encode(loaded) === encode(world)).toBe(true);
    expectHolds('pfs10_ckpt2');
  });

  it('a lab whose local waits for a session that is not bringing it a version does not load', () => {
    const shell = freshShell();
    shell.lab.world = world;
    ask(true);
    const text = stringifyLab(shell.lab);
    expect(() => parseLab(text.replace(/"owner":\s*"fs_dist"/g, '"owner": null'), 'bad.json')).toThrow(
      /dist\.request\.session: fs_copy session copy_2 does not bring sfs10 its versions/,
    );
    expect(() => parseLab(text.replace(/"updating":\s*true/, '"updating": false'), 'bad.json')).toThrow(/dist\.updating: must be true while fs_copy session copy_2 is copying/);
    // Labs from before fs_dist load with no local updatable file system.
    const old = JSON.parse(text) as { world: { cells: { fileSystems: Record<string, unknown>[] }[]; copies: Record<string, unknown>[] } };
    for (const c of old.world.cells) for (const f of c.fileSystems) delete f.dist;
    for (const s of old.world.copies) delete s.owner;
    old.world.copies = [];
    const loaded = parseLab(JSON.stringify(old), 'old.json').world;
    expect(loaded.cells.flatMap((c) => c.fileSystems).every((f) => f.dist === undefined)).toBe(true);
  });
});

describe('-modify and -delete', () => {
  it('-modify changes Tmin for the next request; -delete is refused while an update runs, then keeps the contents', () => {
    create({ intervalMin: 60 });
    ask();
    refused(world, 'dist_busy', () => deleteLocal(world, sfsCell(), 'sfs10'));
    finish();
    modifyInterval(sfsCell(), 'sfs10', 0);
    expect(ask()).toMatchObject({ step: 646 });
    refused(world, 'dist_interval_invalid', () => modifyInterval(sfsCell(), 'sfs10', -1));
    const digest = volumeDigest(local().contents!.volume);
    deleteLocal(world, sfsCell(), 'sfs10');
    expect(local().dist).toBeUndefined();
    expect(volumeDigest(local().contents!.volume)).toEqual(digest);
    refused(world, 'dist_not_found', () => ask(true));
    refused(world, 'dist_not_found', () => deleteLocal(world, sfsCell(), 'sfs10'));
  });

  it('a remote file system deleted since is refused with its name', () => {
    create();
    ask();
    finish();
    // A PFS goes only with its checkpoints, unmounted.
    deleteCkpt(world, 'cel_pfs', 'pfs10_ckpt1');
    umountFs(world, pfsCell(), mover('cel_pfs', 'server_2'), '/pfs10', true);
    deleteFs(world, pfsCell(), pfs());
    const e = refused(world, 'dist_source_gone', () => ask(true));
    expect(e.data).toEqual({ fs: 'sfs10', source: 'pfs10:cel_pfs' });
    expect(describeLocal(world, sfsCell(), local())).toMatchObject({ gone: true, version: 'pfs10_ckpt1' });
  });
});

describe('through the shell', () => {
  it('a client read that starts an update is saved; one that fails changes nothing', () => {
    const shell = freshShell();
    const lines = [
      'client write /pfs10/a 1M',
      'fs_ckpt pfs10 -Create',
      'cs cel_sfs',
      'fs_dist -create sfs10 -source pfs10:cel=cel_pfs -interval 1',
      'fs_dist -update sfs10',
      'sim advance 10s',
      'server_mount server_2 -o ro sfs10 /sfs10',
      'cs cel_pfs',
      'client write /pfs10/a 1M',
      'fs_ckpt pfs10 -Create',
      'cs cel_sfs',
    ];
    for (const l of lines) expect(run(shell, l).status, l).toBe(0);
    let r = shell.exec('client read /sfs10/a');
    expect(r).toMatchObject({ status: 0, changed: false });
    const logged = shell.lab.commands.length;
    shell.exec('sim advance 1m');
    r = shell.exec('client read /sfs10/a');
    expect(r.status).toBe(0);
    expect(r.changed).toBe(true);
    // The read that started the update is in the lab's log of changing commands; the one before is not.
    expect(shell.lab.commands.slice(logged).map((c) => c.line)).toEqual(['sim advance 1m', 'client read /sfs10/a']);
    expect(r.text).toMatch(/^\/sfs10\/a: 1048576 bytes read .*\nclient: \/sfs10: update to version pfs10_ckpt2 started \(delta, 1\.0 MB\)\n$/);
    const before = encode(shell.lab.world);
    r = shell.exec('client read /sfs10/a');
    expect(r).toMatchObject({ status: 1, text: "client: cannot open '/sfs10/a': Resource temporarily unavailable\n" });
    expect(encode(shell.lab.world)).toBe(before);
  });
});
