// Long jobs (src/engine/progress.ts) in words: the progress bars the interactive shell draws
// under its prompt, the notice it prints when one ends, and the lines `sim advance` prints as
// jobs pass a quarter or end while the clock jumps. Sizes in binary units (copy-progress.ts),
// remaining times in simulated time, rounded as a person would say them.
import { percentDone, jobsAt, type JobEnd, type JobProgress, type ProgressMark } from '../engine/progress.js';
import type { World } from '../engine/types.js';
import { rateText, sizeText } from './copy-progress.js';
import { formatDuration } from './time.js';

import { BLOCK_BYTES } from '../engine/files/tree.js';
const BAR_MAX = 20;
const BAR_MIN = 10;
/** Bars shown at most, so the live area stays small; the rest are counted. */
export const MAX_BARS = 3;

/**
 * `about` how long: seconds under a minute, ten seconds under ten minutes, minutes under
 * an hour, then hours and minutes; always rounded up, so a job is never promised early.
 */
export function aboutText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 600) return formatDuration(Math.ceil(s / 10) * 10_000);
  if (s < 3600) return formatDuration(Math.ceil(s / 60) * 60_000);
  return formatDuration(Math.ceil(s / 60) * 60_000).replace(/ 0m$/, '');
}

/** `[#####---------------]` of `width` characters between the brackets. */
export function bar(done: number, total: number, width: number): string {
  const n = total <= 0 ? 0 : Math.min(width, Math.floor((done * width) / total));
  return `[${'#'.repeat(n)}${'-'.repeat(width - n)}]`;
}

const sizes = (j: Pick<JobProgress, 'done' | 'total'>) => `${sizeText(j.done * BLOCK_BYTES)} of ${sizeText(j.total * BLOCK_BYTES)}`;

/** What is left: `about 3m 20s left`, or why it waits. */
function leftText(j: JobProgress, now: number): string {
  if (j.blocked !== undefined) return `stalled: ${j.blocked}`;
  return j.etaAt === null ? '' : `about ${aboutText(j.etaAt - now)} left`;
}

/**
 * One job's bar line, fitted to `width`: `<label> [####------] 24% about 4s left (11.9 MB of
 * 48.0 MB, 11.9 MB/s)`. The bar narrows first, then the sizes in brackets go, then the line is cut.
 */
export function barLine(j: JobProgress, now: number, width = Infinity): string {
  const left = leftText(j, now);
  const extra = j.blocked === undefined ? ` (${sizes(j)}, ${rateText(j.blocksPerSec)})` : ` (${sizes(j)})`;
  const make = (w: number, more: string) => `${j.label} ${bar(j.done, j.total, w)} ${percentDone(j)}%${left ? ` ${left}` : ''}${more}`;
  for (const more of [extra, '']) {
    for (let w = BAR_MAX; w >= BAR_MIN; w--) {
      const line = make(w, more);
      if (line.length <= width) return line;
    }
  }
  return make(BAR_MIN, '').slice(0, Math.max(1, width));
}

/** The bars for the jobs a cell's Control Station shows, at most MAX_BARS lines, each fitted to `width`. */
export function jobBarLines(world: World, cel: string, width = Infinity): string[] {
  const jobs = jobsAt(world, cel);
  const shown = jobs.length > MAX_BARS ? jobs.slice(0, MAX_BARS - 1) : jobs;
  const lines = shown.map((j) => barLine(j, world.clock.now, width));
  if (shown.length < jobs.length) {
    const more = `${jobs.length - shown.length} more long jobs running`;
    lines.push(more.length > width ? more.slice(0, Math.max(1, width)) : more);
  }
  return lines;
}

/** How a job ended, after its label: `completed, 48.0 MB in 6s`, `failed at 24%: <why>`. */
function endText(end: JobEnd | null): string {
  if (end === null) return 'ended';
  if (end.outcome === 'completed') {
    const took = formatDuration(Math.round(Math.max(0, end.endedAt - end.startedAt) / 1000) * 1000);
    return `completed, ${sizeText(end.total * BLOCK_BYTES)} in ${took}`;
  }
  const at = `${end.outcome} at ${percentDone(end)}% (${sizes(end)})`;
  return end.why ? `${at}: ${end.why}` : at;
}

/** The notice the interactive shell prints when a job it showed has ended. */
export function jobEndedLine(last: JobProgress, end: JobEnd | null): string {
  return `${last.label}: ${endText(end)}`;
}

/** `progress: <label> 50% (1.2 GB of 2.4 GB), about 4m left`, or how it ended. */
export function progressMarkLine(mark: ProgressMark): string {
  if (mark.kind === 'end') return `progress: ${jobEndedLine(mark.last, mark.end)}`;
  const j = mark.job;
  const left = leftText(j, mark.at);
  return `progress: ${j.label} ${percentDone(j)}% (${sizes(j)})${left ? `, ${left}` : ''}`;
}
