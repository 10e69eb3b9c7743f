// The session operations that neither start nor switch: -abort, -modify, -refresh, and the
// figures -status asks for ([000188]: how many blocks differ between the two file systems).
import { findCell, findFs, fsById } from '../cluster.js';
import { stopLog } from '../blocks/modlog.js';
import { CLONE_STAMPS } from '../blocks/clone.js';
import { isValidBlock, readBlock, type Volume } from '../blocks/volume.js';
import { fail } from '../errors.js';
import type { Cell, ReplSession, ReplSettings, World } from '../types.js';
import { cancelAll, PLAY, wake } from './events.js';
import { releaseSource } from './hold.js';
import { logRepl } from './log.js';
import { endFs, removeSession, replications } from './sessions.js';
import { applySettings } from './settings.js';
import { cutNow, schedulePoll } from './source.js';
import { dropCheckpoints, stopCopy } from './copyctl.js';

/** The session of this cell's file system `fs` (either end), with `peer` (`<fs>:<cel>`) checked when given. */
export function findSession(world: World, cell: Cell, fs: string, peer?: { fs: string; cel: string | null }): ReplSession {
  const f = findFs(cell, fs);
  const s = replications(world).find((r) => (r.src.cel === cell.name && r.src.fsId === f.id) || (r.dst.cel === cell.name && r.dst.fsId === f.id));
  if (s === undefined) fail('repl_not_found', { fs: f.name, peer: peer === undefined ? '' : `${peer.fs}${peer.cel === null ? '' : `:${peer.cel}`}` });
  if (peer !== undefined) {
    const other = s.src.cel === cell.name && s.src.fsId === f.id ? s.dst : s.src;
    const otherName = endFs(world, other)?.name ?? other.fs;
    if (otherName !== peer.fs || other.cel !== (peer.cel ?? cell.name)) fail('repl_not_found', { fs: f.name, peer: `${peer.fs}${peer.cel === null ? '' : `:${peer.cel}`}` });
  }
  return s;
}

/** fs_replicate -abort: both ends stop; the source keeps its data, the destination what it last played back. */
export function abortReplication(world: World, s: ReplSession): void {
  stopCopy(world, s);
  if (s.failover !== null) dropCheckpoints(world, s.dst.cel, [s.failover.restartCkpt]);
  const src = endFs(world, s.src);
  if (src?.contents) stopLog(src.contents.volume);
  releaseSource(world, s);
  cancelAll(world, s.id);
  const dst = endFs(world, s.dst);
  if (dst !== undefined) delete dst.replLock;
  if (src !== undefined) delete src.replLock;
  logRepl(world, s, 'both', 4, 'rep_aborted', {});
  removeSession(world, s);
}

export function modifyReplication(world: World, s: ReplSession, change: Partial<ReplSettings>): ReplSettings {
  if (s.state === 'failed_over') fail('repl_state', { fs: s.dst.fs, state: 'failed_over', op: 'modify', want: 'replicating' });
  const next = applySettings(s.settings, change);
  s.settings = next;
  const now = world.clock.now;
  // Re-armed from now ([000112] step 350).
  s.cutDue = now + next.timeoutS * 1000;
  if (s.playDue !== null) s.playDue = now + next.dTimeoutS * 1000;
  if (s.held !== null && next.policy !== s.held) releaseSource(world, s);
  schedulePoll(world, s);
  if (s.dstSets.length > 0) wake(world, PLAY, s.id, now);
  return next;
}

/**
 * fs_replicate -refresh: a delta set now ([000126]: on demand). `cut` false when the save
 * volume had no room; `changed` false when nothing was logged to cut and the timeout and
 * the poll stood where they were (a refresh at the instant of the last re-arming).
 */
export function refreshReplication(world: World, s: ReplSession): { cut: boolean; changed: boolean } {
  if (s.state !== 'active' && s.state !== 'copying') fail('repl_state', { fs: s.src.fs, state: s.state, op: 'refresh', want: 'active' });
  const was = { current: s.current, cutDue: s.cutDue };
  const cut = cutNow(world, s);
  const polled = schedulePoll(world, s);
  // Under flow control the source's state and log may have moved: taken as a change.
  return { cut, changed: !cut || polled || s.current !== was.current || s.cutDue !== was.cutDue };
}

/** Blocks whose contents differ between two volumes (valid blocks by stamp; a block valid in one only differs). */
export function differingBlocks(a: Volume, b: Volume): number {
  const pages = new Set<number>();
  for (const v of [a, b]) for (let k = 0; k < v.pageCount; k++) pages.add(v.numbers[k]!);
  let n = 0;
  for (const p of pages) {
    for (let i = 0; i < CLONE_STAMPS; i++) {
      const block = p * CLONE_STAMPS + i;
      const va = block < a.size && isValidBlock(a, block);
      const vb = block < b.size && isValidBlock(b, block);
      if (va !== vb || (va && readBlock(a, block) !== readBlock(b, block))) n++;
    }
  }
  return n;
}

export interface StatusReport {
  session: ReplSession;
  differing: number;
}

export function replicationStatus(world: World, s: ReplSession): StatusReport {
  const a = fsById(findCell(world, s.src.cel), s.src.fsId)!;
  const b = fsById(findCell(world, s.dst.cel), s.dst.fsId)!;
  return { session: s, differing: differingBlocks(a.contents!.volume, b.contents!.volume) };
}
