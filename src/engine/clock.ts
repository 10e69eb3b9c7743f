// The virtual clock and its event queue. Time moves only when advanced; events due at
// the same instant run in the order they were scheduled (by sequence number).
import type { EventData, EventKind, SimEvent, SimEventOf, World } from './types.js';
import { runEvent } from './wiring.js';

export function schedule<K extends EventKind>(world: World, at: number, kind: K, data: EventData[K]): SimEventOf<K> {
  const event: SimEventOf<K> = { at: Math.max(at, world.clock.now), seq: world.seq++, kind, data };
  let i = world.events.length;
  while (i > 0 && before(event, world.events[i - 1]!)) i--;
  world.events.splice(i, 0, event as SimEvent);
  return event;
}

function before(a: Pick<SimEvent, 'at' | 'seq'>, b: SimEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Moves the clock to `to`, running every event due on the way. Returns how many ran. */
export function advanceTo(world: World, to: number): number {
  let ran = 0;
  while (world.events.length > 0 && world.events[0]!.at <= to) {
    const event = world.events.shift()!;
    world.clock.now = Math.max(world.clock.now, event.at);
    runEvent(world, event);
    ran++;
  }
  world.clock.now = Math.max(world.clock.now, to);
  return ran;
}

export function advanceBy(world: World, ms: number): number {
  return advanceTo(world, world.clock.now + Math.max(0, ms));
}

export function setSpeed(world: World, speed: number): void {
  world.clock.speed = speed;
}

export function setPaused(world: World, paused: boolean): void {
  world.clock.paused = paused;
}
