// fs_copy sessions on the virtual clock: progress as the clock advances (the link's rate,
// its latency, qos caps, the local rate), stalls while the link is down, abort, the failures
// that lose an end, what the destination holds afterwards, a session surviving a save and a
// load mid-copy, and every refusal leaving the world byte-identical.
import { beforeEach, describe, expect, it } from 'vitest';
import { advanceBy, advanceTo } from '../../../src/engine/clock.js';
import { findCell } from '../../../src/engine/cluster.js';
import { sameDigest } from '../../../src/engine/blocks/digest.js';
import { snapshotDigest } from '../../../src/engine/blocks/snapshots.js';
import { volumeDigest } from '../../../src/engine/blocks/volume.js';
import { abortCopy, activeCopies, BLOCK_BITS, describeCopy, LOCAL_BLOCKS_PER_SEC, startCopy, type CopyRequest } from '../../../src/engine/copy/sessions.js';
import { STEP_EVENT } from '../../../src/engine/copy/job.js';
import { changeLink } from '../../../src/engine/links.js';
import { mountFs } from '../../../src/engine/mount.js';
import { readFile, readFileAt, refreshSnapshotFiles } from '../../../src/engine/files/files.js';
import { createFs, deleteFs } from '../../../src/engine/fs.js';
import type { CopySession, World } from '../../../src/engine/types.js';
import type { NotHeld } from '../../../src/engine/copy/holds.js';
import { parseLab, stringifyLab } from '../../../src/store/lab-store.js';
import { errorLine } from '../../../src/shell/error-table.js';
import { freshShell, refused } from '../../helpers.js';
import { deleteCkpt, fsIn, makeCkpt, op } from './lab.js';

const LINK_RATE = (100 * 1e6) / BLOCK_BITS;
const MB = 2 ** 20;

let world: World;

/** pfs10 with `files` files of 3200 KB (400 blocks each), and a checkpoint of it. */
function withData(files = 5): void {
  for (let i = 0; i < files; i++) op(world, 'cel_pfs', 'pfs10', { op: 'write', path: `/data/f${i}`, bytes: 400 * 8192 });
}

function req(over: Partial<CopyRequest> = {}): CopyRequest {
  return { src: 'pfs10_ckpt1', dst: 'sfs10', dstCel: 'cel_sfs', fromfs: null, qosKbit: 0, convert: true, ...over };
}

const pfsCell = () => findCell(world, 'cel_pfs');
const start = (over: Partial<CopyRequest> = {}): CopySession => startCopy(world, pfsCell(), req(over));

beforeEach(() => {
  world = freshShell().lab.world;
});

describe('progress on the virtual clock', () => {
  it('sends at the link rate after its latency and completes on time', () => {
    withData();
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const t0 = world.clock.now;
    const s = start();
    expect(s).toMatchObject({ name: 'copy_1', mode: 'full', state: 'copying', totalBlocks: 2000, copiedBlocks: 0 });
    advanceTo(world, t0 + 40 + 999);
    expect(s.copiedBlocks).toBe(0);
    advanceTo(world, t0 + 40 + 1000);
    expect(s.copiedBlocks).toBe(Math.floor(LINK_RATE));
    const r = describeCopy(world, s);
    expect(r.percent).toBe(Math.floor((Math.floor(LINK_RATE) * 100) / 2000));
    expect(r.rate).toBeCloseTo(LINK_RATE);
    expect(r.etaMs).toBe(Math.ceil(((2000 - Math.floor(LINK_RATE) - (LINK_RATE % 1)) * 1000) / LINK_RATE));
    const end = t0 + 40 + Math.ceil((2000 * 1000) / LINK_RATE);
    advanceTo(world, end - 1);
    expect(s.state).toBe('copying');
    advanceTo(world, end);
    expect(s).toMatchObject({ state: 'completed', copiedBlocks: 2000, endedAt: end, extents: null });
    expect(describeCopy(world, s).percent).toBe(100);
    expect(world.events.some((e) => e.kind === STEP_EVENT)).toBe(false);
  });

  it('two copies over one link share it: each at half the rate while both run, the second at full once alone', () => {
    withData(10);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const dr = createFs(world, findCell(world, 'cel_sfs'), { name: 'sfs10b', type: 'rawfs', sizeMB: 20480, pool: 'clar_r5_performance' });
    const t0 = world.clock.now;
    const a = start();
    const b = start({ dst: dr.name });
    advanceTo(world, t0 + 40 + 1000);
    expect(a.copiedBlocks).toBe(Math.floor(LINK_RATE / 2));
    expect(b.copiedBlocks).toBe(Math.floor(LINK_RATE / 2));
    expect(describeCopy(world, a).rate).toBeCloseTo(LINK_RATE / 2);
    abortCopy(world, pfsCell(), { name: a.name });
    advanceTo(world, t0 + 40 + 2000);
    expect(b.copiedBlocks).toBe(Math.floor(LINK_RATE / 2 + LINK_RATE));
  });

  it('leaves the destination holding the checkpoint: contents, files, copyOf, uxfs', () => {
    withData(3);
    const ckpt = makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    // Changes after the checkpoint are not copied.
    op(world, 'cel_pfs', 'pfs10', { op: 'write', path: '/data/f0', bytes: 8192 });
    op(world, 'cel_pfs', 'pfs10', { op: 'write', path: '/later', bytes: 8192 });
    const s = start();
    advanceBy(world, 10_000);
    expect(s.state).toBe('completed');
    const pfs = fsIn(world, 'cel_pfs', 'pfs10');
    const dst = fsIn(world, 'cel_sfs', 'sfs10');
    expect(dst.type).toBe('uxfs');
    expect(dst.copyOf).toEqual({ cel: 'cel_pfs', fsId: pfs.id, fs: 'pfs10', ckptId: ckpt.id, ckpt: 'pfs10_ckpt1', createdAt: ckpt.createdAt });
    expect(sameDigest(volumeDigest(dst.contents!.volume), snapshotDigest(pfs.contents!.volume, ckpt.id))).toBe(true);
    const f0 = readFile(dst.contents!.files, dst.contents!.volume, '/data/f0');
    expect(f0).toEqual(readFileAt(pfs.contents!.files, pfs.contents!.volume, ckpt.id, '/data/f0'));
    expect(f0.length).toBe(400);
    expect(() => readFile(dst.contents!.files, dst.contents!.volume, '/later')).toThrow();
    expect(dst.usedMB).toBe(Math.ceil((3 * 400) / 128));
  });

  it('qos caps the rate; a copy within a cell runs at the local rate', () => {
    withData(1);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const capped = start({ qosKbit: 8192 });
    advanceBy(world, 40 + 1000);
    expect(capped.copiedBlocks).toBe(125);
    abortCopy(world, pfsCell(), { name: capped.name });
    createFs(world, pfsCell(), { name: 'pfs10_local', type: 'rawfs', sizeMB: 20480, pool: 'clar_r5_performance' });
    expect(LOCAL_BLOCKS_PER_SEC).toBe((200 * MB) / 8192);
    const local = start({ dst: 'pfs10_local', dstCel: null });
    expect(describeCopy(world, local).rate).toBe(LOCAL_BLOCKS_PER_SEC);
    advanceBy(world, Math.ceil((400 * 1000) / LOCAL_BLOCKS_PER_SEC));
    expect(local.state).toBe('completed');
    expect(local.dst).toEqual({ cel: 'cel_pfs', fsId: fsIn(world, 'cel_pfs', 'pfs10_local').id, fs: 'pfs10_local' });
  });

  it('a source with nothing in use completes at once, after the latency', () => {
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const s = start();
    expect(s.totalBlocks).toBe(0);
    advanceBy(world, 40);
    expect(s.state).toBe('completed');
    expect(fsIn(world, 'cel_sfs', 'sfs10').type).toBe('uxfs');
  });

  it('copies a file system that is not mounted, and convert=no keeps a rawfs', () => {
    withData(2);
    const pfs = fsIn(world, 'cel_pfs', 'pfs10');
    const server2 = findCell(world, 'cel_pfs').movers.find((m) => m.name === 'server_2')!;
    server2.mounts = server2.mounts.filter((m) => m.fsId !== pfs.id);
    const s = start({ src: 'pfs10', convert: false });
    advanceBy(world, 5000);
    expect(s.state).toBe('completed');
    const dst = fsIn(world, 'cel_sfs', 'sfs10');
    expect(dst.type).toBe('rawfs');
    expect(dst.copyOf).toMatchObject({ fs: 'pfs10', ckptId: null, ckpt: null, createdAt: s.startedAt });
    expect(sameDigest(volumeDigest(dst.contents!.volume), volumeDigest(pfs.contents!.volume))).toBe(true);
  });
});

describe('the link', () => {
  it('a link down stalls the copy, which goes on where it was once the link is up', () => {
    withData();
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const s = start();
    advanceBy(world, 1040);
    const sent = s.copiedBlocks;
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    advanceBy(world, 1000);
    expect(s.state).toBe('stalled');
    expect(describeCopy(world, s)).toMatchObject({ rate: 0, etaMs: null });
    advanceBy(world, 60_000);
    expect(s).toMatchObject({ state: 'stalled', copiedBlocks: sent });
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: true });
    // The next step finds the link up and starts again from then: the 475 blocks left take 312 ms more.
    const back = world.events.find((e) => e.kind === STEP_EVENT)!.at;
    advanceTo(world, back);
    expect(s).toMatchObject({ state: 'copying', copiedBlocks: sent });
    advanceTo(world, back + Math.ceil(((2000 - sent) * 1000) / LINK_RATE) - 1);
    expect(s.state).toBe('copying');
    advanceBy(world, 1);
    expect(s.state).toBe('completed');
    const log = findCell(world, 'cel_pfs')
      .movers.find((m) => m.name === 'server_2')!
      .log.map((e) => e.msg);
    expect(log.filter((m) => m.startsWith('fscopy_'))).toEqual(['fscopy_started', 'fscopy_stalled', 'fscopy_resumed', 'fscopy_completed']);
    const dstLog = findCell(world, 'cel_sfs')
      .movers.find((m) => m.name === 'server_2')!
      .log.map((e) => e.msg);
    expect(dstLog.filter((m) => m.startsWith('fscopy_'))).toEqual(['fscopy_started', 'fscopy_stalled', 'fscopy_resumed', 'fscopy_completed']);
  });

  it('a slower link slows the next steps', () => {
    withData(10);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const s = start();
    advanceBy(world, 1040);
    const first = s.copiedBlocks;
    changeLink(world, 'cel_pfs', 'cel_sfs', { bandwidthMbit: 10 });
    advanceBy(world, 1000);
    expect(s.copiedBlocks - first).toBe(Math.floor(LINK_RATE / 10 + (LINK_RATE % 1)));
  });
});

describe('abort and failures', () => {
  beforeEach(() => {
    withData();
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
  });

  it('abort leaves a partial destination that holds no version, and is refused once ended', () => {
    const first = start();
    advanceBy(world, 3000);
    expect(first.state).toBe('completed');
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt2');
    withData();
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt3');
    const s = start({ src: 'pfs10_ckpt3', fromfs: 'pfs10_ckpt1' });
    expect(s.totalBlocks).toBe(2000);
    advanceBy(world, 40 + 1000);
    expect(s.copiedBlocks).toBeGreaterThan(0);
    abortCopy(world, findCell(world, 'cel_sfs'), { id: String(s.id) });
    expect(s).toMatchObject({ state: 'aborted', extents: null, endedAt: world.clock.now });
    const dst = fsIn(world, 'cel_sfs', 'sfs10');
    expect(dst.copyOf).toBeNull();
    expect(world.events.some((e) => e.kind === STEP_EVENT)).toBe(false);
    const copied = s.copiedBlocks;
    advanceBy(world, 10_000);
    expect(s.copiedBlocks).toBe(copied);
    refused(world, 'copy_ended', () => abortCopy(world, pfsCell(), { name: s.name }));
    refused(world, 'copy_base_mismatch', () => start({ src: 'pfs10_ckpt3', fromfs: 'pfs10_ckpt1' }));
  });

  it('a session ended before its first block leaves the destination holding its version', () => {
    const first = start();
    advanceBy(world, 3000);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt2');
    const before = { ...fsIn(world, 'cel_sfs', 'sfs10').copyOf! };
    const s = start({ src: 'pfs10_ckpt2', fromfs: 'pfs10_ckpt1' });
    expect(first.state).toBe('completed');
    abortCopy(world, pfsCell(), { name: s.name });
    expect(fsIn(world, 'cel_sfs', 'sfs10').copyOf).toEqual(before);
  });

  it('the source checkpoint deleted mid-copy fails the session, logged at both ends', () => {
    const s = start();
    advanceBy(world, 1040);
    deleteCkpt(world, 'cel_pfs', 'pfs10_ckpt1');
    advanceBy(world, 1000);
    expect(s).toMatchObject({ state: 'failed', failure: 'source_deleted', extents: null });
    expect(fsIn(world, 'cel_sfs', 'sfs10')).toMatchObject({ type: 'rawfs', copyOf: null });
    for (const cel of ['cel_pfs', 'cel_sfs']) {
      const entry = findCell(world, cel)
        .movers.find((m) => m.name === 'server_2')!
        .log.at(-1)!;
      expect(entry).toMatchObject({ facility: 'FSCOPY', severity: 3, msg: 'fscopy_failed', data: { session: 'copy_1', reason: 'source_deleted' } });
    }
  });

  it('a refreshed source checkpoint fails the session', () => {
    const s = start();
    advanceBy(world, 1040);
    const pfs = fsIn(world, 'cel_pfs', 'pfs10');
    refreshSnapshotFiles(pfs.contents!.files, pfs.contents!.volume, fsIn(world, 'cel_pfs', 'pfs10_ckpt1').id, world.clock.now);
    advanceBy(world, 1000);
    expect(s).toMatchObject({ state: 'failed', failure: 'source_refreshed' });
  });

  it('the destination mounted read-write mid-copy fails the session', () => {
    const s = start();
    const cell = findCell(world, 'cel_sfs');
    const mover = cell.movers.find((m) => m.name === 'server_2')!;
    mover.mountpoints.push('/sfs10');
    mountFs(world, cell, mover, { fs: fsIn(world, 'cel_sfs', 'sfs10'), path: '/sfs10', ro: false });
    advanceBy(world, 2000);
    expect(s).toMatchObject({ state: 'failed', failure: 'destination_mounted_rw', copiedBlocks: 0 });
  });

  it('the destination deleted mid-copy fails the session', () => {
    const s = start();
    advanceBy(world, 1040);
    const cell = findCell(world, 'cel_sfs');
    cell.fileSystems = cell.fileSystems.filter((f) => f.name !== 'sfs10');
    advanceBy(world, 1000);
    expect(s).toMatchObject({ state: 'failed', failure: 'destination_deleted' });
    expect(
      findCell(world, 'cel_sfs')
        .movers.find((m) => m.name === 'server_2')!
        .log.at(-1)!.data,
    ).toMatchObject({ reason: 'destination_deleted', dst: 'sfs10' });
  });

  it('a file system source changed mid-copy fails the session', () => {
    const pfs = fsIn(world, 'cel_pfs', 'pfs10');
    for (const m of pfsCell().movers) m.mounts = m.mounts.filter((x) => x.fsId !== pfs.id && x.path !== '/pfs10_ckpt1');
    const s = start({ src: 'pfs10' });
    advanceBy(world, 1040);
    op(world, 'cel_pfs', 'pfs10', { op: 'write', path: '/data/f0', bytes: 8192 });
    advanceBy(world, 1000);
    expect(s).toMatchObject({ state: 'failed', failure: 'source_changed' });
    expect(fsIn(world, 'cel_sfs', 'sfs10').copyOf).toBeNull();
  });

  it('a file system source mounted read-write mid-copy fails the session', () => {
    const pfs = fsIn(world, 'cel_pfs', 'pfs10');
    const server2 = pfsCell().movers.find((m) => m.name === 'server_2')!;
    const entry = server2.mounts.find((m) => m.fsId === pfs.id)!;
    entry.ro = true;
    const s = start({ src: 'pfs10' });
    entry.ro = false;
    advanceBy(world, 2000);
    expect(s).toMatchObject({ state: 'failed', failure: 'source_mounted_rw' });
  });
});

describe('a session in a saved lab', () => {
  it('survives a save and a load mid-copy and ends the same', () => {
    withData();
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const shell = freshShell();
    shell.lab.world = world;
    start();
    advanceBy(world, 1040);
    const loaded = parseLab(stringifyLab(shell.lab), 'mid-copy.json').world;
    expect(loaded.copies[0]!.extents).toBeInstanceOf(Uint32Array);
    expect(loaded.copies[0]!.extents).toEqual(world.copies[0]!.extents);
    advanceBy(world, 5000);
    advanceBy(loaded, 5000);
    expect(loaded.copies[0]).toEqual(world.copies[0]);
    const a = fsIn(world, 'cel_sfs', 'sfs10').contents!.volume;
    const b = fsIn(loaded, 'cel_sfs', 'sfs10').contents!.volume;
    expect(sameDigest(volumeDigest(a), volumeDigest(b))).toBe(true);
    expect(activeCopies(loaded, findCell(loaded, 'cel_sfs'))).toEqual([]);
  });
});

describe('refusals leave the world byte-identical', () => {
  beforeEach(() => {
    withData(2);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    op(world, 'cel_pfs', 'pfs10', { op: 'write', path: '/data/f9', bytes: 8192 });
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt2');
    makeCkpt(world, 'cel_pfs', 'pfs11', 'pfs11_ckpt1');
  });

  it('names that do not resolve', () => {
    refused(world, 'fs_not_found', () => start({ src: 'nope' }));
    refused(world, 'fs_not_found', () => start({ dst: 'nope' }));
    refused(world, 'fs_not_found', () => start({ fromfs: 'nope' }));
    refused(world, 'cel_not_found', () => start({ dstCel: 'cel_x' }));
    refused(world, 'fs_system', () => start({ src: 'root_fs_2' }));
    refused(world, 'fs_system', () => start({ dst: 'root_fs_2' }));
  });

  it('the link', () => {
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    expect(refused(world, 'cel_unreachable', () => start()).data.why).toBe('down');
    world.links = [];
    expect(refused(world, 'cel_unreachable', () => start()).data.why).toBe('none');
  });

  it('the source and -fromfs', () => {
    expect(refused(world, 'copy_source_rw', () => start({ src: 'pfs10' })).data).toEqual({ fs: 'pfs10', on: 'server_2' });
    refused(world, 'not_a_ckpt', () => start({ src: 'pfs10_ckpt2', fromfs: 'pfs10' }));
    refused(world, 'not_a_ckpt', () => start({ src: 'pfs10', fromfs: 'pfs10_ckpt1' }));
    refused(world, 'copy_other_pfs', () => start({ src: 'pfs10_ckpt2', fromfs: 'pfs11_ckpt1' }));
    expect(refused(world, 'ckpt_not_younger', () => start({ src: 'pfs10_ckpt1', fromfs: 'pfs10_ckpt2' })).data).toEqual({ from: 'pfs10_ckpt2', to: 'pfs10_ckpt1' });
    refused(world, 'ckpt_not_younger', () => start({ src: 'pfs10_ckpt1', fromfs: 'pfs10_ckpt1' }));
  });

  it('the destination', () => {
    refused(world, 'copy_same_fs', () => start({ dst: 'pfs10', dstCel: null }));
    refused(world, 'copy_dst_type', () => start({ dst: 'pfs11', dstCel: null }));
    refused(world, 'copy_dst_type', () => start({ dst: 'pfs11_ckpt1', dstCel: null, src: 'pfs10_ckpt2', fromfs: 'pfs10_ckpt1' }));
    refused(world, 'copy_dst_size', () => start({ dst: 'dr_home' }));
    const cell = findCell(world, 'cel_sfs');
    const mover = cell.movers.find((m) => m.name === 'server_3')!;
    mover.mountpoints.push('/sfs10');
    mountFs(world, cell, mover, { fs: fsIn(world, 'cel_sfs', 'sfs10'), path: '/sfs10', ro: false });
    expect(refused(world, 'copy_dst_rw', () => start()).data).toEqual({ fs: 'sfs10', on: 'server_3' });
  });

  it('a destination in use or not holding -fromfs', () => {
    expect(refused(world, 'copy_base_mismatch', () => start({ src: 'pfs10_ckpt2', fromfs: 'pfs10_ckpt1' })).data).toMatchObject({ why: 'none' });
    const s = start();
    expect(refused(world, 'copy_dst_busy', () => start({ src: 'pfs10_ckpt2' })).data).toEqual({ fs: 'sfs10', session: s.name });
    advanceBy(world, 5000);
    expect(s.state).toBe('completed');
    // Now a uxfs holding ckpt1: no full copy onto it, no differential from another base.
    refused(world, 'copy_dst_type', () => start({ src: 'pfs10_ckpt2' }));
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt3');
    expect(refused(world, 'copy_base_mismatch', () => start({ src: 'pfs10_ckpt3', fromfs: 'pfs10_ckpt2' })).data).toMatchObject({ why: 'other', holds: 'pfs10_ckpt1' });
    // A copy changed after it was made no longer holds its checkpoint, whatever copyOf says.
    const dst = fsIn(world, 'cel_sfs', 'sfs10');
    op(world, 'cel_sfs', 'sfs10', { op: 'write', path: '/data/f0', bytes: 8192 });
    expect(dst.copyOf).not.toBeNull();
    expect(refused(world, 'copy_base_mismatch', () => start({ src: 'pfs10_ckpt2', fromfs: 'pfs10_ckpt1' })).data).toMatchObject({ why: 'changed', holds: 'pfs10_ckpt1' });
    refused(world, 'copy_not_found', () => abortCopy(world, pfsCell(), { name: 'copy_9' }));
    refused(world, 'copy_not_found', () => abortCopy(world, pfsCell(), { id: 'x' }));
  });

  it('a rawfs that holds no file system as the source', () => {
    const raw = (name: string) => createFs(world, pfsCell(), { name, type: 'rawfs', sizeMB: 100, pool: 'clar_r5_performance' });
    raw('r1');
    raw('r2');
    expect(refused(world, 'copy_source_empty', () => start({ src: 'r1', dst: 'r2', dstCel: null })).data).toEqual({ fs: 'r1' });
    expect(errorLine('copy_source_empty', { fs: 'r1' })).toBe('Error 3105: r1 : is a rawfs holding no file system; there is nothing to copy');
  });

  it('a destination holding -fromfs as it was before a refresh, and each reason worded', () => {
    const s = start();
    advanceBy(world, 5000);
    expect(s.state).toBe('completed');
    const pfs = fsIn(world, 'cel_pfs', 'pfs10');
    refreshSnapshotFiles(pfs.contents!.files, pfs.contents!.volume, fsIn(world, 'cel_pfs', 'pfs10_ckpt1').id, world.clock.now);
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt3');
    const e = refused(world, 'copy_base_mismatch', () => start({ src: 'pfs10_ckpt3', fromfs: 'pfs10_ckpt1' }));
    expect(e.data).toEqual({ fs: 'sfs10', ckpt: 'pfs10_ckpt1', why: 'refreshed', holds: 'pfs10_ckpt1' });
    const line = (why: NotHeld) => errorLine('copy_base_mismatch', { fs: 'sfs10', ckpt: 'pfs10_ckpt1', why, holds: 'pfs10_ckpt0:cel_x' });
    expect(line('refreshed')).toBe('Error 22: sfs10 : does not hold pfs10_ckpt1 (it holds pfs10_ckpt0:cel_x as it was before a refresh)');
    expect(line('other')).toBe('Error 22: sfs10 : does not hold pfs10_ckpt1 (it holds pfs10_ckpt0:cel_x)');
    expect(line('changed')).toBe('Error 22: sfs10 : does not hold pfs10_ckpt1 (it has changed since it was copied)');
    expect(line('none')).toBe('Error 22: sfs10 : does not hold pfs10_ckpt1 (it holds no copy)');
  });

  it('nas_fs -delete of either end of a running session, until it ends', () => {
    const s = start();
    const cell = pfsCell();
    const ckpt = fsIn(world, 'cel_pfs', 'pfs10_ckpt1');
    for (const m of cell.movers) m.mounts = m.mounts.filter((x) => x.fsId !== ckpt.id);
    expect(refused(world, 'copy_src_busy', () => deleteFs(world, cell, ckpt)).data).toEqual({ fs: 'pfs10_ckpt1', session: s.name });
    const sfs = findCell(world, 'cel_sfs');
    expect(refused(world, 'copy_dst_busy', () => deleteFs(world, sfs, fsIn(world, 'cel_sfs', 'sfs10'))).data).toEqual({ fs: 'sfs10', session: s.name });
    advanceBy(world, 5000);
    expect(s.state).toBe('completed');
    deleteFs(world, cell, ckpt);
    deleteFs(world, sfs, fsIn(world, 'cel_sfs', 'sfs10'));
    expect(cell.fileSystems.some((f) => f.name === 'pfs10_ckpt1')).toBe(false);
  });
});
