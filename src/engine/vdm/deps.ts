// What a VDM depends on, and whether a data mover (of this site or another) offers it
// ([000243]-[000244], [000251], [000274]-[000275], FIG. 52 items 779-781). The four kinds of
// [000241]-[000242] are kept apart: what it contains travels with its root; what it reserves
// (mounts, interfaces) must be there and free; what is compared (DNS, NIS, parameters) must
// agree with the data mover it runs on; what is bound to the site (time, virus checking) must
// be configured there on its own. The answers are data; the command words them.
import { findMover, fsById } from '../cluster.js';
import { fail } from '../errors.js';
import { reachableCell } from '../links.js';
import { PARAMS, paramKey, paramValue } from '../mover-settings.js';
import { dnsServerFor, domainControllerFor, hostReachable, hostAt } from '../names.js';
import { cellOfEntry, findEntry } from '../trust.js';
import type { Cell, FileSystem, Vdm, World } from '../types.js';
import { moverServer, readConfig, vdmServer } from './config.js';
import { resolveExpected, vdmHolding } from './expected.js';
import { interfaceUse, interfaceUser, userName } from './interfaces.js';
import { vdmEntries } from './load.js';
import { hostOf, relativePath } from './vdms.js';

export interface MountNeed {
  path: string;
  fs: string;
  type: string;
  ro: boolean;
  /** Mounted in the VDM now, unmounted (-temp), or not there and why. */
  state: 'mounted' | 'unmounted' | 'not_mounted';
  why: 'missing' | 'protected' | 'no_pfs' | null;
}

export interface InterfaceNeed {
  name: string;
  use: 'vdm' | 'cifs' | null;
  /** The CIFS servers that use it. */
  servers: string[];
  /** On the VDM's data mover now: its address and state, or why not. */
  address: string | null;
  up: boolean;
  taken: boolean;
}

export interface Dependencies {
  vdm: Vdm;
  mover: string | null;
  cifs: string[];
  interfaces: InterfaceNeed[];
  mounts: MountNeed[];
  /** Domains its joined CIFS servers need resolved, and the DNS server that answers for each from here (null: none). */
  dns: { domain: string; own: boolean; server: string | null }[];
  wins: { servers: string[]; own: boolean };
  nis: { domain: string; own: boolean } | null;
  /** Compared with the data mover's ([000242] second kind): parameters set away from their default. */
  params: { name: string; value: number }[];
  /** Bound to the site: the time service and virus checking of its data mover. */
  time: string[] | null;
  viruschk: boolean;
}

/** FIG. 52 items 779-781: the interfaces and mounts a VDM needs, the name services and settings it relies on. */
export function vdmDependencies(world: World, cell: Cell, vdm: Vdm): Dependencies {
  const s = vdmServer(vdm);
  const cfg = readConfig(cell, s);
  const host = hostOf(cell, vdm);
  const entries = host === undefined ? [] : vdmEntries(vdm, host);
  const mounts: MountNeed[] = cfg.mounts.map((m) => {
    const fs = resolveExpected(world, cell, m);
    const e = fs === undefined ? undefined : entries.find((x) => x.fsId === fs.id);
    const why = fs === undefined ? 'missing' : e !== undefined ? null : !m.ro && fs.replLock !== undefined ? 'protected' : null;
    return { path: m.path, fs: fs?.name ?? m.fs, type: fs?.type ?? '', ro: m.ro, state: e === undefined ? 'not_mounted' : e.mounted ? 'mounted' : 'unmounted', why };
  });
  const interfaces: InterfaceNeed[] = cfg.interfaces.map((i) => {
    const on = host?.interfaces.find((x) => x.name === i.name);
    return {
      name: i.name,
      use: interfaceUse(cfg, i.name),
      servers: cfg.cifs.filter((c) => c.interfaces.includes(i.name)).map((c) => c.netbios),
      address: on?.address ?? null,
      up: on?.up === true,
      taken: vdm.taken.includes(i.name),
    };
  });
  // An unloaded VDM is told against the data mover it was last on, which it loads on again by default.
  const home = host ?? cell.movers.find((m) => m.name === vdm.mover);
  const hostCfg = home === undefined ? null : readConfig(cell, moverServer(home));
  const dnsCfg = cfg.dns.length > 0 ? cfg.dns : (hostCfg?.dns ?? []);
  const domains = [...new Set(cfg.cifs.filter((c) => c.joined !== null).map((c) => c.domain))];
  const ntp = home === undefined ? null : home.services.ntp;
  return {
    vdm,
    mover: host?.name ?? null,
    cifs: cfg.cifs.map((c) => c.netbios),
    interfaces,
    mounts,
    dns: domains.map((d) => ({ domain: d, own: cfg.dns.length > 0, server: dnsServerFor(world, cell, dnsCfg, d)?.address ?? null })),
    wins: { servers: cfg.wins.length > 0 ? cfg.wins : (hostCfg?.wins ?? []), own: cfg.wins.length > 0 },
    nis: cfg.nis !== null ? { domain: cfg.nis.domain, own: true } : hostCfg?.nis ? { domain: hostCfg.nis.domain, own: false } : null,
    params: home === undefined ? [] : PARAMS.filter((p) => paramValue(home, p).current !== p.default).map((p) => ({ name: paramKey(p), value: paramValue(home, p).current })),
    time: ntp === null ? null : ntp.servers,
    viruschk: home === undefined ? false : home.services.viruschk,
  };
}

/** Why a VDM could not load on a data mover ([000275]), each a code and its values; `blocking` false for what only warns. */
export interface Discrepancy {
  item: 'mover' | 'root' | 'mount' | 'interface' | 'cifs' | 'dns' | 'nis' | 'time' | 'param' | 'usermapper' | 'viruschk';
  why: string;
  name: string;
  detail: Record<string, string | number>;
  blocking: boolean;
}

export interface CheckReport {
  vdm: Vdm;
  cel: string;
  mover: string;
  /** The VDM's root as it would be found there: itself (same site), its replica, or nothing. */
  root: string | null;
  discrepancies: Discrepancy[];
}

/** The cell a check goes to: this one, or a remote Celerra this one knows and reaches now. */
function targetCell(world: World, cell: Cell, cel: string | null): Cell {
  if (cel === null || cel === cell.name) return cell;
  const entry = findEntry(cell, { name: cel });
  const remote = cellOfEntry(world, entry) ?? fail('cel_unreachable', { name: entry.name, why: 'no_host' });
  return reachableCell(world, cell, remote.name);
}

/** A VDM's root as a cell has it: the file system itself at its own cell, else its replica or one of the same name. */
function rootThere(world: World, cell: Cell, there: Cell, root: FileSystem): FileSystem | undefined {
  return resolveExpected(world, there, { cel: cell.name, fsId: root.id, fs: root.name, path: '/', ro: false, accessPolicy: null, lock: null, flags: [], autoPoint: false });
}

/**
 * `nas_server -vdm <vdm> -check <mover>[:cel=<cel>]` ([000275]): every discrepancy that would
 * stop the VDM loading on that data mover, and what would only work worse there. Changes nothing.
 */
export function checkVdm(world: World, cell: Cell, vdm: Vdm, moverName: string, cel: string | null): CheckReport {
  const there = targetCell(world, cell, cel);
  const target = findMover(there, moverName);
  const s = vdmServer(vdm);
  const cfg = readConfig(cell, s);
  const host = hostOf(cell, vdm);
  const out: Discrepancy[] = [];
  const add = (item: Discrepancy['item'], why: string, name: string, detail: Discrepancy['detail'] = {}, blocking = true) => out.push({ item, why, name, detail, blocking });
  const same = there === cell;

  if (target.type !== 'nas') add('mover', 'standby', target.name);
  else if (target.status !== 'online') add('mover', 'down', target.name, { status: target.status });

  // The root: at another site the VDM loads from its replica there.
  const root = fsById(cell, vdm.rootFsId);
  const rootAt = root === undefined ? undefined : same ? root : rootThere(world, cell, there, root);
  if (root === undefined || rootAt === undefined) add('root', 'missing', root?.name ?? '', { cel: there.name });
  else if (!same) {
    if (rootAt.type !== 'uxfs') add('root', 'not_uxfs', rootAt.name, { type: rootAt.type });
    const rw = there.movers.find((m) => m.mounts.some((x) => x.fsId === rootAt.id && x.mounted && !x.ro));
    if (rw !== undefined) add('root', 'mounted_rw', rootAt.name, { other: rw.name });
    if (rootAt.replLock?.why === 'destination') add('root', 'replica', rootAt.name, { peer: rootAt.replLock.peer }, false);
  }

  // Mounts: each file system (or its replica there) present, a file system, and free for the VDM.
  for (const m of cfg.mounts) {
    const fs = resolveExpected(world, there, same ? m : { ...m, cel: cell.name });
    if (fs === undefined) {
      add('mount', 'missing', m.path, { fs: m.fs, cel: there.name });
      continue;
    }
    const d = { fs: fs.name, path: m.path };
    if (fs.type === 'rawfs' && m.fs !== fs.name && !same) add('mount', 'rawfs', m.path, d);
    const holder = vdmHolding(world, there, fs.id, same ? vdm : undefined);
    if (holder !== undefined && (same || holder.vdm.rootFsId !== rootAt?.id)) add('mount', holder.as === 'root' ? 'vdm_root' : 'in_vdm', m.path, { ...d, other: holder.vdm.name });
    // A replica at another site is mounted read-only for its replication, and writable only after a failover: told, not counted.
    if (!same && fs.replLock?.why === 'destination') {
      const at = there.movers.flatMap((mv) => mv.mounts.filter((x) => x.fsId === fs.id && x.mounted).map((x) => `${x.path} on ${mv.name}`))[0] ?? 'nowhere';
      add('mount', 'replica', m.path, { ...d, peer: fs.replLock.peer, at }, false);
      continue;
    }
    // Any data mover's table holding it there keeps it out of the VDM, as a load refuses it (load.ts).
    for (const mv of there.movers) {
      for (const x of mv.mounts) {
        if (x.fsId !== fs.id) continue;
        if (same && host !== undefined && mv === host && relativePath(vdm, x.path) !== null) continue;
        if (mv === target) add('mount', 'on_mover', m.path, { ...d, other: mv.name, at: x.path });
        else add('mount', !x.mounted ? 'entry_elsewhere' : x.ro ? 'ro_elsewhere' : 'rw_elsewhere', m.path, { ...d, other: mv.name });
      }
    }
    if (!m.ro && fs.replLock !== undefined) add('mount', 'protected', m.path, d);
  }

  // Interfaces: by name on the target, up, and nobody else's there.
  for (const i of cfg.interfaces) {
    const at = target.interfaces.find((x) => x.name === i.name);
    const use = interfaceUse(cfg, i.name) ?? 'unused';
    if (at === undefined) add('interface', 'missing', i.name, { use }, use !== 'unused');
    else {
      if (!at.up) add('interface', 'down', i.name, { use, address: at.address }, use !== 'unused');
      const user = same && target === host ? null : interfaceUser(there, target, i.name, same ? vdm : undefined);
      if (user !== null) add('interface', 'in_use', i.name, { by: userName(user) });
    }
  }

  // The CIFS servers need the CIFS service, a resolver for their domain, a domain controller, the usermapper.
  if (cfg.cifs.length > 0 && !target.services.cifs.started) add('cifs', 'not_started', target.name);
  const targetCfg = readConfig(there, moverServer(target));
  const dns = cfg.dns.length > 0 ? cfg.dns : targetCfg.dns;
  for (const domain of new Set(cfg.cifs.filter((c) => c.joined !== null).map((c) => c.domain))) {
    if (dnsServerFor(world, there, dns, domain) === null) add('dns', dns.some((x) => x.domain === domain) ? 'unreachable' : 'missing', domain, { own: cfg.dns.length > 0 ? 1 : 0 });
    if (domainControllerFor(world, there, domain) === null) add('dns', 'no_dc', domain);
  }
  const um = there.usermapper;
  const primary = um.primary === null ? undefined : there.movers.find((x) => x.name === um.primary);
  if (cfg.cifs.length > 0 && (primary === undefined || primary.status !== 'online')) add('usermapper', um.primary === null ? 'disabled' : 'down', um.primary ?? '', {}, false);

  // Compared with the data mover it runs on now ([000274]): DNS domains, NIS, parameters.
  const home = host ?? cell.movers.find((m) => m.name === vdm.mover);
  if (home !== undefined && !(same && home === target)) {
    const hostCfg = readConfig(cell, moverServer(home));
    if (cfg.dns.length === 0)
      for (const d of hostCfg.dns) if (!targetCfg.dns.some((x) => x.domain === d.domain)) add('dns', 'not_configured', d.domain, { mover: home.name }, false);
    const nisHere = cfg.nis ?? hostCfg.nis;
    const nisThere = cfg.nis ?? targetCfg.nis;
    if ((nisHere?.domain ?? null) !== (nisThere?.domain ?? null)) add('nis', 'differs', nisHere?.domain ?? '', { there: nisThere?.domain ?? '' });
    for (const p of PARAMS) {
      const a = paramValue(home, p).current;
      const b = paramValue(target, p).current;
      if (a !== b) add('param', 'differs', paramKey(p), { here: a, there: b, mover: home.name });
    }
    // Bound to the site ([000248]): configured there on its own.
    const ntpHere = home.services.ntp;
    const ntpThere = target.services.ntp;
    if (ntpHere !== null && ntpThere === null) add('time', 'not_running', target.name, {});
    else if (
      ntpThere !== null &&
      !ntpThere.servers.some((ip) => {
        const h = hostAt(world, ip, 'ntp');
        return h !== undefined && hostReachable(world, there, h);
      })
    )
      add('time', 'unreachable', target.name, { servers: ntpThere.servers.join(',') });
    if (home.services.viruschk && !target.services.viruschk) add('viruschk', 'not_running', target.name, {}, false);
  }
  return { vdm, cel: there.name, mover: target.name, root: rootAt?.name ?? null, discrepancies: out };
}
