// File systems on data: creation against pool capacity, ids and volumes, deletion and
// rename rules, the facts nas_fs reports, and pool accounting against a naive oracle.
import { createRemote } from '../../src/engine/trust.js';
import { describe, expect, it } from 'vitest';
import { findCell, refFrom, servingMover } from '../../src/engine/cluster.js';
import { applyFileOp } from '../../src/engine/contents.js';
import { NasError } from '../../src/engine/errors.js';
import {
  createFs,
  deleteFs,
  describeFs,
  describePool,
  fsDisks,
  listFs,
  MAX_FS_MB,
  MIN_FS_MB,
  DEFAULT_HWM,
  poolSpace,
  renameFs,
  resolveFs,
  resolvePool,
  validFsName,
  type NewFs,
} from '../../src/engine/fs.js';
import type { Cell, World } from '../../src/engine/types.js';
import { errorLine } from '../../src/shell/error-table.js';
import { decode, encode } from '../../src/store/codec.js';
import { validateLab } from '../../src/store/schema.js';
import { freshShell, refused } from '../helpers.js';

const POOL = 'clar_r5_performance';

function lab(cel = 'cel_pfs'): { world: World; cell: Cell } {
  const world = freshShell().lab.world;
  return { world, cell: findCell(world, cel) };
}

const spec = (over: Partial<NewFs> = {}): NewFs => ({ name: 'fs1', type: 'uxfs', sizeMB: 10240, pool: POOL, ...over });

describe('createFs', () => {
  it('takes the next fs id and two volume ids, stamps the virtual clock, and takes pool space', () => {
    const { world, cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    const before = poolSpace(cell, pool);
    const { nextFsId, nextVolumeId } = cell;
    const fs = createFs(world, cell, spec());
    expect(fs).toMatchObject({ id: nextFsId, volume: nextVolumeId, name: 'fs1', type: 'uxfs', sizeMB: 10240, pool: pool.id, usedMB: 0 });
    expect(fs.createdAt).toBe(world.clock.now);
    expect(cell.nextFsId).toBe(nextFsId + 1);
    expect(cell.nextVolumeId).toBe(nextVolumeId + 2);
    const after = poolSpace(cell, pool);
    expect(after.usedMB).toBe(before.usedMB + 10240);
    expect(after.availMB).toBe(before.availMB - 10240);
    expect(after.totalMB).toBe(before.totalMB);
  });

  it('makes a rawfs', () => {
    const { world, cell } = lab();
    expect(createFs(world, cell, spec({ type: 'rawfs' })).type).toBe('rawfs');
  });

  it('fills a pool exactly, then refuses one more MB', () => {
    const { world, cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    const avail = poolSpace(cell, pool).availMB;
    createFs(world, cell, spec({ name: 'half', sizeMB: Math.floor(avail / 2) }));
    createFs(world, cell, spec({ name: 'rest', sizeMB: avail - Math.floor(avail / 2) }));
    expect(poolSpace(cell, pool).availMB).toBe(0);
    const e = refused(world, 'pool_full', () => createFs(world, cell, spec({ name: 'more', sizeMB: MIN_FS_MB })));
    expect(e.data).toMatchObject({ pool: POOL, size: MIN_FS_MB, avail: 0 });
  });

  it('refuses a size the pool cannot give, and changes nothing', () => {
    const { world, cell } = lab();
    const avail = poolSpace(cell, resolvePool(cell, { name: POOL })).availMB;
    refused(world, 'pool_full', () => createFs(world, cell, spec({ sizeMB: avail + 1 })));
  });

  it('refuses a taken name, a bad name, a bad size and an unknown pool before touching anything', () => {
    const { world, cell } = lab();
    refused(world, 'fs_exists', () => createFs(world, cell, spec({ name: 'pfs10' })));
    refused(world, 'fs_exists', () => createFs(world, cell, spec({ name: 'root_fs_2' })));
    refused(world, 'fs_name_invalid', () => createFs(world, cell, spec({ name: 'a/b' })));
    refused(world, 'fs_name_invalid', () => createFs(world, cell, spec({ name: '' })));
    refused(world, 'fs_name_invalid', () => createFs(world, cell, spec({ name: 'x'.repeat(241) })));
    refused(world, 'fs_size_invalid', () => createFs(world, cell, spec({ sizeMB: MIN_FS_MB - 1 })));
    refused(world, 'fs_size_invalid', () => createFs(world, cell, spec({ sizeMB: MAX_FS_MB + 1 })));
    refused(world, 'fs_size_invalid', () => createFs(world, cell, spec({ sizeMB: 1.5 })));
    refused(world, 'pool_not_found', () => createFs(world, cell, spec({ pool: 'nopool' })));
  });

  it('checks the name before the size, and the size before the pool', () => {
    const { world, cell } = lab();
    refused(world, 'fs_exists', () => createFs(world, cell, spec({ name: 'pfs10', sizeMB: 0, pool: 'nopool' })));
    refused(world, 'fs_size_invalid', () => createFs(world, cell, spec({ sizeMB: 0, pool: 'nopool' })));
  });

  it('never reuses the id of a deleted file system', () => {
    const { world, cell } = lab();
    const a = createFs(world, cell, spec({ name: 'a' }));
    deleteFs(world, cell, a);
    const b = createFs(world, cell, spec({ name: 'a' }));
    expect(b.id).toBe(a.id + 1);
    expect(b.volume).toBe(a.volume + 2);
  });
});

describe('createFs: samesize, pool by id, thin and auto-extension', () => {
  it('takes the size of a local file system, and its pool by id', () => {
    const { world, cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    const fs = createFs(world, cell, spec({ sizeMB: { sameAs: 'pfs11' }, pool: { id: pool.id } }));
    expect(fs).toMatchObject({ sizeMB: 10240, pool: pool.id, thin: false, autoExtend: false, hwm: null, maxSizeMB: null });
    expect(createFs(world, cell, spec({ name: 'fs2', sizeMB: { sameAs: 'pfs10', cel: 'cel_pfs' } })).sizeMB).toBe(20480);
  });

  it('refuses an unknown source, a Celerra not known here and an unknown pool id', () => {
    const { world, cell } = lab();
    expect(refused(world, 'fs_not_found', () => createFs(world, cell, spec({ sizeMB: { sameAs: 'nope' } }))).data).toEqual({ fs: 'nope' });
    const e = refused(world, 'cel_not_found', () => createFs(world, cell, spec({ sizeMB: { sameAs: 'sfs10', cel: 'cel_sfs' } })));
    expect(e.data).toEqual({ name: 'cel_sfs' });
    // Once known (nas_cel -create), the remote answers over the link, and not when the link is down.
    createRemote(world, cell, { name: 'cel_sfs', ip: '10.2.1.10', passphrase: 'nasadmin' });
    expect(createFs(world, cell, spec({ name: 'same_remote', sizeMB: { sameAs: 'dr_home', cel: 'cel_sfs' } })).sizeMB).toBe(51200);
    world.links[0]!.up = false;
    refused(world, 'cel_unreachable', () => createFs(world, cell, spec({ name: 'same_remote2', sizeMB: { sameAs: 'dr_home', cel: 'cel_sfs' } })));
    world.links[0]!.up = true;
    expect(refused(world, 'pool_not_found', () => createFs(world, cell, spec({ pool: { id: 99 } }))).data).toEqual({ pool: 'id=99' });
  });

  it('defaults the high water mark and maximum size when auto-extension is on', () => {
    const { world, cell } = lab();
    expect(createFs(world, cell, spec({ autoExtend: true }))).toMatchObject({ autoExtend: true, thin: false, hwm: DEFAULT_HWM, maxSizeMB: MAX_FS_MB });
    expect(createFs(world, cell, spec({ name: 'fs2', autoExtend: true, hwm: 75, maxSizeMB: 20480 }))).toMatchObject({ hwm: 75, maxSizeMB: 20480 });
  });

  it('refuses -thin, -hwm and -max_size without auto-extension, and out-of-range values', () => {
    const { world, cell } = lab();
    const rule = (over: Partial<NewFs>) => refused(world, 'fs_param_invalid', () => createFs(world, cell, spec(over))).data;
    expect(rule({ thin: true })).toMatchObject({ param: 'thin', rule: 'needs_auto_extend' });
    expect(rule({ autoExtend: false, hwm: 90 })).toMatchObject({ param: 'hwm', value: 90, rule: 'needs_auto_extend' });
    expect(rule({ maxSizeMB: 20480 })).toMatchObject({ param: 'max_size', rule: 'needs_auto_extend' });
    expect(rule({ autoExtend: true, hwm: 49 })).toMatchObject({ param: 'hwm', rule: 'hwm_range' });
    expect(rule({ autoExtend: true, hwm: 100 })).toMatchObject({ param: 'hwm', rule: 'hwm_range' });
    expect(rule({ autoExtend: true, maxSizeMB: 10239 })).toMatchObject({ param: 'max_size', value: 10239, rule: 'max_size_range', sizeMB: 10240 });
    expect(rule({ autoExtend: true, maxSizeMB: MAX_FS_MB + 1 })).toMatchObject({ param: 'max_size', rule: 'max_size_range' });
    // A bad name still comes first.
    refused(world, 'fs_name_invalid', () => createFs(world, cell, spec({ name: 'a/b', thin: true })));
  });

  it('a thin file system takes pool space only for what it uses, so it may exceed what the pool has free', () => {
    const { world, cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    const before = poolSpace(cell, pool);
    const big = before.availMB + 1024;
    const fs = createFs(world, cell, spec({ name: 'thin1', sizeMB: big, thin: true, autoExtend: true, maxSizeMB: big }));
    expect(fs).toMatchObject({ thin: true, sizeMB: big, usedMB: 0 });
    expect(poolSpace(cell, pool)).toEqual(before);
    fs.usedMB = 300;
    expect(poolSpace(cell, pool).usedMB).toBe(before.usedMB + 300);
    expect(describeFs(cell, fs)).toMatchObject({ availMB: big - 300 });
    // A thick one of the same size is still refused.
    refused(world, 'pool_full', () => createFs(world, cell, spec({ name: 'thick', sizeMB: big })));
    deleteFs(world, cell, fs);
    expect(poolSpace(cell, pool)).toEqual(before);
  });
});

describe('validFsName', () => {
  it('accepts the names administrators and tools use', () => {
    for (const n of ['pfs10', 'DATA_replica1', 'hq-vnx-vCD-NFS-IMAGES', '7cf7c200_d3af_4e05', 'fs.old']) expect(validFsName(n)).toBe(true);
  });
  it('refuses separators, spaces, a leading dash and overlong names', () => {
    for (const n of ['a/b', 'a b', '-x', 'a:b', 'a=b', '', 'x'.repeat(241)]) expect(validFsName(n)).toBe(false);
  });
});

describe('servingMover', () => {
  it('by slot: mounted read-write, else read-only, else the first online primary', () => {
    const { cell } = lab();
    const fs = resolveFs(cell, { name: 'scratch' });
    const [s2, s3] = ['server_2', 'server_3'].map((n) => cell.movers.find((m) => m.name === n)!);
    const entry = (ro: boolean) => ({ fsId: fs.id, path: '/scratch', ro, mounted: true, accessPolicy: null, lock: null, flags: [] });
    expect(servingMover(cell, fs.id).name).toBe('server_2');
    s2!.status = 'faulted';
    expect(servingMover(cell, fs.id).name).toBe('server_3');
    s3!.mounts.push(entry(true));
    s2!.mounts.push(entry(true));
    expect(servingMover(cell, fs.id).name).toBe('server_2');
    s3!.mounts[s3!.mounts.length - 1]!.ro = false;
    expect(servingMover(cell, fs.id).name).toBe('server_3');
  });
});

describe('deleteFs', () => {
  it('removes an unmounted file system and gives its space back', () => {
    const { world, cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    const before = poolSpace(cell, pool).usedMB;
    const scratch = resolveFs(cell, { name: 'scratch' });
    expect(deleteFs(world, cell, scratch)).toBe(scratch);
    expect(cell.fileSystems.some((f) => f.name === 'scratch')).toBe(false);
    expect(poolSpace(cell, pool).usedMB).toBe(before - scratch.sizeMB);
  });

  it('refuses a mounted file system, naming every mover whose table holds it', () => {
    const { world, cell } = lab();
    const e = refused(world, 'fs_in_use', () => deleteFs(world, cell, resolveFs(cell, { name: 'pfs10' })));
    expect(e.data.fs).toBe('pfs10');
    expect(e.data.movers).toEqual(['server_2']);
  });

  it('refuses a file system unmounted with -temp (still in the mount table)', () => {
    const { world, cell } = lab();
    const home = resolveFs(cell, { name: 'home' });
    const mover = cell.movers.find((m) => m.name === 'server_3')!;
    mover.mounts.find((m) => m.fsId === home.id)!.mounted = false;
    refused(world, 'fs_in_use', () => deleteFs(world, cell, home));
  });

  it('refuses the system file systems, mounted or not', () => {
    const { world, cell } = lab();
    refused(world, 'fs_system', () => deleteFs(world, cell, resolveFs(cell, { name: 'root_fs_1' })));
    refused(world, 'fs_system', () => deleteFs(world, cell, resolveFs(cell, { name: 'root_fs_2' })));
  });

  it('deletes the DR site rawfs replicas, which are not mounted', () => {
    const { world, cell } = lab('cel_sfs');
    deleteFs(world, cell, resolveFs(cell, { name: 'sfs10' }));
    expect(cell.fileSystems.map((f) => f.name)).not.toContain('sfs10');
  });
});

describe('renameFs', () => {
  it('renames a mounted file system in place, its id and mounts unchanged', () => {
    const { cell } = lab();
    const fs = resolveFs(cell, { name: 'pfs10' });
    renameFs(cell, fs, 'pfs10_prod');
    expect(resolveFs(cell, { name: 'pfs10_prod' }).id).toBe(21);
    expect(describeFs(cell, fs).rwServers).toEqual(['server_2']);
  });

  it('refuses a taken name, a bad name and a system file system', () => {
    const { world, cell } = lab();
    const fs = resolveFs(cell, { name: 'scratch' });
    refused(world, 'fs_exists', () => renameFs(cell, fs, 'home'));
    refused(world, 'fs_exists', () => renameFs(cell, fs, 'scratch'));
    refused(world, 'fs_name_invalid', () => renameFs(cell, fs, 'a b'));
    refused(world, 'fs_system', () => renameFs(cell, resolveFs(cell, { name: 'root_fs_common' }), 'common'));
  });
});

describe('resolveFs and resolvePool', () => {
  it('find by name or id, and name the reference in the error', () => {
    const { world, cell } = lab();
    expect(resolveFs(cell, { id: 23 }).name).toBe('home');
    expect(refused(world, 'fs_not_found', () => resolveFs(cell, { id: 99 })).data).toEqual({ fs: 'id=99' });
    expect(refused(world, 'fs_not_found', () => resolveFs(cell, { name: 'nope' })).data).toEqual({ fs: 'nope' });
    expect(resolvePool(cell, { id: 3 }).name).toBe(POOL);
    expect(refused(world, 'pool_not_found', () => resolvePool(cell, { id: 4 })).data).toEqual({ pool: 'id=4' });
  });

  it('refFrom builds one reference from matched words; a malformed id is not found, of its kind', () => {
    const caught = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof NasError) return [e.code, e.data];
        throw e;
      }
      throw new Error('no error');
    };
    expect(refFrom('fs', 'pfs10', undefined)).toEqual({ name: 'pfs10' });
    expect(refFrom('pool', undefined, '3')).toEqual({ id: 3 });
    expect(caught(() => refFrom('fs', undefined, 'x1'))).toEqual(['fs_not_found', { fs: 'id=x1' }]);
    expect(caught(() => refFrom('pool', undefined, '-3'))).toEqual(['pool_not_found', { pool: 'id=-3' }]);
    expect(caught(() => refFrom('cel', undefined, '99999999999999999999'))).toEqual(['cel_not_found', { name: 'id=99999999999999999999' }]);
  });
});

describe('error data is data; the error table writes it out', () => {
  it('lists, percentages and sizes', () => {
    expect(errorLine('fs_in_use', { fs: 'pfs10', movers: ['server_2', 'server_3'] })).toBe(
      'Error 4109: pfs10 : is in the mount table of server_2,server_3; unmount it with -perm first',
    );
    expect(errorLine('fs_param_invalid', { param: 'hwm', value: 95, rule: 'needs_auto_extend' })).toBe(
      'Error 3139: The following parameters are not valid: -hwm 95%. It is valid only with -auto_extend yes.',
    );
    expect(errorLine('fs_param_invalid', { param: 'max_size', value: 10239, rule: 'max_size_range', sizeMB: 10240 })).toBe(
      'Error 3139: The following parameters are not valid: -max_size 10239M. The maximum size must be from the file system size (10G) to 16T.',
    );
    expect(errorLine('fs_param_invalid', { param: 'hwm', value: 'lots', rule: 'hwm_range' })).toContain('-hwm lots.');
  });
});

describe('describeFs', () => {
  it('reads read-write and read-only servers and ids from the mount tables', () => {
    const { cell } = lab();
    const common = describeFs(cell, resolveFs(cell, { name: 'root_fs_common' }));
    expect(common).toMatchObject({ inUse: true, rwServers: [], roServers: ['server_2', 'server_3', 'server_4'], serverIds: [1, 2, 3] });
    const pfs10 = describeFs(cell, resolveFs(cell, { name: 'pfs10' }));
    expect(pfs10).toMatchObject({ inUse: true, rwServers: ['server_2'], roServers: [], serverIds: [1], poolName: POOL, memberOf: 'root_avm_fs_group_3' });
    expect(describeFs(cell, resolveFs(cell, { name: 'scratch' }))).toMatchObject({ inUse: false, serverIds: [] });
  });

  it('does not count a temporarily unmounted entry as in use', () => {
    const { cell } = lab();
    const home = resolveFs(cell, { name: 'home' });
    cell.movers.find((m) => m.name === 'server_3')!.mounts.find((m) => m.fsId === home.id)!.mounted = false;
    expect(describeFs(cell, home)).toMatchObject({ inUse: false, rwServers: [], serverIds: [] });
  });

  it('computes avail from what the files use, the used share rounded up, and 512-byte blocks', () => {
    const { world, cell } = lab();
    const fs = resolveFs(cell, { name: 'pfs10' });
    expect(describeFs(cell, fs)).toMatchObject({ availMB: 20480, usedPct: 0 });
    applyFileOp(world, cell, fs, { op: 'write', path: '/data/a', bytes: 3217 * 2 ** 20 - 100 }); // 3217 of 20480 MB
    expect(describeFs(cell, fs)).toMatchObject({ availMB: 20480 - 3217, usedPct: 16, blockcount: 20480 * 2048 });
    expect(describeFs(cell, resolveFs(cell, { name: 'root_fs_1' })).usedPct).toBe(1); // 1 of 256 MB
    expect(describeFs(cell, resolveFs(cell, { name: 'scratch' })).usedPct).toBe(0);
  });

  it('puts system file systems on the root disk and pool ones on enough pool members', () => {
    const { world, cell } = lab();
    expect(fsDisks(cell, resolveFs(cell, { name: 'root_fs_2' }))).toEqual(['root_disk']);
    const pool = resolvePool(cell, { name: POOL });
    const perDisk = pool.totalMB / pool.members.length;
    for (const sizeMB of [2, perDisk, perDisk + 1, 3 * perDisk + 1]) {
      const fs = createFs(world, cell, spec({ name: `s${sizeMB}`, sizeMB }));
      const disks = fsDisks(cell, fs);
      expect(new Set(disks).size).toBe(disks.length);
      expect(disks.every((d) => pool.members.includes(d))).toBe(true);
      expect(disks.length * perDisk).toBeGreaterThanOrEqual(sizeMB);
      deleteFs(world, cell, fs);
    }
  });

  it('lists two paths to each disk for every mover', () => {
    const { cell } = lab();
    const r = describeFs(cell, resolveFs(cell, { name: 'pfs10' }));
    expect(r.paths.length).toBe(r.disks.length * 2 * cell.movers.length);
    expect(r.storDevs).toEqual(r.disks.map((d) => `${cell.storageSystem}-${Number(d.slice(1)).toString(16).toUpperCase().padStart(4, '0')}`));
  });
});

describe('listFs', () => {
  it('gives every file system by id with the same in-use and servers as describeFs', () => {
    const { world, cell } = lab();
    createFs(world, cell, spec({ name: 'zz' }));
    const rows = listFs(cell);
    expect(rows.map((r) => r.fs.id)).toEqual(cell.fileSystems.map((f) => f.id).sort((a, b) => a - b));
    for (const r of rows) {
      const d = describeFs(cell, r.fs);
      expect({ name: r.fs.name, inUse: r.inUse, serverIds: r.serverIds }).toEqual({ name: r.fs.name, inUse: d.inUse, serverIds: d.serverIds });
    }
  });
});

describe('pool accounting', () => {
  it('describePool names its clients and is in use only while it has some', () => {
    const { cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    expect(describePool(cell, pool)).toMatchObject({ clients: ['pfs10', 'pfs11', 'home', 'scratch'], inUse: true, storageSystem: cell.storageSystem });
    cell.fileSystems = cell.fileSystems.filter((f) => f.pool === null);
    expect(describePool(cell, pool)).toMatchObject({ clients: [], inUse: false, space: { usedMB: 0, availMB: pool.totalMB } });
  });

  it('matches a naive ledger over random creates and deletes', () => {
    const { world, cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    const ledger = new Map<string, number>(cell.fileSystems.filter((f) => f.pool === pool.id).map((f) => [f.name, f.sizeMB]));
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 400; step++) {
      const used = [...ledger.values()].reduce((a, b) => a + b, 0);
      if (rand(3) === 0 && ledger.size > 0) {
        const names = [...ledger.keys()];
        const name = names[rand(names.length)]!;
        const fs = resolveFs(cell, { name });
        const mounted = cell.movers.some((m) => m.mounts.some((x) => x.fsId === fs.id));
        if (mounted) refused(world, 'fs_in_use', () => deleteFs(world, cell, fs));
        else {
          deleteFs(world, cell, fs);
          ledger.delete(name);
        }
      } else {
        const sizeMB = 1 + rand(400000);
        const name = `r${step}`;
        if (sizeMB < MIN_FS_MB) refused(world, 'fs_size_invalid', () => createFs(world, cell, spec({ name, sizeMB })));
        else if (used + sizeMB > pool.totalMB) refused(world, 'pool_full', () => createFs(world, cell, spec({ name, sizeMB })));
        else {
          createFs(world, cell, spec({ name, sizeMB }));
          ledger.set(name, sizeMB);
        }
      }
      const expected = [...ledger.values()].reduce((a, b) => a + b, 0);
      expect(poolSpace(cell, pool)).toEqual({ usedMB: expected, availMB: pool.totalMB - expected, totalMB: pool.totalMB, potentialMB: 0 });
    }
  });
});

describe('a lab with a thin file system larger than its pool', () => {
  it('saves and loads: the pool holds only what the file system uses', () => {
    const { world, cell } = lab();
    const pool = resolvePool(cell, { name: POOL });
    createFs(world, cell, spec({ name: 'huge', sizeMB: pool.totalMB * 2, thin: true, autoExtend: true }));
    const shell = freshShell();
    const doc = { ...shell.lab, world };
    expect(() => validateLab(decode(encode(doc)))).not.toThrow();
  });
});
