// The client's file operations on the default lab: how host paths resolve to mounts, what
// each operation does, and that each refusal a real NFS client would meet (no mount, a
// read-only mount, a full file system, a server that is down, a rawfs) leaves the world
// byte-identical.
import { beforeEach, describe, expect, it } from 'vitest';
import { createCheckpoint } from '../../../src/engine/ckpt.js';
import { clientDf, clientList, clientMkdir, clientRead, clientRemove, clientRmdir, clientVerify, clientWrite } from '../../../src/engine/client/io.js';
import { resolveHost, servedMounts } from '../../../src/engine/client/resolve.js';
import { findCell, findFs, findMover } from '../../../src/engine/cluster.js';
import { mountFs, umountFs } from '../../../src/engine/mount.js';
import type { Cell, World } from '../../../src/engine/types.js';
import { freshShell, refused } from '../../helpers.js';

let world: World;
let cell: Cell;

beforeEach(() => {
  world = freshShell().lab.world;
  cell = findCell(world, 'cel_pfs');
});

const MB = 2 ** 20;
const write = (path: string, bytes: number, server: string | null = null) => clientWrite(world, cell, { path, bytes, append: false, server });
const append = (path: string, bytes: number) => clientWrite(world, cell, { path, bytes, append: true, server: null });
const read = (path: string, server: string | null = null) => clientRead(world, cell, { path, server });
const mover = (name: string) => findMover(cell, name);

describe('host paths', () => {
  it('are served by primaries only, system file systems left out', () => {
    expect(servedMounts(cell).map((s) => `${s.mover.name}:${s.mount.path}`)).toEqual(['server_2:/pfs10', 'server_2:/pfs11', 'server_3:/home']);
  });

  it('resolve to the longest matching mount, the path in the fs after it', () => {
    const t = resolveHost(cell, '/pfs10//reports/./q3/../q3.xls');
    expect(t.kind === 'mount' && [t.host, t.served.fs.name, t.fsPath]).toEqual(['/pfs10/reports/q3.xls', 'pfs10', '/reports/q3.xls']);
    mountFs(world, cell, mover('server_3'), { fs: findFs(cell, 'scratch'), path: '/home/scratch', ro: false });
    const n = resolveHost(cell, '/home/scratch/x');
    expect(n.kind === 'mount' && [n.served.fs.name, n.fsPath]).toEqual(['scratch', '/x']);
    const h = resolveHost(cell, '/home/scratchy');
    expect(h.kind === 'mount' && h.served.fs.name).toBe('home');
    expect(clientList(world, cell, { path: '/home', server: null }).entries.map((e) => e.name)).toEqual(['scratch']);
  });

  it('above the mounts are the host directories holding them; elsewhere nothing', () => {
    expect(resolveHost(cell, '/')).toEqual({ kind: 'host', host: '/', children: ['home', 'pfs10', 'pfs11'] });
    refused(world, 'file_not_found', () => resolveHost(cell, '/nope/x'));
    refused(world, 'file_not_found', () => resolveHost(cell, '/.etc_common/x'));
  });

  it('go to the first mover by slot that is up when a read-only mount is shared, or to the one named', () => {
    umountFs(world, cell, mover('server_2'), 'pfs11', true);
    mountFs(world, cell, mover('server_2'), { fs: findFs(cell, 'pfs11'), path: '/pfs11', ro: true });
    mountFs(world, cell, mover('server_3'), { fs: findFs(cell, 'pfs11'), path: '/pfs11', ro: true });
    const first = resolveHost(cell, '/pfs11/a');
    expect(first.kind === 'mount' && first.served.mover.name).toBe('server_2');
    const named = resolveHost(cell, '/pfs11/a', 'server_3');
    expect(named.kind === 'mount' && named.served.mover.name).toBe('server_3');
    mover('server_2').status = 'offline';
    const up = resolveHost(cell, '/pfs11/a');
    expect(up.kind === 'mount' && up.served.mover.name).toBe('server_3');
    refused(world, 'file_not_found', () => resolveHost(cell, '/pfs10/a', 'server_3'));
    refused(world, 'mover_not_found', () => resolveHost(cell, '/pfs10/a', 'server_9'));
  });
});

describe('write, append and read', () => {
  it('write a file whole, and read back what was written', () => {
    const w = write('/pfs10/reports/q3.xls', 40 * MB);
    expect(w.content.size).toBe(40 * MB);
    expect(w.content.blocks).toBe(5120);
    expect(read('/pfs10/reports/q3.xls').content).toEqual(w.content);
    expect(findFs(cell, 'pfs10').usedMB).toBe(40);
    const a = append('/pfs10/reports/q3.xls', 100);
    expect(a.content.size).toBe(40 * MB + 100);
    expect(read('/pfs10/reports/q3.xls').content).toEqual(a.content);
    expect(world.client.files['cel_pfs:21:/reports/q3.xls']).toMatchObject({ host: '/pfs10/reports/q3.xls', size: 40 * MB + 100, blocks: 5121 });
  });

  it('log nothing on the data movers', () => {
    const before = cell.movers.map((m) => m.log.length);
    write('/pfs10/a', MB);
    append('/pfs10/a', MB);
    read('/pfs10/a');
    clientRemove(world, cell, { path: '/pfs10/a', server: null });
    expect(cell.movers.map((m) => m.log.length)).toEqual(before);
  });

  it('are refused as a real client is refused, changing nothing', () => {
    write('/pfs10/d/f', MB);
    refused(world, 'file_not_found', () => write('/nope/x', MB));
    refused(world, 'file_is_dir', () => write('/pfs10', MB));
    refused(world, 'file_is_dir', () => write('/', MB));
    refused(world, 'file_is_dir', () => write('/pfs10/d', MB));
    refused(world, 'file_not_dir', () => write('/pfs10/d/f/g', MB));
    refused(world, 'fs_full', () => write('/pfs11/big', 10 * 1024 * MB + 1));
    refused(world, 'file_not_found', () => read('/pfs10/missing'));
    refused(world, 'file_is_dir', () => read('/pfs10/d'));
    refused(world, 'file_path_invalid', () => write(`/pfs10/${'n'.repeat(256)}`, 1));
  });

  it('fill a file system to the last block, then refuse one byte more', () => {
    write('/pfs11/big', 10 * 1024 * MB);
    expect(clientDf(world, cell, { path: '/pfs11', server: null }).rows[0]).toMatchObject({ totalBlocks: 1310720, usedBlocks: 1310720 });
    refused(world, 'fs_full', () => write('/pfs11/one', 1));
    refused(world, 'fs_full', () => append('/pfs11/big', 1));
  });

  it('meet a read-only mount, a server that is down and a rawfs', () => {
    write('/pfs11/x', MB);
    umountFs(world, cell, mover('server_2'), 'pfs11', true);
    mountFs(world, cell, mover('server_2'), { fs: findFs(cell, 'pfs11'), path: '/pfs11', ro: true });
    refused(world, 'read_only_fs', () => write('/pfs11/x', MB));
    refused(world, 'read_only_fs', () => append('/pfs11/x', MB));
    refused(world, 'read_only_fs', () => clientRemove(world, cell, { path: '/pfs11/x', server: null }));
    refused(world, 'read_only_fs', () => clientMkdir(world, cell, { path: '/pfs11/d', parents: false, server: null }));
    expect(read('/pfs11/x').content.size).toBe(MB);

    mover('server_2').status = 'offline';
    refused(world, 'mover_offline', () => write('/pfs10/x', MB));
    refused(world, 'mover_offline', () => read('/pfs11/x'));
    refused(world, 'mover_offline', () => clientList(world, cell, { path: '/pfs10', server: null }));
    expect(clientDf(world, cell, { path: null, server: null }).errors).toEqual([
      { host: '/pfs10', code: 'mover_offline' },
      { host: '/pfs11', code: 'mover_offline' },
    ]);

    const sfs = findCell(world, 'cel_sfs');
    mountFs(world, sfs, findMover(sfs, 'server_2'), { fs: findFs(sfs, 'sfs10'), path: '/sfs10', ro: true });
    refused(world, 'stale_handle', () => clientRead(world, sfs, { path: '/sfs10/x', server: null }));
    refused(world, 'stale_handle', () => clientList(world, sfs, { path: '/sfs10', server: null }));
    refused(world, 'stale_handle', () => clientWrite(world, sfs, { path: '/sfs10/x', bytes: 1, append: false, server: null }));
  });

  it('read a checkpoint as of its point in time, and cannot write it', () => {
    const before = write('/pfs10/q3.xls', 4 * MB).content;
    createCheckpoint(world, cell, findFs(cell, 'pfs10'), { name: 'pfs10_ck1' });
    const after = write('/pfs10/q3.xls', 6 * MB).content;
    expect(read('/pfs10_ck1/q3.xls').content).toEqual(before);
    expect(read('/pfs10/q3.xls').content).toEqual(after);
    refused(world, 'read_only_fs', () => write('/pfs10_ck1/q3.xls', MB));
    refused(world, 'read_only_fs', () => clientRemove(world, cell, { path: '/pfs10_ck1/q3.xls', server: null }));
    expect(clientList(world, cell, { path: '/pfs10_ck1', server: null }).entries).toEqual([{ name: 'q3.xls', kind: 'file', size: 4 * MB, blocks: 512 }]);
    expect(clientDf(world, cell, { path: '/pfs10_ck1', server: null }).rows[0]).toMatchObject({ source: 'server_2:/pfs10_ck1', usedBlocks: 512, ro: true });
  });
});

describe('directories and removal', () => {
  it('mkdir needs the parent unless -p, and refuses what exists', () => {
    refused(world, 'file_not_found', () => clientMkdir(world, cell, { path: '/pfs10/a/b', parents: false, server: null }));
    expect(clientMkdir(world, cell, { path: '/pfs10/a/b', parents: true, server: null }).made).toBe(true);
    refused(world, 'file_exists', () => clientMkdir(world, cell, { path: '/pfs10/a/b', parents: false, server: null }));
    expect(clientMkdir(world, cell, { path: '/pfs10/a/b', parents: true, server: null }).made).toBe(false);
    refused(world, 'file_exists', () => clientMkdir(world, cell, { path: '/pfs10', parents: false, server: null }));
    refused(world, 'file_exists', () => clientMkdir(world, cell, { path: '/', parents: false, server: null }));
    write('/pfs10/f', 1);
    refused(world, 'file_exists', () => clientMkdir(world, cell, { path: '/pfs10/f', parents: true, server: null }));
    refused(world, 'file_not_dir', () => clientMkdir(world, cell, { path: '/pfs10/f/x', parents: false, server: null }));
    expect(clientList(world, cell, { path: '/pfs10', server: null }).entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['dir:a', 'file:f']);
  });

  it('rmdir removes empty directories only, never a mount point', () => {
    clientMkdir(world, cell, { path: '/pfs10/a/b', parents: true, server: null });
    refused(world, 'file_dir_not_empty', () => clientRmdir(world, cell, { path: '/pfs10/a', server: null }));
    refused(world, 'mount_busy', () => clientRmdir(world, cell, { path: '/pfs10', server: null }));
    refused(world, 'mount_busy', () => clientRmdir(world, cell, { path: '/', server: null }));
    refused(world, 'file_not_found', () => clientRmdir(world, cell, { path: '/pfs10/zz', server: null }));
    write('/pfs10/f', 1);
    refused(world, 'file_not_dir', () => clientRmdir(world, cell, { path: '/pfs10/f', server: null }));
    clientRmdir(world, cell, { path: '/pfs10/a/b', server: null });
    clientRmdir(world, cell, { path: '/pfs10/a', server: null });
    expect(clientList(world, cell, { path: '/pfs10', server: null }).entries.map((e) => e.name)).toEqual(['f']);
  });

  it('rm removes a file, gives its blocks back and forgets it', () => {
    write('/pfs10/f', 3 * MB);
    refused(world, 'file_is_dir', () => clientRemove(world, cell, { path: '/pfs10', server: null }));
    refused(world, 'file_not_found', () => clientRemove(world, cell, { path: '/pfs10/g', server: null }));
    expect(clientRemove(world, cell, { path: '/pfs10/f', server: null }).freed).toBe(384);
    expect(world.client.files).toEqual({});
    expect(clientDf(world, cell, { path: '/pfs10', server: null }).rows[0]!.usedBlocks).toBe(0);
  });
});

describe('the ledger', () => {
  it('keeps one file per host path: the newest written there', () => {
    write('/pfs11/x', MB);
    umountFs(world, cell, mover('server_2'), 'pfs11', true);
    mountFs(world, cell, mover('server_2'), { fs: findFs(cell, 'scratch'), path: '/pfs11', ro: false });
    write('/pfs11/x', 2 * MB);
    expect(Object.keys(world.client.files)).toEqual(['cel_pfs:24:/x']);
    expect(world.client.hosts).toEqual({ '/pfs11/x': 'cel_pfs:24:/x' });
    expect(clientVerify(world, cell, { path: null, server: null }).map((r) => r.status)).toEqual(['ok']);
  });

  it('keeps one entry per file whatever host path wrote it', () => {
    write('/pfs11/x', MB);
    umountFs(world, cell, mover('server_2'), 'pfs11', true);
    mountFs(world, cell, mover('server_2'), { fs: findFs(cell, 'pfs11'), path: '/pfs10/p11', ro: false });
    append('/pfs10/p11/x', MB);
    expect(Object.values(world.client.files).map((f) => [f.host, f.size])).toEqual([['/pfs10/p11/x', 2 * MB]]);
    expect(world.client.hosts).toEqual({ '/pfs10/p11/x': 'cel_pfs:22:/x' });
    expect(clientVerify(world, cell, { path: '/pfs10', server: null })).toMatchObject([{ host: '/pfs10/p11/x', status: 'ok' }]);
  });

  it('appends to a file it did not write after what it reads there', () => {
    write('/pfs10/x', MB + 5);
    world.client.files = {};
    append('/pfs10/x', 10);
    expect(clientVerify(world, cell, { path: null, server: null }).map((r) => r.status)).toEqual(['ok']);
  });
});
