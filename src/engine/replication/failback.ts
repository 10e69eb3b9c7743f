// fs_replicate -failback (FIG. 30, [000179], [000190]-[000191]), run where the file system is
// read/write (the source of the session): the source is made read-only, the destination
// brought level with it (converge.ts), both sessions' processes stopped, and replication
// restarted the other way, from the old destination, now mounted read/write, to the old
// source, now its read-only destination. No full copy: the two are equal, so the new
// session's first delta set starts from that common state. Also a planned switch with no
// failure. On an error nothing is switched and the source is read/write again: the command
// can be issued again once the condition is cleared.
import { findCell, fsById } from '../cluster.js';
import { startLog, stopLog } from '../blocks/modlog.js';
import { peekDigest } from '../blocks/volume.js';
import { sameDigest } from '../blocks/digest.js';
import { fail } from '../errors.js';
import { reachableCell } from '../links.js';
import { requireTrust } from '../trust.js';
import type { Cell, ReplSession, World } from '../types.js';
import { converge } from './converge.js';
import { cancelAll } from './events.js';
import { logRepl } from './log.js';
import { addSession, liveMount, removeSession, replications, setMountsRo } from './sessions.js';
import { newSession, peerName } from './start.js';
import { schedulePoll } from './source.js';
import { findAsDestination } from './failover.js';

export interface FailbackRequest {
  /** This cell's file system (the session's source) and the remote one (its destination). */
  local: string;
  remote: string;
  remoteCel: string;
}

export interface FailbackReport {
  old: ReplSession;
  session: ReplSession;
}

/** The session this cell's `local` is the source of, `remote` at `remoteCel` its destination. */
function findAsSource(world: World, cell: Cell, req: FailbackRequest): ReplSession {
  const s = replications(world).find((r) => r.src.cel === cell.name && fsById(cell, r.src.fsId)?.name === req.local);
  if (s === undefined) {
    // The destination side names it the other way round: the error says where to run it.
    findAsDestination(world, cell, req.local, req.remote, req.remoteCel, 'failback');
    const d = replications(world).find((r) => r.dst.cel === cell.name && fsById(cell, r.dst.fsId)?.name === req.local)!;
    fail('repl_wrong_side', {
      fs: req.local,
      side: d.state === 'failed_over' ? 'failed_over_destination' : 'destination',
      op: 'failback',
      cel: d.state === 'failed_over' ? cell.name : d.src.cel,
    });
  }
  const dstName = fsById(findCell(world, s.dst.cel), s.dst.fsId)?.name ?? s.dst.fs;
  if (s.dst.cel !== req.remoteCel || dstName !== req.remote) fail('repl_not_found', { fs: req.local, peer: peerName(req.remoteCel, req.remote) });
  return s;
}

export function failback(world: World, cell: Cell, req: FailbackRequest): FailbackReport {
  const s = findAsSource(world, cell, req);
  const local = fsById(cell, s.src.fsId)!;
  if (s.state === 'copying') fail('repl_busy', { fs: local.name, what: s.copy?.kind === 'initial' ? 'initial_copy' : 'resync_copy' });
  if (s.state !== 'active') fail('repl_state', { fs: local.name, state: s.state, op: 'failback', want: 'active' });
  const remoteCell = reachableCell(world, cell, req.remoteCel);
  if (remoteCell !== cell) requireTrust(world, cell, remoteCell.name);
  const remote = fsById(remoteCell, s.dst.fsId)!;
  if (liveMount(remoteCell, remote.id) === undefined) fail('repl_pfs_not_mounted', { fs: remote.name });
  setMountsRo(cell, local.id, true);
  const block = converge(world, s);
  if (block !== null) {
    setMountsRo(cell, local.id, false);
    fail('repl_converge_failed', { fs: local.name, op: 'failback', block });
  }
  if (!sameDigest(peekDigest(local.contents!.volume), peekDigest(remote.contents!.volume))) {
    throw new Error(`${remote.name} does not hold what ${local.name} holds after converging`);
  }
  stopLog(local.contents!.volume);
  cancelAll(world, s.id);
  const next = newSession(world, remoteCell, remote, cell, local, s.settings, s.savMB);
  removeSession(world, s);
  next.state = 'active';
  next.playDue = world.clock.now + next.settings.dTimeoutS * 1000;
  startLog(remote.contents!.volume);
  remote.type = 'uxfs';
  delete remote.replLock;
  local.replLock = { why: 'destination', peer: peerName(remoteCell.name, remote.name) };
  setMountsRo(remoteCell, remote.id, false);
  addSession(world, next);
  schedulePoll(world, next);
  logRepl(world, next, 'both', 6, 'rep_reversed', { old: s.id });
  return { old: s, session: next };
}
