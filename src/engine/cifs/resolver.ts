// The resolver settings of a data mover or a VDM (`server_dns`, `server_nis`): which DNS
// servers answer for a domain, which NIS domain and servers it uses. A VDM's own are items it
// contains ([000242] item 740); a VDM with none uses its data mover's.
import { fail } from '../errors.js';
import { parseIPv4 } from '../net.js';
import type { Cell, DnsDomain, NisDomain, World } from '../types.js';
import { readConfig, requireWritableConfig, writeConfig } from '../vdm/config.js';
import { serverName, type Server } from '../vdm/vdms.js';
import { validDomainName } from './servers.js';
import { syncWithVdms } from './service.js';

export const MAX_RESOLVER_SERVERS = 3;

function checkServers(who: string, code: 'dns_invalid' | 'nis_invalid', servers: string[]): void {
  if (servers.length === 0 || servers.length > MAX_RESOLVER_SERVERS) fail(code, { mover: who, value: servers.join(','), rule: 'count', max: MAX_RESOLVER_SERVERS });
  const bad = servers.find((a) => parseIPv4(a) === null);
  if (bad !== undefined) fail(code, { mover: who, value: bad, rule: 'address' });
  if (new Set(servers).size !== servers.length) fail(code, { mover: who, value: servers.join(','), rule: 'twice' });
}

/** `server_dns <server> [-protocol tcp|udp] <domain> <ip>[,<ip>...]`: sets (or replaces) a domain's servers. */
export function setDns(world: World, cell: Cell, s: Server, domain: string, servers: string[], proto: 'udp' | 'tcp'): DnsDomain {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  const d = domain.toLowerCase();
  if (!validDomainName(d)) fail('dns_invalid', { mover: who, value: domain, rule: 'domain' });
  checkServers(who, 'dns_invalid', servers);
  const cfg = readConfig(cell, s);
  const entry: DnsDomain = { domain: d, servers: [...servers], proto };
  cfg.dns = [...cfg.dns.filter((x) => x.domain !== d), entry];
  writeConfig(world, cell, s, cfg);
  syncWithVdms(world, cell, s, cfg);
  return entry;
}

export function deleteDns(world: World, cell: Cell, s: Server, domain: string): DnsDomain {
  requireWritableConfig(cell, s);
  const cfg = readConfig(cell, s);
  const d = domain.toLowerCase();
  const old = cfg.dns.find((x) => x.domain === d) ?? fail('dns_not_found', { mover: serverName(s), domain });
  cfg.dns = cfg.dns.filter((x) => x !== old);
  writeConfig(world, cell, s, cfg);
  syncWithVdms(world, cell, s, cfg);
  return old;
}

/** `server_nis <server> <domain> <ip>[,<ip>...]`. */
export function setNis(world: World, cell: Cell, s: Server, domain: string, servers: string[]): NisDomain {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$/.test(domain)) fail('nis_invalid', { mover: who, value: domain, rule: 'domain' });
  checkServers(who, 'nis_invalid', servers);
  const cfg = readConfig(cell, s);
  cfg.nis = { domain, servers: [...servers] };
  writeConfig(world, cell, s, cfg);
  return cfg.nis;
}

export function deleteNis(world: World, cell: Cell, s: Server): NisDomain {
  requireWritableConfig(cell, s);
  const cfg = readConfig(cell, s);
  const old = cfg.nis ?? fail('nis_not_found', { mover: serverName(s) });
  cfg.nis = null;
  writeConfig(world, cell, s, cfg);
  return old;
}
