// What a session does when a site or a data mover goes down and comes back ([000105],
// [000126]): nothing is kept in memory that the save volumes and the mailbox do not hold,
// so at boot the session recovers in a new generation (a chunk in flight is sent again
// whole) and its delta set task, send thread and playback go on where they were. A source
// that failed over while its site was down is fenced at boot, before it serves anyone:
// remounted read-only, since the other site took over ([000126]: recovery happens before the
// file systems are available). A disaster that destroys the save volumes leaves nothing for
// an incremental resync. And a remote Celerra a session uses cannot be deleted (nas_cel -delete).
import type { SiteChange } from '../site.js';
import type { Cell, ReplSession, TrustUse, World } from '../types.js';
import { PLAY, SEND, wake } from './events.js';
import { restamp } from './deltaset.js';
import { logRepl } from './log.js';
import { replications, setMountsRo } from './sessions.js';
import { goInactive, isRunning, schedulePoll } from './source.js';

function touches(s: ReplSession, cel: string): boolean {
  return s.src.cel === cel || s.dst.cel === cel;
}

function recover(world: World, s: ReplSession): void {
  // A source whose save volume was destroyed cannot send what it held: the session is out of sync.
  if (s.srcLost && (s.state === 'active' || s.state === 'copying')) {
    goInactive(world, s, 'savvol_lost');
    return;
  }
  s.gen++;
  if (s.mailbox !== null) {
    // The chunks acknowledged stand; the rest of the set goes in the new generation.
    const set = s.srcSets.find((d) => d.n === s.mailbox!.n);
    if (set !== undefined) restamp(set, s.gen);
    s.mailbox.partial = 0;
    s.mailbox.credit = 0;
    s.mailbox.lastAt = world.clock.now;
  }
  if (s.state === 'failed_over') {
    const cell = world.cells.find((c) => c.name === s.src.cel);
    if (cell !== undefined) setMountsRo(cell, s.src.fsId, true);
  }
  const now = world.clock.now;
  if (isRunning(s)) schedulePoll(world, s);
  if (s.state === 'active') {
    wake(world, SEND, s.id, now);
    wake(world, PLAY, s.id, now);
  }
  logRepl(world, s, 'both', 6, 'rep_recovered', { gen: s.gen });
}

/** Sessions hear of every site change (wiring.ts): a lost save volume, a site or data mover back up. */
export function replicationSiteChange(world: World, change: SiteChange): void {
  for (const s of replications(world)) {
    if (!touches(s, change.cel)) continue;
    if (change.kind === 'cell_down' && change.loseSavvol) {
      if (s.src.cel === change.cel) s.srcLost = true;
      if (s.dst.cel === change.cel) s.dstSets = [];
    }
    if (change.kind === 'cell_up' || change.kind === 'mover_up') recover(world, s);
  }
}

/** A remote Celerra a session replicates to or from stays trusted until the session ends (wiring.ts). */
export function replicationNeedsTrust(world: World, cell: Cell, remote: string): TrustUse | null {
  const s = replications(world).find((r) => (r.src.cel === cell.name && r.dst.cel === remote) || (r.dst.cel === cell.name && r.src.cel === remote));
  return s === undefined ? null : { session: s.id, src: { fs: s.src.fs, cel: s.src.cel }, dst: { fs: s.dst.fs, cel: s.dst.cel } };
}
