// Interfaces are physical: they belong to a data mover ([000241]'s third kind, reserved).
// On a data mover an interface has one user at most: the mover's own CIFS servers, or one
// VDM loaded or mounted there (the interfaces it took at load, Vdm.taken). A VDM holds its
// interfaces by name in its configuration, attached for NFS or used by its CIFS servers or
// kept unused ([000261]); loaded on another data mover, it takes the ones of the same name.
import { fail } from '../errors.js';
import { INTERNAL_INTERFACES } from '../net.js';
import type { Cell, Interface, Mover, ServerConfig, Vdm } from '../types.js';
import { moverServer, readConfig } from './config.js';
import { vdmsOn } from './vdms.js';

export type InterfaceUser = { kind: 'mover'; mover: Mover } | { kind: 'vdm'; vdm: Vdm };

/**
 * The interfaces a data mover's own (global) CIFS servers use. A server made without
 * interfaces (the default server) uses every interface of the mover that no other of its
 * servers names, which is why none can be made once a VDM is loaded there.
 */
export function globalCifsInterfaces(cell: Cell, mover: Mover): Set<string> {
  const cfg = readConfig(cell, moverServer(mover));
  const named = new Set(cfg.cifs.flatMap((c) => c.interfaces));
  if (cfg.cifs.some((c) => c.interfaces.length === 0)) for (const i of mover.interfaces) if (!INTERNAL_INTERFACES.has(i.name)) named.add(i.name);
  return named;
}

/** The interfaces a data mover's default CIFS server answers on: those none of the mover's other servers names. */
export function defaultServerInterfaces(cell: Cell, mover: Mover): string[] {
  const named = new Set(readConfig(cell, moverServer(mover)).cifs.flatMap((c) => c.interfaces));
  return mover.interfaces.filter((i) => !INTERNAL_INTERFACES.has(i.name) && !named.has(i.name)).map((i) => i.name);
}

/** Who uses an interface of a data mover, but `except` (a VDM asking about itself), or null. */
export function interfaceUser(cell: Cell, mover: Mover, name: string, except?: Vdm): InterfaceUser | null {
  if (globalCifsInterfaces(cell, mover).has(name)) return { kind: 'mover', mover };
  const vdm = vdmsOn(cell, mover).find((v) => v !== except && v.taken.includes(name));
  return vdm === undefined ? null : { kind: 'vdm', vdm };
}

export const userName = (u: InterfaceUser) => (u.kind === 'mover' ? u.mover.name : u.vdm.name);

/** The interfaces a VDM holds that its CIFS servers use. */
export function cifsUsed(cfg: ServerConfig): Set<string> {
  return new Set(cfg.cifs.flatMap((c) => c.interfaces));
}

/** What a VDM's interface is for, as `nas_server -info` maps it: `vdm` (attached), `cifs`, or unused. */
export function interfaceUse(cfg: ServerConfig, name: string): 'vdm' | 'cifs' | null {
  if (cfg.interfaces.find((i) => i.name === name)?.attached) return 'vdm';
  return cifsUsed(cfg).has(name) ? 'cifs' : null;
}

/** Interfaces a VDM holds but neither attaches nor gives a CIFS server: the unused list of [000261]. */
export function unusedInterfaces(cfg: ServerConfig): string[] {
  const used = cifsUsed(cfg);
  return cfg.interfaces.filter((i) => !i.attached && !used.has(i.name)).map((i) => i.name);
}

export interface TakeProblem {
  name: string;
  why: 'missing' | 'in_use';
  by?: string;
}

/**
 * What a VDM takes of the interfaces it holds when it is loaded on `mover` ([000253]): those
 * that exist there and nobody else uses; the others are problems, reported and logged.
 */
export function interfacesToTake(cell: Cell, mover: Mover, vdm: Vdm, cfg: ServerConfig): { taken: string[]; problems: TakeProblem[] } {
  const taken: string[] = [];
  const problems: TakeProblem[] = [];
  for (const { name } of cfg.interfaces) {
    if (!mover.interfaces.some((i) => i.name === name)) {
      problems.push({ name, why: 'missing' });
      continue;
    }
    const user = interfaceUser(cell, mover, name, vdm);
    if (user !== null) problems.push({ name, why: 'in_use', by: userName(user) });
    else taken.push(name);
  }
  return { taken, problems };
}

/**
 * Checks a data mover's interface can go to a VDM (or to the mover's own CIFS servers, `vdm`
 * undefined): it exists, is not internal, and nobody else uses it.
 */
export function checkClaim(cell: Cell, mover: Mover, name: string, who: string, vdm?: Vdm): Interface {
  const iface = mover.interfaces.find((i) => i.name === name) ?? fail('vdm_if_not_found', { name, on: mover.name, who });
  if (INTERNAL_INTERFACES.has(name)) fail('if_internal', { mover: who, name });
  const user = interfaceUser(cell, mover, name, vdm);
  if (user !== null && !(vdm === undefined && user.kind === 'mover')) fail('vdm_if_in_use', { name, by: userName(user), who });
  return iface;
}

/** The addresses a set of a data mover's interfaces answer on: those that exist and are up. */
export function liveInterfaces(mover: Mover, names: Iterable<string>): Interface[] {
  const want = new Set(names);
  return mover.interfaces.filter((i) => want.has(i.name) && i.up);
}
