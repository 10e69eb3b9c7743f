// fs_copy against a naive oracle: a dense copy (every block's stamp and validity) of the
// production file system taken with every checkpoint. On random sequences of file writes,
// overwrites, appends, truncations and removals, with checkpoints created, deleted and
// restored at random, a full copy of one checkpoint and then a chain of differential copies
// to younger ones, each run as a job across the link while the production file system keeps
// changing, always leave the destination holding exactly the source checkpoint: the same
// blocks where it has them valid, the same validity, the same digest (volumeDigest against
// snapshotDigest) and the same files read back. Each differential sends every block that
// changed from L to M, nothing invalid in M, and beyond the changed blocks only blocks whose
// validity lapsed in one of L..M-1 (FIG. 39's step 657) or that were written between L and M
// without changing (a restore writes back what a block held; FIG. 34 counts every write).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceBy } from '../../../src/engine/clock.js';
import { findCell } from '../../../src/engine/cluster.js';
import { sameDigest } from '../../../src/engine/blocks/digest.js';
import { positionOf, snapshotDigest } from '../../../src/engine/blocks/snapshots.js';
import { isValidBlock, readBlock, volumeDigest, type Volume } from '../../../src/engine/blocks/volume.js';
import { refreshUsed } from '../../../src/engine/contents.js';
import { startCopy } from '../../../src/engine/copy/sessions.js';
import { NasError } from '../../../src/engine/errors.js';
import { listFiles, readFile, readFileAt, restoreFiles, statPath } from '../../../src/engine/files/files.js';
import { mountFs } from '../../../src/engine/mount.js';
import { createFs } from '../../../src/engine/fs.js';
import type { CopySession, FileSystem, World } from '../../../src/engine/types.js';
import { deleteCkpt, labWorld, makeCkpt, op } from './lab.js';

interface Dense {
  id: number;
  name: string;
  /** Operations done on the file system before it was taken. */
  at: number;
  stamps: Uint32Array;
  valid: Uint8Array;
}

function dense(vol: Volume, id: number, name: string, at = 0): Dense {
  const stamps = new Uint32Array(vol.size);
  const valid = new Uint8Array(vol.size);
  for (let b = 0; b < vol.size; b++) {
    stamps[b] = readBlock(vol, b);
    valid[b] = isValidBlock(vol, b) ? 1 : 0;
  }
  return { id, name, at, stamps, valid };
}

function blocksOf(s: CopySession): Set<number> {
  const out = new Set<number>();
  const p = s.extents!;
  for (let i = 0; i < p.length; i += 2) for (let b = p[i]!; b < p[i]! + p[i + 1]!; b++) out.add(b);
  return out;
}

type Step =
  | { t: 'write'; file: number; kb: number }
  | { t: 'writeAt'; file: number; kb: number; atKb: number }
  | { t: 'append'; file: number; kb: number }
  | { t: 'truncate'; file: number; kb: number }
  | { t: 'remove'; file: number }
  | { t: 'ckpt' }
  | { t: 'delete'; pick: number }
  | { t: 'restore'; pick: number }
  | { t: 'copy'; pick: number; convert: boolean }
  | { t: 'tick'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('write' as const), file: fc.nat(7), kb: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('writeAt' as const), file: fc.nat(7), kb: fc.integer({ min: 1, max: 64 }), atKb: fc.nat(300) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('append' as const), file: fc.nat(7), kb: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('truncate' as const), file: fc.nat(7), kb: fc.nat(300) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('remove' as const), file: fc.nat(7) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('ckpt' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delete' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restore' as const), pick: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('copy' as const), pick: fc.nat(20), convert: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 50, max: 1500 }) }) },
);

/** A small source mounted on cel_pfs and a rawfs of its size on cel_sfs. */
function setup(): { world: World; pfs: FileSystem; dst: FileSystem } {
  const world = labWorld();
  const cell = findCell(world, 'cel_pfs');
  const pfs = createFs(world, cell, { name: 'small', type: 'uxfs', sizeMB: 16, pool: 'clar_r5_performance' });
  mountFs(world, cell, cell.movers.find((m) => m.name === 'server_2')!, { fs: pfs, path: null, ro: false });
  const dst = createFs(world, findCell(world, 'cel_sfs'), { name: 'small_dr', type: 'rawfs', sizeMB: 16, pool: 'clar_r5_performance' });
  return { world, pfs, dst };
}

function ignoreRefusal(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof NasError)) throw e;
  }
}

class Run {
  readonly world: World;
  readonly pfs: FileSystem;
  readonly dst: FileSystem;
  /** Dense versions of live checkpoints, oldest first; every one taken, by id. */
  live: Dense[] = [];
  taken = new Map<number, Dense>();
  /** Checkpoint ids in creation order (for "taken between L and M"). */
  order: number[] = [];
  n = 0;
  /** Per operation on the file system, the blocks whose stamp or validity it changed. */
  touched: Set<number>[] = [];
  /** What the destination holds, and the copy under way. */
  holds: Dense | null = null;
  running: { s: CopySession; to: Dense; from: Dense | null; sent: Set<number> } | null = null;
  copies = 0;
  differentials = 0;

  constructor() {
    ({ world: this.world, pfs: this.pfs, dst: this.dst } = setup());
  }

  get vol(): Volume {
    return this.pfs.contents!.volume;
  }

  file(i: number): string {
    return `/d${i % 3}/f${i}`;
  }

  apply(st: Step): void {
    if (st.t === 'ckpt' || st.t === 'copy' || st.t === 'tick' || st.t === 'delete') return this.applyOther(st);
    const before = dense(this.vol, 0, '');
    this.applyWrite(st);
    const after = dense(this.vol, 0, '');
    const t = new Set<number>();
    for (let b = 0; b < this.vol.size; b++) if (before.stamps[b] !== after.stamps[b] || before.valid[b] !== after.valid[b]) t.add(b);
    this.touched.push(t);
  }

  applyWrite(st: Step): void {
    const w = this.world;
    switch (st.t) {
      case 'write':
        return ignoreRefusal(() => op(w, 'cel_pfs', 'small', { op: 'write', path: this.file(st.file), bytes: st.kb * 1024 }));
      case 'writeAt':
        return ignoreRefusal(() => op(w, 'cel_pfs', 'small', { op: 'writeAt', path: this.file(st.file), offset: st.atKb * 1024, bytes: st.kb * 1024 }));
      case 'append':
        return ignoreRefusal(() => op(w, 'cel_pfs', 'small', { op: 'append', path: this.file(st.file), bytes: st.kb * 1024 }));
      case 'truncate':
        return ignoreRefusal(() => op(w, 'cel_pfs', 'small', { op: 'truncate', path: this.file(st.file), bytes: st.kb * 1024 }));
      case 'remove':
        return ignoreRefusal(() => op(w, 'cel_pfs', 'small', { op: 'remove', path: this.file(st.file) }));
      case 'restore': {
        if (this.live.length === 0) return;
        const d = this.live[st.pick % this.live.length]!;
        restoreFiles(this.pfs.contents!.files, this.vol, d.id);
        refreshUsed(this.pfs);
        expect(dense(this.vol, d.id, d.name).stamps.every((s, b) => d.valid[b] === 0 || s === d.stamps[b])).toBe(true);
        return;
      }
    }
  }

  applyOther(st: Step): void {
    const w = this.world;
    switch (st.t) {
      case 'ckpt': {
        const c = makeCkpt(w, 'cel_pfs', 'small', `small_ckpt${++this.n}`);
        const d = dense(this.vol, c.id, c.name, this.touched.length);
        this.live.push(d);
        this.taken.set(c.id, d);
        this.order.push(c.id);
        return;
      }
      case 'delete': {
        // Neither the base the destination holds nor the checkpoint being copied.
        const cands = this.live.filter((d) => d.id !== this.holds?.id && d.id !== this.running?.to.id);
        if (cands.length === 0) return;
        const d = cands[st.pick % cands.length]!;
        deleteCkpt(w, 'cel_pfs', d.name);
        this.live = this.live.filter((x) => x !== d);
        return;
      }
      case 'copy':
        return this.startNext(st.pick, st.convert);
      case 'tick':
        advanceBy(w, st.ms);
        return this.check();
    }
  }

  /** A full copy of a live checkpoint when the destination holds nothing, else a differential to a younger one. */
  startNext(pick: number, convert: boolean): void {
    if (this.running !== null || this.live.length === 0) return;
    let from: Dense | null = null;
    let cands: Dense[] = this.live;
    if (this.holds !== null && this.live.includes(this.holds)) {
      from = this.holds;
      cands = this.live.slice(this.live.indexOf(from) + 1);
      if (cands.length === 0) return;
    } else if (this.holds !== null) return; // its base was deleted: the chain ends here
    const to = cands[pick % cands.length]!;
    const s = startCopy(this.world, findCell(this.world, 'cel_pfs'), {
      src: to.name,
      dst: 'small_dr',
      dstCel: 'cel_sfs',
      fromfs: from?.name ?? null,
      qosKbit: 0,
      convert,
    });
    expect(this.dst.copyOf).toBeNull();
    this.running = { s, to, from, sent: blocksOf(s) };
    if (from !== null) this.checkSent(from, to, this.running.sent);
  }

  /** FIG. 40's list against the dense versions. */
  checkSent(l: Dense, m: Dense, sent: Set<number>): void {
    const between = this.order.slice(this.order.indexOf(l.id), this.order.indexOf(m.id)).map((id) => this.taken.get(id)!);
    for (let b = 0; b < this.vol.size; b++) {
      const changed = m.valid[b] === 1 && (l.valid[b] === 0 || l.stamps[b] !== m.stamps[b]);
      if (changed) expect(sent.has(b), `changed block ${b} not sent`).toBe(true);
      if (!sent.has(b)) continue;
      expect(m.valid[b], `block ${b} invalid in M but sent`).toBe(1);
      const lapsed = between.some((d) => d.valid[b] === 0);
      // Written between L and M, even with the stamp it had (a restore writes back old contents).
      const written = this.touched.slice(l.at, m.at).some((t) => t.has(b));
      expect(changed || lapsed || written, `block ${b} sent without cause`).toBe(true);
    }
    expect(sent.size).toBeGreaterThanOrEqual([...m.valid].filter((v, b) => v === 1 && (l.valid[b] === 0 || l.stamps[b] !== m.stamps[b])).length);
  }

  check(): void {
    const r = this.running;
    if (r === null || r.s.state === 'copying') return;
    expect(r.s.state).toBe('completed');
    expect(r.s.copiedBlocks).toBe(r.sent.size);
    this.running = null;
    this.holds = r.to;
    this.copies++;
    if (r.from !== null) this.differentials++;
    this.checkHolds(r.to);
  }

  /** The destination holds M: blocks, validity, digest, files. */
  checkHolds(m: Dense): void {
    const dvol = this.dst.contents!.volume;
    for (let b = 0; b < dvol.size; b++) {
      expect(isValidBlock(dvol, b) ? 1 : 0).toBe(m.valid[b]);
      if (m.valid[b] === 1) expect(readBlock(dvol, b)).toBe(m.stamps[b]);
    }
    expect(sameDigest(volumeDigest(dvol), snapshotDigest(this.vol, m.id))).toBe(true);
    const files = this.pfs.contents!.files;
    const want = listFiles(files, m.id).map(([p]) => p);
    const got = listFiles(this.dst.contents!.files).map(([p]) => p);
    expect(got).toEqual(want);
    for (const p of want) {
      expect(statPath(this.dst.contents!.files, p)).toEqual(statPath(files, p, m.id));
      expect(readFile(this.dst.contents!.files, dvol, p)).toEqual(readFileAt(files, this.vol, m.id, p));
    }
    expect(this.dst.copyOf).toMatchObject({ cel: 'cel_pfs', fs: 'small', ckptId: m.id, ckpt: m.name });
    expect(this.dst.contents!.files.alloc.freeBlocks).toBe(this.pfs.sizeMB * 128 - want.reduce((n, p) => n + statPath(files, p, m.id).blocks, 0));
  }

  /** Lets a copy under way finish. */
  drain(): void {
    for (let i = 0; i < 20 && this.running !== null; i++) {
      advanceBy(this.world, 1000);
      this.check();
    }
    expect(this.running).toBeNull();
  }
}

describe('fs_copy against a dense oracle', () => {
  it('a full copy then differential copies always leave the destination equal to the source checkpoint', () => {
    let copies = 0;
    let differentials = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80 }), (steps) => {
        const run = new Run();
        for (const st of steps) run.apply(st);
        run.drain();
        // One more round so every run ends with at least one differential when it can.
        run.apply({ t: 'write', file: 1, kb: 24 });
        run.apply({ t: 'ckpt' });
        run.apply({ t: 'copy', pick: 0, convert: true });
        run.drain();
        run.apply({ t: 'remove', file: 1 });
        run.apply({ t: 'write', file: 2, kb: 40 });
        run.apply({ t: 'ckpt' });
        run.apply({ t: 'copy', pick: 99, convert: true });
        run.drain();
        copies += run.copies;
        differentials += run.differentials;
      }),
      { numRuns: 60 },
    );
    expect(copies).toBeGreaterThan(100);
    expect(differentials).toBeGreaterThan(60);
  });

  it('a differential sends only what changed where the full copy sends every block in use', () => {
    const run = new Run();
    for (let i = 0; i < 8; i++) run.apply({ t: 'write', file: i, kb: 256 });
    run.apply({ t: 'ckpt' });
    run.apply({ t: 'copy', pick: 0, convert: false });
    const full = run.running!.s.totalBlocks;
    expect(full).toBe(8 * 32);
    run.drain();
    expect(run.dst.type).toBe('rawfs');
    run.apply({ t: 'writeAt', file: 3, kb: 8, atKb: 16 });
    run.apply({ t: 'remove', file: 5 });
    run.apply({ t: 'ckpt' });
    run.apply({ t: 'copy', pick: 0, convert: true });
    expect(run.running!.s.totalBlocks).toBe(1);
    run.drain();
    // A differential keeps the destination's type.
    expect(run.dst.type).toBe('rawfs');
    expect(positionOf(run.vol, run.holds!.id)).toBe(1);
  });
});
