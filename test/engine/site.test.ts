// Sites and data movers going down and coming back (src/engine/site.ts): a disaster and a
// repair, a crash and a reboot on the virtual clock, the listeners told after each change,
// mounts kept down and remounted at boot, the network refusing a site that is down, fs_copy
// sessions stalling and resuming, a reboot surviving a save and a load, and every refusal
// leaving the world byte-identical.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { advanceBy, advanceTo } from '../../src/engine/clock.js';
import { findCell, findMover } from '../../src/engine/cluster.js';
import { describeCopy, startCopy, type CopyRequest } from '../../src/engine/copy/sessions.js';
import { copyInfoBlock } from '../../src/render/copy-progress.js';
import { STEP_EVENT } from '../../src/engine/copy/job.js';
import { changeLink, reachableCell } from '../../src/engine/links.js';
import { createMountpoint, mountFs, sharingViolations, umountFs } from '../../src/engine/mount.js';
import { createFs } from '../../src/engine/fs.js';
import { BOOT_EVENT, BOOT_MS, bootDueAt, cellUp, crashMover, moverServing, rebootMover, siteDisaster, siteRepair, type SiteChange } from '../../src/engine/site.js';
import type { World } from '../../src/engine/types.js';
import { parseLab, stringifyLab } from '../../src/store/lab-store.js';
import { errorLine } from '../../src/shell/error-table.js';
import { logText } from '../../src/render/log-messages.js';
import { freshShell, refused } from '../helpers.js';
import { actualWiring } from '../wiring-seam.js';
import { tellSiteChange } from '../../src/engine/wiring.js';
import { fsIn, makeCkpt, op } from './copy/lab.js';

let world: World;
/** What the listeners were told since the test began. */
let heard: SiteChange[];
const told = { world: null as World | null, changes: [] as SiteChange[] };
vi.mocked(tellSiteChange).mockImplementation((w, change) => {
  if (w === told.world) told.changes.push(change);
  actualWiring.tellSiteChange(w, change);
});

// The listeners of wiring.ts are told as ever; the test reads what they were told about its world.
vi.mock('../../src/engine/wiring.js', { spy: true });

const pfs = () => findCell(world, 'cel_pfs');
const sfs = () => findCell(world, 'cel_sfs');
const mover = (cel: string, name: string) => findMover(findCell(world, cel), name);

beforeEach(() => {
  world = freshShell().lab.world;
  told.world = world;
  heard = told.changes = [];
});

describe('a site disaster and its repair', () => {
  it('takes the Control Station and every data mover down, and tells listeners once', () => {
    siteDisaster(world, sfs(), true);
    expect(cellUp(sfs())).toBe(false);
    expect(sfs().down).toBe(true);
    expect(sfs().movers.map((m) => m.status)).toEqual(['offline', 'offline', 'offline']);
    expect(moverServing(sfs(), 'server_2')).toBe(false);
    expect(heard).toEqual([{ kind: 'cell_down', cel: 'cel_sfs', loseSavvol: true }]);
    // The other site is untouched.
    expect(cellUp(pfs())).toBe(true);
    expect(moverServing(pfs(), mover('cel_pfs', 'server_2'))).toBe(true);
    // The movers keep their mount tables while down.
    expect(mover('cel_sfs', 'server_2').mounts.every((m) => m.mounted)).toBe(true);
    expect(mover('cel_sfs', 'server_2').log.at(-1)).toMatchObject({ facility: 'KERNEL', msg: 'dart_halted', data: { why: 'site' } });
  });

  it('makes the site unreachable over a link that is up, and refuses a second disaster unchanged', () => {
    siteDisaster(world, sfs(), false);
    const e = refused(world, 'cel_unreachable', () => reachableCell(world, pfs(), 'cel_sfs'));
    expect(e.data).toEqual({ name: 'cel_sfs', why: 'site_down' });
    expect(errorLine(e.code, e.data)).toBe('Error 4000: cel_sfs : unable to connect to host (the site is down)');
    // A link that is down is said first: nothing tells the far side's state through it.
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    expect(refused(world, 'cel_unreachable', () => reachableCell(world, pfs(), 'cel_sfs')).data.why).toBe('down');
    refused(world, 'site_down', () => siteDisaster(world, sfs(), false));
    refused(world, 'site_down', () => crashMover(world, sfs(), mover('cel_sfs', 'server_2')));
    refused(world, 'site_down', () => rebootMover(world, sfs(), mover('cel_sfs', 'server_2')));
    expect(heard).toHaveLength(1);
  });

  it('a repair boots every mover now: status, boot time, log, mounts; listeners hear cell_up', () => {
    const pfs11 = fsIn(world, 'cel_pfs', 'pfs11');
    umountFs(world, pfs(), mover('cel_pfs', 'server_2'), '/pfs11', false);
    advanceBy(world, 60_000);
    siteDisaster(world, pfs(), false);
    advanceBy(world, 3600_000);
    const booted = siteRepair(world, pfs());
    const now = world.clock.now;
    expect(booted.map((m) => m.name)).toEqual(['server_2', 'server_3', 'server_4']);
    expect(cellUp(pfs())).toBe(true);
    expect('down' in pfs()).toBe(false);
    for (const m of pfs().movers) expect(m).toMatchObject({ status: 'online', bootedAt: now });
    const s2 = mover('cel_pfs', 'server_2');
    // Every entry of the table is mounted again, the one `-temp` left unmounted included.
    expect(s2.mounts.map((m) => [m.path, m.mounted])).toEqual([
      ['/', true],
      ['/.etc_common', true],
      ['/pfs10', true],
      ['/pfs11', true],
    ]);
    expect(s2.mounts.find((m) => m.fsId === pfs11.id)!.ro).toBe(false);
    const boot = s2.log.filter((e) => e.at === now);
    expect(boot.map((e) => e.msg)).toEqual(['dart_boot', 'if_up', 'if_up', 'if_up', 'fs_mounted', 'fs_mounted', 'fs_mounted', 'fs_mounted']);
    expect(boot.map(logText)).toEqual([
      'DART T5.6.52.201 started in slot 2',
      'ifnet: el30 on mge0: link is UP',
      'ifnet: el31 on mge1: link is UP',
      'ifnet: 10-1-1-21 on cge0: link is UP',
      'Command succeeded:  mount root_fs_2 / rw',
      'Command succeeded:  mount root_fs_common /.etc_common ro',
      'Command succeeded:  mount pfs10 /pfs10 rw',
      'Command succeeded:  mount pfs11 /pfs11 rw',
    ]);
    expect(heard).toEqual([
      { kind: 'cell_down', cel: 'cel_pfs', loseSavvol: false },
      { kind: 'cell_up', cel: 'cel_pfs' },
    ]);
    expect(sharingViolations(pfs())).toEqual([]);
  });

  it('a repair of a site that is up boots the movers that are down; with none down it is refused', () => {
    refused(world, 'site_up', () => siteRepair(world, pfs()));
    crashMover(world, pfs(), mover('cel_pfs', 'server_3'));
    rebootMover(world, pfs(), mover('cel_pfs', 'server_2'));
    heard = told.changes = [];
    expect(siteRepair(world, pfs()).map((m) => m.name)).toEqual(['server_2', 'server_3']);
    expect(heard).toEqual([
      { kind: 'mover_up', cel: 'cel_pfs', mover: 'server_2' },
      { kind: 'mover_up', cel: 'cel_pfs', mover: 'server_3' },
    ]);
    // The reboot's own boot event went with it.
    expect(world.events.some((e) => e.kind === BOOT_EVENT)).toBe(false);
  });

  it('a disaster cancels a reboot under way; the repair boots that mover with the others', () => {
    rebootMover(world, sfs(), mover('cel_sfs', 'server_3'));
    siteDisaster(world, sfs(), false);
    expect(mover('cel_sfs', 'server_3').status).toBe('offline');
    expect(world.events.some((e) => e.kind === BOOT_EVENT)).toBe(false);
    advanceBy(world, BOOT_MS * 2);
    expect(mover('cel_sfs', 'server_3').status).toBe('offline');
  });
});

describe('a data mover crashing and rebooting', () => {
  it('a crash takes one mover offline until a reboot; its file systems stay its own', () => {
    const s2 = mover('cel_pfs', 'server_2');
    crashMover(world, pfs(), s2);
    expect(s2.status).toBe('offline');
    expect(moverServing(pfs(), s2)).toBe(false);
    expect(cellUp(pfs())).toBe(true);
    expect(heard).toEqual([{ kind: 'mover_down', cel: 'cel_pfs', mover: 'server_2' }]);
    expect(logText(s2.log.at(-1)!)).toBe('DART panic: data mover halted');
    // pfs10 is still in server_2's table, mounted read-write: no other mover can take it.
    refused(world, 'fs_mounted_rw_elsewhere', () => mountFs(world, pfs(), mover('cel_pfs', 'server_3'), { fs: fsIn(world, 'cel_pfs', 'pfs10'), path: '/pfs10', ro: true }));
    const e = refused(world, 'mover_offline', () => crashMover(world, pfs(), s2));
    expect(e.data).toMatchObject({ mover: 'server_2', status: 'offline', cel: 'cel_pfs' });
    // A week later it is still down: only a reboot or a repair brings it back.
    advanceBy(world, 7 * 86400_000);
    expect(s2.status).toBe('offline');
  });

  it('a reboot is down now and online BOOT_MS later, as an event on the clock', () => {
    const s3 = mover('cel_sfs', 'server_3');
    const t0 = world.clock.now;
    expect(BOOT_MS).toBe(180_000);
    expect(rebootMover(world, sfs(), s3)).toBe(t0 + BOOT_MS);
    expect(s3.status).toBe('rebooting');
    expect(moverServing(sfs(), 'server_3')).toBe(false);
    expect(bootDueAt(world, sfs(), s3)).toBe(t0 + BOOT_MS);
    expect(heard).toEqual([{ kind: 'mover_down', cel: 'cel_sfs', mover: 'server_3' }]);
    const e = refused(world, 'mover_offline', () => rebootMover(world, sfs(), s3));
    expect(e.data).toMatchObject({ status: 'rebooting', at: t0 + BOOT_MS });
    advanceTo(world, t0 + BOOT_MS - 1);
    expect(s3.status).toBe('rebooting');
    advanceTo(world, t0 + BOOT_MS);
    expect(s3).toMatchObject({ status: 'online', bootedAt: t0 + BOOT_MS });
    expect(bootDueAt(world, sfs(), s3)).toBeNull();
    expect(heard.at(-1)).toEqual({ kind: 'mover_up', cel: 'cel_sfs', mover: 'server_3' });
    expect(s3.log.filter((e) => e.at === t0).map(logText)).toEqual(['DART shutdown: reboot requested']);
  });

  it('rebooting a crashed mover boots it; crashing a rebooting one stops the boot', () => {
    const s2 = mover('cel_sfs', 'server_2');
    crashMover(world, sfs(), s2);
    rebootMover(world, sfs(), s2);
    // Down already: the reboot tells no one it went down again.
    expect(heard).toEqual([{ kind: 'mover_down', cel: 'cel_sfs', mover: 'server_2' }]);
    crashMover(world, sfs(), s2);
    expect(s2.status).toBe('offline');
    expect(world.events.some((e) => e.kind === BOOT_EVENT)).toBe(false);
    advanceBy(world, BOOT_MS);
    expect(s2.status).toBe('offline');
    rebootMover(world, sfs(), s2);
    advanceBy(world, BOOT_MS);
    expect(s2.status).toBe('online');
  });

  it('an entry whose file system another mover took meanwhile stays unmounted at boot, and the log says why', () => {
    const s2 = mover('cel_pfs', 'server_2');
    const s3 = mover('cel_pfs', 'server_3');
    umountFs(world, pfs(), s2, '/pfs11', false);
    mountFs(world, pfs(), s3, { fs: fsIn(world, 'cel_pfs', 'pfs11'), path: '/pfs11', ro: null });
    rebootMover(world, pfs(), s2);
    advanceBy(world, BOOT_MS);
    expect(s2.status).toBe('online');
    expect(s2.mounts.find((m) => m.path === '/pfs11')!.mounted).toBe(false);
    expect(s2.mounts.find((m) => m.path === '/pfs10')!.mounted).toBe(true);
    expect(logText(s2.log.find((e) => e.msg === 'fs_mount_skipped')!)).toBe('mount pfs11 /pfs11 rw at boot skipped: pfs11 is mounted read-write on server_3');
    expect(sharingViolations(pfs())).toEqual([]);
  });

  it('a checkpoint mounted with its PFS comes back after it', () => {
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    const s2 = mover('cel_pfs', 'server_2');
    const before = s2.mounts.map((m) => [m.path, m.mounted]);
    rebootMover(world, pfs(), s2);
    advanceBy(world, BOOT_MS);
    expect(s2.mounts.map((m) => [m.path, m.mounted])).toEqual(before);
    expect(s2.log.some((e) => e.msg === 'fs_mount_skipped')).toBe(false);
  });

  it('a reboot under way survives a save and a load', () => {
    const doc = freshShell().lab;
    world = doc.world;
    told.world = world;
    rebootMover(world, sfs(), mover('cel_sfs', 'server_2'));
    advanceBy(world, 60_000);
    const loaded = parseLab(stringifyLab(doc), 'rebooting.json');
    world = loaded.world;
    expect(mover('cel_sfs', 'server_2').status).toBe('rebooting');
    advanceBy(world, BOOT_MS - 60_000);
    expect(mover('cel_sfs', 'server_2').status).toBe('online');
  });

  it('a lab with a site down survives a save and a load', () => {
    const doc = freshShell().lab;
    world = doc.world;
    siteDisaster(world, sfs(), false);
    world = parseLab(stringifyLab(doc), 'site-down.json').world;
    expect(cellUp(sfs())).toBe(false);
    siteRepair(world, sfs());
    expect(cellUp(sfs())).toBe(true);
  });
});

describe('fs_copy sessions across a site or a data mover going down', () => {
  function copyToSfs(over: Partial<CopyRequest> = {}) {
    for (let i = 0; i < 5; i++) op(world, 'cel_pfs', 'pfs10', { op: 'write', path: `/data/f${i}`, bytes: 400 * 8192 });
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    return startCopy(world, pfs(), { src: 'pfs10_ckpt1', dst: 'sfs10', dstCel: 'cel_sfs', fromfs: null, qosKbit: 0, convert: true, ...over });
  }

  it('the destination site down stalls the copy, which resumes where it was after the repair', () => {
    const s = copyToSfs();
    advanceBy(world, 1040);
    const sent = s.copiedBlocks;
    expect(sent).toBeGreaterThan(0);
    siteDisaster(world, sfs(), false);
    advanceBy(world, 1000);
    expect(s.state).toBe('stalled');
    advanceBy(world, 600_000);
    expect(s).toMatchObject({ state: 'stalled', copiedBlocks: sent });
    const srcLog = mover('cel_pfs', 'server_2').log;
    expect(logText(srcLog.find((e) => e.msg === 'fscopy_stalled')!)).toBe(`fs_copy copy_1: site cel_sfs is down at block ${sent} of 2000, waiting`);
    // fs_copy -info and the progress bar say why it waits.
    expect(describeCopy(world, s).stall).toEqual({ why: 'site', cel: 'cel_sfs' });
    expect(copyInfoBlock(describeCopy(world, s), 'cel_pfs').find((l) => l.startsWith('time_remaining'))).toMatch(/unknown \(site cel_sfs is down\)$/);
    siteRepair(world, sfs());
    advanceBy(world, 60_000);
    expect(s).toMatchObject({ state: 'completed', copiedBlocks: 2000 });
  });

  it('the data mover serving the source crashing stalls the copy; its reboot lets it go on', () => {
    const s = copyToSfs();
    advanceBy(world, 1040);
    const sent = s.copiedBlocks;
    crashMover(world, pfs(), mover('cel_pfs', 'server_2'));
    advanceBy(world, 30_000);
    expect(s).toMatchObject({ state: 'stalled', copiedBlocks: sent });
    expect(logText(mover('cel_sfs', 'server_2').log.find((e) => e.msg === 'fscopy_stalled')!)).toBe(
      `fs_copy copy_1: data mover server_2 of cel_pfs is down at block ${sent} of 2000, waiting`,
    );
    rebootMover(world, pfs(), mover('cel_pfs', 'server_2'));
    advanceBy(world, BOOT_MS - 1);
    expect(s.state).toBe('stalled');
    advanceBy(world, 60_000);
    expect(s.state).toBe('completed');
  });

  it('a copy within one cell stalls while the mover holding its destination is down', () => {
    const cell = pfs();
    const src = fsIn(world, 'cel_pfs', 'pfs10');
    createFs(world, cell, { name: 'pfs10_copy', type: 'rawfs', sizeMB: { sameAs: 'pfs10' }, pool: 'clar_r5_performance' });
    const s3 = mover('cel_pfs', 'server_3');
    createMountpoint(world, s3, '/pfs10_copy');
    mountFs(world, cell, s3, { fs: fsIn(world, 'cel_pfs', 'pfs10_copy'), path: '/pfs10_copy', ro: true });
    op(world, 'cel_pfs', 'pfs10', { op: 'write', path: '/big', bytes: 64 * 2 ** 20 });
    makeCkpt(world, 'cel_pfs', 'pfs10', 'pfs10_ckpt1');
    crashMover(world, cell, s3);
    const s = startCopy(world, cell, { src: 'pfs10_ckpt1', dst: 'pfs10_copy', dstCel: null, fromfs: null, qosKbit: 0, convert: true });
    advanceBy(world, 10_000);
    expect(s).toMatchObject({ state: 'stalled', copiedBlocks: 0 });
    expect(logText(s3.log.find((e) => e.msg === 'fscopy_stalled')!)).toBe('fs_copy copy_1: data mover server_3 of cel_pfs is down at block 0 of 8192, waiting');
    siteRepair(world, cell);
    advanceBy(world, 10_000);
    expect(s.state).toBe('completed');
    expect(src.contents).not.toBeNull();
  });

  it('a mover down at an end that holds neither file system does not stop the copy', () => {
    const s = copyToSfs();
    crashMover(world, pfs(), mover('cel_pfs', 'server_3'));
    crashMover(world, sfs(), mover('cel_sfs', 'server_3'));
    advanceBy(world, 60_000);
    expect(s.state).toBe('completed');
    expect(world.events.some((e) => e.kind === STEP_EVENT)).toBe(false);
  });
});
