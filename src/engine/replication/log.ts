// What a session writes to the data movers' logs (texts in src/render/log-messages.ts), and
// its alerts ([000273]): edge-triggered, raised once when a threshold is passed and again
// only after the figure has fallen back under it.
import { alertThresholds, raiseAlert } from '../alerts.js';
import { findCell, servingMover } from '../cluster.js';
import { logEvent } from '../log.js';
import type { CopyEnd, ReplSession, World } from '../types.js';
import { srcUsedPct } from './save-volume.js';
import { endName } from './sessions.js';

export const FACILITY = 'VRPL';

/** Logs on the mover of one end (or both), the ends named as that end's Control Station names them. */
export function logRepl(world: World, s: ReplSession, at: 'src' | 'dst' | 'both', severity: number, msg: string, data: Record<string, string | number> = {}): void {
  const ends: CopyEnd[] = at === 'both' ? [s.src, s.dst] : [at === 'src' ? s.src : s.dst];
  for (const end of ends) {
    const cell = world.cells.find((c) => c.name === end.cel);
    if (cell === undefined || cell.fileSystems.every((f) => f.id !== end.fsId)) continue;
    logEvent(world, servingMover(cell, end.fsId), FACILITY, severity, msg, {
      session: s.id,
      src: endName(world, s.src, cell.name),
      dst: endName(world, s.dst, cell.name),
      ...data,
    });
  }
}

/** Delta sets cut and not yet played back at the destination. */
export function outstanding(s: ReplSession): number {
  return s.srcSets.filter((d) => d.n > s.sentUpTo).length + s.dstSets.length + (s.mailbox !== null && !s.srcSets.some((d) => d.n === s.mailbox!.n) ? 1 : 0);
}

export function checkAlerts(world: World, s: ReplSession): void {
  const t = alertThresholds(world);
  const cell = findCell(world, s.src.cel);
  const mover = servingMover(cell, s.src.fsId).name;
  const pct = srcUsedPct(s);
  const over = t.savvolPct !== null && pct >= t.savvolPct;
  if (over && !s.alerted.savvol) raiseAlert(world, s.src.cel, mover, 'rep_savvol_full', { fs: s.src.fs, pct });
  s.alerted.savvol = over;
  const count = outstanding(s);
  const many = t.outstanding !== null && count >= t.outstanding;
  if (many && !s.alerted.outstanding) raiseAlert(world, s.src.cel, mover, 'rep_outstanding', { fs: s.src.fs, count });
  s.alerted.outstanding = many;
}
