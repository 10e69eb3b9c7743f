// server_usermapper: the usermapper service of a site's data movers ([000257]): which one is
// the primary (it holds the database of mappings) and which ask it; enable and disable it;
// export its mappings as passwd-style files.
import { writeFileSync } from 'node:fs';
import { findMover, requireOnline } from '../src/engine/cluster.js';
import { fail } from '../src/engine/errors.js';
import { disableUsermapper, enableUsermapper, usermapperEntries, usermapperRole, type UsermapperRole } from '../src/engine/cifs/usermap.js';
import { findDomain } from '../src/engine/names.js';
import { INTERNAL_INTERFACES } from '../src/engine/net.js';
import type { Cell } from '../src/engine/types.js';
import { systemReason } from '../src/store/files.js';
import { changedWorld, defineCommand, done, edits, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { eachMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { alt, flag, form, val } from '../src/shell/grammar.js';

type Req = { op: 'show'; mover: string } | { op: 'enable' | 'disable'; mover: string } | { op: 'export'; mover: string; what: 'user' | 'group'; path: string };

interface Status {
  role: UsermapperRole;
  primary: { name: string; address: string } | null;
}

type Res = { op: 'show'; results: PerMover<Status>[] } | { op: 'done'; mover: string };

/** The records of `-Export`: `<sid>:*:<uid>:<gid>:User <user> from domain <DOMAIN>:/usr/<domain>/<user>:/bin/sh`, as reports parse them. */
function exportText(world: Parameters<typeof findDomain>[0], cell: Cell, what: 'user' | 'group'): string {
  const { users, groups } = usermapperEntries(cell);
  const sid = (domain: string, n: number) => `${findDomain(world, domain)?.sid ?? 'S-1-5-15-0'}-${n}`;
  const lines =
    what === 'user'
      ? users.map((u, i) => `${sid(u.domain, 1100 + i)}:*:${u.uid}:${u.gid}:User ${u.user} from domain ${u.domain}:/usr/${u.domain.toLowerCase()}/${u.user}:/bin/sh`)
      : groups.map((g, i) => `${sid(g.domain, 513 + i)}:*:${g.gid}:Group ${g.group} from domain ${g.domain}:`);
  return lines.map((l) => `${l}\n`).join('');
}

export const serverUsermapperCommand = defineCommand({
  name: 'server_usermapper',
  kind: 'celerra',
  summary: "show, enable and disable a data mover's usermapper service, export its mappings",
  forms: [
    form('show', [moverOrAll()]),
    form('enable', [val('movername', 'mover'), flag('-enable')], true),
    form('disable', [val('movername', 'mover'), flag('-disable')], true),
    form('export', [val('movername', 'mover'), flag('-Export'), alt(flag('-user'), flag('-group')), val('pathname', 'file')]),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    if (m.form === 'show') return { op: 'show', mover };
    if (mover === 'ALL') throw new UsageError('ALL shows the service; a change names one data mover');
    if (m.form === 'export') return { op: 'export', mover, what: m.flags['-user'] ? 'user' : 'group', path: m.values.pathname };
    return { op: m.form as 'enable' | 'disable', mover };
  },
  target: (req) => req.mover,
  run: (ctx, req): Ran<Res> => {
    const { cell, world } = ctx;
    if (req.op === 'show') {
      return unchanged({
        op: 'show',
        results: eachMover(cell, req.mover, (m) => {
          requireOnline(m);
          const um = cell.usermapper;
          const p = um.primary === null ? undefined : cell.movers.find((x) => x.name === um.primary);
          const address = p?.interfaces.find((i) => !INTERNAL_INTERFACES.has(i.name))?.address ?? '';
          return { role: usermapperRole(cell, m), primary: p === undefined ? null : { name: p.name, address } };
        }),
      });
    }
    const mover = findMover(cell, req.mover);
    requireOnline(mover);
    if (req.op === 'export') {
      if (usermapperRole(cell, mover) !== 'primary')
        fail('usermapper_state', { mover: mover.name, state: usermapperRole(cell, mover), primary: cell.usermapper.primary ?? '', op: 'export' });
      try {
        writeFileSync(req.path, exportText(world, cell, req.what));
      } catch (e) {
        fail('export_write_failed', { mover: mover.name, path: req.path, reason: systemReason(e) });
      }
      // The file is the host's: the world is as it was.
      return unchanged({ op: 'done', mover: mover.name });
    }
    const { changed } = edits(
      () => cell.usermapper,
      () => (req.op === 'enable' ? enableUsermapper(cell, mover) : disableUsermapper(cell, mover)),
    );
    return changedWorld({ op: 'done', mover: mover.name }, changed);
  },
  format: (r): Output => {
    if (r.op === 'done') return done(r.mover);
    return formatEach(r.results, (s, m) => {
      if (s.role === 'disabled') return [`${m.name} : Usrmapper service: Disabled`];
      const lines = [`${m.name} : Usrmapper service: Enabled`, `Service Class: ${s.role === 'primary' ? 'Primary' : 'Secondary'}`];
      if (s.role === 'secondary' && s.primary !== null) lines.push(`Primary = ${s.primary.address} (${s.primary.name})`);
      return lines;
    });
  },
});
