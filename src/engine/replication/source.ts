// The source side's delta set task (FIG. 10): serviced every POLL_MS from the task queue, it
// cuts a delta set when the modified blocks pass the high-water mark or the timeout comes,
// whichever first ([000110]-[000112]), into the save volume if it has room; otherwise flow
// control and the session's policy ([000227], hold.ts). An empty interval cuts nothing and
// re-arms the timeout.
import { loggedBlocks, stopLog } from '../blocks/modlog.js';
import { BLOCKS_PER_MB } from '../files/tree.js';
import type { ReplSession, SimEventOf, World } from '../types.js';
import { cutDeltaSet } from './deltaset.js';
import { cancelAll, POLL, SEND, PLAY, wake } from './events.js';
import { holdSource, releaseSource } from './hold.js';
import { stopCopy } from './copyctl.js';
import { checkAlerts, logRepl } from './log.js';
import { capacityBlocks, makeRoom } from './save-volume.js';
import { endUp, requireEndFs, sessionById } from './sessions.js';

/** How often the delta set task looks at the log ([000111]: a task queue serviced periodically). */
export const POLL_MS = 10_000;
/** Rows of delta set history a session keeps. */
export const HISTORY = 256;

/** Whether the source's delta set task runs: while replicating, and after a failover with -restartpoint. */
export function isRunning(s: ReplSession): boolean {
  return s.state === 'active' || s.state === 'copying' || (s.state === 'failed_over' && s.failover?.keepSource === true);
}

/** Wakes the delta set task; false when it was due by then already. */
export function schedulePoll(world: World, s: ReplSession): boolean {
  const now = world.clock.now;
  // A timeout already passed (a cut held back by flow control) is retried at the next service, not at once.
  const next = s.settings.timeoutS > 0 && s.cutDue > now ? Math.min(s.cutDue, now + POLL_MS) : now + POLL_MS;
  return wake(world, POLL, s.id, next);
}

/** Cuts the current delta set now if the save volume has room; false under flow control. */
export function cutNow(world: World, s: ReplSession): boolean {
  const fs = requireEndFs(world, s.src);
  const vol = fs.contents!.volume;
  const logged = loggedBlocks(vol);
  const now = world.clock.now;
  if (logged === 0) {
    s.cutDue = now + s.settings.timeoutS * 1000;
    return true;
  }
  if (!makeRoom(s, logged + 1)) {
    if (!s.flowSrc) logRepl(world, s, 'src', 4, 'rep_flow_control', { side: 'source', blocks: logged });
    s.flowSrc = true;
    // A delta set the empty save volume could not hold, or no policy: the session falls out of sync.
    if (logged + 1 > capacityBlocks(s) || s.settings.policy === 'NoPolicy') goInactive(world, s, 'savvol_full');
    else if (s.held === null) {
      holdSource(world, s);
      logRepl(world, s, 'src', 3, 'rep_source_held', { policy: s.settings.policy });
    }
    checkAlerts(world, s);
    return false;
  }
  if (s.held !== null) {
    releaseSource(world, s);
    logRepl(world, s, 'src', 6, 'rep_source_released', {});
  }
  s.flowSrc = false;
  const set = cutDeltaSet(fs.contents!, fs.sizeMB, s.current, s.gen, now);
  s.srcSets.push(set);
  s.history.push({ n: set.n, createdAt: now, cutSecs: Math.round(set.cutMs / 1000), blocks: set.blocks.length, playedAt: null, playSecs: null, group: null });
  if (s.history.length > HISTORY) s.history.splice(0, s.history.length - HISTORY);
  s.current++;
  s.cutDue = now + s.settings.timeoutS * 1000;
  if (s.state === 'active') wake(world, SEND, s.id, now);
  checkAlerts(world, s);
  return true;
}

/** The poll: cut when a trigger fired, then the next poll. A source that is down polls again when it comes back (recovery.ts). */
export function pollSession(world: World, s: ReplSession): void {
  if (!isRunning(s) || !endUp(world, s.src)) return;
  const now = world.clock.now;
  const vol = requireEndFs(world, s.src).contents!.volume;
  const logged = loggedBlocks(vol);
  const timedOut = s.settings.timeoutS > 0 && now >= s.cutDue;
  const high = s.settings.hwmMB > 0 && logged >= s.settings.hwmMB * BLOCKS_PER_MB;
  if (timedOut || high || s.flowSrc) cutNow(world, s);
  if (isRunning(s)) schedulePoll(world, s);
}

/**
 * Out of sync ([000227], first option): logging stops, the delta sets not yet sent are
 * dropped; what the destination received is still played back. A new copy is needed.
 */
export function goInactive(world: World, s: ReplSession, reason: string): void {
  const fs = requireEndFs(world, s.src);
  stopCopy(world, s);
  stopLog(fs.contents!.volume);
  releaseSource(world, s);
  s.state = 'inactive';
  s.reason = reason;
  // The unsent delta sets stay where they are: a failover still reports them as lost.
  s.mailbox = null;
  cancelAll(world, s.id);
  if (s.dstSets.length > 0) wake(world, PLAY, s.id, world.clock.now);
  logRepl(world, s, 'both', 3, 'rep_inactive', { reason });
}

/** The `repl.poll` event: the delta set task looks at the session, if it is still there. */
export function pollEvent(world: World, e: SimEventOf<'repl.poll'>): void {
  const s = sessionById(world, e.data.id);
  if (s !== undefined) pollSession(world, s);
}
