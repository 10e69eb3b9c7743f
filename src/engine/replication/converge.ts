// Bringing a destination level with its source before roles change (FIG. 30 step 541, FIG. 33
// step 571): the source is already read-only, so its last changes are cut into a final
// delta set, everything is sent and played back at once. The command waits as the real one
// does, the virtual clock running (other jobs run meanwhile), until nothing is left, or
// gives up when a transfer cannot go on (the link or an end down) or CONVERGE_LIMIT passes.
import { advanceTo } from '../clock.js';
import { loggedBlocks } from '../blocks/modlog.js';
import type { ConvergeBlock } from '../errors.js';
import type { ReplSession, World } from '../types.js';
import { PLAY, SEND, wake, wakeIfIdle } from './events.js';
import { cutNow } from './source.js';
import { sendRate } from './send.js';
import { endUp, requireEndFs } from './sessions.js';

/** A day of virtual time. */
export const CONVERGE_LIMIT_MS = 86_400_000;

export function converged(world: World, s: ReplSession): boolean {
  const vol = requireEndFs(world, s.src).contents!.volume;
  return loggedBlocks(vol) === 0 && s.mailbox === null && s.dstSets.length === 0 && s.srcSets.every((d) => d.n <= s.sentUpTo);
}

/** Why the session cannot converge now, or null. */
export function convergeBlocker(world: World, s: ReplSession): ConvergeBlock | null {
  if (!endUp(world, s.src)) return { why: 'mover_down', fs: s.src.fs, cel: s.src.cel };
  if (!endUp(world, s.dst)) return { why: 'mover_down', fs: s.dst.fs, cel: s.dst.cel };
  if (sendRate(world, s) <= 0) return { why: 'link_down', src: s.src.cel, dst: s.dst.cel };
  return null;
}

/** Runs the clock until the destination holds everything the source has; the reason it could not, or null. */
export function converge(world: World, s: ReplSession): ConvergeBlock | null {
  const deadline = world.clock.now + CONVERGE_LIMIT_MS;
  s.draining = true;
  try {
    let still = 0;
    for (let last = world.clock.now; ; ) {
      // Events at one instant that never let time move on would be a bug, not a wait.
      if (world.clock.now === last && ++still > 10_000) throw new Error(`fs_replicate session ${s.id} does not converge: time stands still at ${last}`);
      if (world.clock.now !== last) {
        last = world.clock.now;
        still = 0;
      }
      const blocked = convergeBlocker(world, s);
      if (blocked !== null) return blocked;
      if (loggedBlocks(requireEndFs(world, s.src).contents!.volume) > 0) cutNow(world, s);
      if (converged(world, s)) return null;
      const now = world.clock.now;
      // A step already due is not pulled earlier: the send thread's rate is reckoned from its last step.
      wakeIfIdle(world, SEND, s.id, now);
      if (s.dstSets.length > 0) wake(world, PLAY, s.id, now);
      const next = world.events[0];
      if (next === undefined || next.at > deadline) return { why: 'timeout' };
      advanceTo(world, next.at);
    }
  } finally {
    s.draining = false;
  }
}
