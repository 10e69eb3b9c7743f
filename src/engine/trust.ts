// Trust between Control Stations: the remote Celerra entries `nas_cel -create` makes, and the
// rule replication asks of two cells before it runs between them. Each side keeps its own
// entry for the other (its Control Station's address, its Celerra id, a passphrase); two
// cells trust each other when each has an entry for the other and both hold the same
// passphrase, as the real Celerras do after `nas_cel -create` on both sides.
//
// An entry stands for a Celerra by its Celerra id; its name is how this Control Station
// lists it, so `-modify -name` renames the entry and keeps the trust. Creating one asks the
// remote Control Station for its identity, so the remote must be reachable then, at the
// address given, under the name it has in the lab. Deleting one asks the modules that use
// the remote (wiring.ts's trust checks: replication) whether anything still needs it.
import { fail } from './errors.js';
import { reachableCell } from './links.js';
import { trustNeeded } from './wiring.js';
import type { Cell, RemoteCel, World } from './types.js';

/** A passphrase is 6 to 15 printable characters without blanks. */
export const PASSPHRASE_MIN = 6;
export const PASSPHRASE_MAX = 15;
const PASSPHRASE = /^[\x21-\x7e]+$/;
/** A name is a host name's label, or a little more: letters, digits, `-`, `_`, `.`, starting with a letter or digit. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < PASSPHRASE_MIN || passphrase.length > PASSPHRASE_MAX || !PASSPHRASE.test(passphrase)) {
    fail('cel_passphrase_invalid', { min: PASSPHRASE_MIN, max: PASSPHRASE_MAX });
  }
}

function checkIp(ip: string): void {
  if (!IPV4.test(ip)) fail('if_address_invalid', { value: ip });
}

/** The entry of `cell` for the Celerra `other`, by its Celerra id. */
export function entryFor(cell: Cell, other: Cell): RemoteCel | undefined {
  return cell.remotes.find((r) => r.celerraId === other.celerraId);
}

/** The cell of the lab an entry stands for, if it is still in the lab. */
export function cellOfEntry(world: World, entry: RemoteCel): Cell | undefined {
  return world.cells.find((c) => c.celerraId === entry.celerraId);
}

/** `a` has an entry for the cell `bName` and `bName` one for `a`, holding the same passphrase. */
export function trusts(world: World, a: Cell, bName: string): boolean {
  return distrust(world, a, bName) === null;
}

/** Why `a` and `bName` do not trust each other, or null when they do. */
function distrust(world: World, a: Cell, bName: string): 'local' | 'remote' | 'passphrase' | null {
  const b = world.cells.find((c) => c.name === bName);
  if (b === undefined || b === a) return 'local';
  const ab = entryFor(a, b);
  if (ab === undefined) return 'local';
  const ba = entryFor(b, a);
  if (ba === undefined) return 'remote';
  return ab.passphrase === ba.passphrase ? null : 'passphrase';
}

/** Fails with cel_not_trusted unless `a` and the cell `bName` trust each other (see trusts). */
export function requireTrust(world: World, a: Cell, bName: string): void {
  const why = distrust(world, a, bName);
  if (why !== null) fail('cel_not_trusted', { name: bName, local: a.name, why });
}

/** The entry `-info`, `-modify` and `-delete` name: by its name, or `id=<n>`. */
export function findEntry(cell: Cell, ref: { name: string } | { id: number }): RemoteCel {
  const e = 'id' in ref ? cell.remotes.find((r) => r.id === ref.id) : cell.remotes.find((r) => r.name === ref.name);
  if (e !== undefined) return e;
  const local = 'id' in ref ? ref.id === 0 : ref.name === cell.name;
  if (local) fail('cel_is_local', { name: cell.name });
  return fail('cel_not_found', { name: 'id' in ref ? `id=${ref.id}` : ref.name });
}

/**
 * The cell of the lab whose Control Station answers at `ip`, reached from `cell` now: none
 * there, or not reachable, is cel_unreachable; this Control Station's own address is cel_is_local.
 */
function contact(world: World, cell: Cell, ip: string): Cell {
  if (ip === cell.netPath) fail('cel_is_local', { name: cell.name });
  const there = world.cells.find((c) => c.netPath === ip);
  if (there === undefined) fail('cel_unreachable', { name: ip, why: 'no_host' });
  return reachableCell(world, cell, there.name);
}

export interface NewRemote {
  name: string;
  ip: string;
  passphrase: string;
}

/** `nas_cel -create`: checks, then the entry (ids after the largest in use). */
export function createRemote(world: World, cell: Cell, req: NewRemote): RemoteCel {
  checkPassphrase(req.passphrase);
  checkIp(req.ip);
  if (req.name === cell.name) fail('cel_is_local', { name: cell.name });
  const same = cell.remotes.find((r) => r.name === req.name);
  if (same !== undefined) fail('cel_exists', { name: req.name, id: same.id });
  const there = contact(world, cell, req.ip);
  if (there.name !== req.name) fail('cel_ip_mismatch', { ip: req.ip, name: req.name, actual: there.name });
  const known = entryFor(cell, there);
  if (known !== undefined) fail('cel_exists', { name: req.name, id: known.id, as: known.name, celerraId: there.celerraId });
  const entry: RemoteCel = {
    id: cell.remotes.reduce((m, r) => Math.max(m, r.id), 0) + 1,
    name: req.name,
    netPath: there.netPath,
    celerraId: there.celerraId,
    passphrase: req.passphrase,
  };
  cell.remotes.push(entry);
  return entry;
}

export interface RemoteChange {
  passphrase?: string;
  name?: string;
  ip?: string;
}

/** `nas_cel -modify`: every change checked before any is made. A new address must be the same Celerra's, reached now. */
export function modifyRemote(world: World, cell: Cell, entry: RemoteCel, change: RemoteChange): RemoteCel {
  if (change.passphrase !== undefined) checkPassphrase(change.passphrase);
  if (change.name !== undefined && change.name !== entry.name) {
    if (!NAME.test(change.name)) fail('cel_name_invalid', { name: change.name });
    if (change.name === cell.name) fail('cel_is_local', { name: cell.name });
    const other = cell.remotes.find((r) => r.name === change.name);
    if (other !== undefined) fail('cel_exists', { name: change.name, id: other.id });
  }
  if (change.ip !== undefined) {
    checkIp(change.ip);
    if (change.ip !== entry.netPath) {
      const there = contact(world, cell, change.ip);
      if (there.celerraId !== entry.celerraId) fail('cel_ip_mismatch', { ip: change.ip, name: entry.name, actual: there.name });
    }
  }
  if (change.passphrase !== undefined) entry.passphrase = change.passphrase;
  if (change.name !== undefined) entry.name = change.name;
  if (change.ip !== undefined) entry.netPath = change.ip;
  return entry;
}

/** `nas_cel -delete`: refused while a check of wiring.ts says the remote is still needed. */
export function deleteRemote(world: World, cell: Cell, entry: RemoteCel): RemoteCel {
  const remoteName = cellOfEntry(world, entry)?.name ?? entry.name;
  const use = trustNeeded(world, cell, remoteName);
  if (use !== null) fail('cel_in_use', { name: entry.name, use });
  cell.remotes = cell.remotes.filter((r) => r !== entry);
  return entry;
}
