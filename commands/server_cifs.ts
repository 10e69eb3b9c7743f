// server_cifs: the CIFS servers of a data mover (its global configuration) or of a VDM
// ([000255]-[000265]): list them with the mover's CIFS service, the usermapper, WINS and the
// domains they are joined to; add and delete a server or one of its interfaces; join and
// unjoin a Windows domain; set WINS servers; move a server between a data mover and a VDM
// loaded on it. Options are the real command's comma-separated `key=value` lists.
import { fail } from '../src/engine/errors.js';
import { addCifsServer, addWins, deleteCifsServer, deleteWins, joinCifsServer, moveCifsServer, unjoinCifsServer, type NewCifsServer } from '../src/engine/cifs/servers.js';
import { cifsHost, effectiveWins, inDns, serverInterfaces } from '../src/engine/cifs/service.js';
import { domainControllerFor, findDomain } from '../src/engine/names.js';
import type { Cell, CifsServer, Interface, Mover, WinDomain, World } from '../src/engine/types.js';
import { readConfig } from '../src/engine/vdm/config.js';
import { defaultServerInterfaces, unusedInterfaces } from '../src/engine/vdm/interfaces.js';
import { INTERNAL_INTERFACES } from '../src/engine/net.js';
import { hostOf, resolveServer, serverName, type Server } from '../src/engine/vdm/vdms.js';
import { dartVersion } from '../src/engine/release.js';
import { changedWorld, defineCommand, done, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { flag, form, list, opt, setting, val, word, type OptionList } from '../src/shell/grammar.js';

type Req =
  | { op: 'list'; server: string }
  | { op: 'add'; server: string; spec: NewCifsServer }
  | { op: 'wins'; server: string; add: boolean; addresses: string[] }
  | { op: 'join' | 'unjoin'; server: string; compname: string; domain: string; admin: string; ou: string | null }
  | { op: 'delete'; server: string; name: string; iface: string | null }
  | { op: 'move'; server: string; name: string; target: string };

/** What a server's listing shows, read from the world. */
interface Listing {
  kind: 'mover' | 'vdm';
  /** The data mover whose interfaces and CIFS threads these are. */
  host: Mover;
  started: boolean;
  threads: number;
  usermapper: { address: string; active: boolean } | null;
  wins: string[];
  unused: Interface[];
  domains: { d: WinDomain; dc: { name: string; address: string; local: boolean } | null }[];
  servers: { srv: CifsServer; ifaces: Interface[]; missing: string[]; dns: boolean }[];
  version: string;
}

type Res = { op: 'list'; results: PerServer<Listing>[] } | { op: 'done'; server: string; join: boolean };

/** The option list of every change: `key=value,key=value,flag`, keys in any case. */
const optionList = () =>
  list(
    'options',
    [
      setting('compname', 'name'),
      setting('domain', 'name'),
      setting('netbios', 'name'),
      setting('interface', 'interface'),
      setting('alias', 'name'),
      word('local_users'),
      setting('admin', 'name'),
      setting('ou'),
      setting('wins', 'ip'),
    ],
    true,
  );

/** The pairs in order (a key may repeat, as interface= does), keys in lower case. */
function pairs(opts: OptionList): [string, string | null][] {
  if (opts.text === '') throw new UsageError('an empty option list');
  return opts.items.map((i) => [i.name.toLowerCase(), i.value]);
}

function one(who: string, list: [string, string | null][], key: string, need = true): string | null {
  const found = list.filter(([k]) => k === key);
  if (found.length > 1) fail('cifs_option_invalid', { mover: who, option: `${key}=`, rule: 'twice' });
  const v = found[0]?.[1] ?? null;
  if (need && (v === null || v === '')) fail('cifs_option_invalid', { mover: who, option: `${key}=`, rule: 'missing', need: `${key}=` });
  return v;
}

function checkKeys(who: string, list: [string, string | null][], allowed: string[]): void {
  const bad = list.find(([k, v]) => !allowed.includes(k) || (k === 'local_users' ? v !== null : v === null || v === ''));
  if (bad) fail('cifs_option_invalid', { mover: who, option: bad[1] === null ? bad[0] : `${bad[0]}=${bad[1]}`, rule: 'unknown' });
}

function parseAdd(who: string, opts: OptionList, comment: string | null): Req {
  const list = pairs(opts);
  if (list.some(([k]) => k === 'wins')) {
    checkKeys(who, list, ['wins']);
    return { op: 'wins', server: who, add: true, addresses: list.map(([, v]) => v!) };
  }
  checkKeys(who, list, ['compname', 'domain', 'netbios', 'interface', 'alias', 'local_users']);
  return {
    op: 'add',
    server: who,
    spec: {
      compname: one(who, list, 'compname')!,
      domain: one(who, list, 'domain')!,
      netbios: one(who, list, 'netbios', false),
      interfaces: list.filter(([k]) => k === 'interface').map(([, v]) => v!),
      aliases: list.filter(([k]) => k === 'alias').map(([, v]) => v!),
      localUsers: list.some(([k]) => k === 'local_users'),
      comment: comment ?? '',
    },
  };
}

function parseJoin(op: 'join' | 'unjoin', who: string, opts: OptionList): Req {
  const list = pairs(opts);
  checkKeys(who, list, op === 'join' ? ['compname', 'domain', 'admin', 'ou'] : ['compname', 'domain', 'admin']);
  return { op, server: who, compname: one(who, list, 'compname')!, domain: one(who, list, 'domain')!, admin: one(who, list, 'admin')!, ou: one(who, list, 'ou', false) };
}

function parseDelete(who: string, opts: OptionList): Req {
  const list = pairs(opts);
  if (list.some(([k]) => k === 'wins')) {
    checkKeys(who, list, ['wins']);
    return { op: 'wins', server: who, add: false, addresses: list.map(([, v]) => v!) };
  }
  checkKeys(who, list, ['compname', 'netbios', 'interface']);
  const name = one(who, list, 'compname', false) ?? one(who, list, 'netbios', false);
  if (name === null) fail('cifs_option_invalid', { mover: who, option: opts.text, rule: 'missing', need: 'compname= or netbios=' });
  return { op: 'delete', server: who, name, iface: one(who, list, 'interface', false) };
}

function parseMove(who: string, opts: OptionList, target: string): Req {
  const list = pairs(opts);
  checkKeys(who, list, ['compname', 'netbios']);
  const name = one(who, list, 'compname', false) ?? one(who, list, 'netbios', false);
  if (name === null) fail('cifs_option_invalid', { mover: who, option: opts.text, rule: 'missing', need: 'compname= or netbios=' });
  return { op: 'move', server: who, name, target };
}

/** The data mover a listing's interfaces and CIFS threads are of. */
function moverOf(cell: Cell, s: Server): Mover {
  return s.kind === 'mover' ? s.mover : hostOf(cell, s.vdm)!;
}

function listing(world: World, cell: Cell, s: Server): Listing {
  const mover = answeringMover(cell, s);
  const cfg = readConfig(cell, s);
  const svc = mover.services.cifs;
  const um = cell.usermapper;
  const primary = um.primary === null ? undefined : cell.movers.find((m) => m.name === um.primary);
  const umAddress = primary === undefined ? null : primary === mover ? '127.0.0.1' : (primary.interfaces.find((i) => !INTERNAL_INTERFACES.has(i.name))?.address ?? '0.0.0.0');
  const host = moverOf(cell, s);
  const byName = (n: string) => host.interfaces.find((i) => i.name === n);
  const domains = [...new Set(cfg.cifs.filter((c) => c.joined !== null).map((c) => c.domain))]
    .map((name) => findDomain(world, name))
    .filter((d): d is WinDomain => d !== undefined)
    .map((d) => {
      const dc = domainControllerFor(world, cell, d.name);
      return { d, dc: dc === null ? null : { name: dc.name.split('.')[0]!.toUpperCase(), address: dc.address, local: dc.cel === cell.name } };
    });
  return {
    kind: s.kind,
    host,
    started: cifsHost(cell, s) !== null,
    threads: svc.threads,
    usermapper: umAddress === null ? null : { address: umAddress, active: primary!.status === 'online' },
    wins: effectiveWins(cell, s, cfg),
    unused:
      s.kind === 'vdm'
        ? unusedInterfaces(cfg)
            .map(byName)
            .filter((i): i is Interface => i !== undefined)
        : [],
    domains,
    servers: cfg.cifs.map((srv) => {
      const names = srv.interfaces.length === 0 && s.kind === 'mover' ? defaultServerInterfaces(cell, host) : srv.interfaces;
      const running = new Set(serverInterfaces(cell, s, srv).map((i) => i.name));
      return {
        srv,
        ifaces: names.map(byName).filter((i): i is Interface => i !== undefined && (running.size === 0 || running.has(i.name))),
        missing: names.filter((n) => byName(n) === undefined),
        dns: inDns(world, cell, s, srv),
      };
    }),
    version: dartVersion(cell.codeLevel),
  };
}

function ifLine(mover: Mover, i: Interface): string {
  const mac = mover.devices.find((d) => d.name === i.device)?.mac ?? '0:0:0:0:0:0';
  return ` if=${i.name} l=${i.address} b=${i.broadcast} mac=${mac}`;
}

/** The listing: the mover's service lines (a data mover only), WINS, unused interfaces (a VDM), DOMAIN blocks, then each CIFS Server block. */
function listingLines(l: Listing, name: string): string[] {
  const mover = l.host;
  const out = [`${name} :`];
  if (l.kind === 'mover') {
    if (!l.started) out.push('Cifs NOT started');
    else
      out.push(
        `${l.threads} Cifs threads started`,
        'Security mode = NT',
        'Max protocol = SMB2',
        'I18N mode = UNICODE',
        'Home Directory Shares DISABLED',
        'Usermapper auto broadcast enabled',
      );
    if (l.usermapper !== null) out.push('', `Usermapper[0] = [${l.usermapper.address}] state:${l.usermapper.active ? 'active' : 'inactive'} (auto discovered)`);
    out.push('');
  } else if (!l.started) out.push('Cifs NOT started on its data mover');
  if (l.wins.length > 0) out.push(`${l.kind === 'mover' ? 'Default ' : ''}WINS servers = ${l.wins.join(':')}`);
  if (l.kind === 'mover') out.push('Enabled interfaces: (All interfaces are enabled)', '', 'Disabled interfaces: (No interface disabled)');
  if (l.kind === 'vdm' && l.unused.length > 0) out.push('Unused Interface(s):', ...l.unused.map((i) => ifLine(mover, i)));
  for (const { d, dc } of l.domains) {
    out.push('', `DOMAIN ${d.netbios} FQDN=${d.name} SITE=Default-First-Site-Name RC=3`, ` SID=${d.sid}`);
    out.push(dc === null ? ' >DC=(none answers)' : ` >DC=${dc.name}(${dc.address}) ref=3 time=1 ms${dc.local ? ' (Closest Site)' : ''}`);
  }
  for (const { srv, ifaces, missing, dns } of l.servers) {
    const domain = srv.domain.split('.')[0]!.toUpperCase();
    out.push('', `CIFS Server ${srv.netbios}[${domain}] RC=2${srv.joined === null ? ' (Not joined)' : ''}`);
    out.push(` Full computer name=${srv.compname.toLowerCase()}.${srv.domain} realm=${srv.domain.toUpperCase()}`);
    out.push(` Comment='${srv.comment || `EMC-SNAS:${l.version}`}'`);
    if (srv.aliases.length > 0) out.push(` Alias(es): ${srv.aliases.join(',')}`);
    if (srv.localUsers) out.push(' Local users: enabled');
    for (const i of ifaces) {
      out.push(ifLine(mover, i));
      if (srv.joined !== null) out.push(`  FQDN=${srv.compname.toLowerCase()}.${srv.domain} (${dns ? 'Updated to DNS' : 'Not updated to DNS'})`);
    }
    for (const n of missing) out.push(` if=${n} (no such interface on ${mover.name})`);
  }
  return out;
}

const server = () => val('movername', 'server');

export const serverCifsCommand = defineCommand({
  name: 'server_cifs',
  kind: 'celerra',
  summary: 'manage the CIFS servers of a data mover or a VDM',
  forms: [
    form('list', [serverOrAll()]),
    form('add', [server(), flag('-add'), optionList(), opt(flag('-comment'), val('comment'))], true),
    form('join', [server(), flag('-Join'), optionList()], true),
    form('unjoin', [server(), flag('-Unjoin'), optionList()], true),
    form('delete', [server(), flag('-delete'), optionList()], true),
    form('move', [server(), flag('-move'), optionList(), val('target_server', 'server')], true),
  ],
  parse: (m): Req => {
    const who = m.values.movername ?? 'ALL';
    if (m.form === 'list') return { op: 'list', server: who };
    if (who === 'ALL') throw new UsageError('ALL lists the CIFS servers; a change names one data mover or VDM');
    const opts = m.values.options;
    switch (m.form) {
      case 'add':
        return parseAdd(who, opts, m.values.comment ?? null);
      case 'join':
      case 'unjoin':
        return parseJoin(m.form, who, opts);
      case 'delete':
        return parseDelete(who, opts);
      case 'move':
        return parseMove(who, opts, m.values.target_server);
    }
  },
  target: (req) => req.server,
  run: (ctx, req): Ran<Res> => {
    const { world, cell } = ctx;
    if (req.op === 'list') return unchanged({ op: 'list', results: eachServer(cell, req.server, (s) => listing(world, cell, s)) });
    const s = resolveServer(cell, req.server);
    switch (req.op) {
      case 'add':
        addCifsServer(world, cell, s, req.spec);
        break;
      case 'wins':
        if (req.add) addWins(world, cell, s, req.addresses);
        else deleteWins(world, cell, s, req.addresses);
        break;
      case 'join':
        joinCifsServer(world, cell, s, req);
        break;
      case 'unjoin':
        unjoinCifsServer(world, cell, s, req);
        break;
      case 'delete':
        deleteCifsServer(world, cell, s, req.name, req.iface);
        break;
      case 'move':
        moveCifsServer(world, cell, s, req.name, resolveServer(cell, req.target));
        break;
    }
    return changedWorld({ op: 'done', server: serverName(s), join: req.op === 'join' || req.op === 'unjoin' });
  },
  format: (r): Output => {
    if (r.op === 'done') {
      // The real command asks the domain administrator's password here; the lab's domain takes the one typed.
      if (r.join) return { lines: [`${r.server} : Enter Password:********`, `${r.server} : done`] };
      return done(r.server);
    }
    return formatEachServer(r.results, listingLines);
  },
});
