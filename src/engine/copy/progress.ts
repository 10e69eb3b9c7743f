// fs_copy sessions as long jobs (progress.ts): running and stalled sessions, once at each cell
// they are an end of, and how one that left that list ended. Data only: render/job-progress.ts
// names them as the Control Station at that end would.
import type { JobEnd, JobProgress } from '../progress.js';
import type { CopySession, World } from '../types.js';
import { describeCopy, type CopyReport } from './sessions.js';
import { isActive } from './job.js';

/** A session's key as a long job: `fs_copy:<id>`. */
const COPY_JOB = 'fs_copy:';

function subject(r: CopyReport): JobProgress['subject'] {
  const s = r.session;
  return { kind: 'copy', name: s.name, src: { fs: r.src, cel: s.src.cel }, dst: { fs: r.dst, cel: s.dst.cel } };
}

function copyJob(world: World, s: CopySession, cel: string): JobProgress {
  const r = describeCopy(world, s);
  const c = r.stall;
  return {
    key: `${COPY_JOB}${s.id}`,
    cel,
    subject: subject(r),
    done: s.copiedBlocks,
    total: s.totalBlocks,
    blocksPerSec: r.rate,
    etaAt: r.etaMs === null ? null : world.clock.now + r.etaMs,
    ...(s.state === 'stalled' ? { blocked: c === null || c.why === 'link' ? { why: 'link', a: s.src.cel, b: s.dst.cel } : c } : {}),
  };
}

/** Running and stalled sessions, once at each cell they are an end of. */
export function copyJobs(world: World): JobProgress[] {
  return world.copies.filter(isActive).flatMap((s) => {
    const cels = s.src.cel === s.dst.cel ? [s.src.cel] : [s.src.cel, s.dst.cel];
    return cels.map((cel) => copyJob(world, s, cel));
  });
}

/** How the session behind `key` ended, or null when the key is not a copy's or it has not ended. */
export function copyJobEnd(world: World, key: string): JobEnd | null {
  if (!key.startsWith(COPY_JOB)) return null;
  const s = world.copies.find((c) => c.id === Number(key.slice(COPY_JOB.length)));
  if (s === undefined || s.endedAt === null || (s.state !== 'completed' && s.state !== 'failed' && s.state !== 'aborted')) return null;
  return {
    outcome: s.state,
    done: s.copiedBlocks,
    total: s.totalBlocks,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    ...(s.failure !== null ? { failure: { failure: s.failure, subject: subject(describeCopy(world, s)) } } : {}),
  };
}
