// One pending event per session and kind on the virtual clock: the delta set task's poll,
// the send thread's step and the playback. Rescheduling keeps the earlier of two times.
import { schedule } from '../clock.js';
import type { SimEvent, World } from '../types.js';

export const POLL = 'repl.poll';
export const SEND = 'repl.send';
export const PLAY = 'repl.play';
export type ReplEvent = typeof POLL | typeof SEND | typeof PLAY;

/** The session's pending event of `kind` at `at`, or sooner if one is due sooner already; false when it already was (nothing changed). */
export function wake(world: World, kind: ReplEvent, id: number, at: number): boolean {
  const i = world.events.findIndex((e) => e.kind === kind && e.data.id === id);
  if (i >= 0) {
    if (world.events[i]!.at <= at) return false;
    world.events.splice(i, 1);
  }
  schedule(world, at, kind, { id });
  return true;
}

/** Schedules the event only when none of its kind is pending for the session. */
export function wakeIfIdle(world: World, kind: ReplEvent, id: number, at: number): void {
  if (!world.events.some((e) => e.kind === kind && e.data.id === id)) schedule(world, at, kind, { id });
}

const ofSession = (e: SimEvent, id: number) => (e.kind === POLL || e.kind === SEND || e.kind === PLAY) && e.data.id === id;

/** The session's pending events. */
export function sessionEvents(world: World, id: number): SimEvent[] {
  return world.events.filter((e) => ofSession(e, id));
}

/** Drops every pending event of a session (it ended). */
export function cancelAll(world: World, id: number): void {
  world.events = world.events.filter((e) => !ofSession(e, id));
}
