// Virtual data movers in the Control Station database, and the one way server_* commands
// name a server: a physical data mover or a VDM ([000245]: a VDM is a target of server
// level commands, as a data mover is). A VDM loaded or mounted on a data mover lives in
// that mover's namespace under /root_vdm_<id> ([000237], [000254]): its root file system
// on /root_vdm_<id>/.etc, its mounts below /root_vdm_<id>.
import { fail } from '../errors.js';
import type { Cell, Mover, Vdm } from '../types.js';

export function vdmsOf(cell: Cell): Vdm[] {
  return cell.vdms;
}

export function findVdm(cell: Cell, name: string): Vdm {
  return vdmsOf(cell).find((v) => v.name === name) ?? fail('vdm_not_found', { vdm: name });
}

/** `<name>` or `id=<n>`, as nas_server names a VDM. */
export function vdmByRef(cell: Cell, ref: string): Vdm {
  const id = /^id=(\d+)$/.exec(ref);
  if (id) return vdmsOf(cell).find((v) => v.id === Number(id[1])) ?? fail('vdm_not_found', { vdm: ref });
  return findVdm(cell, ref);
}

/** The directory of a VDM in its data mover's namespace. */
export function vdmRoot(vdm: Vdm): string {
  return `/root_vdm_${vdm.id}`;
}

/** Where a VDM's root file system is mounted on its data mover. */
export function vdmEtc(vdm: Vdm): string {
  return `${vdmRoot(vdm)}/.etc`;
}

/** A VDM-relative path as its data mover sees it (`/fs1` -> `/root_vdm_1/fs1`). */
export function physicalPath(vdm: Vdm, path: string): string {
  return path === '/' ? vdmRoot(vdm) : `${vdmRoot(vdm)}${path}`;
}

/** A data mover's path inside a VDM's directory as the VDM sees it, or null when outside. */
export function relativePath(vdm: Vdm, path: string): string | null {
  const root = vdmRoot(vdm);
  if (path === root) return '/';
  return path.startsWith(`${root}/`) ? path.slice(root.length) : null;
}

/** Loaded (active) or mounted (passive): on a data mover now. */
export function isOnMover(vdm: Vdm): boolean {
  return vdm.state === 'loaded' || vdm.state === 'mounted';
}

/** The data mover a VDM is loaded or mounted on, or undefined when it is unloaded. */
export function hostOf(cell: Cell, vdm: Vdm): Mover | undefined {
  return isOnMover(vdm) ? cell.movers.find((m) => m.name === vdm.mover) : undefined;
}

/** The VDMs loaded or mounted on a data mover. */
export function vdmsOn(cell: Cell, mover: Mover): Vdm[] {
  return vdmsOf(cell).filter((v) => isOnMover(v) && v.mover === mover.name);
}

/** The VDM on `mover` whose directory holds a path of the mover, if any. */
export function vdmOfPath(cell: Cell, mover: Mover, path: string): Vdm | undefined {
  return vdmsOn(cell, mover).find((v) => relativePath(v, path) !== null);
}

/** The VDM a file system is the root of, if any. */
export function vdmOfRoot(cell: Cell, fsId: number): Vdm | undefined {
  return vdmsOf(cell).find((v) => v.rootFsId === fsId);
}

/** What a server_* command's first word names. */
export type Server = { kind: 'mover'; mover: Mover } | { kind: 'vdm'; vdm: Vdm };

/** A data mover's name, else a VDM's; neither is the mover-not-found error. */
export function resolveServer(cell: Cell, name: string): Server {
  const mover = cell.movers.find((m) => m.name === name);
  if (mover) return { kind: 'mover', mover };
  const vdm = vdmsOf(cell).find((v) => v.name === name);
  if (vdm) return { kind: 'vdm', vdm };
  return fail('mover_not_found', { mover: name });
}

export function serverName(s: Server): string {
  return s.kind === 'mover' ? s.mover.name : s.vdm.name;
}

/**
 * The data mover a VDM is loaded on, for what only a loaded VDM can do (its mounts, its CIFS
 * configuration): refused with the state it is in otherwise.
 */
export function requireLoaded(cell: Cell, vdm: Vdm): Mover {
  const host = hostOf(cell, vdm);
  if (vdm.state !== 'loaded' || host === undefined) fail('vdm_not_loaded', { vdm: vdm.name, state: vdm.state });
  return host;
}
