// server_nis: the NIS domain and servers of a data mover or a VDM (a VDM's own, else its data
// mover's): show, set, delete.
import { deleteNis, setNis } from '../src/engine/cifs/resolver.js';
import type { NisDomain } from '../src/engine/types.js';
import { readConfig } from '../src/engine/vdm/config.js';
import { resolveServer, serverName } from '../src/engine/vdm/vdms.js';
import { changedWorld, defineCommand, done, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { flag, form, val } from '../src/shell/grammar.js';

type Req = { op: 'show'; server: string } | { op: 'set'; server: string; domain: string; servers: string[] } | { op: 'delete'; server: string };

type Res = { op: 'show'; results: PerServer<{ nis: NisDomain | null; vdm: boolean }>[] } | { op: 'done'; server: string };

const server = () => val('movername', 'server');

export const serverNisCommand = defineCommand({
  name: 'server_nis',
  kind: 'celerra',
  summary: 'show and set the NIS domain of a data mover or a VDM',
  forms: [form('show', [serverOrAll()]), form('delete', [server(), flag('-delete')], true), form('set', [server(), val('domain_name', 'name'), val('ip_addr,...', 'ip')], true)],
  parse: (m): Req => {
    const who = m.values.movername ?? 'ALL';
    if (m.form === 'show') return { op: 'show', server: who };
    if (who === 'ALL') throw new UsageError('ALL shows NIS; a change names one data mover or VDM');
    if (m.form === 'delete') return { op: 'delete', server: who };
    return { op: 'set', server: who, domain: m.values.domain_name, servers: m.values['ip_addr,...'].split(',') };
  },
  target: (req) => req.server,
  run: (ctx, req): Ran<Res> => {
    const { world, cell } = ctx;
    if (req.op === 'show')
      return unchanged({ op: 'show', results: eachServer(cell, req.server, (s) => (answeringMover(cell, s), { nis: readConfig(cell, s).nis, vdm: s.kind === 'vdm' })) });
    const s = resolveServer(cell, req.server);
    if (req.op === 'set') setNis(world, cell, s, req.domain, req.servers);
    else deleteNis(world, cell, s);
    return changedWorld({ op: 'done', server: serverName(s) });
  },
  format: (r): Output => {
    if (r.op === 'done') return done(r.server);
    return formatEachServer(r.results, ({ nis, vdm }, name) =>
      nis === null
        ? [`${name} :`, vdm ? "NIS is not configured (the data mover's is used)" : 'NIS is not configured.']
        : [`${name} :`, `yp domain=${nis.domain} server(s)=${nis.servers.join(',')}`],
    );
  },
});
