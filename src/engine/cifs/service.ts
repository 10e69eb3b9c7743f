// When a CIFS server runs, and the names it has registered. CIFS threads are the physical
// data mover's ([000258]): a mover's own CIFS servers run while it serves and its CIFS service
// is started; a VDM's while the VDM is also loaded there (a mounted or unloaded VDM runs
// none, [000260]). A running server registers its NetBIOS names in WINS (its own WINS servers,
// or for a VDM with none its mover's, [000255]) and, once joined, its FQDN in DNS through the
// resolver of its domain ("Updated to DNS"), each with the addresses of its live interfaces.
//
// syncNames makes a server's registrations what its state calls for: called at every clean
// change (a start, a stop, an unload, a move, an add, a join). A crash calls nothing, so the
// names of a mover that went down stay registered until it boots again or another takes them.
import { cellUp } from '../site.js';
import { dnsServerFor, register, release, winsServerFor } from '../names.js';
import type { Cell, CifsServer, Interface, Mover, ServerConfig, World } from '../types.js';
import { moverServer, readConfig } from '../vdm/config.js';
import { defaultServerInterfaces, liveInterfaces } from '../vdm/interfaces.js';
import { hostOf, serverName, vdmsOn, type Server } from '../vdm/vdms.js';

/** The data mover whose CIFS threads run a server's CIFS servers now, or null when they do not run. */
export function cifsHost(cell: Cell, s: Server): Mover | null {
  const mover = s.kind === 'mover' ? s.mover : s.vdm.state === 'loaded' ? hostOf(cell, s.vdm) : undefined;
  if (mover === undefined || !cellUp(cell) || mover.status !== 'online' || mover.type !== 'nas') return null;
  return mover.services.cifs.started ? mover : null;
}

/** The interfaces a CIFS server answers on now (none when it does not run). */
export function serverInterfaces(cell: Cell, s: Server, srv: CifsServer): Interface[] {
  const host = cifsHost(cell, s);
  if (host === null) return [];
  const names = s.kind === 'vdm' ? srv.interfaces.filter((n) => s.vdm.taken.includes(n)) : srv.interfaces.length === 0 ? defaultServerInterfaces(cell, host) : srv.interfaces;
  return liveInterfaces(host, names);
}

/** The WINS servers a server's CIFS servers use: its own, or for a VDM with none its data mover's. */
export function effectiveWins(cell: Cell, s: Server, cfg: ServerConfig): string[] {
  if (cfg.wins.length > 0 || s.kind === 'mover') return cfg.wins;
  const host = hostOf(cell, s.vdm);
  return host === undefined ? [] : readConfig(cell, moverServer(host)).wins;
}

/** The DNS resolver configuration a server uses: its own, or for a VDM with none its data mover's. */
export function effectiveDns(cell: Cell, s: Server, cfg: ServerConfig): ServerConfig['dns'] {
  if (cfg.dns.length > 0 || s.kind === 'mover') return cfg.dns;
  const host = hostOf(cell, s.vdm);
  return host === undefined ? [] : readConfig(cell, moverServer(host)).dns;
}

/** Who a server's registrations belong to: `<cel>:<server>`. */
export const ownerOf = (cell: Cell, s: Server) => `${cell.name}:${serverName(s)}`;

export const fqdnOf = (srv: CifsServer) => `${srv.compname.toLowerCase()}.${srv.domain}`;

interface Wanted {
  dns: Map<string, string[]>;
  wins: Map<string, string[]>;
}

/** The names a server's running CIFS servers should have registered, and their addresses. */
function wanted(world: World, cell: Cell, s: Server, cfg: ServerConfig): Wanted {
  const out: Wanted = { dns: new Map(), wins: new Map() };
  if (cifsHost(cell, s) === null) return out;
  const winsUp = winsServerFor(world, cell, effectiveWins(cell, s, cfg)) !== null;
  const dns = effectiveDns(cell, s, cfg);
  for (const srv of cfg.cifs) {
    const addresses = serverInterfaces(cell, s, srv).map((i) => i.address);
    if (addresses.length === 0) continue;
    if (winsUp) for (const n of [srv.netbios, ...srv.aliases]) out.wins.set(n, addresses);
    if (srv.joined !== null && dnsServerFor(world, cell, dns, srv.domain) !== null) out.dns.set(fqdnOf(srv), addresses);
  }
  return out;
}

/** Makes a server's registrations what its state calls for (see the head of the file); true when it changed one. `cfg`: its configuration, when the caller has it newer than the file. */
export function syncNames(world: World, cell: Cell, s: Server, cfg: ServerConfig = readConfig(cell, s)): boolean {
  const owner = ownerOf(cell, s);
  const want = wanted(world, cell, s, cfg);
  const names = world.names;
  let changed = false;
  for (const kind of ['dns', 'wins'] as const) {
    const mine = new Set(names[kind].filter((r) => r.owner === owner).map((r) => r.name));
    for (const n of mine) {
      if (want[kind].has(n)) continue;
      release(world, kind, n, owner);
      changed = true;
    }
    for (const [n, addresses] of want[kind]) {
      const have = world.names[kind].filter((r) => r.name === n);
      const same = have.length === addresses.length && have.every((r) => r.owner === owner && addresses.includes(r.address));
      if (same) continue;
      register(world, kind, n, addresses, owner);
      changed = true;
    }
  }
  return changed;
}

/** syncNames of a server and, for a data mover, of the VDMs on it: they use its WINS servers and resolver when they have none. */
export function syncWithVdms(world: World, cell: Cell, s: Server, cfg: ServerConfig = readConfig(cell, s)): void {
  syncNames(world, cell, s, cfg);
  if (s.kind === 'mover') for (const v of vdmsOn(cell, s.mover)) syncNames(world, cell, { kind: 'vdm', vdm: v });
}

/** Releases every name a server registered (a clean stop before it goes away or is renamed); true when it held any. */
export function releaseNames(world: World, cell: Cell, s: Server): boolean {
  const owner = ownerOf(cell, s);
  let changed = false;
  for (const kind of ['dns', 'wins'] as const) {
    for (const n of new Set(world.names[kind].filter((r) => r.owner === owner).map((r) => r.name))) {
      release(world, kind, n, owner);
      changed = true;
    }
  }
  return changed;
}

/** Whether a joined CIFS server's FQDN is registered in DNS by it ("Updated to DNS"). */
export function inDns(world: World, cell: Cell, s: Server, srv: CifsServer): boolean {
  const owner = ownerOf(cell, s);
  return world.names.dns.some((r) => r.name === fqdnOf(srv) && r.owner === owner);
}
