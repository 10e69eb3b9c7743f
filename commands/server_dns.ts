// server_dns: the DNS resolver of a data mover or a VDM (a VDM's own, [000242] item 740, else
// its data mover's): list the domains and their servers, set a domain's servers, delete one.
import { deleteDns, setDns } from '../src/engine/cifs/resolver.js';
import type { DnsDomain } from '../src/engine/types.js';
import { readConfig } from '../src/engine/vdm/config.js';
import { resolveServer, serverName } from '../src/engine/vdm/vdms.js';
import { changedWorld, defineCommand, done, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { alt, flag, form, key, opt, val } from '../src/shell/grammar.js';

type Req =
  | { op: 'list'; server: string }
  | { op: 'set'; server: string; domain: string; servers: string[]; proto: 'udp' | 'tcp' }
  | { op: 'delete'; server: string; domain: string };

type Res = { op: 'list'; results: PerServer<{ dns: DnsDomain[]; vdm: boolean }>[] } | { op: 'done'; server: string };

const server = () => val('movername', 'server');

export const serverDnsCommand = defineCommand({
  name: 'server_dns',
  kind: 'celerra',
  summary: 'show and set the DNS domains a data mover or a VDM resolves',
  forms: [
    form('list', [serverOrAll()]),
    form('delete', [server(), flag('-delete'), val('domain_name', 'name')], true),
    form('set', [server(), opt(flag('-protocol'), alt(key('tcp'), key('udp'))), val('domain_name', 'name'), val('ip_addr,...', 'ip')], true),
  ],
  parse: (m): Req => {
    const who = m.values.movername ?? 'ALL';
    if (m.form === 'list') return { op: 'list', server: who };
    if (who === 'ALL') throw new UsageError('ALL lists the resolvers; a change names one data mover or VDM');
    if (m.form === 'delete') return { op: 'delete', server: who, domain: m.values.domain_name };
    return { op: 'set', server: who, domain: m.values.domain_name, servers: m.values['ip_addr,...'].split(','), proto: m.flags.tcp ? 'tcp' : 'udp' };
  },
  target: (req) => req.server,
  run: (ctx, req): Ran<Res> => {
    const { world, cell } = ctx;
    if (req.op === 'list')
      return unchanged({ op: 'list', results: eachServer(cell, req.server, (s) => (answeringMover(cell, s), { dns: readConfig(cell, s).dns, vdm: s.kind === 'vdm' })) });
    const s = resolveServer(cell, req.server);
    if (req.op === 'set') setDns(world, cell, s, req.domain, req.servers, req.proto);
    else deleteDns(world, cell, s, req.domain);
    return changedWorld({ op: 'done', server: serverName(s) });
  },
  format: (r): Output => {
    if (r.op === 'done') return done(r.server);
    return formatEachServer(r.results, ({ dns, vdm }, name) => {
      if (dns.length === 0) return [`${name} :`, vdm ? "DNS is not configured (the data mover's resolver is used)" : 'DNS is not configured.'];
      return [`${name} :`, 'DNS is running.', ...dns.flatMap((d) => [` ${d.domain}`, ` proto:${d.proto} server(s):${d.servers.join(',')}`])];
    });
  },
});
