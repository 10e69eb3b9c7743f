// `sim alert`: shows and sets when the operator is alerted ([000273]): a replication save
// volume passing a percentage full, outstanding delta sets passing a count. The thresholds
// live in the world (src/engine/alerts.ts); the replication engine raises the alerts.
import { alertThresholds, MAX_SAVVOL_PCT, setAlertThresholds, type AlertThresholds } from '../../engine/alerts.js';
import type { World } from '../../engine/types.js';
import { pad } from '../../render/text.js';
import { changedWorld, type Ran, UsageError } from '../command.js';
import { any, form, key, kv, opt, type MatchOf } from '../grammar.js';

export const alertForms = [
  form('alert', [key('alert')]),
  form('alert-set', [key('alert'), any(opt(kv('savvol', 'pct', 'number')), opt(kv('outstanding', 'count', 'number')))], true),
];

export type AlertReq = { op: 'alert'; change: Partial<AlertThresholds> };

function threshold(word: string, what: string, max: number | null): number | null {
  if (word.toLowerCase() === 'off') return null;
  const n = /^\d+$/.test(word) ? Number(word) : NaN;
  const range = max === null ? 'a whole number above 0' : `a whole percentage from 1 to ${max}`;
  if (!(n >= 1 && (max === null || n <= max))) throw new UsageError(`bad ${what} '${word}' (${range}, or off)`);
  return n;
}

export function parseAlert(m: MatchOf<typeof alertForms>): AlertReq {
  const change: Partial<AlertThresholds> = {};
  if (m.form === 'alert') return { op: 'alert', change };
  if (m.values.savvol !== undefined) change.savvolPct = threshold(m.values.savvol, 'savvol', MAX_SAVVOL_PCT);
  if (m.values.outstanding !== undefined) change.outstanding = threshold(m.values.outstanding, 'outstanding', null);
  return { op: 'alert', change };
}

export function runAlert(world: World, req: AlertReq): Ran<{ kind: 'alerts'; thresholds: AlertThresholds }> {
  const setting = req.change.savvolPct !== undefined || req.change.outstanding !== undefined;
  if (!setting) return changedWorld({ kind: 'alerts', thresholds: alertThresholds(world) }, false);
  // The first setting makes the world's alert state, even with the values it had by default.
  const was = world.alerts === undefined ? null : { ...world.alerts };
  const thresholds = setAlertThresholds(world, req.change);
  const same = was !== null && was.savvolPct === thresholds.savvolPct && was.outstanding === thresholds.outstanding;
  return changedWorld({ kind: 'alerts', thresholds }, !same);
}

export function alertLines(t: AlertThresholds): string[] {
  const rows = [
    ['alert', 'at', 'raised when'],
    ['savvol', t.savvolPct === null ? 'off' : `${t.savvolPct}%`, 'a replication save volume is this full or more'],
    ['outstanding', t.outstanding === null ? 'off' : String(t.outstanding), 'this many delta sets or more are outstanding'],
  ];
  return rows.map((r) => `${pad(r[0]!, 13)}${pad(r[1]!, 6)}${r[2]}`);
}
