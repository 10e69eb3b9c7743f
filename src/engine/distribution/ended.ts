// The end of an update's fs_copy session, at the virtual time it ends (wiring.ts's copy end
// table): completed, the local now holds the version sent and Tu is now
// (steps 648 and 649 end with "resets the time of last update (Tu) to the current time");
// failed or aborted, Tu stays as it was, and the local keeps the version it held only when
// no block of the new one reached it: after that its blocks are part one version, part the
// other, and it holds none until a later update brings a whole one.
import { servingMover } from '../cluster.js';
import { cellOf, fsOf } from '../copy/ends.js';
import { logEvent } from '../log.js';
import type { CopySession, World } from '../types.js';
import { localOf } from './state.js';

export function updateEnded(world: World, s: CopySession): void {
  const local = fsOf(world, s.dst);
  const d = local === undefined ? null : localOf(local);
  // The local deleted, or no longer waiting for this session: nothing to apply.
  if (local === undefined || d === null || !d.updating || d.request?.session !== s.id) return;
  const r = d.request;
  const mover = servingMover(cellOf(world, s.dst)!, local.id);
  d.updating = false;
  if (s.state === 'completed') {
    d.version = r.to;
    d.lastUpdate = world.clock.now;
    logEvent(world, mover, 'FSDIST', 6, 'fsdist_updated', { fs: local.name, version: r.to?.ckpt ?? '', session: s.name });
    return;
  }
  if (s.copiedBlocks > 0) d.version = null;
  logEvent(world, mover, 'FSDIST', 4, 'fsdist_update_ended', {
    fs: local.name,
    to: r.to?.ckpt ?? '',
    state: s.state,
    session: s.name,
    holds: d.version?.ckpt ?? '',
  });
}
