// fs_replicate -start (FIG. 11, [000102]-[000103], [000115]-[000117]): a snapshot of the
// source, stamped with the current delta set number, is copied to the destination (a rawfs
// of the source's size, mounted read-only) while the source stays in use and its changes are
// logged from that instant into delta sets; when the copy ends the destination plays back
// from the delta set stamped in the snapshot, and replication goes on from there.
//
// The copy is an fs_copy session owned by replication (copy/); its end comes back here,
// with the ends of the resync copies (resync.ts).
import { createCheckpoint } from '../ckpt.js';
import { findFs, fsById } from '../cluster.js';
import { copyDone, dropCheckpoints } from './copyctl.js';
import { startLog } from '../blocks/modlog.js';
import { fullList } from '../copy/plan.js';
import { openSession } from '../copy/start.js';
import { mountedRwOn } from '../copy/ends.js';
import { fail } from '../errors.js';
import { reachableCell } from '../links.js';
import { requireTrust } from '../trust.js';
import type { Cell, CopySession, FileSystem, ReplSession, ReplSettings, World } from '../types.js';
import { logRepl } from './log.js';
import { defaultSavMB } from './save-volume.js';
import { addSession, liveMount, nextSessionId, replications, sessionOfFs } from './sessions.js';
import { applySettings, defaultSettings, type ReplOptions } from './settings.js';
import { schedulePoll, goInactive } from './source.js';
import { finishResync, resyncCopyEnded } from './resync.js';

export const OWNER = 'fs_replicate' as const;
/** Largest `savsize=`: the largest file system. */
export const MAX_SAV_MB = 16 * 1024 * 1024;

export interface StartRequest {
  src: string;
  dst: string;
  /** `:cel=` of the destination; null for a replication within this cell. */
  dstCel: string | null;
  /** `savsize=` in MB; null for the default. */
  savMB: number | null;
  options: ReplOptions;
}

/** Given with both file systems on the line, `to=` and `hwm=` set the destination's too (reference §1.2). */
export function startSettings(o: ReplOptions): ReplSettings {
  const given = o.settings;
  const both: Partial<ReplSettings> = { ...given };
  if (given.timeoutS !== undefined && given.dTimeoutS === undefined) both.dTimeoutS = given.timeoutS;
  if (given.hwmMB !== undefined && given.dHwmMB === undefined) both.dHwmMB = given.hwmMB;
  return applySettings(defaultSettings(), both);
}

/** What a session's end is called from the other end: `<fs>:<cel>`. */
export function peerName(cel: string, fs: string): string {
  return `${fs}:${cel}`;
}

function check(world: World, cell: Cell, req: StartRequest) {
  const src = findFs(cell, req.src);
  if (src.pool === null) fail('fs_system', { fs: src.name });
  if (src.type !== 'uxfs') fail('repl_src_type', { fs: src.name, type: src.type });
  const rw = mountedRwOn(cell, src.id);
  const live = liveMount(cell, src.id);
  if (rw === undefined || live === undefined || live.ro) fail('repl_src_not_rw', { fs: src.name });
  const busy = sessionOfFs(world, cell.name, src.id);
  if (busy !== undefined) fail('repl_exists', { fs: src.name, role: busy.src.fsId === src.id && busy.src.cel === cell.name ? 'source' : 'destination', session: busy.id });
  const dstCell = reachableCell(world, cell, req.dstCel);
  if (dstCell !== cell) requireTrust(world, cell, dstCell.name);
  const dst = findFs(dstCell, req.dst);
  if (dstCell === cell && dst.id === src.id) fail('repl_same_fs', { fs: dst.name });
  if (dst.pool === null) fail('fs_system', { fs: dst.name });
  if (dst.type !== 'rawfs') fail('repl_dst_type', { fs: dst.name, type: dst.type });
  if (dst.sizeMB !== src.sizeMB) fail('repl_dst_size', { fs: dst.name, size: dst.sizeMB, want: src.sizeMB });
  const other = sessionOfFs(world, dstCell.name, dst.id);
  if (other !== undefined) fail('repl_exists', { fs: dst.name, role: other.dst.fsId === dst.id ? 'destination' : 'source', session: other.id });
  const dlive = liveMount(dstCell, dst.id);
  if (dlive === undefined || !dlive.ro) fail('repl_dst_not_ro', { fs: dst.name, on: dlive?.mover ?? '' });
  const copying = world.copies.find((c) => (c.state === 'copying' || c.state === 'stalled') && c.dst.cel === dstCell.name && c.dst.fsId === dst.id);
  if (copying !== undefined) fail('copy_dst_busy', { fs: dst.name, session: copying.name });
  if (dst.dist) fail('dist_exists', { fs: dst.name, source: dst.dist.source.fs });
  if (req.savMB !== null && (req.savMB < 1 || req.savMB > MAX_SAV_MB)) fail('repl_option_invalid', { value: req.savMB, rule: 'savsize', max: MAX_SAV_MB });
  return { src, dstCell, dst, settings: startSettings(req.options) };
}

/** A session's fields at its start (both ends named, nothing sent). */
export function newSession(world: World, srcCell: Cell, src: FileSystem, dstCell: Cell, dst: FileSystem, settings: ReplSettings, savMB: number): ReplSession {
  const now = world.clock.now;
  return {
    id: nextSessionId(world),
    src: { cel: srcCell.name, fsId: src.id, fs: src.name },
    dst: { cel: dstCell.name, fsId: dst.id, fs: dst.name },
    state: 'copying',
    reason: null,
    settings,
    savMB,
    createdAt: now,
    gen: 1,
    current: 1,
    cutDue: now + settings.timeoutS * 1000,
    srcSets: [],
    sentUpTo: 0,
    srcLost: false,
    mailbox: null,
    retries: 0,
    network: 'alive',
    held: null,
    flowSrc: false,
    flowDst: false,
    dstSets: [],
    played: 0,
    playFrom: 1,
    playDue: null,
    draining: false,
    copy: null,
    history: [],
    sentBlocks: 0,
    sendMs: 0,
    lastRate: 0,
    alerted: { savvol: false, outstanding: false },
    failover: null,
  };
}

/** An internal checkpoint's name: `root_rep_<what>_<fs id>_<session id>`, never a user's. */
export function internalName(cell: Cell, what: string, fsId: number, session: number): string {
  let name = `root_rep_${what}_${fsId}_${session}`;
  for (let k = 2; cell.fileSystems.some((f) => f.name === name); k++) name = `root_rep_${what}_${fsId}_${session}_${k}`;
  return name;
}

/**
 * The start of a session's copy: a snapshot of the source stamped with the session's current
 * delta set, the modification log from that instant, and a full copy of the snapshot to the
 * destination, which replication now holds. The snapshot's checks are the last that can refuse.
 */
function beginInitialCopy(world: World, cell: Cell, s: ReplSession, src: FileSystem, dstCell: Cell, dst: FileSystem): CopySession {
  const base = createCheckpoint(world, cell, src, { name: internalName(cell, 'ckpt', src.id, s.id), automount: false, deltaSetStamp: s.current });
  const vol = src.contents!.volume;
  startLog(vol);
  const copy = openSession(world, {
    cell,
    src: base,
    pfs: src,
    from: null,
    dstCell,
    dst,
    mode: 'full',
    list: fullList(vol, base.id),
    convert: true,
    owner: OWNER,
    qosKbit: s.settings.qosKbit,
  });
  s.copy = { session: copy.id, kind: 'initial', ckpts: [base.id] };
  dst.replLock = { why: 'destination', peer: peerName(cell.name, src.name) };
  return copy;
}

/** fs_replicate -start: checks, then the snapshot, the log and the copy. */
export function startReplication(world: World, cell: Cell, req: StartRequest): ReplSession {
  const { src, dstCell, dst, settings } = check(world, cell, req);
  const s = newSession(world, cell, src, dstCell, dst, settings, req.savMB ?? defaultSavMB(src.sizeMB));
  // The snapshot's own checks (the SavVol's pool) are the last that can refuse.
  const copy = beginInitialCopy(world, cell, s, src, dstCell, dst);
  addSession(world, s);
  schedulePoll(world, s);
  logRepl(world, s, 'both', 6, 'rep_started', { blocks: copy.totalBlocks });
  return s;
}

/**
 * fs_replicate -restart: a session out of sync (inactive) starts over ([000102]: a new remote
 * copy replaces one that lost synchronization): a new snapshot stamped with the next delta set,
 * the log from that instant, a full copy to the same destination, then playback from there.
 * Run on the source's Control Station.
 */
export function restartReplication(world: World, cell: Cell, s: ReplSession): ReplSession {
  const src = fsById(cell, s.src.fsId);
  if (src === undefined || s.src.cel !== cell.name) fail('repl_wrong_side', { fs: s.dst.fs, side: 'destination', op: 'restart', cel: s.src.cel });
  if (s.state !== 'inactive') fail('repl_state', { fs: src.name, state: s.state, op: 'restart', want: 'out_of_sync' });
  const live = liveMount(cell, src.id);
  if (live === undefined || live.ro) fail('repl_src_not_rw', { fs: src.name });
  const dstCell = reachableCell(world, cell, s.dst.cel);
  if (dstCell !== cell) requireTrust(world, cell, dstCell.name);
  const dst = fsById(dstCell, s.dst.fsId)!;
  const dlive = liveMount(dstCell, dst.id);
  if (dlive === undefined || !dlive.ro) fail('repl_dst_not_ro', { fs: dst.name, on: dlive?.mover ?? '' });
  const copy = beginInitialCopy(world, cell, s, src, dstCell, dst);
  const now = world.clock.now;
  Object.assign(s, {
    state: 'copying',
    reason: null,
    gen: s.gen + 1,
    srcSets: [],
    dstSets: [],
    sentUpTo: s.current - 1,
    srcLost: false,
    mailbox: null,
    retries: 0,
    network: 'alive',
    flowSrc: false,
    flowDst: false,
    playFrom: s.current,
    playDue: null,
    cutDue: now + s.settings.timeoutS * 1000,
    draining: false,
  } satisfies Partial<ReplSession>);
  schedulePoll(world, s);
  logRepl(world, s, 'both', 6, 'rep_started', { blocks: copy.totalBlocks });
  return s;
}

/** The end of a session's initial or resync copy (wiring.ts's copy end table). */
export function replicationCopyEnded(world: World, c: CopySession): void {
  const s = replications(world).find((r) => r.copy?.session === c.id);
  if (s === undefined) return;
  if (c.state !== 'completed') {
    // The copy failed (an end mounted read-write under it): the session is out of sync.
    dropCheckpoints(world, s.src.cel, s.copy!.ckpts);
    s.copy = null;
    goInactive(world, s, `copy_${c.failure ?? c.state}`);
    return;
  }
  if (s.copy!.kind === 'initial') copyDone(world, s, 'rep_copy_done');
  else if (s.copy!.kind === 'resync_full') resyncCopyEnded(world, s);
  else finishResync(world, s);
}
