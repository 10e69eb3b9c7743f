// CIFS servers (`server_cifs`) of a data mover (its global configuration) or of a VDM: add
// with their interfaces, delete (a whole server, or one interface, which a VDM keeps in its
// unused list, [000261]), join and unjoin a Windows domain (the computer account, and the
// Kerberos keys kept in the server's root, [000265]), WINS servers ([000255]), and the move
// of a server between a data mover and a VDM loaded on it with its shares and local groups
// ([000264]). Every change is written to the configuration file of the server's root and its
// registrations made to follow (service.ts).
import { fail } from '../errors.js';
import { domainControllerFor, dnsServerFor, findDomain } from '../names.js';
import { parseIPv4 } from '../net.js';
import type { Cell, CifsServer, CifsShare, ServerConfig, World } from '../types.js';
import { logIn, moverServer, readConfig, vdmServer, writeConfig, requireWritableConfig } from '../vdm/config.js';
import { checkClaim } from '../vdm/interfaces.js';
import { hostOf, physicalPath, relativePath, serverName, vdmsOf, vdmsOn, type Server } from '../vdm/vdms.js';
import { cifsHost, effectiveDns, syncNames, syncWithVdms } from './service.js';

export const MAX_NETBIOS = 15;
export const MAX_WINS = 2;
const COMPNAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const NETBIOS = /^[A-Za-z0-9][A-Za-z0-9_-]{0,14}$/;
const FQDN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export const DEFAULT_LOCAL_GROUPS = ['Administrators', 'Backup Operators', 'Guests', 'Power Users', 'Users'];

export interface NewCifsServer {
  compname: string;
  domain: string;
  netbios: string | null;
  interfaces: string[];
  aliases: string[];
  localUsers: boolean;
  comment: string;
}

export function validDomainName(name: string): boolean {
  return FQDN.test(name.toLowerCase());
}

/** Every CIFS server of a cell: its data movers' and its VDMs', each with its server. */
export function allCifsServers(cell: Cell): { s: Server; srv: CifsServer }[] {
  const out: { s: Server; srv: CifsServer }[] = [];
  for (const mover of cell.movers) for (const srv of readConfig(cell, moverServer(mover)).cifs) out.push({ s: moverServer(mover), srv });
  for (const vdm of vdmsOf(cell)) for (const srv of readConfig(cell, vdmServer(vdm)).cifs) out.push({ s: vdmServer(vdm), srv });
  return out;
}

/** A CIFS server of a server by computer name or NetBIOS name, in any case. */
export function findCifsServer(cfg: ServerConfig, who: string, name: string): CifsServer {
  const n = name.toUpperCase();
  return cfg.cifs.find((c) => c.compname.toUpperCase() === n || c.netbios === n) ?? fail('cifs_server_not_found', { mover: who, name });
}

/** The data mover a server's CIFS servers run on, which its interfaces are of. */
function moverOfServer(cell: Cell, s: Server) {
  return s.kind === 'mover' ? s.mover : hostOf(cell, s.vdm)!;
}

/** Checks interfaces for a CIFS server of `s`: they exist on its mover, and neither another user nor another of its servers has them. */
function checkInterfaces(cell: Cell, s: Server, cfg: ServerConfig, names: string[], except?: CifsServer): void {
  const mover = moverOfServer(cell, s);
  const who = serverName(s);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) fail('cifs_option_invalid', { mover: who, key: 'interface', value: name, rule: 'twice' });
    seen.add(name);
    checkClaim(cell, mover, name, who, s.kind === 'vdm' ? s.vdm : undefined);
    const other = cfg.cifs.find((c) => c !== except && c.interfaces.includes(name));
    if (other !== undefined) fail('vdm_if_in_use', { name, by: other.netbios, who });
  }
}

/** A VDM keeps the interfaces its servers use (and took them on its mover). */
function holdInterfaces(s: Server, cfg: ServerConfig, names: string[]): void {
  if (s.kind !== 'vdm') return;
  for (const name of names) {
    if (!cfg.interfaces.some((i) => i.name === name)) cfg.interfaces.push({ name, attached: false });
    if (!s.vdm.taken.includes(name)) s.vdm.taken.push(name);
  }
}

/** `server_cifs <server> -add compname=<name>,domain=<fqdn>[,netbios=][,interface=...][,alias=...][,local_users]`. */
export function addCifsServer(world: World, cell: Cell, s: Server, spec: NewCifsServer): CifsServer {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  if (!COMPNAME.test(spec.compname)) fail('cifs_option_invalid', { mover: who, key: 'compname', value: spec.compname, rule: 'compname' });
  const domain = spec.domain.toLowerCase();
  if (!validDomainName(domain)) fail('cifs_option_invalid', { mover: who, key: 'domain', value: spec.domain, rule: 'domain' });
  const netbios = (spec.netbios ?? spec.compname.slice(0, MAX_NETBIOS)).toUpperCase();
  for (const n of [netbios, ...spec.aliases.map((a) => a.toUpperCase())]) {
    if (!NETBIOS.test(n)) fail('cifs_option_invalid', { mover: who, key: n === netbios ? 'netbios' : 'alias', value: n, rule: 'netbios' });
  }
  const names = new Set([netbios, ...spec.aliases.map((a) => a.toUpperCase())]);
  if (names.size !== 1 + spec.aliases.length) fail('cifs_option_invalid', { mover: who, key: 'alias', value: spec.aliases.join(','), rule: 'twice' });
  for (const { s: other, srv } of allCifsServers(cell)) {
    const taken = [srv.netbios, ...srv.aliases].find((n) => names.has(n));
    if (taken !== undefined || srv.compname.toLowerCase() === spec.compname.toLowerCase())
      fail('cifs_server_exists', { mover: who, name: taken ?? spec.compname, on: serverName(other) });
  }
  const cfg = readConfig(cell, s);
  if (spec.interfaces.length === 0) {
    if (s.kind === 'vdm') fail('cifs_no_interface', { mover: who });
    if (vdmsOn(cell, s.mover).length > 0) fail('cifs_default_server', { mover: who, why: 'vdm' });
    if (cfg.cifs.some((c) => c.interfaces.length === 0)) fail('cifs_default_server', { mover: who, why: 'exists' });
  } else checkInterfaces(cell, s, cfg, spec.interfaces);
  const srv: CifsServer = {
    compname: spec.compname,
    netbios,
    domain,
    interfaces: [...spec.interfaces],
    aliases: spec.aliases.map((a) => a.toUpperCase()),
    localUsers: spec.localUsers,
    comment: spec.comment,
    joined: null,
    localGroups: DEFAULT_LOCAL_GROUPS.map((name) => ({ name, members: [] })),
  };
  cfg.cifs.push(srv);
  holdInterfaces(s, cfg, srv.interfaces);
  logIn(world, cfg, 'SMB', 6, 'cifs_added', { name: netbios, domain });
  writeConfig(world, cell, s, cfg);
  syncNames(world, cell, s, cfg);
  return srv;
}

/**
 * `server_cifs <server> -delete compname=<name>[,interface=<if>]`: one interface taken off a
 * server (a VDM keeps it, unused), or the server with the shares that are its own. Its
 * computer account stays in the domain (-Unjoin removes it).
 */
export function deleteCifsServer(world: World, cell: Cell, s: Server, name: string, iface: string | null): CifsServer {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  const cfg = readConfig(cell, s);
  const srv = findCifsServer(cfg, who, name);
  if (iface !== null) {
    if (!srv.interfaces.includes(iface)) fail('if_not_found', { mover: who, name: iface });
    srv.interfaces = srv.interfaces.filter((i) => i !== iface);
    logIn(world, cfg, 'SMB', 6, 'cifs_if_removed', { name: srv.netbios, iface });
  } else {
    cfg.cifs = cfg.cifs.filter((c) => c !== srv);
    cfg.shares = cfg.shares.filter((sh) => sh.netbios !== srv.netbios);
    logIn(world, cfg, 'SMB', 6, 'cifs_deleted', { name: srv.netbios });
  }
  writeConfig(world, cell, s, cfg);
  syncNames(world, cell, s, cfg);
  return srv;
}

export interface JoinRequest {
  compname: string;
  domain: string;
  admin: string;
  ou: string | null;
}

/** What a join or unjoin needs of the network: a running server, a resolver for its domain, a domain controller, a domain administrator. */
function domainAccess(world: World, cell: Cell, s: Server, cfg: ServerConfig, srv: CifsServer, req: JoinRequest) {
  const who = serverName(s);
  if (req.domain.toLowerCase() !== srv.domain) fail('cifs_option_invalid', { mover: who, key: 'domain', value: req.domain, rule: 'not_its_domain', domain: srv.domain });
  if (cifsHost(cell, s) === null) fail('cifs_not_started', { mover: who });
  const domain = findDomain(world, srv.domain) ?? fail('cifs_domain_unknown', { mover: who, domain: srv.domain });
  if (dnsServerFor(world, cell, effectiveDns(cell, s, cfg), srv.domain) === null) fail('cifs_dns_missing', { mover: who, domain: srv.domain });
  if (domainControllerFor(world, cell, srv.domain) === null) fail('cifs_no_dc', { mover: who, domain: srv.domain });
  const admin = req.admin
    .replace(/^.*[\\/]/, '')
    .replace(/@.*$/, '')
    .toLowerCase();
  if (!domain.users.some((u) => u.name.toLowerCase() === admin && u.admin)) fail('cifs_logon_denied', { mover: who, admin: req.admin, domain: domain.netbios });
  return domain;
}

/**
 * A join or an unjoin ([000265]): the server's keys and local groups in its root, its
 * computer account in the domain, its DNS name. `joining` says which; the checks are alike.
 */
function changeMembership(world: World, cell: Cell, s: Server, req: JoinRequest, joining: boolean): CifsServer {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  const cfg = readConfig(cell, s);
  const srv = findCifsServer(cfg, who, req.compname);
  if ((srv.joined !== null) === joining) fail(joining ? 'cifs_joined' : 'cifs_not_joined', { mover: who, name: srv.compname, domain: srv.domain });
  const domain = domainAccess(world, cell, s, cfg, srv, req);
  const domainAdmins = `${domain.netbios}\\Domain Admins`;
  const ou = req.ou ?? 'Computers';
  const kvno = (domain.computers.find((c) => c.name === srv.netbios)?.kvno ?? 0) + 1;
  srv.joined = joining ? { kvno, ou, at: world.clock.now } : null;
  for (const g of srv.localGroups) {
    g.members = g.members.filter((m) => m !== domainAdmins);
    if (joining && g.name === 'Administrators') g.members.push(domainAdmins);
  }
  logIn(world, cfg, 'SMB', 6, joining ? 'cifs_joined' : 'cifs_unjoined', { name: srv.netbios, domain: srv.domain });
  writeConfig(world, cell, s, cfg);
  const d = world.names.domains.find((x) => x.name === domain.name)!;
  d.computers = [...d.computers.filter((c) => c.name !== srv.netbios), ...(joining ? [{ name: srv.netbios, ou, kvno, createdAt: world.clock.now }] : [])];
  syncNames(world, cell, s, cfg);
  return srv;
}

/** `server_cifs <server> -Join compname=<name>,domain=<fqdn>,admin=<user>[,ou=<ou>]`. */
export function joinCifsServer(world: World, cell: Cell, s: Server, req: JoinRequest): CifsServer {
  return changeMembership(world, cell, s, req, true);
}

/** `server_cifs <server> -Unjoin compname=<name>,domain=<fqdn>,admin=<user>`: the account and keys go. */
export function unjoinCifsServer(world: World, cell: Cell, s: Server, req: JoinRequest): CifsServer {
  return changeMembership(world, cell, s, req, false);
}

/** `server_cifs <server> -add wins=<ip>[,wins=<ip>]`. */
export function addWins(world: World, cell: Cell, s: Server, addresses: string[]): string[] {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  const cfg = readConfig(cell, s);
  for (const a of addresses) {
    if (parseIPv4(a) === null) fail('wins_invalid', { mover: who, value: a, rule: 'address' });
    if (cfg.wins.includes(a)) fail('wins_invalid', { mover: who, value: a, rule: 'twice' });
  }
  const wins = [...cfg.wins, ...addresses];
  if (wins.length > MAX_WINS || new Set(wins).size !== wins.length) fail('wins_invalid', { mover: who, value: addresses.join(','), rule: 'count', max: MAX_WINS });
  cfg.wins = wins;
  writeConfig(world, cell, s, cfg);
  syncWithVdms(world, cell, s, cfg);
  return wins;
}

export function deleteWins(world: World, cell: Cell, s: Server, addresses: string[]): string[] {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  const cfg = readConfig(cell, s);
  for (const a of addresses) if (!cfg.wins.includes(a)) fail('wins_not_found', { mover: who, value: a });
  cfg.wins = cfg.wins.filter((w) => !addresses.includes(w));
  writeConfig(world, cell, s, cfg);
  syncWithVdms(world, cell, s, cfg);
  return cfg.wins;
}

/** A share's path from one server's root to another's: a data mover's path inside a VDM's directory, or back. */
function sharePathTo(from: Server, to: Server, path: string): string | null {
  if (from.kind === 'mover' && to.kind === 'vdm') return relativePath(to.vdm, path);
  if (from.kind === 'vdm' && to.kind === 'mover') return physicalPath(from.vdm, path);
  return null;
}

/**
 * `server_cifs <source> -move {compname|netbios}=<name> <target>` ([000264]): a CIFS server of
 * a data mover's global configuration into a VDM loaded on it, or back, with its interfaces,
 * its shares and its local groups and keys; both configuration files are rewritten.
 */
export function moveCifsServer(world: World, cell: Cell, from: Server, name: string, to: Server): CifsServer {
  requireWritableConfig(cell, from);
  requireWritableConfig(cell, to);
  const src = serverName(from);
  const host = from.kind === 'vdm' ? hostOf(cell, from.vdm) : to.kind === 'vdm' ? hostOf(cell, to.vdm) : undefined;
  const mover = from.kind === 'mover' ? from.mover : to.kind === 'mover' ? to.mover : undefined;
  if (from.kind === to.kind || host === undefined || host !== mover) fail('cifs_move_invalid', { mover: src, target: serverName(to), why: 'pair' });
  const fromCfg = readConfig(cell, from);
  const toCfg = readConfig(cell, to);
  const srv = findCifsServer(fromCfg, src, name);
  if (srv.interfaces.length === 0) fail('cifs_move_invalid', { mover: src, target: serverName(to), why: 'default', name: srv.netbios });
  const shares: CifsShare[] = [];
  for (const sh of fromCfg.shares.filter((x) => x.netbios === srv.netbios)) {
    const path = sharePathTo(from, to, sh.path);
    if (path === null) fail('cifs_move_invalid', { mover: src, target: serverName(to), why: 'share', share: sh.name, path: sh.path });
    if (toCfg.shares.some((x) => x.name.toLowerCase() === sh.name.toLowerCase() && (x.netbios === null || x.netbios === srv.netbios))) {
      fail('share_exists', { mover: serverName(to), share: sh.name });
    }
    shares.push({ ...sh, path });
  }
  fromCfg.cifs = fromCfg.cifs.filter((c) => c !== srv);
  fromCfg.shares = fromCfg.shares.filter((x) => x.netbios !== srv.netbios);
  toCfg.cifs.push(srv);
  toCfg.shares.push(...shares);
  if (from.kind === 'vdm') {
    fromCfg.interfaces = fromCfg.interfaces.filter((i) => !srv.interfaces.includes(i.name));
    from.vdm.taken = from.vdm.taken.filter((n) => !srv.interfaces.includes(n));
  }
  holdInterfaces(to, toCfg, srv.interfaces);
  logIn(world, fromCfg, 'SMB', 6, 'cifs_moved_out', { name: srv.netbios, to: serverName(to) });
  logIn(world, toCfg, 'SMB', 6, 'cifs_moved_in', { name: srv.netbios, from: src });
  writeConfig(world, cell, from, fromCfg);
  writeConfig(world, cell, to, toCfg);
  syncNames(world, cell, from, fromCfg);
  syncNames(world, cell, to, toCfg);
  return srv;
}
