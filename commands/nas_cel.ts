// nas_cel: this Control Station (id 0) and the remote Celerras it trusts: listing, and the
// entries replication between sites is built on (-create on both sides with one passphrase,
// -modify, -delete; src/engine/trust.ts). Interconnects belong to the later VNX dialect.
import { notFound, refFrom, type Ref } from '../src/engine/cluster.js';
import { createRemote, deleteRemote, findEntry, modifyRemote, type RemoteChange } from '../src/engine/trust.js';
import type { Cell, RemoteCel } from '../src/engine/types.js';
import { keyValues, pad } from '../src/render/text.js';
import { changedWorld, defineCommand, edits, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { alt, any, flag, form, kv, opt, seq, val } from '../src/shell/grammar.js';

/** One row of the table: the local Control Station or a remote entry. */
interface CelEntry {
  id: number;
  name: string;
  netPath: string;
  celerraId: string;
  /** Remote entries only: the passphrase both sides agreed on. */
  passphrase?: string;
}

type Req =
  | { op: 'list' }
  | { op: 'info'; ref: Ref }
  | { op: 'create'; name: string; ip: string; passphrase: string }
  | { op: 'delete'; ref: Ref }
  | { op: 'modify'; ref: Ref; change: RemoteChange };

/** What the changing forms print first: they ask the remote Control Station, which takes a moment. */
const PROGRESS = 'operation in progress (not interruptible)...';

const celRef = () => alt(kv('id', 'id', 'number'), val('cel_name', 'cel'));
/** `changed`: the entry a create, modify or delete left, shown after the progress line. */
type Res = { op: 'list' | 'info' | 'changed'; entries: CelEntry[] };

const entryOf = (r: RemoteCel): CelEntry => ({ ...r });

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
  summary: 'list, create, modify and delete the remote Celerras this Control Station trusts',
  forms: [
    form('list', [flag('-list', '-l')]),
    form('info', [flag('-info', '-i'), celRef()]),
    form('create', [flag('-create'), val('cel_name', 'cel'), any(seq(flag('-ip'), val('ipaddr', 'ip')), seq(flag('-passphrase'), val('passphrase')))], true),
    form(
      'modify',
      [flag('-modify'), celRef(), any(opt(flag('-passphrase'), val('passphrase')), opt(flag('-name'), val('new_name', 'name')), opt(flag('-ip'), val('ipaddr', 'ip')))],
      true,
    ),
    form('delete', [flag('-delete'), celRef()], true),
  ],
  parse: (m): Req => {
    switch (m.form) {
      case 'list':
        return { op: 'list' };
      case 'create':
        return { op: 'create', name: m.values.cel_name, ip: m.values.ipaddr, passphrase: m.values.passphrase };
      case 'modify': {
        const change: RemoteChange = {};
        if (m.values.passphrase !== undefined) change.passphrase = m.values.passphrase;
        if (m.values.new_name !== undefined) change.name = m.values.new_name;
        if (m.values.ipaddr !== undefined) change.ip = m.values.ipaddr;
        if (Object.keys(change).length === 0) throw new UsageError('-modify needs -passphrase, -name or -ip');
        return { op: 'modify', ref: refFrom('cel', m.values.cel_name, m.values.id), change };
      }
      default:
        return { op: m.form, ref: refFrom('cel', m.values.cel_name, m.values.id) };
    }
  },
  run: (ctx, req: Req): Ran<Res> => {
    const { world, cell } = ctx;
    switch (req.op) {
      case 'list':
        return unchanged({ op: 'list', entries: entries(cell) });
      case 'info': {
        const all = entries(cell);
        const ref = req.ref;
        const found = 'id' in ref ? all.find((e) => e.id === ref.id) : all.find((e) => e.name === ref.name);
        return unchanged({ op: 'info', entries: [found ?? notFound('cel', 'id' in ref ? `id=${ref.id}` : ref.name)] });
      }
      case 'create':
        return changedWorld({ op: 'changed', entries: [entryOf(createRemote(world, cell, req))] });
      case 'modify': {
        const entry = findEntry(cell, req.ref);
        const { changed } = edits(
          () => entry,
          () => modifyRemote(world, cell, entry, req.change),
        );
        return changedWorld({ op: 'changed', entries: [entryOf(entry)] }, changed);
      }
      case 'delete':
        // The block shows the entry as it was.
        return changedWorld({ op: 'changed', entries: [entryOf(deleteRemote(world, cell, findEntry(cell, req.ref)))] });
    }
  },
  format: (r): Output => {
    if (r.op === 'list') return { lines: [HEADER, ...r.entries.map(row)] };
    if (r.op === 'changed') return { lines: [PROGRESS, ...info(r.entries[0]!)] };
    return { lines: info(r.entries[0]!) };
  },
});
