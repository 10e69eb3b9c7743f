// VDMs through the engine, case by case: the configuration lives in the root file system (it
// is copied with it and versioned by its checkpoints), a load is partial when a file system is
// unavailable and refused whole on a conflict, a move keeps the configuration and takes the
// interfaces by name, a refusal changes nothing, and the usermapper hands out ids as a plain
// map would.
import { describe, expect, it } from 'vitest';
import { findCell, findFs, findMover } from '../../../src/engine/cluster.js';
import { lookup, parsePath } from '../../../src/engine/files/tree.js';
import { mapUser } from '../../../src/engine/cifs/usermap.js';
import { configIn, emptyConfig, readConfig, VDM_CONFIG, vdmServer } from '../../../src/engine/vdm/config.js';
import { createVdm, findVdm, loadVdm, moveVdm, unloadVdm } from '../../../src/engine/vdm/index.js';
import { serverMount } from '../../../src/engine/vdm/server-mount.js';
import { mulberry32 } from '../../../src/engine/random.js';
import { freshShell, refused, run } from '../../helpers.js';

function lab() {
  const shell = freshShell();
  const ok = (line: string) => {
    const r = run(shell, line);
    expect(r.status, `${line}\n${r.text}`).toBe(0);
    return r.text;
  };
  ok('server_ifconfig server_2 -create -Device cge1 -name v_if -protocol IP 10.1.1.50 255.255.255.0 10.1.1.255');
  ok('nas_fs -name d1 -create size=64M pool=clar_r5_performance');
  ok('nas_fs -name d2 -create size=64M pool=clar_r5_performance');
  const world = shell.lab.world;
  const cell = findCell(world, 'cel_pfs');
  return { shell, ok, world, cell };
}

describe('a VDM configuration in its root file system', () => {
  it('is a file of the root, whose checkpoint keeps the configuration of its point in time', () => {
    const { ok, cell } = lab();
    ok('nas_server -name v1 -type vdm -create server_2');
    ok('server_cifs v1 -add compname=v1a,domain=corp.local,interface=v_if');
    const root = findFs(cell, 'root_fs_vdm_v1');
    expect(configIn(root, VDM_CONFIG)?.cifs.map((c) => c.netbios)).toEqual(['V1A']);
    ok('fs_ckpt root_fs_vdm_v1 -name v1_ckpt -Create');
    ok('server_cifs v1 -delete compname=v1a');
    expect(configIn(root, VDM_CONFIG)?.cifs).toEqual([]);
    // The checkpoint's tree still holds the file as it was.
    const files = root.contents!.files;
    const ckpt = findFs(cell, 'v1_ckpt');
    const old = lookup(files.versions.get(ckpt.id)!, parsePath(VDM_CONFIG), VDM_CONFIG);
    expect(old?.kind === 'file' && (old.data as ReturnType<typeof emptyConfig>).cifs.map((c) => c.netbios)).toEqual(['V1A']);
    // The file takes the blocks its data needs, as any file does.
    expect(old?.kind === 'file' && old.size).toBeGreaterThan(0);
  });

  it('reads as the empty configuration before anything is written', () => {
    const { world, cell } = lab();
    const r = createVdm(world, cell, { name: 'v2', mover: 'server_2', state: 'loaded', pool: null, rootFs: null });
    expect(readConfig(cell, vdmServer(r.vdm))).toEqual(emptyConfig());
  });
});

describe('loading', () => {
  it('is refused whole on a conflict and changes nothing', () => {
    const { ok, world, cell } = lab();
    ok('nas_server -name v1 -type vdm -create server_2');
    ok('server_mount v1 d1');
    ok('server_mount v1 d2');
    ok('nas_server -vdm v1 -setstate permunloaded');
    // d2 in a data mover's table meanwhile (the commands refuse that, a hand-edited lab need not): the VDM cannot take it back.
    findMover(cell, 'server_3').mountpoints.push('/d2');
    findMover(cell, 'server_3').mounts.push({ fsId: findFs(cell, 'd2').id, path: '/d2', ro: false, mounted: true, accessPolicy: null, lock: null, flags: [] });
    const vdm = findVdm(cell, 'v1');
    const e = refused(world, 'vdm_mount_conflict', () => loadVdm(world, cell, vdm, null, 'loaded'));
    expect(e.data).toMatchObject({ fs: 'd2', why: 'rw_elsewhere', other: 'server_3' });
  });

  it('is partial when a file system is unavailable: the rest is mounted and the missing one reported', () => {
    const { ok, world, cell } = lab();
    ok('nas_server -name v1 -type vdm -create server_2');
    ok('server_mount v1 d1');
    ok('server_mount v1 d2');
    ok('nas_server -vdm v1 -setstate tempunloaded');
    findFs(cell, 'd2').replLock = { why: 'destination', peer: 'x:cel_sfs' };
    const r = loadVdm(world, cell, findVdm(cell, 'v1'), null, 'loaded');
    expect(r.mounted).toEqual([{ fs: 'd1', path: '/d1' }]);
    expect(r.unavailable).toEqual([{ fs: 'd2', path: '/d2', why: 'protected' }]);
    expect(findMover(cell, 'server_2').mounts.map((m) => m.path)).toContain('/root_vdm_1/d1');
    expect(findMover(cell, 'server_2').mounts.map((m) => m.path)).not.toContain('/root_vdm_1/d2');
  });
});

describe('moving', () => {
  it('keeps the configuration and takes the interfaces of the same name on the target', () => {
    const { ok, world, cell } = lab();
    ok('server_ifconfig server_3 -create -Device cge1 -name v_if -protocol IP 10.1.1.51 255.255.255.0 10.1.1.255');
    ok('nas_server -name v1 -type vdm -create server_2');
    ok('server_cifs v1 -add compname=v1a,domain=corp.local,interface=v_if');
    ok('server_mount v1 d1');
    const before = readConfig(cell, vdmServer(findVdm(cell, 'v1')));
    const r = moveVdm(world, cell, findVdm(cell, 'v1'), 'server_3');
    expect(r.interfaces).toEqual([]);
    const vdm = findVdm(cell, 'v1');
    expect([vdm.mover, vdm.taken]).toEqual(['server_3', ['v_if']]);
    expect(readConfig(cell, vdmServer(vdm))).toEqual(before);
    expect(findMover(cell, 'server_2').mounts.some((m) => m.path.startsWith('/root_vdm_1'))).toBe(false);
    expect(
      findMover(cell, 'server_3')
        .mounts.filter((m) => m.path.startsWith('/root_vdm_1'))
        .map((m) => m.path),
    ).toEqual(['/root_vdm_1/.etc', '/root_vdm_1/d1']);
  });

  it('is refused when another VDM uses one of its interfaces there, and changes nothing', () => {
    const { ok, world, cell } = lab();
    ok('server_ifconfig server_3 -create -Device cge1 -name v_if -protocol IP 10.1.1.51 255.255.255.0 10.1.1.255');
    ok('nas_server -name v1 -type vdm -create server_2');
    ok('nas_server -vdm v1 -attach v_if');
    ok('nas_server -name v2 -type vdm -create server_3');
    ok('nas_server -vdm v2 -attach v_if');
    refused(world, 'vdm_if_in_use', () => moveVdm(world, cell, findVdm(cell, 'v1'), 'server_3'));
  });

  it('an unload of a VDM that is on no data mover only changes its state', () => {
    const { ok, world, cell } = lab();
    ok('nas_server -name v1 -type vdm -create server_2');
    unloadVdm(world, cell, findVdm(cell, 'v1'), 'tempunloaded');
    expect(unloadVdm(world, cell, findVdm(cell, 'v1'), 'permunloaded').vdm.state).toBe('permunloaded');
    refused(world, 'vdm_state', () => unloadVdm(world, cell, findVdm(cell, 'v1'), 'permunloaded'));
    refused(world, 'vdm_not_loaded', () => serverMount(world, cell, vdmServer(findVdm(cell, 'v1')), { fs: findFs(cell, 'd1'), path: null, ro: null, settings: null }));
  });
});

describe('the usermapper', () => {
  it('gives each user one UID for good, counting up from 32768, as a plain map would', () => {
    const { cell } = lab();
    const rand = mulberry32(7);
    const oracle = new Map<string, number>();
    let next = 32768;
    const cfgs = [emptyConfig(), emptyConfig()];
    for (let i = 0; i < 300; i++) {
      const user = `u${Math.floor(rand() * 40)}`;
      const cfg = cfgs[Math.floor(rand() * 2)]!;
      const m = mapUser(cell, cfg, 'CORP', user, 'server_2');
      if (!oracle.has(user)) oracle.set(user, next++);
      expect(m.uid).toBe(oracle.get(user));
      expect(m.gid).toBe(cell.usermapper.groups[0]!.gid);
    }
    // Each server cached every user it asked for, once.
    for (const cfg of cfgs) expect(new Set(cfg.usermap.map((u) => u.user)).size).toBe(cfg.usermap.length);
    expect(cell.usermapper.users.length).toBe(oracle.size);
  });

  it('serves a cached mapping without the usermapper, and refuses a new user without it', () => {
    const { ok, cell } = lab();
    const cfg = emptyConfig();
    mapUser(cell, cfg, 'CORP', 'alice', 'server_2');
    ok('server_usermapper server_2 -disable');
    expect(mapUser(cell, cfg, 'CORP', 'ALICE', 'server_2').uid).toBe(32768);
    expect(() => mapUser(cell, cfg, 'CORP', 'bob', 'server_2')).toThrow(expect.objectContaining({ code: 'usermapper_disabled' }));
  });
});
