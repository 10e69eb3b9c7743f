// The network's name services: Windows domains (their users and the computer accounts joins
// make), the servers at the sites that answer (domain controllers with DNS and Kerberos,
// WINS, NTP, NIS), and the names CIFS servers register in DNS and WINS ([000260]). A server
// of the network stands at a site: it is down with that site and reached over its link.
// Registrations are released only by a clean stop (an unload, a CIFS stop, a delete); a
// data mover that crashes or a site that is lost leaves its names registered, pointing at
// addresses that no longer answer, as a real network would.
import { linkBetween } from './links.js';
import { cellUp } from './site.js';
import type { Cell, DnsDomain, InfraHost, InfraService, NameRecord, NameServices, WinDomain, World } from './types.js';

/** A network with no domains, servers or registrations. */
export const NO_NAMES: Readonly<NameServices> = { domains: [], hosts: [], dns: [], wins: [] };

/** A domain by its FQDN or NetBIOS name, in any case. */
export function findDomain(world: World, name: string): WinDomain | undefined {
  const n = name.toLowerCase();
  return world.names.domains.find((d) => d.name === n || d.netbios.toLowerCase() === n);
}

/** A site can reach a server of the network: its site is up, and is this one or joined to it by a link that is up. */
export function hostReachable(world: World, from: Cell, host: InfraHost): boolean {
  const at = world.cells.find((c) => c.name === host.cel);
  if (at === undefined || !cellUp(at)) return false;
  if (at === from) return true;
  return linkBetween(world, from.name, at.name)?.up === true;
}

/** The network's server at an address offering a service, if any. */
export function hostAt(world: World, address: string, service?: InfraService): InfraHost | undefined {
  return world.names.hosts.find((h) => h.address === address && (service === undefined || h.services.includes(service)));
}

/**
 * The DNS server a resolver configuration reaches for a domain: the first of the domain's
 * configured servers that is a DNS server of the network, up and reachable from `from`.
 */
export function dnsServerFor(world: World, from: Cell, dns: DnsDomain[], domain: string): InfraHost | null {
  const entry = dns.find((d) => d.domain === domain.toLowerCase());
  if (entry === undefined) return null;
  for (const ip of entry.servers) {
    const h = hostAt(world, ip, 'dns');
    if (h !== undefined && hostReachable(world, from, h)) return h;
  }
  return null;
}

/** A domain controller (Kerberos) of a domain reachable from a site, the site's own first. */
export function domainControllerFor(world: World, from: Cell, domain: string): InfraHost | null {
  const dcs = world.names.hosts.filter((h) => h.domain === domain.toLowerCase() && h.services.includes('kdc') && hostReachable(world, from, h));
  return dcs.find((h) => h.cel === from.name) ?? dcs[0] ?? null;
}

/** The first of some WINS servers (by address) that answers from a site. */
export function winsServerFor(world: World, from: Cell, servers: string[]): InfraHost | null {
  for (const ip of servers) {
    const h = hostAt(world, ip, 'wins');
    if (h !== undefined && hostReachable(world, from, h)) return h;
  }
  return null;
}

/** Registers a name's addresses, replacing what any owner had registered under it (a dynamic update). */
export function register(world: World, kind: 'dns' | 'wins', name: string, addresses: string[], owner: string): void {
  const names = world.names;
  const rest = names[kind].filter((r) => r.name !== name);
  const added: NameRecord[] = addresses.map((address) => ({ name, address, owner, at: world.clock.now }));
  names[kind] = [...rest, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.address < b.address ? -1 : 1));
}

/** Releases the records of a name that `owner` registered. */
export function release(world: World, kind: 'dns' | 'wins', name: string, owner: string): void {
  if (world.names === undefined) return;
  world.names[kind] = world.names[kind].filter((r) => !(r.name === name && r.owner === owner));
}

/** The addresses a name resolves to from a site: a NetBIOS name through WINS, else DNS (FQDNs, or the name in each domain). */
export function resolveName(world: World, from: Cell, name: string): string[] {
  const names = world.names;
  const answering = (service: InfraService) => names.hosts.some((h) => h.services.includes(service) && hostReachable(world, from, h));
  const lower = name.toLowerCase();
  if (!lower.includes('.') && answering('wins')) {
    const w = names.wins.filter((r) => r.name === name.toUpperCase()).map((r) => r.address);
    if (w.length > 0) return w;
  }
  if (!answering('dns')) return [];
  const candidates = lower.includes('.') ? [lower] : names.domains.map((d) => `${lower}.${d.name}`);
  for (const c of candidates) {
    const d = names.dns.filter((r) => r.name === c).map((r) => r.address);
    if (d.length > 0) return d;
  }
  return [];
}
