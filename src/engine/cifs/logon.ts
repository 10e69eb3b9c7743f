// The client host as a CIFS client: it finds a server by its name through WINS or DNS (what
// the servers registered, names.ts), connects to the address, logs a domain user on
// (`client logon alice \\vCIFSa`: the server asks a domain controller, then maps the user
// to a UID and GID, usermap.ts) and reaches files through the server's shares with that
// identity. Every access finds the server again by name, so a server that moved with its
// VDM is found where its names now point, and one whose names point nowhere is not.
import { fail, NasError } from '../errors.js';
import { domainControllerFor, findDomain, resolveName } from '../names.js';
import { linkBetween } from '../links.js';
import { cellUp } from '../site.js';
import type { Cell, CifsServer, CifsShare, ClientSession, Interface, Mover, World } from '../types.js';
import { moverServer, readConfig, vdmServer, writeConfig } from '../vdm/config.js';
import { vdmsOn, type Server } from '../vdm/vdms.js';
import { shareOf } from './exports.js';
import { serverInterfaces, fqdnOf } from './service.js';
import { mapUser } from './usermap.js';

/**
 * A UNC path as the host takes it: `\\server\share\path`, or `\server\...` (what bash leaves
 * of an unquoted `\\`); `/` may separate the parts after the first. A path starting with `//`
 * stays a host path, as POSIX has it.
 */
export interface Unc {
  server: string;
  share: string | null;
  /** Below the share, `/`-separated, absolute (`/` for the share's root). */
  path: string;
}

export function isUnc(word: string): boolean {
  return word.startsWith('\\');
}

export function parseUnc(word: string): Unc {
  const parts = word
    .replace(/\\/g, '/')
    .replace(/^\/+/, '')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  const server = parts[0];
  if (server === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(server)) fail('unc_invalid', { path: word });
  const rest: string[] = [];
  for (const p of parts.slice(2)) {
    if (p === '..') rest.pop();
    else rest.push(p);
  }
  return { server, share: parts[1] ?? null, path: '/' + rest.join('/') };
}

/** The UNC path in the host's canonical spelling: `\\SERVER\share\dir\file`. */
export function uncText(u: Unc): string {
  const tail = u.path === '/' ? '' : u.path.replace(/\//g, '\\');
  return `\\\\${u.server.toUpperCase()}${u.share === null ? '' : `\\${u.share}${tail}`}`;
}

/** A CIFS server found on the network: where it runs, and the interface the host reached. */
export interface Located {
  cell: Cell;
  mover: Mover;
  s: Server;
  srv: CifsServer;
  iface: Interface;
}

/** Can the host, at `from`, reach an address of `cell`? Its own site, or one joined by a link that is up. */
function reaches(world: World, from: Cell, cell: Cell): boolean {
  return cellUp(cell) && (cell === from || linkBetween(world, from.name, cell.name)?.up === true);
}

function answers(srv: CifsServer, name: string): boolean {
  const n = name.toUpperCase();
  return srv.netbios === n || srv.aliases.includes(n) || fqdnOf(srv).toUpperCase() === n;
}

/**
 * Finds the CIFS server a name denotes: resolved to addresses (WINS, DNS), the first address
 * that answers with a running CIFS server of that name. Errors say which step failed.
 */
export function locateServer(world: World, from: Cell, name: string): Located {
  const addresses = resolveName(world, from, name);
  if (addresses.length === 0) fail('smb_bad_network_name', { path: `\\\\${name.toUpperCase()}`, why: 'unresolved' });
  for (const address of addresses) {
    for (const cell of world.cells) {
      if (!reaches(world, from, cell)) continue;
      for (const mover of cell.movers) {
        const iface = mover.interfaces.find((i) => i.address === address);
        if (iface === undefined) continue;
        const servers: Server[] = [moverServer(mover), ...vdmsOn(cell, mover).map(vdmServer)];
        for (const s of servers) {
          for (const srv of readConfig(cell, s).cifs) {
            if (answers(srv, name) && serverInterfaces(cell, s, srv).some((i) => i.name === iface.name)) return { cell, mover, s, srv, iface };
          }
        }
      }
    }
  }
  return fail('smb_host_unreachable', { path: `\\\\${name.toUpperCase()}`, addresses: addresses.join(',') });
}

/** `DOMAIN\user`, `DOMAIN/user`, `user@domain.fqdn` or `user` (the server's domain). */
export function parseUser(word: string): { domain: string | null; user: string } {
  const m = /^([^\\/@]+)[\\/]([^\\/@]+)$/.exec(word) ?? null;
  if (m) return { domain: m[1]!, user: m[2]! };
  const at = /^([^\\/@]+)@([^\\/@]+)$/.exec(word);
  if (at) return { domain: at[2]!, user: at[1]! };
  return { domain: null, user: word };
}

export function sessionsOf(world: World): ClientSession[] {
  return world.client.sessions;
}

/** `client logon <user> \\<server>`: a session of a domain user with a running, joined CIFS server, its identity mapped. */
export function logon(world: World, from: Cell, userWord: string, serverWord: string): { session: ClientSession; at: Located; changed: boolean } {
  const unc = parseUnc(serverWord);
  const at = locateServer(world, from, unc.server);
  const { cell, s, srv } = at;
  const who = `\\\\${unc.server.toUpperCase()}`;
  const u = parseUser(userWord);
  if (!/^[A-Za-z0-9._$-]{1,104}$/.test(u.user)) fail('smb_logon_failure', { path: who, user: userWord, why: 'user' });
  const domain = findDomain(world, u.domain ?? srv.domain);
  if (domain === undefined || domain.name !== srv.domain) fail('smb_logon_failure', { path: who, user: userWord, why: 'domain' });
  if (srv.joined === null) fail('smb_logon_failure', { path: who, user: userWord, why: 'not_joined' });
  if (domainControllerFor(world, cell, srv.domain) === null) fail('smb_no_logon_servers', { path: who, domain: domain.netbios });
  const account = domain.users.find((x) => x.name.toLowerCase() === u.user.toLowerCase());
  if (account === undefined) fail('smb_logon_failure', { path: who, user: userWord, why: 'user' });
  const cfg = readConfig(cell, s);
  const cached = cfg.usermap.length;
  let mapping;
  try {
    mapping = mapUser(cell, cfg, domain.netbios, account.name, s.kind === 'mover' ? s.mover.name : s.vdm.name);
  } catch (e) {
    // The server refuses a session it cannot give an identity to ("Cannot get mapping for ...", [S2]); the refusal changes nothing.
    if (e instanceof NasError) fail('smb_access_denied', { path: who, user: `${domain.netbios}\\${account.name}`, why: e.code });
    throw e;
  }
  const mapped = cfg.usermap.length > cached;
  if (mapped) writeConfig(world, cell, s, cfg);
  const session: ClientSession = { server: srv.netbios, domain: domain.netbios, user: account.name, uid: mapping.uid, gid: mapping.gid, at: world.clock.now };
  const sessions = sessionsOf(world);
  const held = sessions.find((x) => x.server === srv.netbios);
  // The same user logging on again at the same instant, last of the host's sessions, leaves them as they were.
  const again = held === sessions[sessions.length - 1] && JSON.stringify(held) === JSON.stringify(session);
  world.client.sessions = [...sessions.filter((x) => x.server !== srv.netbios), session];
  return { session, at, changed: mapped || !again };
}

/** `client logoff \\<server>`: the host's session with the server ends. */
export function logoff(world: World, serverWord: string): ClientSession {
  const unc = parseUnc(serverWord);
  const name = unc.server.toUpperCase();
  const session = sessionsOf(world).find((x) => x.server === name) ?? fail('smb_no_session', { path: `\\\\${name}` });
  world.client.sessions = sessionsOf(world).filter((x) => x !== session);
  return session;
}

/** A UNC path reached: the server, the share, the session's identity, the path below the share. */
export interface ReachedShare {
  unc: Unc;
  at: Located;
  share: CifsShare;
  session: ClientSession;
}

/**
 * What a UNC path with a share names: the server found again by name, a session the host
 * holds with it (by its NetBIOS name), and the share.
 */
export function reachShare(world: World, from: Cell, word: string): ReachedShare | { unc: Unc; at: Located; shares: CifsShare[] } {
  const unc = parseUnc(word);
  const at = locateServer(world, from, unc.server);
  const session = sessionsOf(world).find((x) => x.server === at.srv.netbios) ?? fail('smb_no_session', { path: uncText(unc) });
  const cfg = readConfig(at.cell, at.s);
  if (unc.share === null) return { unc, at, shares: cfg.shares.filter((sh) => sh.netbios === null || sh.netbios === at.srv.netbios) };
  const share = shareOf(cfg, at.srv.netbios, unc.share) ?? fail('smb_bad_network_name', { path: uncText({ ...unc, path: '/' }), why: 'share' });
  return { unc, at, share, session };
}
