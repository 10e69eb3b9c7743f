// Sites and data movers going down and coming back: a disaster takes a whole site down (its
// Control Station and every data mover, `sim disaster`), a repair brings it back (`sim
// repair`), and one data mover can crash or reboot (`sim mover`). Engine modules that keep
// state across sites (replication, VDMs) hear of each change once it is made (wiring.ts).
//
// A data mover that goes down keeps its mount table: its file systems stay in it, so no
// other mover can take one over meanwhile (mount.ts counts the entries of a mover that is
// down). At boot it mounts every entry of its table again, those `server_umount -temp` left
// unmounted included, as DART does; an entry whose file system another mover has since
// mounted in a way the sharing rule forbids (only an unmounted entry allows that) stays
// unmounted, and the log says why.
//
// A reboot takes BOOT_MS of virtual time: an event on the clock brings the mover up. While
// it runs the mover's status is `rebooting`, which serves nothing, as `offline` does not.
import { schedule } from './clock.js';
import { tellSiteChange } from './wiring.js';
import { fsById } from './cluster.js';
import { fail } from './errors.js';
import { logEvent } from './log.js';
import { dartVersion } from './release.js';
import type { Cell, Mover, SimEvent, SimEventOf, World } from './types.js';

/** What changed, told after the world has changed. A site going down or up is one change: no mover_* for its movers. */
export type SiteChange =
  | { kind: 'cell_down'; cel: string; loseSavvol: boolean }
  | { kind: 'cell_up'; cel: string }
  | { kind: 'mover_down'; cel: string; mover: string }
  | { kind: 'mover_up'; cel: string; mover: string };

/** Virtual time a data mover takes to boot: 3 minutes, about what a DART reboot takes. */
export const BOOT_MS = 3 * 60_000;
export const BOOT_EVENT = 'site.boot' as const;

/** The site's Control Station answers (not taken down by a disaster). */
export function cellUp(cell: Cell): boolean {
  return cell.down !== true;
}

/** The data mover is online at a site that is up: it serves its file systems and answers the Control Station. */
export function moverServing(cell: Cell, mover: Mover | string): boolean {
  const m = typeof mover === 'string' ? cell.movers.find((x) => x.name === mover) : mover;
  return m !== undefined && cellUp(cell) && m.status === 'online';
}

/** When a rebooting data mover comes up, or null when it is not rebooting. */
export function bootDueAt(world: World, cell: Cell, mover: Mover): number | null {
  return world.events.find((e) => isBootOf(e, cell, mover))?.at ?? null;
}

const isBootOf = (e: SimEvent, cell: Cell, mover: Mover) => e.kind === BOOT_EVENT && e.data.cel === cell.name && e.data.mover === mover.name;

function cancelBoot(world: World, cell: Cell, mover: Mover): void {
  world.events = world.events.filter((e) => !isBootOf(e, cell, mover));
}

/** Stops a mover: nothing it held is released, its next boot remounts its table. */
function halt(world: World, cell: Cell, mover: Mover, why: 'panic' | 'reboot' | 'site', status: 'offline' | 'rebooting'): void {
  cancelBoot(world, cell, mover);
  if (mover.status === 'online') logEvent(world, mover, 'KERNEL', why === 'reboot' ? 4 : 3, 'dart_halted', { why, cel: cell.name });
  mover.status = status;
}

/** Why an entry cannot be mounted again at boot, given what is mounted now, or null. */
function remountProblem(cell: Cell, mover: Mover, fsId: number, ro: boolean): Record<string, string> | null {
  const fs = fsById(cell, fsId);
  if (fs === undefined) return { why: 'gone' };
  for (const other of cell.movers) {
    if (other === mover) continue;
    const x = other.mounts.find((m) => m.fsId === fsId && m.mounted && (!m.ro || !ro));
    if (x !== undefined) return { why: x.ro ? 'ro_elsewhere' : 'rw_elsewhere', other: other.name };
  }
  if (fs.type === 'ckpt' && fs.ckpt !== null) {
    const pfsId = fs.ckpt.fsId;
    if (!mover.mounts.some((m) => m.fsId === pfsId && m.mounted)) return { why: 'no_pfs', pfs: fsById(cell, pfsId)?.name ?? '' };
  }
  return null;
}

/** A mover comes up now: boot entries in its log, interfaces up, its mount table mounted in order. */
function boot(world: World, cell: Cell, mover: Mover): void {
  cancelBoot(world, cell, mover);
  mover.status = 'online';
  mover.bootedAt = world.clock.now;
  logEvent(world, mover, 'KERNEL', 6, 'dart_boot', { version: dartVersion(cell.codeLevel), slot: mover.slot });
  // The loopback comes up with DART itself; the log names the interfaces on devices.
  for (const i of mover.interfaces) if (i.up && i.device !== 'loop') logEvent(world, mover, 'KERNEL', 4, 'if_up', { name: i.name, device: i.device });
  // Unmounted first, then remounted in table order, so a checkpoint finds its PFS mounted before it.
  const entries = mover.mounts;
  for (const m of entries) m.mounted = false;
  for (const m of entries) {
    const fs = fsById(cell, m.fsId);
    const problem = remountProblem(cell, mover, m.fsId, m.ro);
    if (problem === null) {
      m.mounted = true;
      logEvent(world, mover, 'ADMIN', 6, 'fs_mounted', { fs: fs!.name, path: m.path, mode: m.ro ? 'ro' : 'rw' });
    } else if (fs !== undefined) {
      logEvent(world, mover, 'ADMIN', 3, 'fs_mount_skipped', { fs: fs.name, path: m.path, mode: m.ro ? 'ro' : 'rw', ...problem });
    }
  }
}

/** `sim disaster`: the site goes down, Control Station and data movers; `loseSavvol` tells listeners its replication save volumes are destroyed. */
export function siteDisaster(world: World, cell: Cell, loseSavvol: boolean): void {
  if (!cellUp(cell)) fail('site_down', { cel: cell.name });
  for (const m of cell.movers) halt(world, cell, m, 'site', 'offline');
  cell.down = true;
  tellSiteChange(world, { kind: 'cell_down', cel: cell.name, loseSavvol });
}

/**
 * `sim repair`: the site comes back, Control Station up and every data mover that is not
 * online booting now. At a site that is up it boots the movers that are down (crashed, or
 * still rebooting). Returns the movers booted.
 */
export function siteRepair(world: World, cell: Cell): Mover[] {
  const wasDown = !cellUp(cell);
  const booting = [...cell.movers].sort((a, b) => a.slot - b.slot).filter((m) => m.status !== 'online');
  if (!wasDown && booting.length === 0) fail('site_up', { cel: cell.name });
  delete cell.down;
  for (const m of booting) boot(world, cell, m);
  if (wasDown) tellSiteChange(world, { kind: 'cell_up', cel: cell.name });
  else for (const m of booting) tellSiteChange(world, { kind: 'mover_up', cel: cell.name, mover: m.name });
  return booting;
}

/** `sim mover ... crash`: the mover stops (a panic) until it is rebooted or its site repaired; one mid-boot stops booting. */
export function crashMover(world: World, cell: Cell, mover: Mover): void {
  if (!cellUp(cell)) fail('site_down', { cel: cell.name });
  if (mover.status !== 'online' && mover.status !== 'rebooting') fail('mover_offline', { mover: mover.name, status: mover.status, cel: cell.name });
  const wasOnline = mover.status === 'online';
  halt(world, cell, mover, 'panic', 'offline');
  if (wasOnline) tellSiteChange(world, { kind: 'mover_down', cel: cell.name, mover: mover.name });
}

/** `sim mover ... reboot`: the mover goes down now (if it was up) and is online again BOOT_MS later. Returns when. */
export function rebootMover(world: World, cell: Cell, mover: Mover): number {
  if (!cellUp(cell)) fail('site_down', { cel: cell.name });
  if (mover.status === 'rebooting') fail('mover_offline', { mover: mover.name, status: mover.status, cel: cell.name, at: bootDueAt(world, cell, mover) ?? world.clock.now });
  const wasOnline = mover.status === 'online';
  halt(world, cell, mover, 'reboot', 'rebooting');
  const at = world.clock.now + BOOT_MS;
  schedule(world, at, BOOT_EVENT, { cel: cell.name, mover: mover.name });
  if (wasOnline) tellSiteChange(world, { kind: 'mover_down', cel: cell.name, mover: mover.name });
  return at;
}

/** The `site.boot` event: a rebooting data mover comes up. */
export function bootEvent(world: World, event: SimEventOf<'site.boot'>): void {
  const cell = world.cells.find((c) => c.name === event.data.cel);
  const mover = cell?.movers.find((m) => m.name === event.data.mover);
  // A disaster or a crash since cancels the boot; this is only a guard for a hand-edited lab.
  if (cell === undefined || mover === undefined || !cellUp(cell) || mover.status !== 'rebooting') return;
  boot(world, cell, mover);
  tellSiteChange(world, { kind: 'mover_up', cel: cell.name, mover: mover.name });
}
