// nas_server: the data movers of this Control Station (VDMs come with their own issue).
import { findMover } from '../src/engine/cluster.js';
import type { Cell, Mover } from '../src/engine/types.js';
import { joinBlocks, keyValues, pad } from '../src/render/text.js';
import { defineCommand, UsageError, type Output } from '../src/shell/command.js';
import { alt, flag, form, opt, val } from '../src/shell/grammar.js';

type Req = { op: 'list'; all: boolean } | { op: 'info'; all: boolean; name?: string };

/** `-info` accepts a name, `id=<n>` or a slot number, as the real command does. */
function resolve(cell: Cell, ref: string): Mover {
  const id = /^id=(\d+)$/.exec(ref);
  if (id) return cell.movers.find((m) => m.id === Number(id[1])) ?? findMover(cell, ref);
  if (/^\d+$/.test(ref)) return cell.movers.find((m) => m.slot === Number(ref)) ?? findMover(cell, ref);
  return findMover(cell, ref);
}

const TYPE_CODE = { nas: 1, standby: 4 } as const;

function infoBlock(cell: Cell, m: Mover): string[] {
  const standbyFor = cell.movers.filter((p) => p.standby === m.name).map((p) => p.name);
  const actual = m.status === 'online' ? (m.type === 'nas' ? 'online, active' : 'online, ready') : m.status;
  return [
    ...keyValues(
      [
        ['id', m.id],
        ['name', m.name],
        ['acl', 0],
        ['type', m.type],
        ['slot', m.slot],
        ['member_of', ''],
        m.type === 'standby' ? ['standbyfor', standbyFor.join(',')] : ['standby', m.standby ? `${m.standby}, policy=${m.policy}` : ''],
      ],
      10,
    ),
    'status    :',
    '  defined = enabled',
    `   actual = ${actual}`,
  ];
}

export const nasServerCommand = defineCommand({
  name: 'nas_server',
  kind: 'celerra',
  summary: 'list the data movers and show their details',
  forms: [
    form('list', [flag('-list', '-l'), opt(flag('-all', '-a'))]),
    form('info', [flag('-info', '-i'), alt(flag('-all', '-a'), val('movername', 'mover'))]),
  ],
  parse: (m): Req => {
    if (m.form === 'list') return { op: 'list', all: m.flags['-all'] === true };
    if (m.flags['-all']) return { op: 'info', all: true };
    if (!m.values.movername) throw new UsageError();
    return { op: 'info', all: false, name: m.values.movername };
  },
  run: (ctx, req: Req) => {
    const cell = ctx.cell;
    if (req.op === 'list') return { op: 'list' as const, all: req.all, cell, movers: [...cell.movers].sort((a, b) => a.id - b.id) };
    const movers = req.all ? [...cell.movers].sort((a, b) => a.id - b.id) : [resolve(cell, req.name!)];
    return { op: 'info' as const, cell, movers };
  },
  format: (r): Output => {
    if (r.op === 'list') {
      const lines = ['id      type  acl  slot groupID  state  name'];
      for (const m of r.movers) {
        const state = m.status === 'online' ? 0 : 1;
        lines.push(`${pad(m.id, 9)}${pad(TYPE_CODE[m.type], 5)}${pad(0, 6)}${pad(m.slot, 15)}${pad(state, 5)}${m.name}`);
      }
      // With -all the virtual data movers follow in their own table (none until VDMs exist).
      if (r.all) lines.push('', 'id      acl  server    mountedfs       rootfs  name');
      return { lines };
    }
    return { lines: joinBlocks(r.movers.map((m) => infoBlock(r.cell, m))) };
  },
});
