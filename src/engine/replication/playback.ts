// The destination's playback ([000108], [000118]): the delta sets received wait in its save
// volume until its own timeout (`dto=`) or high-water mark (`dhwm=`), whichever first, then
// are integrated together, in order, as one group. Integration is done at that instant of
// virtual time, so readers of the destination see the state before the group or after it,
// never between: the consistent view [000095] keeps by reading a delta set's block index
// first. Its duration is still reckoned (blocks at the local rate) for the history table.
import { findCell, fsById } from '../cluster.js';
import { refreshUsed } from '../contents.js';
import { LOCAL_BLOCKS_PER_SEC } from '../copy/rate.js';
import { settleSavVol } from '../ckpt-save-volume.js';
import type { ReplSession, SimEventOf, World } from '../types.js';
import { playBack } from './deltaset.js';
import { PLAY, SEND, wake } from './events.js';
import { checkAlerts } from './log.js';
import { dstHeldBlocks } from './save-volume.js';
import { BLOCKS_PER_MB } from '../files/tree.js';
import { endUp, sessionById } from './sessions.js';

/** Plays back every delta set received, now. Returns how many. */
export function playNow(world: World, s: ReplSession): number {
  const group = s.dstSets.filter((d) => d.n >= s.playFrom);
  s.dstSets = [];
  const now = world.clock.now;
  s.playDue = now + s.settings.dTimeoutS * 1000;
  if (group.length === 0) return 0;
  const cell = findCell(world, s.dst.cel);
  const fs = fsById(cell, s.dst.fsId)!;
  const { blocks, sizeMB } = playBack(fs.contents!, group);
  if (sizeMB !== null && sizeMB > fs.sizeMB) fs.sizeMB = sizeMB;
  refreshUsed(fs);
  if (fs.savVol !== null) settleSavVol(world, cell, fs);
  const last = group[group.length - 1]!;
  s.played = last.n;
  const row = s.history.find((h) => h.n === last.n);
  if (row !== undefined) {
    row.playedAt = now;
    row.playSecs = Math.round(blocks / LOCAL_BLOCKS_PER_SEC);
    row.group = group.length;
  }
  if (s.flowDst) wake(world, SEND, s.id, now);
  checkAlerts(world, s);
  return group.length;
}

export function playStep(world: World, s: ReplSession): void {
  if (s.state === 'copying' || s.state === 'failed_over' || s.dstSets.length === 0) return;
  if (!endUp(world, s.dst)) return;
  const now = world.clock.now;
  const high = s.settings.dHwmMB > 0 && dstHeldBlocks(s) >= s.settings.dHwmMB * BLOCKS_PER_MB;
  const timed = s.settings.dTimeoutS > 0 && (s.playDue === null || now >= s.playDue);
  if (s.draining || s.state === 'inactive' || high || timed) playNow(world, s);
  else if (s.settings.dTimeoutS > 0) wake(world, PLAY, s.id, s.playDue!);
}

/** The `repl.play` event: the session's playback, if the session is still there. */
export function playEvent(world: World, e: SimEventOf<'repl.play'>): void {
  const s = sessionById(world, e.data.id);
  if (s !== undefined) playStep(world, s);
}
