// The long jobs and the advance that reports on them: fs_copy sessions as jobs (once per end
// cell, named as that cell names them, stalled with the reason), how they ended, a source of
// another kind beside wiring.ts's, and advanceWithProgress: the same world as a plain
// advance, each quarter reported once with the figures just after it was passed, ends
// reported once, jobs that start during an advance, and a stalled job reporting nothing.
import { describe, expect, it, vi } from 'vitest';
import { advanceBy, schedule } from '../../src/engine/clock.js';
import { changeLink } from '../../src/engine/links.js';
import { advanceWithProgress, jobEnded, jobsAt, longJobs, percentDone, type JobProgress } from '../../src/engine/progress.js';
import type { World } from '../../src/engine/types.js';
import { jobSources, type JobSource } from '../../src/engine/wiring.js';
import { copyJobLabel } from '../../src/render/copy-progress.js';
import { encode } from '../../src/store/codec.js';
import { freshShell, run } from '../helpers.js';
import { actualWiring, onTestEvent } from '../wiring-seam.js';

// A test may add a job source after wiring.ts's, and have a test event run a hook (wiring-seam.ts).
vi.mock('../../src/engine/wiring.js', { spy: true });
const extraSources: JobSource[] = [];
vi.mocked(jobSources).mockImplementation(() => [...actualWiring.jobSources(), ...extraSources]);

/** pfs10 with 48 MB and a checkpoint; a copy of it to sfs10 at cel_sfs started (4 s at 100 Mbit/s). */
function copying() {
  const shell = freshShell();
  for (const line of ['client write /pfs10/db/orders.dbf 40M', 'client write /pfs10/reports/q3.xls 8M', 'fs_ckpt pfs10 -Create', 'fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs']) {
    expect(run(shell, line).status, line).toBe(0);
  }
  return shell;
}

describe('fs_copy sessions as long jobs', () => {
  it('come once per end cell, named as that cell names them', () => {
    const world = copying().lab.world;
    const jobs = longJobs(world).filter((j) => j.key.startsWith('fs_copy:'));
    expect(jobs.map((j) => [j.key, j.cel, copyJobLabel(j.subject, j.cel)])).toEqual([
      ['fs_copy:1', 'cel_pfs', 'copy_1 pfs10_ckpt1 -> sfs10:cel_sfs'],
      ['fs_copy:1', 'cel_sfs', 'copy_1 pfs10_ckpt1:cel_pfs -> sfs10'],
    ]);
    const j = jobsAt(world, 'cel_pfs')[0]!;
    expect(j.done).toBe(0);
    expect(j.total).toBe(6144);
    expect(j.blocksPerSec).toBeCloseTo((100 * 1e6) / 65536, 6);
    expect(j.etaAt).toBe(world.clock.now + 40 + Math.ceil((6144 * 1000) / j.blocksPerSec));
    expect(j.blocked).toBeUndefined();
  });

  it('a stalled copy says why and has no estimate; an ended one leaves the list and tells how it ended', () => {
    const shell = copying();
    const world = shell.lab.world;
    advanceBy(world, 2000);
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    advanceBy(world, 1000);
    const j = jobsAt(world, 'cel_pfs')[0]!;
    expect([j.blocksPerSec, j.etaAt, j.blocked]).toEqual([0, null, { why: 'link', a: 'cel_pfs', b: 'cel_sfs' }]);
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: true });
    advanceBy(world, 10_000);
    expect(jobsAt(world, 'cel_pfs')).toEqual([]);
    const end = jobEnded(world, 'fs_copy:1')!;
    expect(end).toMatchObject({ outcome: 'completed', done: 6144, total: 6144 });
    // 4067 ms of sending (the last step comes when the rest is due) and the second the link was down.
    expect(end.endedAt - end.startedAt).toBe(6068);
    expect(jobEnded(world, 'fs_copy:99')).toBeNull();
    expect(jobEnded(world, 'other:1')).toBeNull();
  });

  it('a failed copy tells why, with its ends as they were named', () => {
    const shell = copying();
    advanceBy(shell.lab.world, 2000);
    expect(run(shell, 'fs_ckpt pfs10_ckpt1 -refresh').status).toBe(0);
    advanceBy(shell.lab.world, 2000);
    expect(jobEnded(shell.lab.world, 'fs_copy:1')).toMatchObject({
      outcome: 'failed',
      failure: { failure: 'source_refreshed', subject: { name: 'copy_1', src: { fs: 'pfs10_ckpt1', cel: 'cel_pfs' }, dst: { fs: 'sfs10', cel: 'cel_sfs' } } },
    });
  });

  it('percentDone rounds down and says 100 only when all is done', () => {
    expect(percentDone({ done: 0, total: 0 })).toBe(0);
    expect(percentDone({ done: 999, total: 1000 })).toBe(99);
    expect(percentDone({ done: 1000, total: 1000 })).toBe(100);
  });
});

describe('advanceWithProgress', () => {
  it('leaves the world as a plain advance does', () => {
    const a = copying().lab.world;
    const b = copying().lab.world;
    const r = advanceWithProgress(a, 60_000);
    const ran = advanceBy(b, 60_000);
    expect(r.ran).toBe(ran);
    expect(encode(a)).toBe(encode(b));
  });

  it('reports each quarter once, just after the step that passed it, then the end', () => {
    const world = copying().lab.world;
    const t0 = world.clock.now;
    const { marks } = advanceWithProgress(world, 10_000);
    const pfs = marks.filter((m) => (m.kind === 'end' ? m.last : m.job).cel === 'cel_pfs');
    expect(pfs.map((m) => [m.kind, m.at - t0, m.kind === 'quarter' ? percentDone(m.job) : m.end?.outcome])).toEqual([
      // 11.9 MB a step of 48 MB: the steps after 40 ms of latency reach 24.8 %, 49.6 %, 74.4 %, 99.2 %,
      // and the last one comes as soon as the rest is due; the end is seen at that instant.
      ['quarter', 2040, 49],
      ['quarter', 3040, 74],
      ['quarter', 4040, 99],
      ['end', 4067, 'completed'],
    ]);
    // The quarter a step passed is reported at the step itself, not later.
    const q = pfs[0]!;
    expect(q.kind === 'quarter' && q.job.done).toBe(Math.floor(2 * ((100 * 1e6) / 65536)));
    expect(marks).toHaveLength(8);
  });

  it('a job that starts during the advance is reported from its first quarter; one that waits reports nothing', () => {
    const shell = copying();
    const world = shell.lab.world;
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    onTestEvent((w) => {
      // A local copy (200 MB/s), as a job module would start one from an event.
      expect(run(shell, 'nas_fs -name bak1 -type rawfs -create samesize=pfs10 pool=clar_r5_performance').status).toBe(0);
      expect(run(shell, 'fs_copy -start pfs10_ckpt1 bak1 -option qos=100000').status).toBe(0);
      expect(w.copies).toHaveLength(2);
    });
    schedule(world, world.clock.now + 30_000, 'site.boot', { cel: 'test', mover: 'start' });
    const { marks } = advanceWithProgress(world, 60_000);
    const lines = marks.map((m) => `${m.kind} ${(m.kind === 'end' ? m.last : m.job).key}@${(m.kind === 'end' ? m.last : m.job).cel}`);
    expect(lines).toEqual(['quarter fs_copy:2@cel_pfs', 'quarter fs_copy:2@cel_pfs', 'quarter fs_copy:2@cel_pfs', 'end fs_copy:2@cel_pfs']);
    expect(jobsAt(world, 'cel_pfs').map((j) => j.key)).toEqual(['fs_copy:1']);
  });

  it('takes jobs from every source, and asks their ends of the one that knows', () => {
    const world = freshShell().lab.world;
    const start = world.clock.now;
    // A job of 1000 blocks at 10 a second, known only by its times: what a provider reads from the world.
    const testSubject = { kind: 'copy', name: 'test job', src: { fs: 'a', cel: 'cel_sfs' }, dst: { fs: 'b', cel: 'cel_sfs' } } as const;
    const job = (w: World): JobProgress[] => {
      // The provider stays registered for the files this worker runs next (no isolation
      // between files): it knows this test's world only.
      if (w !== world) return [];
      const done = Math.min(1000, Math.floor((w.clock.now - start) / 1000) * 10);
      return done >= 1000 || (w as World & { testJobGone?: boolean }).testJobGone
        ? []
        : [{ key: 'test:1', cel: 'cel_sfs', subject: testSubject, done, total: 1000, blocksPerSec: 10, etaAt: start + 100_000 }];
    };
    extraSources.push({ jobs: job, ended: (_w, key) => (key === 'test:1' ? { outcome: 'completed', done: 1000, total: 1000, startedAt: start, endedAt: start + 100_000 } : null) });
    expect(jobsAt(world, 'cel_sfs').map((j) => j.subject)).toEqual([testSubject]);
    const { marks } = advanceWithProgress(world, 200_000);
    expect(marks.map((m) => [m.kind, m.at - start, m.kind === 'quarter' ? m.job.done : m.end?.outcome])).toEqual([
      ['quarter', 25_000, 250],
      ['quarter', 50_000, 500],
      ['quarter', 75_000, 750],
      ['end', 100_000, 'completed'],
    ]);
    (world as World & { testJobGone?: boolean }).testJobGone = true;
  });
});
