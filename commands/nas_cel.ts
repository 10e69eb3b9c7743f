// nas_cel: this Control Station (id 0) and the remote Celerras it trusts. Creating and
// deleting remote entries (-create, -delete) and interconnects come with replication.
import { notFound, refFrom, type Ref } from '../src/engine/cluster.js';
import type { Cell } from '../src/engine/types.js';
import { keyValues, pad } from '../src/render/text.js';
import { defineCommand, type Output } from '../src/shell/command.js';
import { alt, flag, form, kv, val } from '../src/shell/grammar.js';

/** One row of the table: the local Control Station or a remote entry. */
interface CelEntry {
  id: number;
  name: string;
  netPath: string;
  celerraId: string;
  /** Remote entries only: the passphrase both sides agreed on. */
  passphrase?: string;
}

type Req = { op: 'list' } | { op: 'info'; ref: Ref };

function entries(cell: Cell): CelEntry[] {
  const local: CelEntry = { id: 0, name: cell.name, netPath: cell.netPath, celerraId: cell.celerraId };
  const remotes = [...cell.remotes].sort((a, b) => a.id - b.id).map((r) => ({ ...r }));
  return [local, ...remotes];
}

/** Pads to a column but keeps at least one space, so awk still splits a long value off. */
const col = (s: string | number, width: number) => (String(s).length >= width ? `${s} ` : pad(s, width));

// Column starts copied from a real `nas_cel -l` capture (reference samples, fvtool blog).
const HEADER = 'id    name          owner mount_dev  channel    net_path                                      CMU';

function row(e: CelEntry): string {
  return `${col(e.id, 6)}${col(e.name, 14)}${col(0, 6)}${col('', 11)}${col('', 11)}${col(e.netPath, 46)}${e.celerraId}`;
}

function info(e: CelEntry): string[] {
  const rows: [string, string | number][] = [
    ['id', e.id],
    ['name', e.name],
    ['owner', 0],
    ['device', ''],
    ['channel', ''],
    ['net_path', e.netPath],
    ['celerra_id', e.celerraId],
  ];
  if (e.passphrase !== undefined) rows.push(['passphrase', e.passphrase]);
  return keyValues(rows, 11);
}

export const nasCelCommand = defineCommand({
  name: 'nas_cel',
  kind: 'celerra',
  summary: 'list this Control Station and the remote Celerras it knows',
  forms: [
    form('list', [flag('-list', '-l')]),
    form('info', [flag('-info', '-i'), alt(kv('id', 'id', 'number'), val('cel_name', 'cel'))]),
  ],
  parse: (m): Req => {
    if (m.form === 'list') return { op: 'list' };
    return { op: 'info', ref: refFrom('cel', m.values.cel_name, m.values.id) };
  },
  run: (ctx, req: Req) => {
    const all = entries(ctx.cell);
    if (req.op === 'list') return { op: 'list' as const, entries: all };
    const ref = req.ref;
    const found = 'id' in ref ? all.find((e) => e.id === ref.id) : all.find((e) => e.name === ref.name);
    return { op: 'info' as const, entries: [found ?? notFound('cel', 'id' in ref ? `id=${ref.id}` : ref.name)] };
  },
  format: (r): Output => {
    if (r.op === 'list') return { lines: [HEADER, ...r.entries.map(row)] };
    return { lines: info(r.entries[0]!) };
  },
});
