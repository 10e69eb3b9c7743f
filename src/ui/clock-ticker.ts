// Runs the virtual clock while the interactive shell is open: every tick, unless the
// clock is paused, it advances by the wall time elapsed times the lab's speed. Only the UI
// layer reads the wall clock and uses timers; the engine just gets advanceTo calls.
import { advanceTo } from '../engine/clock.js';
import type { World } from '../engine/types.js';

export const TICK_MS = 200;

export interface Ticker {
  /** Advances once for the wall time since the last tick; returns how many events ran. */
  tick(): number;
  stop(): void;
}

/**
 * `world()` is read on every tick because `load` and `reset` replace the lab's world;
 * `onEvents` hears when events ran (the world changed, so the lab should be written);
 * `onAdvance` hears every tick that moved the clock, events or not (a `watch` of
 * server_date, a progress bar's time left, change with the time alone).
 */
export function startClock(
  world: () => World,
  opts: { now?: () => number; intervalMs?: number; onEvents?: (ran: number) => void; onAdvance?: (ran: number) => void } = {},
): Ticker {
  const now = opts.now ?? (() => performance.now());
  let last = now();
  const tick = () => {
    const t = now();
    const elapsed = t - last;
    last = t;
    const w = world();
    if (w.clock.paused || elapsed <= 0) return 0;
    const from = w.clock.now;
    const ran = advanceTo(w, from + Math.round(elapsed * w.clock.speed));
    if (ran > 0) opts.onEvents?.(ran);
    if (w.clock.now !== from) opts.onAdvance?.(ran);
    return ran;
  };
  const timer = opts.intervalMs === 0 ? undefined : setInterval(tick, opts.intervalMs ?? TICK_MS);
  timer?.unref();
  return {
    tick,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
