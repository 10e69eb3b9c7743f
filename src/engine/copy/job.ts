// An fs_copy session as a job on the virtual clock. One event at a time per session: each step
// (a second of virtual time apart, or sooner when the rest is due) sends the blocks the rate
// earned since the last one, reading them from the source as it is now (a checkpoint does not
// change; a file system being copied must not) and writing them through the destination's
// own snapshot copy facility. The last step gives the destination the source's meta bit map
// and its files (the tree, the file system's metadata, travels at the end with the blocks;
// the allocator is rebuilt from it), records what it now holds (`copyOf`) and, for a full
// copy, makes a rawfs a uxfs.
//
// Over a link that is down the session stalls: nothing is sent, it checks again every step
// and goes on where it was once the link is back; it does not fail. A site or the data mover
// of an end going down stalls it the same way (rate.ts stallCause). It fails when one of its
// ends is lost (ends.ts): the source checkpoint deleted or refreshed, the destination deleted
// or mounted read-write. A session that ends before its first block leaves the destination
// holding what it held; after that the destination is a partial copy, holding no version.
// A session started by another engine module for its own ends (snapshot distribution,
// src/engine/distribution/) tells that module when it ends, once its end is recorded and logged.
import { schedule } from '../clock.js';
import { copyEnded } from '../wiring.js';
import { fsById, servingMover } from '../cluster.js';
import { finishCopy, copyExtent } from '../blocks/differential.js';
import { refreshUsed } from '../contents.js';
import { rebuildAllocator } from '../files/allocator.js';
import { listFiles } from '../files/files.js';
import { logEvent } from '../log.js';
import { settleSavVol } from '../ckpt-save-volume.js';
import type { CopyEnd, CopyFailure, CopySession, CopyState, SimEventOf, World } from '../types.js';
import { cellOf, endProblem, fsOf } from './ends.js';
import { takeBlocks } from './plan.js';
import { blocksPerSecond, stallCause, type StallCause } from './rate.js';

export const STEP_EVENT = 'fs_copy.step' as const;
/** Virtual ms between steps while a session runs or waits for its link. */
export const STEP_MS = 1000;
/** Float slack when the rate has earned exactly the blocks left. */
const EPSILON = 1e-6;

/** After a session's end is recorded and logged: its owner, if any, hears of it (wiring.ts). */
function notifyEnd(world: World, s: CopySession): void {
  if (s.owner) copyEnded(world, s.owner, s);
}

export function isActive(s: CopySession): boolean {
  return s.state === 'copying' || s.state === 'stalled';
}

export function sessionById(world: World, id: number): CopySession | undefined {
  return world.copies.find((s) => s.id === id);
}

/** `name` at its own cell, `name:cel` seen from another. */
function nameFrom(world: World, end: CopyEnd, cel: string): string {
  const name = fsOf(world, end)?.name ?? end.fs;
  return end.cel === cel ? name : `${name}:${end.cel}`;
}

/**
 * Logs on the data mover of each end that still exists (once when both ends are on one
 * mover), with the source and destination named as that mover's Control Station names them.
 */
export function logEnds(world: World, s: CopySession, severity: number, msg: string, data: Record<string, string | number> = {}): void {
  const seen = new Set<object>();
  for (const end of [s.src, s.dst]) {
    const cell = cellOf(world, end);
    if (cell === undefined) continue;
    const mover = servingMover(cell, end.fsId);
    if (seen.has(mover)) continue;
    seen.add(mover);
    logEvent(world, mover, 'FSCOPY', severity, msg, {
      session: s.name,
      src: nameFrom(world, s.src, cell.name),
      dst: nameFrom(world, s.dst, cell.name),
      peer: end === s.src ? s.dst.cel : s.src.cel,
      ...data,
    });
  }
}

export function scheduleStep(world: World, s: CopySession, at: number): void {
  schedule(world, at, STEP_EVENT, { id: s.id });
}

function unscheduleStep(world: World, id: number): void {
  const i = world.events.findIndex((e) => e.kind === STEP_EVENT && e.data.id === id);
  if (i >= 0) world.events.splice(i, 1);
}

/** Ends a running session (completed, failed or aborted): its block list goes, its figures stay. */
function endSession(world: World, s: CopySession, state: CopyState, failure: CopyFailure | null): void {
  s.state = state;
  s.failure = failure;
  s.endedAt = world.clock.now;
  s.extents = null;
  s.credit = 0;
  unscheduleStep(world, s.id);
  if (state !== 'completed' && s.copiedBlocks === 0) {
    const dst = fsOf(world, s.dst);
    if (dst !== undefined && dst.copyOf === null && s.dstBefore !== null) dst.copyOf = { ...s.dstBefore };
  }
}

function failSession(world: World, s: CopySession, failure: CopyFailure): void {
  endSession(world, s, 'failed', failure);
  logEnds(world, s, 3, 'fscopy_failed', { reason: failure, copied: s.copiedBlocks, blocks: s.totalBlocks });
  notifyEnd(world, s);
}

/** fs_copy -abort: the session stops where it is. */
export function abortSession(world: World, s: CopySession): void {
  endSession(world, s, 'aborted', null);
  logEnds(world, s, 4, 'fscopy_aborted', { copied: s.copiedBlocks, blocks: s.totalBlocks });
  notifyEnd(world, s);
}

/** Sends the next `n` blocks of the list; the ends were checked by the caller. */
function sendBlocks(world: World, s: CopySession, n: number): void {
  const pfs = fsOf(world, s.pfs)!;
  const dstCell = cellOf(world, s.dst)!;
  const dst = fsById(dstCell, s.dst.fsId)!;
  const srcVol = pfs.contents!.volume;
  const dstVol = dst.contents!.volume;
  const snap = s.snapCreatedAt === null ? null : s.src.fsId;
  const sent = takeBlocks(s.extents!, s, n, (first, count) => copyExtent(srcVol, snap, dstVol, [first, count]));
  s.copiedBlocks += sent;
  if (sent > 0 && dst.savVol !== null) settleSavVol(world, dstCell, dst);
}

/** The last step: the destination takes the source's meta bit map and files, and says what it holds. */
function completeSession(world: World, s: CopySession): void {
  const src = fsOf(world, s.src)!;
  const pfs = fsOf(world, s.pfs)!;
  const dst = fsOf(world, s.dst)!;
  const from = pfs.contents!;
  const to = dst.contents!;
  const snap = s.snapCreatedAt === null ? null : s.src.fsId;
  finishCopy(from.volume, snap, to.volume);
  const tree = snap === null ? from.files.root : from.files.versions.get(snap);
  if (tree === undefined) throw new Error(`checkpoint ${src.name} has no files tree`);
  const owned = listFiles(from.files, snap ?? undefined).flatMap(([, f]) => f.extents.map((e) => ({ start: e.start, count: e.count })));
  to.files.root = tree;
  to.files.alloc = rebuildAllocator(to.volume.size, owned, from.files.alloc.cursor);
  refreshUsed(dst);
  if (s.mode === 'full' && s.convert && dst.type === 'rawfs') dst.type = 'uxfs';
  dst.copyOf = {
    cel: s.src.cel,
    fsId: pfs.id,
    fs: pfs.name,
    ckptId: snap,
    ckpt: snap === null ? null : src.name,
    createdAt: s.snapCreatedAt ?? s.startedAt,
  };
  endSession(world, s, 'completed', null);
  logEnds(world, s, 6, 'fscopy_completed', { mode: s.mode, blocks: s.totalBlocks, secs: Math.round((s.endedAt! - s.startedAt) / 1000) });
  notifyEnd(world, s);
}

/** What the stall log line says beyond the link (a link's stall keeps the log data it always had). */
function stallData(cause: StallCause | null): Record<string, string> {
  if (cause === null || cause.why === 'link') return {};
  return cause.why === 'site' ? { why: 'site', down: cause.cel } : { why: 'mover', down: cause.cel, mover: cause.mover };
}

/** One step of a session (the STEP_EVENT handler). */
export function stepSession(world: World, s: CopySession): void {
  if (!isActive(s)) return;
  const now = world.clock.now;
  const problem = endProblem(world, s);
  if (problem !== null) {
    failSession(world, s, problem);
    return;
  }
  const rate = blocksPerSecond(world, s);
  if (rate <= 0) {
    if (s.state !== 'stalled') {
      s.state = 'stalled';
      logEnds(world, s, 4, 'fscopy_stalled', { copied: s.copiedBlocks, blocks: s.totalBlocks, ...stallData(stallCause(world, s)) });
    }
    s.credit = 0;
    s.lastAt = now;
    scheduleStep(world, s, now + STEP_MS);
    return;
  }
  if (s.state === 'stalled') {
    // The link is back: the transfer starts again from now.
    s.state = 'copying';
    s.lastAt = now;
    logEnds(world, s, 6, 'fscopy_resumed', { copied: s.copiedBlocks, blocks: s.totalBlocks });
  }
  const left = s.totalBlocks - s.copiedBlocks;
  const budget = s.credit + (rate * Math.max(0, now - s.lastAt)) / 1000;
  const n = Math.min(left, Math.floor(budget + EPSILON));
  s.credit = n === left ? 0 : Math.max(0, budget - n);
  s.lastAt = now;
  if (n > 0) sendBlocks(world, s, n);
  if (s.copiedBlocks >= s.totalBlocks) {
    completeSession(world, s);
    return;
  }
  const rest = s.totalBlocks - s.copiedBlocks - s.credit;
  const due = Math.ceil((rest * 1000) / rate);
  scheduleStep(world, s, now + Math.max(1, Math.min(STEP_MS, due)));
}

/** The `fs_copy.step` event: the session's next step, if it is still there. */
export function stepEvent(world: World, event: SimEventOf<'fs_copy.step'>): void {
  const s = sessionById(world, event.data.id);
  if (s !== undefined) stepSession(world, s);
}
