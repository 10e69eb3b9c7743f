// The IP-replication send thread (FIG. 12, [000105], [000119]-[000121]): it polls the source
// save volume's mailbox for a delta set to send, sends its chunks at the rate the link (and
// `qos=`) allows, the header last; the receiver checks the set is whole ([000107]) and
// stores it in the destination's save volume, if there is room (flow control otherwise).
// A failed transfer (link down, far site or mover down) is retried every step up to
// MAX_RETRIES times; then the error is logged and the error handler marks the connection
// dead and retries every BACKOFF_MS until it is back. A chunk cut short is sent again whole;
// the mailbox keeps the chunks acknowledged, so a reboot resumes where the set was ([000126]).
import { blocksPerSecond, startDelayMs } from '../copy/rate.js';
import type { DeltaSet, ReplSession, SimEventOf, World } from '../types.js';
import { CHUNK_BLOCKS, checkReceived, restamp } from './deltaset.js';
import { PLAY, SEND, wake } from './events.js';
import { checkAlerts, logRepl } from './log.js';
import { dstHasRoom, dstHeldBlocks } from './save-volume.js';
import { endUp, sessionById } from './sessions.js';
import { BLOCKS_PER_MB } from '../files/tree.js';

export const STEP_MS = 1000;
export const MAX_RETRIES = 5;
export const BACKOFF_MS = 60_000;
const EPSILON = 1e-6;

/** The blocks per second the session can send now: 0 when its link or either end is down. */
export function sendRate(world: World, s: ReplSession): number {
  if (!endUp(world, s.dst)) return 0;
  return blocksPerSecond(world, { src: s.src, dst: s.dst, qosKbit: s.settings.qosKbit });
}

function nextToSend(s: ReplSession): DeltaSet | undefined {
  return s.srcSets.find((d) => d.n > s.sentUpTo);
}

/** The header arrived: the destination checks the set and keeps it for playback. */
function receive(world: World, s: ReplSession, set: DeltaSet): void {
  const problem = checkReceived(set, s.gen, s.mailbox!.chunks);
  s.mailbox = null;
  if (problem !== null) {
    // The set is sent again from its first chunk.
    logRepl(world, s, 'dst', 3, 'rep_set_rejected', { delta: set.n, why: problem });
    return;
  }
  s.dstSets.push(set);
  s.sentUpTo = set.n;
  const now = world.clock.now;
  if (s.playDue === null) s.playDue = now + s.settings.dTimeoutS * 1000;
  const high = s.settings.dHwmMB > 0 && dstHeldBlocks(s) >= s.settings.dHwmMB * BLOCKS_PER_MB;
  if (s.draining || high) wake(world, PLAY, s.id, now);
  else if (s.settings.dTimeoutS > 0) wake(world, PLAY, s.id, Math.max(now, s.playDue));
}

function failAttempt(world: World, s: ReplSession, now: number): void {
  if (s.mailbox !== null) {
    s.mailbox.partial = 0;
    s.mailbox.credit = 0;
    s.mailbox.lastAt = now;
  }
  s.retries++;
  if (s.retries <= MAX_RETRIES) {
    wake(world, SEND, s.id, now + STEP_MS);
    return;
  }
  if (s.network === 'alive') {
    s.network = 'dead';
    logRepl(world, s, 'src', 3, 'rep_send_failed', { retries: MAX_RETRIES });
  }
  wake(world, SEND, s.id, now + BACKOFF_MS);
}

/** One step of the send thread. */
export function sendStep(world: World, s: ReplSession): void {
  if (s.state !== 'active' || s.srcLost) return;
  if (!endUp(world, s.src)) return;
  const now = world.clock.now;
  const set = nextToSend(s);
  if (set === undefined) return;
  if (s.mailbox === null || s.mailbox.n !== set.n) {
    if (!dstHasRoom(s, set)) {
      if (!s.flowDst) logRepl(world, s, 'src', 4, 'rep_flow_control', { side: 'destination', blocks: set.blocks.length });
      s.flowDst = true;
      wake(world, SEND, s.id, now + STEP_MS);
      return;
    }
    s.flowDst = false;
    restamp(set, s.gen);
    // The first chunk arrives one latency after the set starts (the link's, as an fs_copy's first block).
    s.mailbox = { n: set.n, chunks: 0, partial: 0, credit: 0, lastAt: now + startDelayMs(world, s) };
  }
  const rate = sendRate(world, s);
  if (rate <= 0) {
    failAttempt(world, s, now);
    return;
  }
  const mb = s.mailbox;
  if (s.network === 'dead') logRepl(world, s, 'src', 6, 'rep_send_resumed', {});
  // After failed attempts the transfer starts again now: the wait earned nothing.
  if (s.retries > 0 || s.network === 'dead') {
    mb.lastAt = now;
    mb.credit = 0;
  }
  s.network = 'alive';
  s.retries = 0;
  const total = set.blocks.length;
  const done = Math.min(total, mb.chunks * CHUNK_BLOCKS + mb.partial);
  if (now < mb.lastAt) {
    wake(world, SEND, s.id, mb.lastAt);
    return;
  }
  const budget = mb.credit + (rate * (now - mb.lastAt)) / 1000;
  const n = Math.min(total - done, Math.floor(budget + EPSILON));
  mb.credit = n === total - done ? 0 : Math.max(0, budget - n);
  s.sendMs += now - mb.lastAt;
  mb.lastAt = now;
  s.sentBlocks += n;
  const sent = done + n;
  mb.chunks = Math.floor(sent / CHUNK_BLOCKS) + (sent === total && total % CHUNK_BLOCKS !== 0 ? 1 : 0);
  mb.partial = sent === total ? 0 : sent % CHUNK_BLOCKS;
  if (sent === total) {
    s.lastRate = rate;
    receive(world, s, set);
    checkAlerts(world, s);
    if (nextToSend(s) !== undefined) wake(world, SEND, s.id, now);
    return;
  }
  const due = Math.ceil(((total - sent - mb.credit) * 1000) / rate);
  wake(world, SEND, s.id, now + Math.max(1, Math.min(STEP_MS, due)));
}

/** The `repl.send` event: the send thread's next step, if the session is still there. */
export function sendEvent(world: World, e: SimEventOf<'repl.send'>): void {
  const s = sessionById(world, e.data.id);
  if (s !== undefined) sendStep(world, s);
}
