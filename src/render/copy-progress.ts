// fs_copy sessions in words: the -info block and -list rows (commands/fs_copy.ts), the
// failure texts the data mover log shares, and a copy as a long job (named as the Control
// Station at either end names it) for the progress bars and `sim advance`'s progress lines
// (src/render/job-progress.ts). Sizes in binary
// units (the CLI's MB is 2^20 bytes), rates in Kbits/second as fs_replicate -info shows them.
import type { CopyReport } from '../engine/copy/sessions.js';
import type { JobBlock, JobSubject } from '../engine/progress.js';
import type { CopyEnd, CopyFailure } from '../engine/types.js';
import { table } from './table.js';
import { keyValues } from './text.js';
import { ctime, formatDuration } from './time.js';

import { BLOCK_BYTES } from '../engine/files/tree.js';
import { BLOCK_BITS } from '../engine/copy/rate.js';

/** A file system's name as the Control Station of `cel` names it: bare at home, `<fs>:<cel>` from elsewhere. */
export function endName(name: string, end: Pick<CopyEnd, 'cel'>, cel: string): string {
  return end.cel === cel ? name : `${name}:${end.cel}`;
}

/** `512 KB`, `1.2 GB`: one decimal under 100 of a unit. */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let u = 0;
  let n = bytes;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  if (u === 0) return `${n} bytes`;
  return `${n < 100 ? (Math.floor(n * 10) / 10).toFixed(1) : Math.floor(n)} ${units[u]}`;
}

export function rateText(blocksPerSec: number): string {
  return `${sizeText(Math.round(blocksPerSec * BLOCK_BYTES))}/s`;
}

/** Whole seconds, rounded up: `2m 10s`. */
export function etaText(ms: number): string {
  return formatDuration(Math.ceil(ms / 1000) * 1000);
}

export function failureText(failure: CopyFailure, src: string, dst: string): string {
  switch (failure) {
    case 'source_deleted':
      return `source ${src} was deleted`;
    case 'source_refreshed':
      return `source checkpoint ${src} was refreshed`;
    case 'source_changed':
      return `source ${src} changed during the copy`;
    case 'source_mounted_rw':
      return `source ${src} was mounted read-write`;
    case 'destination_deleted':
      return `destination ${dst} was deleted`;
    case 'destination_mounted_rw':
      return `destination ${dst} was mounted read-write`;
  }
}

const kbits = (blocksPerSec: number) => `~ ${Math.round((blocksPerSec * BLOCK_BITS) / 1000)} Kbits/second`;

/** The names of a session's ends as seen from `cel`. */
function names(r: CopyReport, cel: string): { src: string; from: string; dst: string } {
  const s = r.session;
  return {
    src: endName(r.src, s.src, cel),
    from: r.from === null || s.from === null ? '' : endName(r.from, s.from, cel),
    dst: endName(r.dst, s.dst, cel),
  };
}

function remaining(r: CopyReport): string {
  const s = r.session;
  if (s.state === 'stalled') return `unknown (${stallText(r)})`;
  return r.etaMs === null ? '' : etaText(r.etaMs);
}

/** fs_copy -info (and the reply of -start and -abort): `key = value` lines. */
export function copyInfoBlock(r: CopyReport, cel: string): string[] {
  const s = r.session;
  const n = names(r, cel);
  const rows: [string, string | number][] = [
    ['id', s.id],
    ['name', s.name],
    ['type', 'copy'],
    ['copy_mode', s.mode],
    ['copy_state', s.state],
    ['source', n.src],
    ['fromfs', n.from],
    ['destination', n.dst],
    ['total_blocks', s.totalBlocks],
    ['copied_blocks', s.copiedBlocks],
    ['percent_done', `${r.percent}%`],
    ['current_transfer_rate', kbits(r.rate)],
    ['avg_transfer_rate', kbits(r.avgRate)],
    ['QOS_bandwidth', `${s.qosKbit} kbits/sec`],
    ['convert', s.mode === 'full' ? (s.convert ? 'yes' : 'no') : 'n/a'],
    ['start_time', ctime(s.startedAt)],
    ['end_time', s.endedAt === null ? '' : ctime(s.endedAt)],
    ['time_remaining', remaining(r)],
  ];
  if (s.failure !== null) rows.push(['failure', failureText(s.failure, n.src, n.dst)]);
  return keyValues(rows, 22);
}

/** fs_copy -list: one row per session this cell is an end of. */
export function copyListLines(reports: CopyReport[], cel: string): string[] {
  const rows = reports.map((r) => {
    const n = names(r, cel);
    const s = r.session;
    return [String(s.id), s.name, s.mode, s.state, `${r.percent}%`, n.from === '' ? n.src : `${n.src} (from ${n.from})`, n.dst];
  });
  return table([['id', 'name', 'mode', 'state', 'done', 'source', 'destination'], ...rows]);
}

/** Why a stalled copy waits: its link, a site or a data mover down (copy/rate.ts stallCause). */
function stallText(r: CopyReport): string {
  const c = r.stall;
  return blockedText(c === null || c.why === 'link' ? { why: 'link', a: r.session.src.cel, b: r.session.dst.cel } : c);
}

/** Why a long job is not moving, as the progress bars and fs_copy -info say it. */
export function blockedText(b: JobBlock): string {
  if (b.why === 'link') return `link ${b.a} <-> ${b.b} is down`;
  if (b.why === 'site') return `site ${b.cel} is down`;
  return `${b.mover} at ${b.cel} is down`;
}

/** A copy as a long job is named from `cel`: `copy_1 pfs10_ckpt1 -> sfs10:cel_sfs`. */
export function copyJobLabel(subject: JobSubject, cel: string): string {
  return `${subject.name} ${endName(subject.src.fs, subject.src, cel)} -> ${endName(subject.dst.fs, subject.dst, cel)}`;
}

/** Why a copy failed, its ends named from `cel`. */
export function copyFailureText(failure: CopyFailure, subject: JobSubject, cel: string): string {
  return failureText(failure, endName(subject.src.fs, subject.src, cel), endName(subject.dst.fs, subject.dst, cel));
}
