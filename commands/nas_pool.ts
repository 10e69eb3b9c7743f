// nas_pool: the storage pools file systems are built from: list, details and capacity.
import { refFrom, type Ref } from '../src/engine/cluster.js';
import { describePool, resolvePool, type PoolReport } from '../src/engine/fs.js';
import { joinBlocks, pad } from '../src/render/text.js';
import { defineCommand, type Output, type Ran, unchanged } from '../src/shell/command.js';
import { alt, flag, form, kv, val } from '../src/shell/grammar.js';

type Req = { op: 'list' } | { op: 'info' | 'size'; ref: Ref | 'all' };
type Res = { op: 'list' | 'info' | 'size'; reports: PoolReport[] };

const poolRef = () => alt(flag('-all', '-a'), val('name', 'pool'), kv('id', 'pool_id', 'number'));

function refOf(flags: Record<string, true>, values: Record<string, string>): Ref | 'all' {
  return flags['-all'] ? 'all' : refFrom('pool', values.name, values.id);
}

const W = 21;
const line = (k: string, v: string | number) => `${pad(k, W)}= ${v}`.trimEnd();
const bool = (b: boolean) => (b ? 'True' : 'False');

/** The block the real `nas_pool -create` and `-info` print, values taken from the world. */
function infoBlock(r: PoolReport): string[] {
  const p = r.pool;
  return [
    line('id', p.id),
    line('name', p.name),
    line('description', p.description),
    line('acl', 0),
    line('in_use', bool(r.inUse)),
    line('clients', r.clients.join(',')),
    line('members', p.members.join(',')),
    line('storage_system(s)', r.storageSystem),
    line('default_slice_flag', 'True'),
    line('is_user_defined', 'False'),
    line('thin', 'False'),
    line('tiering_policy', 'N/A'),
    line('compressed', 'False'),
    line('mirrored', 'False'),
    line('disk_type', p.diskType),
    line('server_visibility', r.serverVisibility.join(',')),
    line('is_greedy', 'False'),
    line('template_pool', 'N/A'),
    line('num_stripe_members', 'N/A'),
    line('stripe_size', 'N/A'),
  ];
}

/** `nas_pool -size`: the keys monitoring scripts read (`used_mb`, `avail_mb`, `total_mb`). */
function sizeBlock(r: PoolReport): string[] {
  const s = (k: string, v: string | number) => `${pad(k, 13)}= ${v}`;
  return [
    s('id', r.pool.id),
    s('name', r.pool.name),
    s('used_mb', r.space.usedMB),
    s('avail_mb', r.space.availMB),
    s('total_mb', r.space.totalMB),
    s('potential_mb', r.space.potentialMB),
  ];
}

export const nasPoolCommand = defineCommand({
  name: 'nas_pool',
  kind: 'celerra',
  summary: 'list the storage pools and show their details and capacity',
  forms: [form('list', [flag('-list', '-l')]), form('info', [flag('-info', '-i'), poolRef()]), form('size', [flag('-size'), poolRef()])],
  parse: (m): Req => {
    if (m.form === 'list') return { op: 'list' };
    return { op: m.form === 'info' ? 'info' : 'size', ref: refOf(m.flags, m.values) };
  },
  run: (ctx, req): Ran<Res> => {
    const cell = ctx.cell;
    const all = () => [...cell.pools].sort((a, b) => a.id - b.id);
    const pools = req.op === 'list' || req.ref === 'all' ? all() : [resolvePool(cell, req.ref)];
    return unchanged({ op: req.op, reports: pools.map((p) => describePool(cell, p)) });
  },
  format: (r): Output => {
    if (r.op === 'list') {
      const lines = ['id      inuse   acl     name                      storage_system'];
      for (const x of r.reports) {
        lines.push(`${pad(x.pool.id, 8)}${pad(x.inUse ? 'y' : 'n', 8)}${pad(0, 8)}${pad(x.pool.name, 25)} ${x.storageSystem}`);
      }
      return { lines };
    }
    return { lines: joinBlocks(r.reports.map(r.op === 'info' ? infoBlock : sizeBlock)) };
  },
});
