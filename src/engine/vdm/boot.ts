// A data mover that boots brings its VDMs back: its mount table (theirs included) is mounted
// again by the boot itself (site.ts); a VDM temporarily unloaded from it is loaded again (the
// meaning of "temporarily", as against permunloaded); and the CIFS servers that run there
// register their names again, replacing what a crash left behind.
import { NasError } from '../errors.js';
import { logEvent } from '../log.js';
import { syncNames } from '../cifs/service.js';
import type { SiteChange } from '../site.js';
import type { Cell, Mover, World } from '../types.js';
import { moverServer, vdmServer } from './config.js';
import { loadVdm } from './load.js';
import { vdmsOf, vdmsOn } from './vdms.js';

function booted(world: World, cell: Cell, mover: Mover): void {
  for (const vdm of vdmsOf(cell).filter((v) => v.state === 'tempunloaded' && v.mover === mover.name)) {
    try {
      loadVdm(world, cell, vdm, mover.name, 'loaded');
    } catch (e) {
      if (!(e instanceof NasError)) throw e;
      logEvent(world, mover, 'VDM', 3, 'vdm_load_failed', { vdm: vdm.name, reason: e.code });
    }
  }
  syncNames(world, cell, moverServer(mover));
  for (const vdm of vdmsOn(cell, mover)) syncNames(world, cell, vdmServer(vdm));
}

/** A data mover or a site back up loads its VDMs (wiring.ts). */
export function vdmSiteChange(world: World, change: SiteChange): void {
  if (change.kind !== 'mover_up' && change.kind !== 'cell_up') return;
  const cell = world.cells.find((c) => c.name === change.cel);
  if (cell === undefined) return;
  const movers = change.kind === 'mover_up' ? cell.movers.filter((m) => m.name === change.mover) : cell.movers;
  for (const m of movers) if (m.status === 'online' && m.type === 'nas') booted(world, cell, m);
}
