// `sim names`: the network's name services as the trainer sees them ([000260]): the Windows
// domains with their users and computer accounts, the servers that answer names at each site
// (and whether this site reaches them), and what is registered in DNS and WINS, by whom.
import { hostReachable } from '../../engine/names.js';
import type { Cell, NameServices, World } from '../../engine/types.js';
import { pad } from '../../render/text.js';
import { alt, form, key, opt, type MatchOf } from '../grammar.js';

export const namesForms = [form('names', [key('names'), opt(alt(key('domains'), key('hosts'), key('dns'), key('wins')))])];

export type NamesReq = { op: 'names'; part: 'domains' | 'hosts' | 'dns' | 'wins' | null };

export function parseNames(m: MatchOf<typeof namesForms>): NamesReq {
  const part = (['domains', 'hosts', 'dns', 'wins'] as const).find((p) => m.flags[p]) ?? null;
  return { op: 'names', part };
}

export interface NamesView {
  kind: 'names';
  part: NamesReq['part'];
  names: NameServices;
  /** Whether the session's site reaches each server of the network (by address). */
  reach: Record<string, 'reachable' | 'unreachable' | 'down'>;
}

export function runNames(world: World, cell: Cell, req: NamesReq): NamesView {
  const names = world.names;
  const reach: NamesView['reach'] = {};
  for (const h of names.hosts) {
    const at = world.cells.find((c) => c.name === h.cel);
    reach[h.address] = at?.down === true ? 'down' : hostReachable(world, cell, h) ? 'reachable' : 'unreachable';
  }
  return { kind: 'names', part: req.part, names, reach };
}

export function namesLines(v: NamesView): string[] {
  const { names } = v;
  const out: string[] = [];
  const want = (p: NonNullable<NamesReq['part']>) => v.part === null || v.part === p;
  if (want('domains')) {
    out.push('Domains:');
    if (names.domains.length === 0) out.push(' (none)');
    for (const d of names.domains) {
      out.push(` ${d.netbios} ${d.name} SID=${d.sid}`);
      out.push(`  users: ${d.users.map((u) => (u.admin ? `${u.name} (admin)` : u.name)).join(', ') || '(none)'}`);
      out.push(`  computers: ${d.computers.map((c) => `${c.name} (ou=${c.ou}, kvno ${c.kvno})`).join(', ') || '(none)'}`);
    }
  }
  if (want('hosts')) {
    out.push('Name servers:');
    if (names.hosts.length === 0) out.push(' (none)');
    for (const h of names.hosts) out.push(` ${pad(h.name, 20)} ${pad(h.address, 15)} at ${h.cel} (${h.services.join(', ')}) ${v.reach[h.address]}`);
  }
  if (want('dns')) {
    out.push('DNS:');
    if (names.dns.length === 0) out.push(' (no registration)');
    for (const r of names.dns) out.push(` ${pad(r.name, 28)} A ${pad(r.address, 15)} (${r.owner})`);
  }
  if (want('wins')) {
    out.push('WINS:');
    if (names.wins.length === 0) out.push(' (no registration)');
    for (const r of names.wins) out.push(` ${pad(`${r.name}<20>`, 20)} ${pad(r.address, 15)} (${r.owner})`);
  }
  return out;
}
