// IP interfaces on data movers: creating, deleting, bringing up and down, with every
// check done before the world is touched. Addresses are IPv4 dotted quads held as text.
import { requireServing } from './cluster.js';
import { fail } from './errors.js';
import { logEvent } from './log.js';
import type { Cell, Interface, Mover, World } from './types.js';

/** Interfaces the Control Station and the mover need to talk; never deleted or downed. */
export const INTERNAL_INTERFACES = new Set(['loop', 'el30', 'el31']);

/** Letters, digits, `-`, `_` and `.`, as Unisphere's `10-1-1-21` and scripts' `IF_VDM_1`. */
const IF_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}$/;

export interface NewInterface {
  device: string;
  name: string;
  address: string;
  netmask: string;
  broadcast: string;
}

/** A dotted quad as an unsigned 32-bit number; null unless four decimal octets 0-255. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    // Leading zeros are refused: some resolvers read them as octal.
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Prefix length of a contiguous netmask (`255.255.255.0` -> 24); null if not contiguous. */
export function maskPrefix(mask: number): number | null {
  const inverted = ~mask >>> 0;
  // A contiguous mask's host part is 2^k - 1: adding one leaves no bit in common.
  if ((inverted & (inverted + 1)) !== 0) return null;
  return 32 - Math.log2(inverted + 1);
}

export function broadcastOf(address: number, mask: number): number {
  return (address | (~mask >>> 0)) >>> 0;
}

/**
 * Checks an address, netmask and broadcast for a host interface. The address must be a
 * unicast host address (not 0/8, loopback, multicast or reserved, not the subnet's own
 * network or broadcast address); the mask contiguous with room for hosts (/1 to /30);
 * the broadcast the one the address and mask give.
 */
export function checkAddressing(mover: string, address: string, netmask: string, broadcast: string): void {
  const a = parseIPv4(address);
  if (a === null) fail('if_address_invalid', { mover, value: address });
  const m = parseIPv4(netmask);
  const prefix = m === null ? null : maskPrefix(m);
  if (m === null || prefix === null || prefix < 1 || prefix > 30) fail('if_netmask_invalid', { mover, value: netmask });
  const first = a >>> 24;
  const host = (a & ~m) >>> 0;
  if (first === 0 || first === 127 || first >= 224 || host === 0 || host === ~m >>> 0) {
    fail('if_address_invalid', { mover, value: address });
  }
  const b = parseIPv4(broadcast);
  if (b === null) fail('if_broadcast_invalid', { mover, value: broadcast });
  const expected = broadcastOf(a, m);
  if (b !== expected) fail('if_broadcast_invalid', { mover, value: broadcast, address, netmask, expected: formatIPv4(expected) });
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
  requireServing(mover);
  if (!IF_NAME.test(spec.name)) fail('if_name_invalid', { mover: mover.name, name: spec.name });
  if (!mover.devices.some((d) => d.name === spec.device)) fail('device_not_found', { mover: mover.name, device: spec.device });
  checkAddressing(mover.name, spec.address, spec.netmask, spec.broadcast);
  if (mover.interfaces.some((i) => i.name === spec.name)) fail('if_exists', { mover: mover.name, name: spec.name });
  const owner = addressOwner(cell, spec.address);
  if (owner) fail('if_address_in_use', { mover: mover.name, address: spec.address, owner: owner.mover.name, name: owner.iface.name });
  const iface: Interface = {
    name: spec.name,
    device: spec.device,
    address: spec.address,
    netmask: spec.netmask,
    broadcast: spec.broadcast,
    mtu: 1500,
    vlan: 0,
    up: true,
  };
  mover.interfaces.push(iface);
  logEvent(world, mover, 'ADMIN', 6, 'if_created', {
    name: spec.name,
    device: spec.device,
    address: spec.address,
    netmask: spec.netmask,
    broadcast: spec.broadcast,
  });
  return iface;
}

export function deleteInterface(world: World, mover: Mover, name: string): Interface {
  requireServing(mover);
  const iface = findInterface(mover, name);
  if (INTERNAL_INTERFACES.has(name)) fail('if_internal', { mover: mover.name, name });
  mover.interfaces = mover.interfaces.filter((i) => i !== iface);
  logEvent(world, mover, 'ADMIN', 6, 'if_deleted', { name, device: iface.device, address: iface.address });
  return iface;
}

/** Brings an interface up or down; logs only a real change of state. */
export function setInterfaceUp(world: World, mover: Mover, name: string, up: boolean): Interface {
  requireServing(mover);
  const iface = findInterface(mover, name);
  if (INTERNAL_INTERFACES.has(name)) fail('if_internal', { mover: mover.name, name });
  if (iface.up === up) return iface;
  iface.up = up;
  logEvent(world, mover, 'KERNEL', 4, up ? 'if_up' : 'if_down', { name, device: iface.device });
  return iface;
}
