// Snapshot distribution over a wide-area network ([000201]-[000206], FIGS. 36-38): a local
// file system holding version Q of a remote (network) file system asks the remote, no more
// often than its minimum update interval, for what would bring it to the remote's youngest
// snapshot, and the remote answers with nothing, a full copy of its youngest version, or the
// snapshot copy differential from Q to that version (differential.ts).
//
// Readings of the seed:
// - A version is a snapshot of the remote's queue, named by its id and the virtual time it
//   was taken. The seed numbers versions J..J+K; our queue's ids are not such a sequence, and
//   fs_ckpt -refresh re-bases a snapshot under the same id (refreshSnapshot), so the id alone
//   would take a refreshed checkpoint for the version the local holds. Two points in time
//   that share both id and creation time (a refresh within the same virtual millisecond as
//   the version it replaces) cannot be told apart.
// - Step 647 compares Q with K; the seed's own words for that branch are "the version (Q) is
//   not a snapshot in the snapshot copy facility because the version (Q) is too old", so the
//   test made here is the one meant: is Q still in the queue. A snapshot can also leave from
//   the middle of the queue or be refreshed, so "too old" is generalised to "no longer
//   retained": whenever Q is not in the queue the answer is the full youngest version, and
//   whenever it is (and is not the youngest) the answer is the delta. That includes a Q
//   younger than the remote's youngest (the youngest deleted after the local copied it): the
//   local is brought back to what the remote now offers.
// - Cases the seed leaves out: a local that holds no version yet gets the full youngest; a
//   remote with no snapshot answers that no version is available (step 646's message).
// - Step 642: it is time to ask once Tmin has elapsed since Tu (now - Tu >= Tmin); a local
//   that never asked may ask at once. Every answer, "nothing" included, resets Tu to now.
//
// Pure data and functions on the virtual clock: times are numbers passed in.
import { differentialCopy, fullCopy } from './differential.js';
import { positionOf } from './snapshots.js';
import type { Volume } from './volume.js';

/** A remote snapshot, as the local knows it. */
export interface VersionRef {
  id: number;
  /** Virtual ms when the remote took it. */
  createdAt: number;
}

/** The local file system's attributes of step 642. */
export interface LocalReplica {
  /** NETID: the network file server the versions come from (opaque here). */
  source: string;
  /** Q: the remote version this copy holds; null before the first copy. */
  version: VersionRef | null;
  /** Tu: virtual ms of the last update; null when it never asked. */
  lastUpdate: number | null;
  /** Tmin: virtual ms that must elapse after Tu before the next request. */
  minInterval: number;
}

export type UpdateAnswer =
  /** Step 646: no more recent version (`youngest` null: the remote has no snapshot at all). */
  | { kind: 'nothing'; step: 646; youngest: VersionRef | null }
  /** Step 648: the youngest version whole (`have` null: the local held no version). */
  | { kind: 'full'; step: 648; to: VersionRef; have: VersionRef | null }
  /** Step 649: the snapshot copy differential Q -> J+K. */
  | { kind: 'delta'; step: 649; from: VersionRef; to: VersionRef };

export type UpdateDecision =
  /** Step 642: Tmin has not elapsed; the local may ask at `nextAt`. */
  { asked: false; nextAt: number } | { asked: true; answer: UpdateAnswer };

export function createLocalReplica(source: string, minInterval: number): LocalReplica {
  if (!Number.isFinite(minInterval) || minInterval < 0) throw new RangeError(`minimum update interval must be a non-negative number of ms, not ${minInterval}`);
  return { source, version: null, lastUpdate: null, minInterval };
}

export function sameVersion(a: VersionRef | null, b: VersionRef | null): boolean {
  return a !== null && b !== null && a.id === b.id && a.createdAt === b.createdAt;
}

/** The queue position of a version, or -1 when the remote no longer has it. */
export function retainedPosition(remote: Volume, v: VersionRef): number {
  const p = positionOf(remote, v.id);
  return p >= 0 && remote.snapshots[p].createdAt === v.createdAt ? p : -1;
}

/** The youngest version the remote offers (J+K), or null. */
export function youngestVersion(remote: Volume): VersionRef | null {
  const q = remote.snapshots;
  if (q.length === 0) return null;
  const e = q[q.length - 1];
  return { id: e.id, createdAt: e.createdAt };
}

/** The earliest virtual ms at which the local may ask (step 642). */
export function nextRequestAt(local: LocalReplica): number {
  return local.lastUpdate === null ? -Infinity : local.lastUpdate + local.minInterval;
}

/** Step 642's test: has Tmin elapsed since Tu? */
export function mayRequest(local: LocalReplica, now: number): boolean {
  if (local.lastUpdate !== null && now < local.lastUpdate) throw new RangeError(`time ${now} is before the last update at ${local.lastUpdate}`);
  return now >= nextRequestAt(local);
}

/** The remote's side, steps 643-649: what it answers a local holding `have`. */
export function answerUpdate(remote: Volume, have: VersionRef | null): UpdateAnswer {
  const youngest = youngestVersion(remote);
  if (youngest === null || sameVersion(have, youngest)) return { kind: 'nothing', step: 646, youngest };
  if (have === null || retainedPosition(remote, have) < 0) return { kind: 'full', step: 648, to: youngest, have };
  return { kind: 'delta', step: 649, from: have, to: youngest };
}

/** Steps 641-649 as a decision, nothing changed: whether the local asks, and if so the answer. */
export function requestUpdate(local: LocalReplica, remote: Volume, now: number): UpdateDecision {
  if (!mayRequest(local, now)) return { asked: false, nextAt: nextRequestAt(local) };
  return { asked: true, answer: answerUpdate(remote, local.version) };
}

/**
 * Checks that an answer can be applied now, so a caller can validate before anything
 * changes: its versions are still the remote's (an answer applies to the remote state it
 * was made from), a delta starts from what the local holds, and the local volume can take
 * the remote's blocks.
 */
export function checkApply(remote: Volume, answer: UpdateAnswer, local: LocalReplica, localVol: Volume): void {
  if (answer.kind === 'nothing') return;
  if (retainedPosition(remote, answer.to) < 0) throw new Error(`version ${answer.to.id}@${answer.to.createdAt} is no longer at the remote`);
  if (answer.kind === 'delta') {
    if (retainedPosition(remote, answer.from) < 0) throw new Error(`version ${answer.from.id}@${answer.from.createdAt} is no longer at the remote`);
    if (!sameVersion(answer.from, local.version)) throw new Error(`a delta from ${answer.from.id}@${answer.from.createdAt} does not apply to the local version`);
  }
  if (localVol.size < remote.size) throw new RangeError(`local file system of ${localVol.size} blocks is smaller than the remote's ${remote.size}`);
  if (localVol.meta.shift !== remote.meta.shift) throw new RangeError(`local meta bit map of ${2 ** localVol.meta.shift} blocks per bit, remote of ${2 ** remote.meta.shift}`);
}

/**
 * The local's side of steps 646, 648 and 649: the answer goes into the local volume (the
 * delta by the snapshot copy differential, the full version by extents), the local now holds
 * the answer's version, and Tu is now. Returns the blocks sent.
 */
export function applyUpdate(remote: Volume, answer: UpdateAnswer, local: LocalReplica, localVol: Volume, now: number): number {
  if (local.lastUpdate !== null && now < local.lastUpdate) throw new RangeError(`time ${now} is before the last update at ${local.lastUpdate}`);
  checkApply(remote, answer, local, localVol);
  let sent = 0;
  if (answer.kind === 'delta') sent = differentialCopy(remote, answer.from.id, answer.to.id, localVol);
  else if (answer.kind === 'full') sent = fullCopy(remote, answer.to.id, localVol);
  if (answer.kind !== 'nothing') local.version = { ...answer.to };
  local.lastUpdate = now;
  return sent;
}

export interface UpdateOutcome {
  decision: UpdateDecision;
  /** Blocks sent over the network (0 when not asked or nothing to send). */
  sent: number;
}

/** FIGS. 37-38 end to end at virtual time `now`: ask when it is time, and apply the answer. */
export function updateLocal(local: LocalReplica, localVol: Volume, remote: Volume, now: number): UpdateOutcome {
  const decision = requestUpdate(local, remote, now);
  const sent = decision.asked ? applyUpdate(remote, decision.answer, local, localVol, now) : 0;
  return { decision, sent };
}
