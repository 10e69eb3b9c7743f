// Long jobs (a full copy, an initial replication copy, a resync) as one list the front ends
// draw: the job sources of wiring.ts read them out of the world; the interactive shell draws
// them as progress bars, and `sim advance` reports the quarters a job passes and its end while
// the clock jumps. Data only: render/job-progress.ts words them.
import { advanceTo } from './clock.js';
import type { CopyFailure, World } from './types.js';
import { jobSources } from './wiring.js';

/** What a job is: the front ends name it as the Control Station of the job's `cel` does. */
export type JobSubject = { kind: 'copy'; name: string; src: { fs: string; cel: string }; dst: { fs: string; cel: string } };

/** Why a job is not moving: its link, a site or a data mover down. */
export type JobBlock = { why: 'link'; a: string; b: string } | { why: 'site'; cel: string } | { why: 'mover'; cel: string; mover: string };

export interface JobProgress {
  /** The job, stable while it runs (`fs_copy:3`); one job seen from two cells comes once per cell, same key. */
  key: string;
  /** The cell whose Control Station shows it. */
  cel: string;
  subject: JobSubject;
  /** 8 KB blocks done and to do in all. */
  done: number;
  total: number;
  /** Blocks per second now; 0 while it waits. */
  blocksPerSec: number;
  /** Virtual ms it should end at, at the present rate; null when that cannot be told (waiting). */
  etaAt: number | null;
  /** Why it is not moving, when it waits; absent while it moves. */
  blocked?: JobBlock;
}

export type JobOutcome = 'completed' | 'failed' | 'aborted';

/** How a job that has left the list ended, as its source tells it. */
export interface JobEnd {
  outcome: JobOutcome;
  done: number;
  total: number;
  startedAt: number;
  endedAt: number;
  /** Why it failed, with the job's ends named as they were when it did. */
  failure?: { failure: CopyFailure; subject: JobSubject };
}

/** Every long job running now, source by source. */
export function longJobs(world: World): JobProgress[] {
  return jobSources().flatMap((s) => s.jobs(world));
}

/** The long jobs a cell's Control Station shows. */
export function jobsAt(world: World, cel: string): JobProgress[] {
  return longJobs(world).filter((j) => j.cel === cel);
}

/** How the job `key` ended, from the source that knows it; null if none does. */
export function jobEnded(world: World, key: string): JobEnd | null {
  for (const s of jobSources()) {
    const end = s.ended(world, key);
    if (end !== null) return end;
  }
  return null;
}

/** Whole percent done, rounded down; 100 only when every block is done. */
export function percentDone(j: Pick<JobProgress, 'done' | 'total'>): number {
  if (j.total <= 0) return 0;
  return j.done >= j.total ? 100 : Math.min(99, Math.floor((j.done * 100) / j.total));
}

/** What happened to a long job during an advance of the clock. */
export type ProgressMark =
  /** It passed another quarter (25, 50, 75 %): the job as it was when that was seen. */
  | { kind: 'quarter'; at: number; job: JobProgress }
  /** It left the list: how it ended (null if its source cannot tell), and how it was last seen. */
  | { kind: 'end'; at: number; last: JobProgress; end: JobEnd | null };

/** An advance is sampled at least this many times, to see jobs start and end. */
const SAMPLES = 100;

const quarter = (j: JobProgress) => (j.total <= 0 ? 0 : Math.min(4, Math.floor((j.done * 4) / j.total)));
const id = (j: Pick<JobProgress, 'key' | 'cel'>) => `${j.key}@${j.cel}`;

/** When a moving job should pass its next quarter, at its present rate; null if it waits. */
function nextQuarterAt(now: number, j: JobProgress): number | null {
  if (j.blocksPerSec <= 0 || j.total <= 0) return null;
  const q = quarter(j);
  if (q >= 4) return null;
  const target = Math.ceil(((q + 1) * j.total) / 4);
  return now + Math.max(1, Math.ceil(((target - j.done) * 1000) / j.blocksPerSec));
}

interface Seen {
  job: JobProgress;
  quarter: number;
  /** When its next quarter was predicted, from the rate when it passed the last one (or was first seen). */
  due: number | null;
}

/**
 * Moves the clock forward by `ms` as clock.ts's advanceBy does (the same events run, in the
 * same order, at the same virtual times), stopping on the way to note each quarter a long
 * job passes and each job that ends. It stops where a job's next quarter is predicted and,
 * once a prediction is due and the job has not got there (jobs move in steps, events),
 * after each event until it has; and at least every hundredth of the way, to see jobs
 * start and end. Returns how many events ran and the marks, oldest first.
 */
export function advanceWithProgress(world: World, ms: number): { ran: number; marks: ProgressMark[] } {
  const to = world.clock.now + Math.max(0, ms);
  const marks: ProgressMark[] = [];
  const grid = Math.max(1, Math.ceil(ms / SAMPLES));
  let seen = new Map<string, Seen>();
  for (const j of longJobs(world)) seen.set(id(j), { job: j, quarter: quarter(j), due: nextQuarterAt(world.clock.now, j) });
  let ran = 0;
  while (world.clock.now < to) {
    const now = world.clock.now;
    let next = now + grid;
    for (const { due } of seen.values()) {
      if (due === null) continue;
      next = Math.min(next, due > now ? due : (world.events[0]?.at ?? next));
    }
    ran += advanceTo(world, Math.min(next, to));
    const at = world.clock.now;
    const still = new Map<string, Seen>();
    for (const j of longJobs(world)) {
      const k = id(j);
      const q = quarter(j);
      const before = seen.get(k);
      // A job that started during the advance has passed no quarter when first seen at 0-24 %.
      const passed = q > (before?.quarter ?? 0) && q < 4;
      if (passed) marks.push({ kind: 'quarter', at, job: j });
      const moved = before === undefined || q > before.quarter || j.blocksPerSec !== before.job.blocksPerSec;
      still.set(k, { job: j, quarter: Math.max(q, before?.quarter ?? 0), due: moved ? nextQuarterAt(at, j) : before.due });
    }
    for (const [k, { job }] of seen) {
      if (!still.has(k)) marks.push({ kind: 'end', at, last: job, end: jobEnded(world, job.key) });
    }
    seen = still;
  }
  return { ran, marks };
}
