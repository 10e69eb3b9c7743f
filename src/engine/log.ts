// A data mover's event log: entries are data (a facility, a severity, a message code and
// its values); the text of each code lives with the display (src/render/log-messages.ts).
import type { LogEntry, Mover, World } from './types.js';

export function logEvent(
  world: World,
  mover: Mover,
  facility: string,
  severity: number,
  msg: string,
  data: Record<string, string | number> = {},
): void {
  mover.log.push({ at: world.clock.now, facility, severity, msg, data });
}

/** The entries logged at or after `from` (virtual ms), oldest first. */
export function logSince(mover: Mover, from: number): LogEntry[] {
  return mover.log.filter((e) => e.at >= from);
}
