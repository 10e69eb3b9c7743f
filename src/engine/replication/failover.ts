// fs_replicate -failover (FIGS. 22-23, 31-33, [000180]-[000186]), run on the Control Station
// of the destination:
// - default: the delta sets that reached the destination are played back, the source is
//   made read-only and its replication stopped where it can be reached (not its delta set
//   task with -restartpoint, [000181]); some data may be lost;
// - now: playback stops at once; what was received and not played is lost too ([000182]);
// - sync: the source must be up and reachable, or the command fails; it is made read-only,
//   a last delta set is cut, sent and played back: nothing is lost ([000183], FIG. 33).
// Then a snapshot of the destination, the restart point, stamped with the last delta set
// played ([000158]), and the destination is mounted read/write.
//
// The source is made read-only in its Control Station's mount table, so it stays so when its
// data mover is down and when it boots. A source whose site is up but cannot be reached is
// refused: it would stay writable at both sites (split brain); the trainee restores the link
// or declares the site lost (sim disaster). A source site that is down is fenced when it
// comes back (recovery.ts).
//
// The report names the data that never reached the destination: the delta sets cut at the
// source and not played back, and the blocks the source logged after its last cut.
import { createCheckpoint } from '../ckpt.js';
import { findCell, findFs, fsById } from '../cluster.js';
import { createBitmap, orInto, setBit, setBitsOf } from '../blocks/bitmap.js';
import { peekLog } from '../blocks/modlog.js';
import { fail, type ReplOp } from '../errors.js';
import { linkBetween } from '../links.js';
import type { Cell, FailoverRecord, ReplSession, World } from '../types.js';
import { converge } from './converge.js';
import { setBlockAddress } from './deltaset.js';
import { cancelAll } from './events.js';
import { releaseSource } from './hold.js';
import { logRepl } from './log.js';
import { playNow } from './playback.js';
import { endUp, liveMount, replications, setMountsRo } from './sessions.js';
import { internalName, peerName } from './start.js';
import { schedulePoll } from './source.js';

export type FailoverMode = 'default' | 'now' | 'sync';

export interface FailoverRequest {
  /** The source (remote) file system and its cell, and this cell's destination. */
  remote: string;
  remoteCel: string;
  local: string;
  mode: FailoverMode;
  restartpoint: boolean;
}

export interface FailoverReport {
  session: ReplSession;
  record: FailoverRecord;
  restartCkpt: string;
  /** Delta sets played back by the failover itself. */
  played: number;
}

/** The session this cell's file system `local` is the destination of, with `remote` at `remoteCel` its source. */
export function findAsDestination(world: World, cell: Cell, local: string, remote: string, remoteCel: string, op: ReplOp): ReplSession {
  const fs = findFs(cell, local);
  const s = replications(world).find((r) => (r.dst.cel === cell.name && r.dst.fsId === fs.id) || (r.src.cel === cell.name && r.src.fsId === fs.id));
  const peer = peerName(remoteCel, remote);
  if (s === undefined) fail('repl_not_found', { fs: fs.name, peer });
  const srcName = fsById(findCell(world, s.src.cel), s.src.fsId)?.name ?? s.src.fs;
  const dstName = fsById(findCell(world, s.dst.cel), s.dst.fsId)?.name ?? s.dst.fs;
  if (s.src.cel === cell.name && s.src.fsId === fs.id) {
    if (s.dst.cel === remoteCel && dstName === remote) fail('repl_wrong_side', { fs: fs.name, side: 'source', op, cel: s.dst.cel });
    fail('repl_not_found', { fs: fs.name, peer });
  }
  if (s.src.cel !== remoteCel || srcName !== remote) fail('repl_not_found', { fs: fs.name, peer });
  return s;
}

/** The loss: delta sets cut at the source after the last one played, and the source's log. */
function lossOf(world: World, s: ReplSession): { sets: number[]; blocks: Uint32Array } {
  const bm = createBitmap();
  const sets: number[] = [];
  for (let n = s.played + 1; n < s.current; n++) {
    sets.push(n);
    const d = s.srcSets.find((x) => x.n === n) ?? s.dstSets.find((x) => x.n === n);
    if (d !== undefined) for (const w of d.blocks) setBit(bm, setBlockAddress(w));
  }
  const pfs = fsById(findCell(world, s.src.cel), s.src.fsId);
  const log = pfs === undefined ? null : peekLog(pfs.contents!.volume);
  if (log !== null) orInto(bm, log);
  return { sets, blocks: Uint32Array.from(setBitsOf(bm)) };
}

export function failover(world: World, cell: Cell, req: FailoverRequest): FailoverReport {
  const s = findAsDestination(world, cell, req.local, req.remote, req.remoteCel, 'failover');
  const sfs = fsById(cell, s.dst.fsId)!;
  if (s.state === 'failed_over') fail('repl_state', { fs: sfs.name, state: 'failed_over', op: 'failover', want: 'active' });
  if (s.state === 'copying') fail('repl_busy', { fs: sfs.name, what: 'initial_copy' });
  if (liveMount(cell, sfs.id) === undefined) fail('repl_pfs_not_mounted', { fs: sfs.name });
  const srcCell = findCell(world, s.src.cel);
  const link = srcCell === cell ? undefined : linkBetween(world, cell.name, srcCell.name);
  const siteUp = srcCell.down !== true;
  const reachable = siteUp && (srcCell === cell || link?.up === true);
  if (req.mode === 'sync') {
    if (!siteUp) fail('repl_sync_unreachable', { cel: srcCell.name, why: 'site_down' });
    if (!reachable) fail('repl_sync_unreachable', { cel: srcCell.name, why: 'link_down' });
    if (!endUp(world, s.src)) fail('repl_sync_unreachable', { cel: srcCell.name, why: 'mover_down', fs: s.src.fs });
    if (s.state !== 'active') fail('repl_state', { fs: sfs.name, state: s.state, op: 'failover_sync', want: 'active' });
  } else if (siteUp && !reachable) {
    fail('repl_primary_isolated', { cel: srcCell.name, fs: s.src.fs });
  }
  const pfs = fsById(srcCell, s.src.fsId)!;
  // A save volume hold (ReadOnly, Freeze) ends with the session's replication: the failover's own read-only mount replaces it.
  releaseSource(world, s);
  let played = 0;
  if (req.mode === 'sync') {
    setMountsRo(srcCell, pfs.id, true);
    const block = converge(world, s);
    if (block !== null) {
      setMountsRo(srcCell, pfs.id, false);
      fail('repl_converge_failed', { fs: sfs.name, op: 'failover_sync', block });
    }
  } else {
    // Unreachable (its site down), its Control Station's mount table is changed all the same:
    // what the failover decided holds when the site boots, even if the session is aborted meanwhile.
    setMountsRo(srcCell, pfs.id, true);
    if (req.mode === 'now') s.dstSets = [];
    else played = playNow(world, s);
  }
  const loss = req.mode === 'sync' ? { sets: [], blocks: new Uint32Array(0) } : lossOf(world, s);
  const restart = createCheckpoint(world, cell, sfs, { name: internalName(cell, 'rstpt', sfs.id, s.id), automount: false, deltaSetStamp: s.played });
  const record: FailoverRecord = {
    at: world.clock.now,
    mode: req.mode,
    restartCkpt: restart.id,
    restartDelta: s.played,
    lostSets: loss.sets,
    lostBlocks: loss.blocks,
    sourceReached: reachable,
    keepSource: req.restartpoint,
  };
  s.failover = record;
  s.state = 'failed_over';
  s.draining = false;
  s.mailbox = null;
  s.dstSets = [];
  cancelAll(world, s.id);
  if (req.restartpoint) schedulePoll(world, s);
  setMountsRo(cell, sfs.id, false);
  delete sfs.replLock;
  pfs.replLock = { why: 'failed_over', peer: peerName(cell.name, sfs.name) };
  logRepl(world, s, reachable ? 'both' : 'dst', 4, 'rep_failed_over', { mode: req.mode, delta: s.played, lost: loss.sets.length, blocks: loss.blocks.length });
  return { session: s, record, restartCkpt: restart.name, played };
}
