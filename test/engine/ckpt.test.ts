// Checkpoints (src/engine/ckpt.ts) on the default lab: random sequences of file writes,
// overwrites, appends, truncations and removals mixed with checkpoint creation, refresh,
// restore and deletion in any position, against a naive oracle (a full copy of every file's
// block stamps per checkpoint); every checkpoint reads back its point in time through the
// files after every step, and the PFS its own. Then the SavVol's policy (extension at the
// mark, %full=0, a pool without room), each refusal leaving the world byte-identical, the
// mount rules checkpoints add, and a lab with checkpoints surviving save and load.
import { describe, expect, it } from 'vitest';
import { createCheckpoint, describeCheckpoint, listCheckpoints, modifySavVol, refreshCheckpoint, restoreCheckpoint, type NewCkpt } from '../../src/engine/ckpt.js';
import { findCell, findFs, findMover, poolUsedMB } from '../../src/engine/cluster.js';
import { applyFileOp, checkpointsOf, contentsOf, type FileOp } from '../../src/engine/contents.js';
import { listFiles, readFile, readFileAt, usedMB } from '../../src/engine/files/files.js';
import { BLOCK_BYTES, blocksFor } from '../../src/engine/files/tree.js';
import { createFs, deleteFs, describeFs, renameFs } from '../../src/engine/fs.js';
import { mountFs, umountAll, umountFs } from '../../src/engine/mount.js';
import { mulberry32 } from '../../src/engine/random.js';
import { DEFAULT_SAVVOL_MB, defaultSavVolMB, SAVVOL_EXTEND_MB, savVolUsedMB } from '../../src/engine/ckpt-save-volume.js';
import type { Cell, FileSystem, World } from '../../src/engine/types.js';
import { errorLine } from '../../src/shell/error-table.js';
import { logText } from '../../src/render/log-messages.js';
import { decode, encode } from '../../src/store/codec.js';
import { labFromFixture, parseLab, stringifyLab } from '../../src/store/lab-store.js';
import { validateLab } from '../../src/store/schema.js';
import { FIXTURE, refused } from '../helpers.js';

const POOL = 'clar_r5_performance';
const B = BLOCK_BYTES;
const MB = 2 ** 20;

function lab(): { world: World; cell: Cell; doc: ReturnType<typeof labFromFixture> } {
  const doc = labFromFixture(FIXTURE);
  return { world: doc.world, cell: findCell(doc.world, 'cel_pfs'), doc };
}

/** A fresh uxfs of `sizeMB` mounted read-write on server_2 at /<name>. */
function newPfs(world: World, cell: Cell, name: string, sizeMB: number): FileSystem {
  const fs = createFs(world, cell, { name, type: 'uxfs', sizeMB, pool: POOL });
  mountFs(world, cell, findMover(cell, 'server_2'), { fs, path: null, ro: null });
  return fs;
}

/** Takes every mount table entry of a checkpoint away, so nas_fs -delete accepts it. */
function unmountEverywhere(world: World, cell: Cell, ckpt: FileSystem): void {
  for (const m of cell.movers) if (m.mounts.some((x) => x.fsId === ckpt.id)) umountFs(world, cell, m, ckpt.name, true);
}

// ---------------------------------------------------------------- the oracle

/** path -> size and the stamp of every block. */
type OFiles = Map<string, { size: number; stamps: number[] }>;

const copyFiles = (f: OFiles): OFiles => new Map([...f].map(([p, x]) => [p, { size: x.size, stamps: [...x.stamps] }]));

/** What files.ts documents for each operation, on plain arrays. */
function oracleApply(files: OFiles, op: FileOp, stamp: number): void {
  const cover = (f: { size: number; stamps: number[] }, offset: number, bytes: number) => {
    const size = Math.max(f.size, offset + bytes);
    const n = blocksFor(size);
    while (f.stamps.length < n) f.stamps.push(0);
    if (bytes > 0) {
      const from = Math.floor(offset / B);
      const to = blocksFor(offset + bytes);
      for (let k = from; k < to; k++) f.stamps[k] = stamp + (k - from);
    }
    f.size = size;
  };
  switch (op.op) {
    case 'write':
      files.set(op.path, { size: op.bytes, stamps: Array.from({ length: blocksFor(op.bytes) }, (_, k) => stamp + k) });
      return;
    case 'writeAt':
    case 'append': {
      const f = files.get(op.path) ?? { size: 0, stamps: [] };
      cover(f, op.op === 'append' ? f.size : op.offset, op.bytes);
      files.set(op.path, f);
      return;
    }
    case 'truncate': {
      const f = files.get(op.path)!;
      const n = blocksFor(op.bytes);
      f.stamps.length = Math.min(f.stamps.length, n);
      while (f.stamps.length < n) f.stamps.push(0);
      f.size = op.bytes;
      return;
    }
    case 'remove':
      files.delete(op.path);
      return;
    default:
      throw new Error(`the oracle has no ${op.op}`);
  }
}

/** What a file system (or a checkpoint of it) holds, read through the files. */
function readBack(pfs: FileSystem, snapshot?: number): OFiles {
  const { files, volume } = contentsOf(pfs);
  const out: OFiles = new Map();
  for (const [path, node] of listFiles(files, snapshot)) {
    const stamps = snapshot === undefined ? readFile(files, volume, path) : readFileAt(files, volume, snapshot, path);
    out.set(path, { size: node.size, stamps: [...stamps] });
  }
  return out;
}

const sorted = (f: OFiles) => [...f].sort(([a], [b]) => (a < b ? -1 : 1));

const PATHS = ['/a', '/b', '/d/c', '/d/e/f'];

interface RunOptions {
  /** The SavVol's %full (default 90) and size (default: 64 MB, the PFS's size). */
  fullMark?: number;
  /** Largest write, in blocks. */
  maxBlocks: number;
}

/**
 * A random sequence on a fresh 64 MB PFS, checked after every step against the oracle. A
 * checkpoint the SavVol gives up must be the oldest the oracle has; it leaves the oracle.
 */
function randomRun(seed: number, o: RunOptions): { counts: Record<string, number>; world: World } {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const { world, cell } = lab();
  const pfs = newPfs(world, cell, 'ck', 64);
  let live: OFiles = new Map();
  /** Checkpoint id -> its files, in queue order (oldest point in time first). */
  let points: { id: number; files: OFiles }[] = [];
  const counts = { write: 0, create: 0, refresh: 0, restore: 0, delete: 0, dropped: 0 };
  const dropped = (events: { kind: string; ckpt?: string }[]) => {
    for (const e of events) {
      if (e.kind !== 'ckpt_deleted') continue;
      expect(points.length).toBeGreaterThan(0);
      points = points.slice(1);
      counts.dropped++;
    }
  };

  for (let step = 0; step < 220; step++) {
    world.clock.now += Math.floor(rnd() * 600_000);
    const r = rnd();
    const ckpts = checkpointsOf(cell, pfs);
    if (r < 0.62 || (ckpts.length === 0 && r < 0.75)) {
      const path = pick(PATHS);
      const exists = live.has(path);
      const bytes = Math.floor(rnd() * o.maxBlocks * B) + (rnd() < 0.3 ? 0 : 1);
      const kind = exists ? pick(['write', 'writeAt', 'append', 'truncate', 'remove'] as const) : pick(['write', 'writeAt', 'append'] as const);
      const op: FileOp =
        kind === 'writeAt' ? { op: kind, path, offset: Math.floor((rnd() * o.maxBlocks * B) / 2), bytes } : kind === 'remove' ? { op: kind, path } : { op: kind, path, bytes };
      const stamp = world.nextStamp;
      let res;
      try {
        res = applyFileOp(world, cell, pfs, op);
      } catch (e) {
        // A write the 64 MB file system has no room for is refused whole.
        if ((e as { code?: string }).code !== 'fs_full') throw e;
        continue;
      }
      dropped(res.savVol);
      oracleApply(live, op, stamp);
      counts.write++;
    } else if (ckpts.length < 8 && r < 0.8) {
      const spec: NewCkpt = rnd() < 0.3 ? { automount: false } : {};
      if (points.length === 0 && o.fullMark !== undefined) spec.fullMark = o.fullMark;
      const c = createCheckpoint(world, cell, pfs, spec);
      points.push({ id: c.id, files: copyFiles(live) });
      expect(cell.movers.some((m) => m.mounts.some((x) => x.fsId === c.id && x.ro && x.mounted))).toBe(spec.automount !== false);
      counts.create++;
    } else if (ckpts.length > 0 && r < 0.87) {
      const c = pick(ckpts);
      const mounted = cell.movers.filter((m) => m.mounts.some((x) => x.fsId === c.id)).map((m) => m.name);
      refreshCheckpoint(world, cell, c);
      expect(c.createdAt).toBe(world.clock.now);
      points = [...points.filter((p) => p.id !== c.id), { id: c.id, files: copyFiles(live) }];
      expect(cell.movers.filter((m) => m.mounts.some((x) => x.fsId === c.id)).map((m) => m.name)).toEqual(mounted);
      counts.refresh++;
    } else if (ckpts.length > 0 && r < 0.94) {
      const c = pick(ckpts);
      const target = points.find((p) => p.id === c.id)!.files;
      const res = restoreCheckpoint(world, cell, c, rnd() < 0.5 ? { automount: false } : {});
      expect(res.safety.type).toBe('ckpt');
      points.push({ id: res.safety.id, files: copyFiles(live) });
      dropped(res.savVol);
      live = copyFiles(target);
      counts.restore++;
    } else if (ckpts.length > 0) {
      const c = pick(ckpts);
      unmountEverywhere(world, cell, c);
      if (rnd() < 0.3) renameFs(cell, c, `${c.name}_old`);
      deleteFs(world, cell, c);
      points = points.filter((p) => p.id !== c.id);
      counts.delete++;
    }

    expect(sorted(readBack(pfs)), `live after step ${step}`).toEqual(sorted(live));
    expect(checkpointsOf(cell, pfs).map((c) => c.id)).toEqual(points.map((p) => p.id));
    for (const p of points) expect(sorted(readBack(pfs, p.id)), `checkpoint ${p.id} after step ${step}`).toEqual(sorted(p.files));
    expect(pfs.savVol === null).toBe(points.length === 0);
    expect(pfs.usedMB).toBe(usedMB(contentsOf(pfs).files));
    if (pfs.savVol !== null && o.fullMark === 0) expect(savVolUsedMB(pfs)).toBeLessThanOrEqual(pfs.savVol.sizeMB);
  }
  return { counts, world };
}

describe('checkpoints against a naive oracle', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: every checkpoint reads back its point in time through creation, refresh, restore and deletion`, () => {
      const { counts, world } = randomRun(seed, { maxBlocks: 96 });
      expect(counts.create).toBeGreaterThan(4);
      expect(counts.refresh).toBeGreaterThan(0);
      expect(counts.restore).toBeGreaterThan(0);
      expect(counts.delete).toBeGreaterThan(0);
      expect(counts.dropped).toBe(0);
      // The lab still validates, and comes back from its text equal.
      const doc = labFromFixture(FIXTURE);
      doc.world = world;
      const back = validateLab(decode(encode(doc)));
      expect(encode(back.world)).toBe(encode(world));
    });
  }
  for (const seed of [11, 12, 13, 14]) {
    it(`seed ${seed}, %full=0 and large writes: the SavVol gives up the oldest checkpoints, the others stay right`, () => {
      const { counts } = randomRun(seed, { fullMark: 0, maxBlocks: 2048 });
      expect(counts.dropped).toBeGreaterThan(0);
      expect(counts.create).toBeGreaterThan(4);
    });
  }
});

describe('createCheckpoint', () => {
  it('makes a ckpt file system: next id, default name, the PFS size and use, its SavVol volume, mounted read-only at /<name>', () => {
    const { world, cell } = lab();
    const pfs = findFs(cell, 'pfs10');
    const { nextFsId, nextVolumeId } = cell;
    const c = createCheckpoint(world, cell, pfs);
    expect(c).toMatchObject({ id: nextFsId, name: 'pfs10_ckpt1', type: 'ckpt', sizeMB: pfs.sizeMB, usedMB: pfs.usedMB, pool: pfs.pool, contents: null, ckpt: { fsId: pfs.id } });
    expect(c.createdAt).toBe(world.clock.now);
    expect(pfs.savVol).toEqual({ volume: nextVolumeId, pool: pfs.pool, sizeMB: DEFAULT_SAVVOL_MB, fullMark: 90 });
    expect(c.volume).toBe(nextVolumeId);
    expect(contentsOf(pfs).volume.snapshots.map((s) => [s.id, s.createdAt, s.deltaSetStamp])).toEqual([[c.id, world.clock.now, null]]);
    const s2 = findMover(cell, 'server_2');
    expect(s2.mounts.find((m) => m.fsId === c.id)).toMatchObject({ path: '/pfs10_ckpt1', ro: true, mounted: true });
    expect(s2.mountpoints).toContain('/pfs10_ckpt1');
    // A second one shares the SavVol and its volume; the default name takes the next number.
    const c2 = createCheckpoint(world, cell, pfs, { automount: false });
    expect(c2.name).toBe('pfs10_ckpt2');
    expect(c2.volume).toBe(c.volume);
    expect(cell.nextVolumeId).toBe(nextVolumeId + 2);
    expect(s2.mounts.some((m) => m.fsId === c2.id)).toBe(false);
    expect(describeFs(cell, pfs).ckpts).toEqual(['pfs10_ckpt1', 'pfs10_ckpt2']);
  });

  it('sizes the SavVol as the manual says: 10 GB, the PFS size below that, never under 64 MB; size= and pool= honoured', () => {
    expect([defaultSavVolMB(51200), defaultSavVolMB(5120), defaultSavVolMB(10), defaultSavVolMB(10240)]).toEqual([10240, 5120, 64, 10240]);
    const { world, cell } = lab();
    const pool = cell.pools[0]!;
    cell.pools.push({ ...pool, id: 9, name: 'savpool', totalMB: 100_000, members: ['d7'] });
    const savpool = cell.pools[1]!;
    const used = poolUsedMB(cell, pool);
    createCheckpoint(world, cell, findFs(cell, 'pfs11'), { size: { mb: 2048, text: '2G' } });
    expect(findFs(cell, 'pfs11').savVol!.sizeMB).toBe(2048);
    expect(poolUsedMB(cell, pool)).toBe(used + 2048);
    createCheckpoint(world, cell, findFs(cell, 'pfs10'), { size: { pct: 10, text: '10%' }, pool: 'savpool' });
    expect(findFs(cell, 'pfs10').savVol).toMatchObject({ sizeMB: 2048, pool: 9 });
    expect(poolUsedMB(cell, savpool)).toBe(2048);
    expect(poolUsedMB(cell, pool)).toBe(used + 2048);
    const c = checkpointsOf(cell, findFs(cell, 'pfs10'))[0]!;
    expect(c.pool).toBe(9);
    // The SavVol's own pool may be named again for the next checkpoint.
    createCheckpoint(world, cell, findFs(cell, 'pfs10'), { pool: 'savpool' });
    // The last checkpoint deleted, the SavVol's space goes back to its pool.
    for (const k of checkpointsOf(cell, findFs(cell, 'pfs10'))) {
      unmountEverywhere(world, cell, k);
      deleteFs(world, cell, k);
    }
    expect(findFs(cell, 'pfs10').savVol).toBeNull();
    expect(poolUsedMB(cell, savpool)).toBe(0);
  });

  it('mounts on every data mover mounting the PFS, read-only, making the mount point', () => {
    const { world, cell } = lab();
    const pfs = newPfs(world, cell, 'shared', 128);
    const s2 = findMover(cell, 'server_2');
    const s3 = findMover(cell, 'server_3');
    umountFs(world, cell, s2, 'shared', true);
    mountFs(world, cell, s2, { fs: pfs, path: null, ro: true });
    mountFs(world, cell, s3, { fs: pfs, path: '/shared', ro: true });
    const c = createCheckpoint(world, cell, pfs, { name: 'snap' });
    expect([s2, s3].map((m) => m.mounts.find((x) => x.fsId === c.id))).toMatchObject([
      { path: '/snap', ro: true },
      { path: '/snap', ro: true },
    ]);
    expect(describeFs(cell, c).roServers).toEqual(['server_2', 'server_3']);
    // A PFS mounted only read-only may be checkpointed, not restored.
    refused(world, 'ckpt_pfs_readonly', () => restoreCheckpoint(world, cell, c));
  });
});

describe('refresh and restore', () => {
  it('refresh re-bases the checkpoint to now and keeps its mounts; restore takes a real safety checkpoint first', () => {
    const { world, cell } = lab();
    const pfs = newPfs(world, cell, 'r', 64);
    applyFileOp(world, cell, pfs, { op: 'write', path: '/x', bytes: 4 * MB });
    const first = [...readFile(contentsOf(pfs).files, contentsOf(pfs).volume, '/x')];
    const c = createCheckpoint(world, cell, pfs, { name: 'r_a' });
    world.clock.now += 60_000;
    applyFileOp(world, cell, pfs, { op: 'write', path: '/x', bytes: 4 * MB });
    applyFileOp(world, cell, pfs, { op: 'write', path: '/y', bytes: 1 * MB });
    const second = readBack(pfs);
    const res = restoreCheckpoint(world, cell, c, { name: 'before_restore' });
    expect(res.safety).toMatchObject({ name: 'before_restore', type: 'ckpt', ckpt: { fsId: pfs.id }, createdAt: world.clock.now });
    expect(res.written).toBe(512);
    expect([...readFile(contentsOf(pfs).files, contentsOf(pfs).volume, '/x')]).toEqual(first);
    expect(listFiles(contentsOf(pfs).files).map(([p]) => p)).toEqual(['/x']);
    expect(sorted(readBack(pfs, res.safety.id))).toEqual(sorted(second));
    expect(findMover(cell, 'server_2').mounts.find((m) => m.fsId === res.safety.id)).toMatchObject({ path: '/before_restore', ro: true });
    // Restoring from the safety checkpoint undoes the restore.
    restoreCheckpoint(world, cell, res.safety);
    expect(sorted(readBack(pfs))).toEqual(sorted(second));
    expect(checkpointsOf(cell, pfs).map((k) => k.name)).toEqual(['r_a', 'before_restore', 'r_ckpt1']);
    world.clock.now += 60_000;
    refreshCheckpoint(world, cell, c, { fullMark: 75 });
    expect(c.createdAt).toBe(world.clock.now);
    expect(pfs.savVol!.fullMark).toBe(75);
    expect(sorted(readBack(pfs, c.id))).toEqual(sorted(second));
    expect(checkpointsOf(cell, pfs).map((k) => k.name)).toEqual(['before_restore', 'r_ckpt1', 'r_a']);
    expect(findMover(cell, 'server_2').mounts.find((m) => m.fsId === c.id)).toMatchObject({ path: '/r_a', mounted: true });
    expect(listCheckpoints(cell, pfs).map((k) => k.ckpt.name)).toEqual(['before_restore', 'r_ckpt1', 'r_a']);
  });
});

describe('the SavVol policy', () => {
  /** A 64 MB PFS with a 48 MB file, a checkpoint, and the file overwritten `times` times with a checkpoint between. */
  function filled(fullMark: number | undefined, poolRoom: number | null) {
    const { world, cell } = lab();
    const pfs = newPfs(world, cell, 'sv', 64);
    applyFileOp(world, cell, pfs, { op: 'write', path: '/f', bytes: 30 * MB });
    const pool = cell.pools[0]!;
    if (poolRoom !== null) pool.totalMB = poolUsedMB(cell, pool) + 64 + poolRoom;
    const a = createCheckpoint(world, cell, pfs, fullMark === undefined ? {} : { fullMark });
    return { world, cell, pfs, a, pool };
  }
  const overwrite = (world: World, cell: Cell, pfs: FileSystem) => applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/f', offset: 0, bytes: 30 * MB }).savVol;
  const svLog = (cell: Cell) =>
    findMover(cell, 'server_2')
      .log.filter((e) => e.facility === 'SVFS')
      .map(logText);

  it('extends by 10 GB at the high water mark, and logs it', () => {
    const { world, cell, pfs } = filled(undefined, null);
    expect(overwrite(world, cell, pfs)).toEqual([]);
    expect(savVolUsedMB(pfs)).toBe(30);
    createCheckpoint(world, cell, pfs);
    const ev = applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/f', offset: 0, bytes: 28 * MB }).savVol;
    expect(ev).toEqual([{ kind: 'extended', fromMB: 64, toMB: 64 + SAVVOL_EXTEND_MB, usedPct: 91 }]);
    expect(pfs.savVol!.sizeMB).toBe(64 + SAVVOL_EXTEND_MB);
    expect(svLog(cell)).toEqual([`SavVol of sv is 91% full (%full=90): extended from 64 MB to ${64 + SAVVOL_EXTEND_MB} MB`]);
    // Below the new mark nothing more happens.
    expect(overwrite(world, cell, pfs)).toEqual([]);
    expect(svLog(cell)).toHaveLength(1);
  });

  it('with %full=0 never extends: the oldest checkpoint goes when the before images overflow, the newer ones stay right', () => {
    const { world, cell, pfs, a } = filled(0, null);
    overwrite(world, cell, pfs);
    const b = createCheckpoint(world, cell, pfs);
    const atB = readBack(pfs);
    expect(overwrite(world, cell, pfs)).toEqual([]);
    expect(savVolUsedMB(pfs)).toBe(60);
    const c = createCheckpoint(world, cell, pfs);
    const atC = readBack(pfs);
    const ev = applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/f', offset: 0, bytes: 5 * MB }).savVol;
    expect(ev).toEqual([{ kind: 'ckpt_deleted', ckpt: a.name, usedPct: 100 }]);
    expect(pfs.savVol!.sizeMB).toBe(64);
    expect(savVolUsedMB(pfs)).toBe(35);
    expect(checkpointsOf(cell, pfs)).toEqual([b, c]);
    expect(findMover(cell, 'server_2').mounts.some((m) => m.fsId === a.id)).toBe(false);
    expect(findMover(cell, 'server_2').mountpoints).toContain(`/${a.name}`);
    expect(sorted(readBack(pfs, b.id))).toEqual(sorted(atB));
    expect(sorted(readBack(pfs, c.id))).toEqual(sorted(atC));
    expect(svLog(cell)).toEqual([`SavVol of sv is full: checkpoint ${a.name} deactivated and deleted to keep newer checkpoints`]);
  });

  it('when the pool has no room: the failed extension is logged once, when the mark is crossed; overflow then drops the oldest', () => {
    const { world, cell, pfs, a } = filled(50, 100);
    overwrite(world, cell, pfs);
    expect(svLog(cell)).toEqual([]);
    applyFileOp(world, cell, pfs, { op: 'write', path: '/g', bytes: 20 * MB });
    const b = createCheckpoint(world, cell, pfs);
    const ev1 = applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/g', offset: 0, bytes: 2 * MB }).savVol;
    expect(ev1).toEqual([{ kind: 'not_extended', usedPct: 50 }]);
    expect(svLog(cell)).toEqual(['SavVol of sv is 50% full (%full=50): cannot be extended by 10240 MB, pool clar_r5_performance has 100 MB available']);
    expect(applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/g', offset: 2 * MB, bytes: 18 * MB }).savVol).toEqual([]);
    expect(svLog(cell)).toHaveLength(1);
    const atB = readBack(pfs, b.id);
    const ev = overwrite(world, cell, pfs);
    expect(ev).toEqual([{ kind: 'ckpt_deleted', ckpt: a.name, usedPct: 100 }]);
    expect(checkpointsOf(cell, pfs)).toEqual([b]);
    expect(sorted(readBack(pfs, b.id))).toEqual(sorted(atB));
    expect(svLog(cell)[1]).toBe(`SavVol of sv is full: checkpoint ${a.name} deactivated and deleted to keep newer checkpoints`);
    // Room in the pool again: the next write over the mark extends.
    cell.pools[0]!.totalMB += SAVVOL_EXTEND_MB;
    createCheckpoint(world, cell, pfs);
    expect(applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/g', offset: 0, bytes: MB }).savVol.map((e) => e.kind)).toEqual(['extended']);
  });

  it('-modify %full applies at once, extending when the SavVol is already over the new mark', () => {
    const { world, cell, pfs } = filled(undefined, null);
    overwrite(world, cell, pfs);
    expect(modifySavVol(world, cell, pfs, { fullMark: 95 })).toEqual([]);
    expect(modifySavVol(world, cell, pfs, { fullMark: 40 })).toEqual([{ kind: 'extended', fromMB: 64, toMB: 64 + SAVVOL_EXTEND_MB, usedPct: 47 }]);
    expect(pfs.savVol!.fullMark).toBe(40);
  });

  it('reports what a checkpoint and the SavVol use, as nas_fs -info and fs_ckpt -list show it', () => {
    const { world, cell, pfs, a } = filled(undefined, null);
    overwrite(world, cell, pfs);
    const b = createCheckpoint(world, cell, pfs);
    applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/f', offset: 0, bytes: 5 * MB });
    expect(describeCheckpoint(cell, a)).toMatchObject({
      inUse: true,
      fullMark: 90,
      savVolMB: 64,
      savVolUsedMB: 35,
      savVolAvailMB: 29,
      savVolUsedPct: 55,
      usageMB: 30,
      usagePct: 47,
      blockcount: 64 * 2048,
    });
    expect(describeCheckpoint(cell, b)).toMatchObject({ usageMB: 5, usagePct: 8 });
  });
});

describe('refusals leave the world byte-identical', () => {
  it('createCheckpoint', () => {
    const { world, cell } = lab();
    const pfs10 = findFs(cell, 'pfs10');
    createCheckpoint(world, cell, pfs10, { name: 'taken' });
    const ck = findFs(cell, 'taken');
    const sfs = findCell(world, 'cel_sfs');
    const sfs10 = findFs(sfs, 'sfs10');
    mountFs(world, sfs, findMover(sfs, 'server_2'), { fs: sfs10, path: null, ro: true });
    refused(world, 'ckpt_pfs_type', () => createCheckpoint(world, sfs, sfs10));
    refused(world, 'ckpt_pfs_type', () => createCheckpoint(world, cell, ck));
    refused(world, 'fs_system', () => createCheckpoint(world, cell, findFs(cell, 'root_fs_2')));
    refused(world, 'ckpt_pfs_not_mounted', () => createCheckpoint(world, cell, findFs(cell, 'scratch')));
    refused(world, 'fs_exists', () => createCheckpoint(world, cell, pfs10, { name: 'pfs11' }));
    refused(world, 'fs_exists', () => createCheckpoint(world, cell, pfs10, { name: 'taken' }));
    refused(world, 'ckpt_name_numeric', () => createCheckpoint(world, cell, pfs10, { name: '20260112' }));
    refused(world, 'fs_name_invalid', () => createCheckpoint(world, cell, pfs10, { name: '-x' }));
    refused(world, 'ckpt_option_invalid', () => createCheckpoint(world, cell, pfs10, { fullMark: 100 }));
    refused(world, 'savvol_exists', () => createCheckpoint(world, cell, pfs10, { size: { mb: 1024, text: '1G' } }));
    refused(world, 'pool_not_found', () => createCheckpoint(world, cell, pfs10, { pool: 'nope' }));
    cell.pools.push({ ...cell.pools[0]!, id: 9, name: 'other', totalMB: 50_000 });
    refused(world, 'savvol_exists', () => createCheckpoint(world, cell, pfs10, { pool: 'other' }));
    const pfs11 = findFs(cell, 'pfs11');
    refused(world, 'savvol_size_invalid', () => createCheckpoint(world, cell, pfs11, { size: { mb: 32, text: '32M' } }));
    refused(world, 'savvol_size_invalid', () => createCheckpoint(world, cell, pfs11, { size: { pct: 0, text: '0%' } }));
    refused(world, 'savvol_size_invalid', () => createCheckpoint(world, cell, pfs11, { size: { pct: 101, text: '101%' } }));
    refused(world, 'pool_full', () => createCheckpoint(world, cell, pfs11, { size: { mb: 60_000, text: '60000M' }, pool: 'other' }));
    // The mount it would make is checked too: /pfs11_ckpt1 already holds another file system.
    const s2 = findMover(cell, 'server_2');
    const other = createFs(world, cell, { name: 'squatter', type: 'uxfs', sizeMB: 64, pool: POOL });
    mountFs(world, cell, s2, { fs: other, path: '/pfs11_ckpt1', ro: null });
    refused(world, 'mount_exists', () => createCheckpoint(world, cell, pfs11));
    umountFs(world, cell, s2, 'squatter', true);
    s2.status = 'offline';
    refused(world, 'mover_offline', () => createCheckpoint(world, cell, pfs11, { automount: false }));
    s2.status = 'online';
    expect(createCheckpoint(world, cell, pfs11).name).toBe('pfs11_ckpt1');
  });

  it('refresh, restore, modify and delete', () => {
    const { world, cell } = lab();
    const pfs = newPfs(world, cell, 'z', 64);
    const c = createCheckpoint(world, cell, pfs, { automount: false });
    const s2 = findMover(cell, 'server_2');
    refused(world, 'not_a_ckpt', () => refreshCheckpoint(world, cell, pfs));
    refused(world, 'not_a_ckpt', () => restoreCheckpoint(world, cell, pfs));
    refused(world, 'ckpt_option_invalid', () => refreshCheckpoint(world, cell, c, { automount: false }));
    refused(world, 'ckpt_option_invalid', () => refreshCheckpoint(world, cell, c, { fullMark: -1 }));
    refused(world, 'fs_exists', () => restoreCheckpoint(world, cell, c, { name: 'pfs10' }));
    refused(world, 'ckpt_name_numeric', () => restoreCheckpoint(world, cell, c, { name: '42' }));
    refused(world, 'savvol_not_found', () => modifySavVol(world, cell, findFs(cell, 'pfs10'), { fullMark: 80 }));
    refused(world, 'ckpt_pfs_type', () => modifySavVol(world, cell, c, { fullMark: 80 }));
    refused(world, 'ckpt_option_invalid', () => modifySavVol(world, cell, pfs, { fullMark: 100 }));
    umountFs(world, cell, s2, 'z', false);
    refused(world, 'ckpt_pfs_not_mounted', () => refreshCheckpoint(world, cell, c));
    refused(world, 'ckpt_pfs_not_mounted', () => restoreCheckpoint(world, cell, c));
    refused(world, 'fs_in_use', () => deleteFs(world, cell, pfs));
    mountFs(world, cell, s2, { fs: pfs, path: null, ro: null });
    mountFs(world, cell, s2, { fs: c, path: null, ro: null });
    refused(world, 'fs_in_use', () => deleteFs(world, cell, c));
    umountFs(world, cell, s2, c.name, true);
    umountFs(world, cell, s2, 'z', true);
    const e = refused(world, 'fs_has_ckpts', () => deleteFs(world, cell, pfs));
    expect(errorLine(e.code, e.data)).toBe(`Error 4115: z : file system has checkpoints (${c.name}); delete them first`);
  });
});

describe('mounting checkpoints', () => {
  it('mounts read-only only (the default), where the PFS is mounted, and holds the PFS mounted', () => {
    const { world, cell } = lab();
    const pfs = findFs(cell, 'pfs10');
    const c = createCheckpoint(world, cell, pfs, { automount: false });
    const s2 = findMover(cell, 'server_2');
    const s3 = findMover(cell, 'server_3');
    const e = refused(world, 'ckpt_mount_rw', () => mountFs(world, cell, s2, { fs: c, path: null, ro: false }));
    expect(errorLine(e.code, e.data)).toBe('Error 4112: server_2 : pfs10_ckpt1 : a checkpoint can only be mounted read-only');
    refused(world, 'ckpt_mount_no_pfs', () => mountFs(world, cell, s3, { fs: c, path: null, ro: true }));
    expect(mountFs(world, cell, s2, { fs: c, path: null, ro: null })).toMatchObject({ path: '/pfs10_ckpt1', ro: true });
    const busy = refused(world, 'ckpt_mounted', () => umountFs(world, cell, s2, 'pfs10', false));
    expect(errorLine(busy.code, busy.data)).toBe('Error 16: server_2 : pfs10 : Device or resource busy: checkpoint pfs10_ckpt1 is mounted on /pfs10_ckpt1; unmount it first');
    refused(world, 'ckpt_mounted', () => umountFs(world, cell, s2, '/pfs10', true));
    // -temp keeps the entry; remounting it needs the PFS back first.
    umountFs(world, cell, s2, c.name, false);
    umountFs(world, cell, s2, 'pfs10', false);
    refused(world, 'ckpt_mount_no_pfs', () => mountFs(world, cell, s2, { fs: c, path: null, ro: null }));
    mountFs(world, cell, s2, { fs: pfs, path: null, ro: null });
    mountFs(world, cell, s2, { fs: c, path: null, ro: null });
  });

  it('server_umount -all takes the checkpoints down before their PFS, whatever the mount points', () => {
    const { world, cell } = lab();
    const s2 = findMover(cell, 'server_2');
    const pfs = findFs(cell, 'pfs10');
    createCheckpoint(world, cell, pfs, { name: 'aaa' });
    const deep = createCheckpoint(world, cell, pfs, { name: 'deep', automount: false });
    mountFs(world, cell, s2, { fs: deep, path: '/aaa_dir', ro: true });
    const order = umountAll(world, cell, s2, true).map((m) => m.path);
    expect(order.indexOf('/aaa')).toBeLessThan(order.indexOf('/pfs10'));
    expect(order.indexOf('/aaa_dir')).toBeLessThan(order.indexOf('/pfs10'));
    expect(s2.mounts.map((m) => m.path)).toEqual(['/', '/.etc_common']);
  });

  it('a PFS mounted deeper than its checkpoint waits for it, and its parent for it', () => {
    const { world, cell } = lab();
    const s3 = findMover(cell, 'server_3');
    const fs = createFs(world, cell, { name: 'deep', type: 'uxfs', sizeMB: 64, pool: POOL });
    mountFs(world, cell, s3, { fs, path: '/home/sub', ro: null });
    createCheckpoint(world, cell, fs, { name: 'deep_snap' });
    expect(umountAll(world, cell, s3, false).map((m) => m.path)).toEqual(['/deep_snap', '/home/sub', '/home']);
    expect(s3.mounts.filter((m) => m.mounted).map((m) => m.path)).toEqual(['/', '/.etc_common']);
  });
});

describe('saving and loading', () => {
  it('a lab with checkpoints, written blocks and a SavVol loads back equal and valid', () => {
    const { world, cell, doc } = lab();
    const pfs = newPfs(world, cell, 'keep', 64);
    applyFileOp(world, cell, pfs, { op: 'write', path: '/data/one', bytes: 3 * MB });
    const a = createCheckpoint(world, cell, pfs);
    applyFileOp(world, cell, pfs, { op: 'writeAt', path: '/data/one', offset: MB, bytes: MB });
    createCheckpoint(world, cell, pfs, { automount: false, fullMark: 0 });
    applyFileOp(world, cell, pfs, { op: 'remove', path: '/data/one' });
    const text = stringifyLab(doc);
    const back = parseLab(text, 'keep.json');
    expect(encode(back.world)).toBe(encode(world));
    const bcell = findCell(back.world, 'cel_pfs');
    const bpfs = findFs(bcell, 'keep');
    expect(sorted(readBack(bpfs, a.id))).toEqual(sorted(readBack(pfs, a.id)));
    expect(checkpointsOf(bcell, bpfs).map((c) => c.name)).toEqual(['keep_ckpt1', 'keep_ckpt2']);
  });

  it('the loader refuses a checkpoint whose snapshot is missing, a SavVol in no pool, a checkpoint mounted read-write', () => {
    const { world, cell, doc } = lab();
    const pfs = findFs(cell, 'pfs10');
    createCheckpoint(world, cell, pfs);
    const broken = decode(encode(doc)) as typeof doc;
    findFs(findCell(broken.world, 'cel_pfs'), 'pfs10').contents!.volume.snapshots = [];
    expect(() => validateLab(broken)).toThrow(/snapshot|SavVol/);
    const pool = decode(encode(doc)) as typeof doc;
    findFs(findCell(pool.world, 'cel_pfs'), 'pfs10').savVol!.pool = 77;
    expect(() => validateLab(pool)).toThrow(/no pool with id 77/);
    const rw = decode(encode(doc)) as typeof doc;
    findMover(findCell(rw.world, 'cel_pfs'), 'server_2').mounts.find((m) => m.path === '/pfs10_ckpt1')!.ro = false;
    expect(() => validateLab(rw)).toThrow(/checkpoint pfs10_ckpt1 is mounted read-write on server_2/);
    expect(() => validateLab(decode(encode(doc)))).not.toThrow();
  });
});
