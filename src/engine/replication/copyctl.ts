// A session's copy job stopped before its end (the session aborted or out of sync): the
// fs_copy session is aborted and replication's own checkpoints for it are dropped.
import { fsById } from '../cluster.js';
import { abortSession, isActive, sessionById } from '../copy/job.js';
import { removeCheckpoint } from '../ckpt-save-volume.js';
import type { ReplSession, World } from '../types.js';
import { PLAY, SEND, wake } from './events.js';
import { logRepl } from './log.js';

/** Removes checkpoints (by file system id) of cell `cel` that still exist. */
export function dropCheckpoints(world: World, cel: string, ids: number[]): void {
  const cell = world.cells.find((c) => c.name === cel);
  if (cell === undefined) return;
  for (const id of ids) {
    const ck = fsById(cell, id);
    if (ck !== undefined && ck.type === 'ckpt') removeCheckpoint(cell, ck);
  }
}

export function stopCopy(world: World, s: ReplSession): void {
  if (s.copy === null) return;
  const c = sessionById(world, s.copy.session);
  const ckpts = s.copy.ckpts;
  // Cleared first: the copy's end handler then finds no session to tell.
  s.copy = null;
  if (c !== undefined && isActive(c)) abortSession(world, c);
  dropCheckpoints(world, s.src.cel, ckpts);
}

/** A session's copy is whole: it goes active and the destination plays back from the stamped delta set. */
export function copyDone(world: World, s: ReplSession, msg: 'rep_copy_done' | 'rep_resync_done'): void {
  dropCheckpoints(world, s.src.cel, s.copy!.ckpts);
  s.copy = null;
  s.state = 'active';
  const now = world.clock.now;
  s.playDue = now + s.settings.dTimeoutS * 1000;
  logRepl(world, s, 'both', 6, msg, { delta: s.playFrom });
  wake(world, SEND, s.id, now);
  wake(world, PLAY, s.id, now);
}
