// Mount points and mount tables (src/engine/mount.ts) on the default lab's data: each rule
// and error on its own, then random operation sequences checked against the sharing rule
// (read-write in one place only) and the rule that a failed operation changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCell, findFs, findMover, requireServing } from '../../src/engine/cluster.js';
import { NasError } from '../../src/engine/errors.js';
import {
  createMountpoint,
  deleteMountpoint,
  hasMountpoint,
  mountFs,
  mountTable,
  parseMountOptions,
  pathProblem,
  sharingViolations,
  umountAll,
  umountFs,
} from '../../src/engine/mount.js';
import { createInterface, deleteInterface, setInterfaceUp } from '../../src/engine/net.js';
import type { Cell, World } from '../../src/engine/types.js';
import { labFromFixture } from '../../src/store/lab-store.js';
import { FIXTURE, freshShell, run, refused } from '../helpers.js';
import { list, parseList } from '../../src/shell/grammar.js';

function lab(cel = 'cel_pfs'): { world: World; cell: Cell } {
  const world = labFromFixture(FIXTURE).world;
  return { world, cell: findCell(world, cel) };
}

const rows = (cell: Cell, mover: string) => mountTable(cell, findMover(cell, mover)).map((r) => `${r.fs.name} ${r.path} ${r.ro ? 'ro' : 'rw'}${r.mounted ? '' : ' unmounted'}`);

describe('pathProblem', () => {
  it('accepts absolute paths of plain components', () => {
    for (const p of ['/', '/a', '/pfs10', '/a/b/c', '/.etc_common', '/a-b_c.d', `/${'x'.repeat(255)}`]) expect(pathProblem(p)).toBeNull();
  });
  it('rejects relative, trailing-slash, empty, dot and odd components', () => {
    const bad: [string, string][] = [
      ['a', 'not_absolute'],
      ['', 'not_absolute'],
      ['/a/', 'trailing_slash'],
      ['//a', 'empty_component'],
      ['/a//b', 'empty_component'],
      ['/a/../b', 'relative_component'],
      ['/./a', 'relative_component'],
      ['/..', 'relative_component'],
      ['/a b', 'bad_character'],
      ['/a\tb', 'bad_character'],
      ['/a\u0007', 'bad_character'],
      ['/é', 'bad_character'],
      [`/${'x'.repeat(256)}`, 'component_too_long'],
      [`/${'abcdefgh/'.repeat(120)}x`, 'too_long'],
    ];
    for (const [p, why] of bad) expect(pathProblem(p), p).toBe(why);
  });
});

describe('mount points', () => {
  it('creates, finds and deletes a mount point, nested ones under an existing parent', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    createMountpoint(world, s2, '/data');
    createMountpoint(world, s2, '/data/sub');
    expect(hasMountpoint(s2, '/data/sub')).toBe(true);
    expect(s2.mountpoints).toEqual(['/.etc_common', '/pfs10', '/pfs11', '/data', '/data/sub']);
    refused(world, 'mountpoint_not_empty', () => deleteMountpoint(world, s2, '/data'));
    deleteMountpoint(world, s2, '/data/sub');
    deleteMountpoint(world, s2, '/data');
    expect(s2.mountpoints).toEqual(['/.etc_common', '/pfs10', '/pfs11']);
    expect(s2.log.slice(-4).map((e) => e.msg)).toEqual(['mountpoint_created', 'mountpoint_created', 'mountpoint_deleted', 'mountpoint_deleted']);
  });

  it('refuses bad requests without changing anything', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    refused(world, 'mountpoint_exists', () => createMountpoint(world, s2, '/pfs10'));
    refused(world, 'mountpoint_exists', () => createMountpoint(world, s2, '/'));
    refused(world, 'mountpoint_not_found', () => createMountpoint(world, s2, '/no/such'));
    refused(world, 'mountpoint_invalid', () => createMountpoint(world, s2, 'rel'));
    refused(world, 'mountpoint_invalid', () => createMountpoint(world, s2, '/x/'));
    refused(world, 'mountpoint_not_found', () => deleteMountpoint(world, s2, '/nothere'));
    refused(world, 'mountpoint_in_use', () => deleteMountpoint(world, s2, '/pfs10'));
    refused(world, 'root_busy', () => deleteMountpoint(world, s2, '/'));
    refused(world, 'mover_not_primary', () => createMountpoint(world, findMover(cell, 'server_4'), '/x'));
  });

  it('keeps a mount point that holds a temporarily unmounted entry', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    umountFs(world, cell, s2, 'pfs10', false);
    refused(world, 'mountpoint_in_use', () => deleteMountpoint(world, s2, '/pfs10'));
    umountFs(world, cell, s2, 'pfs10', true);
    deleteMountpoint(world, s2, '/pfs10');
    expect(hasMountpoint(s2, '/pfs10')).toBe(false);
  });
});

describe('mountFs', () => {
  it('mounts a uxfs read-write at /<name>, making the mount point', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    const m = mountFs(world, cell, s2, { fs: findFs(cell, 'scratch'), path: null, ro: null });
    expect(m).toEqual({ fsId: findFs(cell, 'scratch').id, path: '/scratch', ro: false, mounted: true, accessPolicy: null, lock: null, flags: [] });
    expect(hasMountpoint(s2, '/scratch')).toBe(true);
    expect(rows(cell, 'server_2').at(-1)).toBe('scratch /scratch rw');
  });

  it('needs an existing mount point for a rawfs', () => {
    const { world, cell } = lab('cel_sfs');
    const s2 = findMover(cell, 'server_2');
    refused(world, 'rawfs_needs_mountpoint', () => mountFs(world, cell, s2, { fs: findFs(cell, 'dr_home'), path: null, ro: true }));
    mountFs(world, cell, s2, { fs: findFs(cell, 'sfs10'), path: null, ro: true });
    expect(rows(cell, 'server_2')).toContain('sfs10 /sfs10 ro');
  });

  it('refuses a path taken, a file system already mounted here, a missing parent, a standby', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    const scratch = findFs(cell, 'scratch');
    refused(world, 'mount_exists', () => mountFs(world, cell, s2, { fs: scratch, path: '/pfs10', ro: null }));
    refused(world, 'mount_exists', () => mountFs(world, cell, s2, { fs: scratch, path: '/', ro: null }));
    refused(world, 'fs_mounted_here', () => mountFs(world, cell, s2, { fs: findFs(cell, 'pfs10'), path: '/other', ro: true }));
    refused(world, 'mountpoint_not_found', () => mountFs(world, cell, s2, { fs: scratch, path: '/a/b', ro: null }));
    refused(world, 'mountpoint_invalid', () => mountFs(world, cell, s2, { fs: scratch, path: '/a/../b', ro: null }));
    refused(world, 'mover_not_primary', () => mountFs(world, cell, findMover(cell, 'server_4'), { fs: scratch, path: null, ro: true }));
  });

  it('mounts read-write in one place only, read-only in many', () => {
    const { world, cell } = lab();
    const [s2, s3] = [findMover(cell, 'server_2'), findMover(cell, 'server_3')];
    const pfs10 = findFs(cell, 'pfs10');
    refused(world, 'fs_mounted_rw_elsewhere', () => mountFs(world, cell, s3, { fs: pfs10, path: null, ro: false }));
    refused(world, 'fs_mounted_rw_elsewhere', () => mountFs(world, cell, s3, { fs: pfs10, path: null, ro: true }));
    umountFs(world, cell, s2, 'pfs10', true);
    mountFs(world, cell, s2, { fs: pfs10, path: null, ro: true });
    mountFs(world, cell, s3, { fs: pfs10, path: null, ro: true });
    const s3b = findMover(cell, 'server_3');
    umountFs(world, cell, s3b, '/pfs10', true);
    refused(world, 'fs_mounted_elsewhere', () => mountFs(world, cell, s3, { fs: pfs10, path: null, ro: false }));
    expect(sharingViolations(cell)).toEqual([]);
  });

  it('remounts a temporarily unmounted entry in its mode, or the one asked for, at its path only', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    const pfs11 = findFs(cell, 'pfs11');
    umountFs(world, cell, s2, 'pfs11', false);
    expect(rows(cell, 'server_2')).toContain('pfs11 /pfs11 rw unmounted');
    refused(world, 'fs_unmounted_here', () => mountFs(world, cell, s2, { fs: pfs11, path: '/elsewhere', ro: null }));
    mountFs(world, cell, s2, { fs: pfs11, path: null, ro: null });
    expect(rows(cell, 'server_2')).toContain('pfs11 /pfs11 rw');
    umountFs(world, cell, s2, '/pfs11', false);
    mountFs(world, cell, s2, { fs: pfs11, path: '/pfs11', ro: true });
    expect(rows(cell, 'server_2')).toContain('pfs11 /pfs11 ro');
  });

  it('lets a temporarily unmounted entry not hold the file system, but checks it on remount', () => {
    const { world, cell } = lab();
    const [s2, s3] = [findMover(cell, 'server_2'), findMover(cell, 'server_3')];
    const pfs11 = findFs(cell, 'pfs11');
    umountFs(world, cell, s2, 'pfs11', false);
    mountFs(world, cell, s3, { fs: pfs11, path: null, ro: false });
    refused(world, 'fs_mounted_rw_elsewhere', () => mountFs(world, cell, s2, { fs: pfs11, path: null, ro: null }));
  });
});

describe('umountFs', () => {
  it('-temp keeps the entry, -perm removes it, the mount point stays', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    umountFs(world, cell, s2, 'pfs10', false);
    expect(rows(cell, 'server_2')).toContain('pfs10 /pfs10 rw unmounted');
    refused(world, 'not_mounted', () => umountFs(world, cell, s2, '/pfs10', false));
    umountFs(world, cell, s2, '/pfs10', true);
    expect(rows(cell, 'server_2').some((r) => r.startsWith('pfs10 '))).toBe(false);
    expect(hasMountpoint(s2, '/pfs10')).toBe(true);
    expect(s2.log.slice(-2).map((e) => [e.msg, e.data.fs, e.data.path])).toEqual([
      ['fs_unmounted_temp', 'pfs10', '/pfs10'],
      ['fs_unmounted_perm', 'pfs10', '/pfs10'],
    ]);
  });

  it('refuses the root, system file systems, unknown names, entries of other movers, a busy parent', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    refused(world, 'root_busy', () => umountFs(world, cell, s2, '/', true));
    refused(world, 'root_busy', () => umountFs(world, cell, s2, 'root_fs_2', true));
    refused(world, 'fs_system', () => umountFs(world, cell, s2, '/.etc_common', true));
    refused(world, 'fs_not_found', () => umountFs(world, cell, s2, 'nofs', true));
    refused(world, 'mount_not_found', () => umountFs(world, cell, s2, 'home', true));
    refused(world, 'mount_not_found', () => umountFs(world, cell, s2, '/home', true));
    refused(world, 'mountpoint_invalid', () => umountFs(world, cell, s2, '/pfs10/', true));
    refused(world, 'mover_not_primary', () => umountFs(world, cell, findMover(cell, 'server_4'), '/.etc_common', true));
    createMountpoint(world, s2, '/pfs10/snaps');
    mountFs(world, cell, s2, { fs: findFs(cell, 'scratch'), path: '/pfs10/snaps', ro: null });
    refused(world, 'mount_busy', () => umountFs(world, cell, s2, 'pfs10', false));
    umountFs(world, cell, s2, 'scratch', false);
    umountFs(world, cell, s2, 'pfs10', false);
  });
});

describe('parseMountOptions', () => {
  // The list as the grammar hands it over: split at its commas.
  const words = (text: string) => parseList(list('options', []), text);
  const opts = (text: string) => parseMountOptions(findMover(lab().cell, 'server_2').name, words(text));
  const bad = (text: string) => {
    const { world, cell } = lab();
    return refused(world, 'mount_option_invalid', () => parseMountOptions(findMover(cell, 'server_2').name, words(text))).data;
  };

  it('reads the mode, the access policy, the lock policy and the switches, in listing order', () => {
    expect(opts('ro')).toEqual({ ro: true, accessPolicy: null, lock: null, flags: [] });
    expect(opts('smbca,accesspolicy=mixed_compat,rwlock,rw,nooplock')).toEqual({
      ro: false,
      accessPolicy: 'MIXED_COMPAT',
      lock: 'rwlock',
      flags: ['nooplock', 'smbca'],
    });
    expect(opts('uncached,noprefetch,cifssyncwrite').flags).toEqual(['noprefetch', 'uncached', 'cifssyncwrite']);
    expect(opts('nolock,nolock,ro,ro')).toMatchObject({ ro: true, lock: 'nolock' });
  });

  it('refuses unknown words, bad values, empty items and two values of one kind', () => {
    expect(bad('foo')).toEqual({ mover: 'server_2', option: 'foo' });
    expect(bad('accesspolicy=WINDOWS')).toEqual({ mover: 'server_2', option: 'accesspolicy=WINDOWS' });
    expect(bad('accesspolicy=')).toEqual({ mover: 'server_2', option: 'accesspolicy=' });
    expect(bad('ro,')).toEqual({ mover: 'server_2', option: 'ro,' });
    expect(bad('ro,rw')).toEqual({ mover: 'server_2', option: 'ro,rw' });
    expect(bad('nolock,wlock')).toEqual({ mover: 'server_2', option: 'nolock,wlock' });
    expect(bad('accesspolicy=NT,accesspolicy=UNIX')).toEqual({ mover: 'server_2', option: 'accesspolicy=NT,accesspolicy=UNIX' });
    expect(bad('nonotify,notifyonwrite')).toEqual({ mover: 'server_2', option: 'nonotify,notifyonwrite' });
    expect(bad('RO')).toEqual({ mover: 'server_2', option: 'RO' });
  });
});

describe('mount settings', () => {
  it('stores them in the entry, keeps them on a plain remount and replaces them when -option is given', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    const scratch = findFs(cell, 'scratch');
    const settings = { accessPolicy: 'NT' as const, lock: 'wlock' as const, flags: ['smbca' as const] };
    const m = mountFs(world, cell, s2, { fs: scratch, path: null, ro: null, settings });
    expect(m).toMatchObject({ ro: false, accessPolicy: 'NT', lock: 'wlock', flags: ['smbca'] });
    settings.flags.push('uncached' as never);
    expect(m.flags).toEqual(['smbca']); // the entry holds its own copy
    expect(mountTable(cell, s2).at(-1)).toMatchObject({ accessPolicy: 'NT', lock: 'wlock', flags: ['smbca'] });
    umountFs(world, cell, s2, 'scratch', false);
    mountFs(world, cell, s2, { fs: scratch, path: null, ro: null });
    expect(m).toMatchObject({ mounted: true, accessPolicy: 'NT', lock: 'wlock', flags: ['smbca'] });
    umountFs(world, cell, s2, 'scratch', false);
    mountFs(world, cell, s2, { fs: scratch, path: null, ro: null, settings: { accessPolicy: null, lock: 'rwlock', flags: [] } });
    expect(m).toMatchObject({ ro: false, accessPolicy: null, lock: 'rwlock', flags: [] });
  });
});

describe('umountAll', () => {
  it('-temp unmounts every mounted pool file system, deepest first, and leaves root and system ones', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    createMountpoint(world, s2, '/pfs10/snaps');
    mountFs(world, cell, s2, { fs: findFs(cell, 'scratch'), path: '/pfs10/snaps', ro: null });
    const done = umountAll(world, cell, s2, false);
    expect(done.map((m) => m.path)).toEqual(['/pfs10/snaps', '/pfs10', '/pfs11']);
    expect(rows(cell, 'server_2')).toEqual([
      'root_fs_2 / rw',
      'root_fs_common /.etc_common ro',
      'pfs10 /pfs10 rw unmounted',
      'pfs11 /pfs11 rw unmounted',
      'scratch /pfs10/snaps rw unmounted',
    ]);
    // Already unmounted entries are not -temp targets again.
    expect(umountAll(world, cell, s2, false)).toEqual([]);
    expect(umountAll(world, cell, s2, true).map((m) => m.path)).toEqual(['/pfs10/snaps', '/pfs10', '/pfs11']);
    expect(rows(cell, 'server_2')).toEqual(['root_fs_2 / rw', 'root_fs_common /.etc_common ro']);
    expect(hasMountpoint(s2, '/pfs10/snaps')).toBe(true);
  });

  it('has nothing to do on a standby, and refuses a mover that is down without changing anything', () => {
    const { world, cell } = lab();
    const before = JSON.stringify(world);
    expect(umountAll(world, cell, findMover(cell, 'server_4'), true)).toEqual([]);
    expect(JSON.stringify(world)).toBe(before);
    findMover(cell, 'server_3').status = 'offline';
    refused(world, 'mover_offline', () => umountAll(world, cell, findMover(cell, 'server_3'), false));
  });

  it('refuses before unmounting anything when a system file system is mounted below a target', () => {
    const { world, cell } = lab();
    const s3 = findMover(cell, 'server_3');
    createMountpoint(world, s3, '/home/common');
    mountFs(world, cell, s3, { fs: findFs(cell, 'root_fs_1'), path: '/home/common', ro: true });
    refused(world, 'mount_busy', () => umountAll(world, cell, s3, false));
  });
});

describe('random operation sequences', () => {
  type Op =
    | { k: 'mount'; mover: number; fs: number; path: number; mode: number }
    | { k: 'umount'; mover: number; target: number; perm: boolean }
    | { k: 'mkpoint' | 'rmpoint'; mover: number; path: number };
  const MOVERS = ['server_2', 'server_3', 'server_4'];
  const FS = ['pfs10', 'pfs11', 'home', 'scratch', 'root_fs_common', 'root_fs_3'];
  const PATHS = [null, '/pfs10', '/pfs11', '/home', '/scratch', '/x', '/x/y', '/', '/.etc_common'];
  const MODES = [null, true, false];

  // Mostly the two primaries, default paths and the data file systems, so that sequences
  // reach shared read-only and moved read-write states; the rest probes the refusals.
  const mover = fc.constantFrom(0, 0, 0, 1, 1, 1, 2);
  const path = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(PATHS.length - 1) });
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ k: fc.constant('mount' as const), mover, fs: fc.constantFrom(0, 0, 1, 1, 2, 3, 4, 5), path, mode: fc.nat(2) }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('umount' as const), mover, target: fc.nat(FS.length + PATHS.length - 1), perm: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('mkpoint' as const, 'rmpoint' as const), mover, path }) },
  );

  function apply(world: World, cell: Cell, o: Op): void {
    const mover = findMover(cell, MOVERS[o.mover]!);
    if (o.k === 'mount') {
      mountFs(world, cell, mover, { fs: findFs(cell, FS[o.fs]!), path: PATHS[o.path]!, ro: MODES[o.mode]! });
    } else if (o.k === 'umount') {
      const target = o.target < FS.length ? FS[o.target]! : (PATHS[o.target - FS.length] ?? '/');
      umountFs(world, cell, mover, target, o.perm);
    } else {
      const path = PATHS[o.path] ?? '/x';
      if (o.k === 'mkpoint') createMountpoint(world, mover, path);
      else deleteMountpoint(world, mover, path);
    }
  }

  it('never leaves a file system read-write on one mover and mounted on another; failures change nothing', () => {
    const base = lab();
    const fresh = JSON.stringify(base.world);
    let succeeded = 0;
    let sharedRo = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 30, maxLength: 80 }), (ops) => {
        const world = JSON.parse(fresh) as World;
        const cell = findCell(world, 'cel_pfs');
        for (const o of ops) {
          // The operations touch only the cell (the world gives them the clock).
          const before = JSON.stringify(cell);
          try {
            apply(world, cell, o);
            succeeded++;
          } catch (e) {
            if (!(e instanceof NasError)) throw e;
            if (JSON.stringify(cell) !== before) throw new Error(`${JSON.stringify(o)} failed with ${e.code} but changed the cell`);
          }
          const bad = sharingViolations(cell);
          if (bad.length) throw new Error(`after ${JSON.stringify(o)}: ${bad.map((b) => b.fs).join(',')} mounted rw and elsewhere`);
          for (const m of cell.movers) {
            // the lab schema's own constraints: one entry per path and per file system, on a mount point
            if (new Set(m.mounts.map((x) => x.path)).size !== m.mounts.length) throw new Error(`${m.name}: two entries on one path`);
            if (new Set(m.mounts.map((x) => x.fsId)).size !== m.mounts.length) throw new Error(`${m.name}: two entries for one fs`);
            if (!m.mounts.every((x) => hasMountpoint(m, x.path))) throw new Error(`${m.name}: entry without a mount point`);
          }
          if (cell.fileSystems.some((f) => f.pool !== null && cell.movers.filter((m) => m.mounts.some((x) => x.fsId === f.id && x.mounted && x.ro)).length > 1)) sharedRo++;
        }
      }),
      { numRuns: 200, seed: 20260112 },
    );
    // The generator must reach the interesting states, not only fail.
    expect(succeeded).toBeGreaterThan(1000);
    expect(sharedRo).toBeGreaterThan(100);
  });

  it('sharingViolations finds a broken world (the checker itself works)', () => {
    const { cell } = lab();
    findMover(cell, 'server_3').mounts.push({ fsId: findFs(cell, 'pfs10').id, path: '/pfs10', ro: true, mounted: true, accessPolicy: null, lock: null, flags: [] });
    expect(sharingViolations(cell)).toEqual([{ fs: 'pfs10', rw: 'server_2', other: 'server_3' }]);
  });
});

describe('a data mover that is down', () => {
  it('refuses changes, and ALL listings show its error line in place with exit status 1', () => {
    const shell = freshShell();
    const cell = findCell(shell.lab.world, 'cel_pfs');
    findMover(cell, 'server_3').status = 'faulted';
    const before = JSON.stringify(shell.lab.world);
    expect(run(shell, 'server_mount server_3 scratch')).toEqual({
      text: 'Error 4000: server_3 : unable to connect to host\n',
      status: 1,
    });
    expect(run(shell, 'server_umount server_3 home').status).toBe(1);
    expect(run(shell, 'server_mountpoint server_3 -create /x').status).toBe(1);
    expect(run(shell, 'server_mount server_3').status).toBe(1);
    expect(JSON.stringify(shell.lab.world)).toBe(before);
    const all = run(shell, 'server_mount ALL');
    expect(all.status).toBe(1);
    expect(all.text.split('\n')).toEqual([
      'server_2 :',
      'root_fs_2 on / uxfs,perm,rw',
      'root_fs_common on /.etc_common uxfs,perm,ro',
      'pfs10 on /pfs10 uxfs,perm,rw',
      'pfs11 on /pfs11 uxfs,perm,rw',
      'Error 4000: server_3 : unable to connect to host',
      'server_4 :',
      'root_fs_4 on / uxfs,perm,rw',
      'root_fs_common on /.etc_common uxfs,perm,ro',
      '',
    ]);
    const points = run(shell, 'server_mountpoint ALL -list');
    expect(points.status).toBe(1);
    expect(points.text).toContain('Error 4000: server_3 : ');
    expect(points.text).toContain('server_4 :\n/.etc_common\n');
  });
});

describe('requireServing: one check, online first, then primary', () => {
  it('answers an offline standby with mover_offline for mounts and interfaces alike', () => {
    const { world, cell } = lab();
    const s4 = findMover(cell, 'server_4');
    const scratch = findFs(cell, 'scratch');
    refused(world, 'mover_not_primary', () => requireServing(s4));
    s4.status = 'offline';
    refused(world, 'mover_offline', () => requireServing(s4));
    refused(world, 'mover_offline', () => createMountpoint(world, s4, '/x'));
    refused(world, 'mover_offline', () => deleteMountpoint(world, s4, '/.etc_common'));
    refused(world, 'mover_offline', () => mountFs(world, cell, s4, { fs: scratch, path: null, ro: true }));
    refused(world, 'mover_offline', () => umountFs(world, cell, s4, '/.etc_common', true));
    refused(world, 'mover_offline', () => umountAll(world, cell, s4, true));
    const spec = { device: 'cge0', name: 'x1', address: '10.1.1.77', netmask: '255.255.255.0', broadcast: '10.1.1.255' };
    refused(world, 'mover_offline', () => createInterface(world, cell, s4, spec));
    refused(world, 'mover_offline', () => deleteInterface(world, s4, 'el30'));
    refused(world, 'mover_offline', () => setInterfaceUp(world, s4, 'el30', false));
  });
});
