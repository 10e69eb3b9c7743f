// IP interfaces on data movers. Callers pass checked dotted-quad strings; the engine
// checks what depends on the world (devices, names, addresses in use).
import { fail } from './errors.js';
import { logEvent } from './log.js';
import type { Cell, Interface, Mover, World } from './types.js';

/** Interfaces the Control Station and the mover need to talk; never deleted or downed. */
export const INTERNAL_INTERFACES = new Set(['loop', 'el30', 'el31']);

export interface NewInterface {
  device: string;
  name: string;
  address: string;
  netmask: string;
  broadcast: string;
}

export function findInterface(mover: Mover, name: string): Interface {
  return mover.interfaces.find((i) => i.name === name) ?? fail('if_not_found', { mover: mover.name, name });
}

/** The mover and interface that hold an address anywhere in the cell, if any. */
export function addressOwner(cell: Cell, address: string): { mover: Mover; iface: Interface } | undefined {
  for (const mover of cell.movers) {
    for (const iface of mover.interfaces) if (iface.address === address) return { mover, iface };
  }
  return undefined;
}

export function createInterface(world: World, cell: Cell, mover: Mover, spec: NewInterface): Interface {
  if (!mover.devices.some((d) => d.name === spec.device)) fail('device_not_found', { mover: mover.name, device: spec.device });
  if (mover.interfaces.some((i) => i.name === spec.name)) fail('if_exists', { mover: mover.name, name: spec.name });
  const owner = addressOwner(cell, spec.address);
  if (owner) fail('if_address_in_use', { mover: mover.name, address: spec.address, owner: owner.mover.name, name: owner.iface.name });
  const iface: Interface = { ...spec, mtu: 1500, vlan: 0, up: true };
  mover.interfaces.push(iface);
  logEvent(world, mover, 'ADMIN', 6, 'if_created', { name: spec.name, address: spec.address, device: spec.device });
  return iface;
}

export function deleteInterface(world: World, mover: Mover, name: string): Interface {
  const iface = findInterface(mover, name);
  if (INTERNAL_INTERFACES.has(name)) fail('if_internal', { mover: mover.name, name });
  mover.interfaces = mover.interfaces.filter((i) => i !== iface);
  logEvent(world, mover, 'ADMIN', 6, 'if_deleted', { name });
  return iface;
}

export function setInterfaceUp(world: World, mover: Mover, name: string, up: boolean): Interface {
  const iface = findInterface(mover, name);
  if (INTERNAL_INTERFACES.has(name)) fail('if_internal', { mover: mover.name, name });
  iface.up = up;
  logEvent(world, mover, 'KERNEL', 4, up ? 'if_up' : 'if_down', { name, device: iface.device });
  return iface;
}
