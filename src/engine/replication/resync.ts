// fs_replicate -resync (FIG. 28, [000171]-[000178]), run on the Control Station of the old
// secondary after a failover: replication turns round, from the secondary (now read/write)
// to the old primary, which becomes a raw file system until it has caught up.
//
// Incremental when the old primary's save volume still holds every delta set cut after the
// restart point (n-x+1..n) and its log survived: the blocks those delta sets and the log name
// are all the primary changed since the restart point, and the blocks the secondary changed
// since it are in the snapshot facility's bit maps. An intermediate snapshot I of the
// secondary is taken, stamped with the new session's first delta set; copying I's data of the
// union of the two block lists to the primary undoes its changes (with the before images
// [000172] describes: for a block the secondary did not change they are I's data) and brings
// the secondary's, in one pass. Otherwise, with autofullcopy=yes, a full copy with a
// warning, in two passes to spare the save volumes ([000176]-[000177]): a first intermediate
// snapshot copied whole, then a second one and the differential between them; the new
// session's delta sets start at the second. Either way the primary then plays back from the
// stamped delta set, mounted read-only as a uxfs again ([000175]).
//
// The copies are fs_copy sessions that stall while the primary is down and go on when it is
// back ([000178]).
import { createCheckpoint } from '../ckpt.js';
import { findCell, findFs, fsById } from '../cluster.js';
import { createBitmap, orInto, setBit, type PageBitmap } from '../blocks/bitmap.js';
import { changedValidBlocks } from '../blocks/differential.js';
import { peekLog, startLog, stopLog } from '../blocks/modlog.js';
import { positionOf } from '../blocks/snapshots.js';
import { differentialList, fullList, pack, runsOf } from '../copy/plan.js';
import { openSession } from '../copy/start.js';
import { fail, type ResyncFullWhy } from '../errors.js';
import { reachableCell } from '../links.js';
import { requireTrust } from '../trust.js';
import type { Cell, FileSystem, ReplSession, World } from '../types.js';
import { cancelAll } from './events.js';
import { logRepl } from './log.js';
import { addSession, liveMount, removeSession, replications } from './sessions.js';
import { applySettings, type ReplOptions } from './settings.js';
import { schedulePoll } from './source.js';
import { copyDone } from './copyctl.js';
import { internalName, newSession, OWNER, peerName } from './start.js';
import { setBlockAddress } from './deltaset.js';

export interface ResyncRequest {
  /** This cell's file system (the old secondary) and the remote one (the old primary) with its cell. */
  local: string;
  remote: string;
  remoteCel: string;
  options: ReplOptions;
}

export interface ResyncReport {
  session: ReplSession;
  full: boolean;
  /** Why the incremental way was impossible (a full copy was made instead). */
  why: ResyncFullWhy | null;
  blocks: number;
}

/** Why an incremental resync is impossible, or null: the delta sets n-x+1..n and the log must still be at the primary. */
function incrementalProblem(s: ReplSession, sfs: FileSystem, pfs: FileSystem): { why: ResyncFullWhy; delta: number } | null {
  const f = s.failover!;
  const first = f.restartDelta + 1;
  if (positionOf(sfs.contents!.volume, f.restartCkpt) < 0) return { why: 'restart_ckpt_deleted', delta: first };
  if (s.srcLost || peekLog(pfs.contents!.volume) === null) return { why: 'savvol_lost', delta: first };
  for (let n = first; n < s.current; n++) if (!s.srcSets.some((d) => d.n === n)) return { why: 'overwritten', delta: n };
  return null;
}

/** The blocks the primary changed after the restart point: its delta sets from n-x+1 and its log. */
function primaryChanges(s: ReplSession, pfs: FileSystem): PageBitmap {
  const bm = createBitmap();
  for (const d of s.srcSets) if (d.n > s.failover!.restartDelta) for (const w of d.blocks) setBit(bm, setBlockAddress(w));
  const log = peekLog(pfs.contents!.volume);
  if (log !== null) orInto(bm, log);
  return bm;
}

function checkResync(world: World, cell: Cell, req: ResyncRequest) {
  const sfs = findFs(cell, req.local);
  const s = replications(world).find((r) => r.dst.cel === cell.name && r.dst.fsId === sfs.id);
  const asSource = replications(world).find((r) => r.src.cel === cell.name && r.src.fsId === sfs.id);
  if (s === undefined) {
    if (asSource !== undefined) fail('repl_state', { fs: sfs.name, state: asSource.state === 'copying' ? 'copying' : 'source', op: 'resync', want: 'failed_over_here' });
    fail('repl_not_found', { fs: sfs.name, peer: peerName(req.remoteCel, req.remote) });
  }
  if (s.src.cel !== req.remoteCel || (fsById(findCell(world, s.src.cel), s.src.fsId)?.name ?? s.src.fs) !== req.remote) {
    fail('repl_not_found', { fs: sfs.name, peer: peerName(req.remoteCel, req.remote) });
  }
  if (s.state !== 'failed_over') fail('repl_state', { fs: sfs.name, state: s.state, op: 'resync', want: 'failed_over' });
  const pfsCell = reachableCell(world, cell, req.remoteCel);
  requireTrust(world, cell, pfsCell.name);
  const pfs = fsById(pfsCell, s.src.fsId)!;
  const plive = liveMount(pfsCell, pfs.id);
  if (plive === undefined) fail('repl_pfs_not_mounted', { fs: pfs.name });
  if (!plive.ro) {
    const mt = pfsCell.movers.find((m) => m.name === plive.mover)!.mounts.find((x) => x.fsId === pfs.id)!;
    fail('repl_pfs_rw', { fs: pfs.name, mover: plive.mover, path: mt.path });
  }
  const slive = liveMount(cell, sfs.id);
  if (slive === undefined || slive.ro) fail('repl_src_not_rw', { fs: sfs.name });
  const settings = applySettings(s.settings, req.options.settings);
  return { s, sfs, pfsCell, pfs, settings };
}

/** fs_replicate -resync: checks, then the new session and its copy. */
export function resync(world: World, cell: Cell, req: ResyncRequest): ResyncReport {
  const { s, sfs, pfsCell, pfs, settings } = checkResync(world, cell, req);
  const problem = incrementalProblem(s, sfs, pfs);
  if (problem !== null && !req.options.autofullcopy) fail('repl_resync_full_needed', { fs: pfs.name, delta: problem.delta, why: problem.why });
  const s2 = newSession(world, cell, sfs, pfsCell, pfs, settings, s.savMB);
  const vol = sfs.contents!.volume;
  const restart = s.failover!.restartCkpt;
  const first = createCheckpoint(world, cell, sfs, { name: internalName(cell, 'int', sfs.id, s2.id), automount: false, deltaSetStamp: s2.current });
  let blocks: number;
  if (problem === null) {
    const union = primaryChanges(s, pfs);
    orInto(union, changedValidBlocks(vol, restart, first.id));
    const list = pack(runsOf(union, vol.size));
    startLog(vol);
    const restartCk = fsById(cell, restart)!;
    const copy = openSession(world, {
      cell,
      src: first,
      pfs: sfs,
      from: restartCk,
      dstCell: pfsCell,
      dst: pfs,
      mode: 'differential',
      list,
      convert: false,
      owner: OWNER,
      qosKbit: settings.qosKbit,
    });
    s2.copy = { session: copy.id, kind: 'resync', ckpts: [first.id, restart] };
    blocks = list.blocks;
  } else {
    const list = fullList(vol, first.id);
    const copy = openSession(world, {
      cell,
      src: first,
      pfs: sfs,
      from: null,
      dstCell: pfsCell,
      dst: pfs,
      mode: 'full',
      list,
      convert: false,
      owner: OWNER,
      qosKbit: settings.qosKbit,
    });
    s2.copy = { session: copy.id, kind: 'resync_full', ckpts: [first.id, restart] };
    blocks = list.blocks;
  }
  // The old session ends here: what it knew of the primary's changes is in the block list.
  stopLog(pfs.contents!.volume);
  cancelAll(world, s.id);
  removeSession(world, s);
  // The primary is raw until it has caught up ([000173]), then a read-only uxfs playing back.
  pfs.type = 'rawfs';
  pfs.replLock = { why: 'destination', peer: peerName(cell.name, sfs.name) };
  delete sfs.replLock;
  addSession(world, s2);
  schedulePoll(world, s2);
  logRepl(world, s2, 'both', problem === null ? 6 : 4, problem === null ? 'rep_resync_started' : 'rep_resync_full', { blocks, why: problem?.why ?? '' });
  return { session: s2, full: problem !== null, why: problem?.why ?? null, blocks };
}

/** The full copy is whole: the second intermediate snapshot, the log from it, and the differential between the two. */
export function resyncCopyEnded(world: World, s: ReplSession): void {
  const cell = findCell(world, s.src.cel);
  const sfs = fsById(cell, s.src.fsId)!;
  const pfsCell = findCell(world, s.dst.cel);
  const pfs = fsById(pfsCell, s.dst.fsId)!;
  const [firstId] = s.copy!.ckpts;
  const first = fsById(cell, firstId!)!;
  const second = createCheckpoint(world, cell, sfs, { name: internalName(cell, 'int', sfs.id, s.id), automount: false, deltaSetStamp: s.current });
  startLog(sfs.contents!.volume);
  const list = differentialList(sfs.contents!.volume, first.id, second.id);
  const copy = openSession(world, {
    cell,
    src: second,
    pfs: sfs,
    from: first,
    dstCell: pfsCell,
    dst: pfs,
    mode: 'differential',
    list,
    convert: false,
    owner: OWNER,
    qosKbit: s.settings.qosKbit,
  });
  s.copy = { session: copy.id, kind: 'resync_diff', ckpts: [...s.copy!.ckpts, second.id] };
}

/** The primary holds the intermediate point: it becomes a read-only uxfs and plays back from the stamped delta set. */
export function finishResync(world: World, s: ReplSession): void {
  const pfsCell = findCell(world, s.dst.cel);
  const pfs = fsById(pfsCell, s.dst.fsId)!;
  pfs.type = 'uxfs';
  copyDone(world, s, 'rep_resync_done');
}
