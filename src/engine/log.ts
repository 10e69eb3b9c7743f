// A data mover's event log: entries are data (a message code and its values).
import type { Mover, World } from './types.js';

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
