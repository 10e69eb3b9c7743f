// server_uptime: how long a data mover has run since its last boot.
import { requireOnline } from '../src/engine/cluster.js';
import { uptime } from '../src/render/time.js';
import { defineCommand } from '../src/shell/command.js';
import { eachMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { form } from '../src/shell/grammar.js';

export const serverUptimeCommand = defineCommand({
  name: 'server_uptime',
  kind: 'celerra',
  summary: 'show how long a data mover has been up',
  forms: [form('show', [moverOrAll()])],
  parse: (m) => ({ mover: m.values.movername ?? 'ALL' }),
  target: (req) => req.mover,
  run: (ctx, req): PerMover<number>[] =>
    eachMover(ctx.cell, req.mover, (mover) => {
      requireOnline(mover);
      return ctx.world.clock.now - mover.bootedAt;
    }),
  format: (results) => formatEach(results, (ms, mover) => [`${mover.name} : up ${uptime(ms)}`]),
});
