// Operator alerts ([000273]): thresholds kept in the world (a replication save volume this
// full, this many delta sets outstanding), and raising an alert: a WARNING in the data
// mover's log and a notice queued for the shell, which prints it as a line (above the prompt
// interactively, on standard error in batch mode) and takes it off the queue. Deciding when
// a threshold is passed, and raising once per passing (edge-triggered), is the caller's.
import { logEvent } from './log.js';
import type { AlertState, Notice, World } from './types.js';

/** What a lab without alert settings (every lab made before them) alerts at. */
export const DEFAULT_SAVVOL_PCT = 90;
export const DEFAULT_OUTSTANDING: number | null = null;
/** Notices kept for a shell that has not printed them; the oldest go first. */
export const NOTICE_LIMIT = 100;
/** The log facility of replication's alerts (Celerra Replicator's). */
export const ALERT_FACILITY = 'VRPL';
/** syslog's WARNING, as server_log shows severities. */
export const WARNING = 4;

export interface AlertThresholds {
  savvolPct: number | null;
  outstanding: number | null;
}

/** A lab's alert state before anyone set a threshold or raised an alert. */
export const DEFAULT_ALERTS: Readonly<AlertState> = { savvolPct: DEFAULT_SAVVOL_PCT, outstanding: DEFAULT_OUTSTANDING, notices: [], nextNotice: 1 };

export function alertThresholds(world: World): AlertThresholds {
  return { savvolPct: world.alerts.savvolPct, outstanding: world.alerts.outstanding };
}

export const MAX_SAVVOL_PCT = 100;

/**
 * Sets either threshold (undefined leaves it, null turns it off). Values are checked by the
 * caller's grammar; out of range here is a bug, not input.
 */
export function setAlertThresholds(world: World, change: Partial<AlertThresholds>): AlertThresholds {
  const pct = change.savvolPct;
  const count = change.outstanding;
  if (pct != null && !(Number.isInteger(pct) && pct >= 1 && pct <= MAX_SAVVOL_PCT)) throw new RangeError(`save volume alert ${pct}% is not 1 to ${MAX_SAVVOL_PCT}`);
  if (count != null && !(Number.isInteger(count) && count >= 1)) throw new RangeError(`outstanding alert ${count} is not a whole number above 0`);
  const a = world.alerts;
  if (pct !== undefined) a.savvolPct = pct;
  if (count !== undefined) a.outstanding = count;
  return alertThresholds(world);
}

/**
 * Raises an alert about data mover `mover` of cell `cel`: a WARNING entry with `code` and
 * `data` in its log (the text is log-messages.ts's for the code) and a notice for the shell.
 * A mover that does not exist gets no log entry; the notice is queued all the same.
 */
export function raiseAlert(world: World, cel: string, mover: string, code: string, data: Record<string, string | number>): Notice {
  const m = world.cells.find((c) => c.name === cel)?.movers.find((x) => x.name === mover);
  if (m !== undefined) logEvent(world, m, ALERT_FACILITY, WARNING, code, data);
  const a = world.alerts;
  const notice: Notice = { id: a.nextNotice++, at: world.clock.now, cel, mover, code, data: { ...data } };
  a.notices.push(notice);
  if (a.notices.length > NOTICE_LIMIT) a.notices.splice(0, a.notices.length - NOTICE_LIMIT);
  return notice;
}

/** Whether any notice waits to be printed (cheap: the shell asks after every command and clock tick). */
export function hasNotices(world: World): boolean {
  return world.alerts.notices.length > 0;
}

/** The notices not yet printed, oldest first, taken off the queue. */
export function takeNotices(world: World): Notice[] {
  const a = world.alerts;
  if (a === undefined || a.notices.length === 0) return [];
  return a.notices.splice(0, a.notices.length);
}
