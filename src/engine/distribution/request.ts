// An update request of a local updatable file system, FIGS. 37-38: step 642 (is it time to
// ask?), the remote's answer of steps 643-649 as src/engine/blocks/distribution.ts decides it,
// and the answer put to work: nothing to send (646: Tu is reset now), or an fs_copy session
// (src/engine/copy/) that sends the full youngest version (648) or the snapshot copy
// differential from the version held to the youngest (649) over the link at its bandwidth.
// The session's end is applied by ended.ts.
//
// Readings, beyond blocks/distribution.ts's:
// - Tu is the time the answer was applied: at once for 646, at the session's completion for
//   648 and 649 (the seed resets Tu after "replaces the local version"). A request is not
//   made while an update is being applied; an update that fails leaves Tu as it was.
// - Tmin governs asking for a *newer* version. A local holding no version (never updated, or
//   left without one by a failed update) may ask at once.
// - The request names the version the local holds (Q) only while the local really holds
//   it: a uxfs whose attributes and contents still match the remote's checkpoint (mounted
//   read-write and written since, it no longer does). Otherwise it asks as holding nothing,
//   and is sent the full youngest version.
// - -Force (an administrator's request) asks whether or not Tmin has elapsed.
//
// Everything is checked, and the answer decided, before anything changes: a refused request
// leaves the world byte-identical.
import { answerUpdate, mayRequest, type UpdateAnswer, type VersionRef } from '../blocks/distribution.js';
import { positionOf } from '../blocks/snapshots.js';
import { fsById, servingMover } from '../cluster.js';
import { mountedRwOn } from '../copy/ends.js';
import { holdsIntact } from '../copy/holds.js';
import { startCopy } from '../copy/start.js';
import { fail } from '../errors.js';
import { logEvent } from '../log.js';
import type { Cell, CopySession, DistRequest, DistVersion, FileSystem, LocalUpdatable, World } from '../types.js';
import { failBusy, findLocal, nameFrom } from './relation.js';
import { reachableCell } from '../links.js';
import { DIST_OWNER } from './state.js';

/** Why the full youngest version is sent (648): the local holds no version, the remote no longer has it (deleted, or refreshed since), or the local's copy of it has changed. */
export type FullReason = 'none' | 'gone' | 'refreshed' | 'changed';

export interface Decision {
  step: 646 | 648 | 649;
  /** The version the request names (Q), or null when the local holds none it can name. */
  held: DistVersion | null;
  /** 648: why the whole version. */
  why: FullReason | null;
  /** J and J+K: the oldest and youngest versions the remote holds (null: it has no checkpoint). */
  oldest: DistVersion | null;
  youngest: DistVersion | null;
}

export interface Asked extends Decision {
  fs: FileSystem;
  at: number;
  /** 648, 649: the fs_copy session bringing the version. */
  session: CopySession | null;
}

/** The earliest virtual ms at which the local may ask (step 642); null: at once. */
export function nextRequestAt(d: LocalUpdatable): number | null {
  return d.version === null || d.lastUpdate === null ? null : d.lastUpdate + d.minInterval;
}

/** Step 642: whether the local may ask now (an update under way is the answer being applied: not until it ends). */
export function isDue(d: LocalUpdatable, now: number): boolean {
  if (d.updating) return false;
  if (d.version === null) return true;
  return mayRequest({ source: '', version: null, lastUpdate: d.lastUpdate, minInterval: d.minInterval }, now);
}

const refOf = (v: DistVersion): VersionRef => ({ id: v.ckptId, createdAt: v.createdAt });

/** A remote snapshot as a version, named by its checkpoint. */
function versionAt(srcCell: Cell, ref: VersionRef): DistVersion {
  return { ckptId: ref.id, ckpt: fsById(srcCell, ref.id)?.name ?? String(ref.id), createdAt: ref.createdAt };
}

/** Q as the request names it, and why not when it cannot. */
function heldVersion(local: FileSystem, d: LocalUpdatable, srcCell: Cell, pfs: FileSystem): { held: DistVersion | null; why: FullReason | null } {
  const q = d.version;
  if (q === null) return { held: null, why: 'none' };
  const vol = pfs.contents!.volume;
  const pos = positionOf(vol, q.ckptId);
  if (pos < 0) return { held: q, why: 'gone' };
  if (vol.snapshots[pos]!.createdAt !== q.createdAt) return { held: q, why: 'refreshed' };
  const intact = local.type === 'uxfs' && holdsIntact(local, { cel: srcCell.name, pfs, ckptId: q.ckptId, createdAt: q.createdAt });
  return intact ? { held: q, why: null } : { held: null, why: 'changed' };
}

/** The remote's production file system, reached over its link; refusals when it cannot be. */
function reachSource(world: World, cell: Cell, local: FileSystem, d: LocalUpdatable): { srcCell: Cell; pfs: FileSystem } {
  const srcCell = reachableCell(world, cell, d.source.cel);
  const pfs = fsById(srcCell, d.source.fsId);
  if (pfs === undefined || pfs.contents === null) fail('dist_source_gone', { fs: local.name, source: nameFrom(d.source.fs, d.source.cel, cell.name) });
  return { srcCell, pfs };
}

/** Steps 643-649 for a local that asks now: what the remote answers. Changes nothing. */
export function decide(world: World, cell: Cell, local: FileSystem, d: LocalUpdatable): Decision & { srcCell: Cell; pfs: FileSystem } {
  const { srcCell, pfs } = reachSource(world, cell, local, d);
  const vol = pfs.contents!.volume;
  const { held, why } = heldVersion(local, d, srcCell, pfs);
  // The request names Q even when the remote no longer has it: FIG. 38 finds that out (step 647).
  const answer: UpdateAnswer = answerUpdate(vol, held === null ? null : refOf(held));
  const q = vol.snapshots;
  const oldest = q.length === 0 ? null : versionAt(srcCell, q[0]!);
  const youngest = q.length === 0 ? null : versionAt(srcCell, q[q.length - 1]!);
  const base = { held, oldest, youngest, srcCell, pfs };
  if (answer.kind === 'nothing') return { ...base, step: 646, why: null };
  if (answer.kind === 'full') return { ...base, step: 648, why: why ?? 'none' };
  return { ...base, step: 649, why: null };
}

export interface AskOptions {
  /** -Force: ask whether or not Tmin has elapsed. */
  force: boolean;
}

/** Checks a request can be made now and decides its answer, changing nothing. */
export function checkAsk(world: World, cell: Cell, name: string, opts: AskOptions): { local: FileSystem; d: LocalUpdatable; decision: ReturnType<typeof decide> } {
  const { fs: local, d } = findLocal(cell, name);
  if (d.updating) failBusy(world, local, d);
  const now = world.clock.now;
  if (!opts.force && !isDue(d, now)) {
    fail('dist_too_soon', { fs: local.name, interval: d.minInterval, last: d.lastUpdate!, next: nextRequestAt(d)! });
  }
  const decision = decide(world, cell, local, d);
  if (decision.step !== 646) {
    const rw = mountedRwOn(cell, local.id);
    if (rw !== undefined) fail('copy_dst_rw', { fs: local.name, on: rw.name });
  }
  return { local, d, decision };
}

/**
 * An update request now (fs_dist -update, or a client's access once Tmin has elapsed): the
 * answer of FIG. 38, applied at once for 646, or the fs_copy session that will apply it.
 */
export function askForUpdate(world: World, cell: Cell, name: string, opts: AskOptions): Asked {
  const { local, d, decision } = checkAsk(world, cell, name, opts);
  const now = world.clock.now;
  const { srcCell, pfs, ...dec } = decision;
  const mover = servingMover(cell, local.id);
  const source = nameFrom(pfs.name, srcCell.name, cell.name);
  if (dec.step === 646) {
    d.lastUpdate = now;
    d.request = { at: now, step: 646, from: null, to: dec.youngest, session: null };
    logEvent(world, mover, 'FSDIST', 6, 'fsdist_nothing', { fs: local.name, source, have: dec.held?.ckpt ?? '', youngest: dec.youngest?.ckpt ?? '' });
    return { ...dec, fs: local, at: now, session: null };
  }
  const to = dec.youngest!;
  // startCopy checks what is left (the destination free, sizes, the base it holds) before it changes anything.
  const session = startCopy(world, srcCell, {
    src: to.ckpt,
    dst: local.name,
    dstCel: srcCell === cell ? null : cell.name,
    fromfs: dec.step === 649 ? fsById(srcCell, dec.held!.ckptId)!.name : null,
    qosKbit: 0,
    convert: true,
    replace: true,
    owner: DIST_OWNER,
  });
  const request: DistRequest = { at: now, step: dec.step, from: dec.step === 649 ? dec.held : null, to, session: session.id };
  d.request = request;
  d.updating = true;
  logEvent(world, mover, 'FSDIST', 6, 'fsdist_started', {
    fs: local.name,
    source,
    step: dec.step,
    from: request.from?.ckpt ?? '',
    have: d.version?.ckpt ?? '',
    to: to.ckpt,
    why: dec.why ?? '',
    session: session.name,
    blocks: session.totalBlocks,
  });
  return { ...dec, fs: local, at: now, session };
}
