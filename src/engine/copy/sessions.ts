// fs_copy sessions as a Control Station sees them: the ones this cell is an end of, found by
// name or id, with their progress as figures (rates, remaining time) for -info, -list and the
// interactive shell's live status line. Data only; the wording is the command's.
import { fail } from '../errors.js';
import type { Cell, CopySession, World } from '../types.js';
import { fsOf } from './ends.js';
import { abortSession, isActive } from './job.js';
import { blocksPerSecond, stallCause, type StallCause } from './rate.js';

export { isActive } from './job.js';
export { startCopy, type CopyRequest } from './start.js';
export { BLOCK_BITS, LOCAL_BLOCKS_PER_SEC } from './rate.js';

/** The sessions a cell is an end of (source or destination), by id. */
export function sessionsOf(world: World, cell: Cell): CopySession[] {
  return world.copies.filter((s) => s.src.cel === cell.name || s.dst.cel === cell.name).sort((a, b) => a.id - b.id);
}

/** `<name>` or `id=<n>`, as typed. */
export type SessionRef = { name: string } | { id: string };

/** A session this cell is an end of; copy_not_found otherwise. */
export function findSession(world: World, cell: Cell, ref: SessionRef): CopySession {
  const mine = sessionsOf(world, cell);
  const found = 'name' in ref ? mine.find((s) => s.name === ref.name) : /^\d+$/.test(ref.id) ? mine.find((s) => s.id === Number(ref.id)) : undefined;
  return found ?? fail('copy_not_found', { session: 'name' in ref ? ref.name : `id=${ref.id}` });
}

/** fs_copy -abort: a running or stalled session stops; one that has ended cannot be. */
export function abortCopy(world: World, cell: Cell, ref: SessionRef): CopySession {
  const s = findSession(world, cell, ref);
  if (!isActive(s)) fail('copy_ended', { session: s.name, state: s.state });
  abortSession(world, s);
  return s;
}

export interface CopyReport {
  session: CopySession;
  /** Present names of the ends (the names at the start, for one deleted since). */
  src: string;
  from: string | null;
  dst: string;
  /** Blocks per second being sent now: 0 unless copying over a working link. */
  rate: number;
  /** Blocks per second since the start, to the end or to now. */
  avgRate: number;
  /** Whole percent done, rounded down (100 only once completed). */
  percent: number;
  /** Virtual ms left at the present rate; null when it cannot be told (stalled, or ended). */
  etaMs: number | null;
  /** What a stalled session waits for (its link, a site, a data mover), or null. */
  stall: StallCause | null;
}

export function describeCopy(world: World, s: CopySession): CopyReport {
  const now = world.clock.now;
  const active = isActive(s);
  const rate = s.state === 'copying' ? blocksPerSecond(world, s) : 0;
  const elapsed = Math.max(0, (s.endedAt ?? now) - s.startedAt);
  const avgRate = elapsed > 0 ? (s.copiedBlocks * 1000) / elapsed : 0;
  const left = s.totalBlocks - s.copiedBlocks;
  const percent = s.state === 'completed' ? 100 : s.totalBlocks === 0 ? 0 : Math.min(99, Math.floor((s.copiedBlocks * 100) / s.totalBlocks));
  let etaMs: number | null = null;
  if (active && rate > 0) etaMs = Math.max(0, s.lastAt - now) + Math.max(0, Math.ceil(((left - s.credit) * 1000) / rate));
  return {
    session: s,
    src: fsOf(world, s.src)?.name ?? s.src.fs,
    from: s.from === null ? null : (fsOf(world, s.from)?.name ?? s.from.fs),
    dst: fsOf(world, s.dst)?.name ?? s.dst.fs,
    rate,
    avgRate,
    percent,
    etaMs,
    stall: s.state === 'stalled' ? (stallCause(world, s) ?? { why: 'link' }) : null,
  };
}

/** Running and stalled sessions this cell is an end of, by id (the live status line's). */
export function activeCopies(world: World, cell: Cell): CopySession[] {
  return sessionsOf(world, cell).filter(isActive);
}
