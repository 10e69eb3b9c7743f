// A data mover's event log: entries are data (a facility, a severity, a message code and
// its values); the text of each code lives with the display (src/render/log-messages.ts).
import type { LogEntry, Mover, World } from './types.js';

/**
 * Entries a mover keeps, newest last: the lab is saved after every changing command, so
 * an unbounded log would make each save slower than the last. The oldest go first.
 */
export const LOG_LIMIT = 1000;

export function logEvent(world: World, mover: Mover, facility: string, severity: number, msg: string, data: Record<string, string | number> = {}): void {
  mover.log.push({ at: world.clock.now, facility, severity, msg, data });
  if (mover.log.length > LOG_LIMIT) mover.log.splice(0, mover.log.length - LOG_LIMIT);
}

/** The entries logged at or after `from` (virtual ms), oldest first. */
export function logSince(mover: Mover, from: number): LogEntry[] {
  return mover.log.filter((e) => e.at >= from);
}
