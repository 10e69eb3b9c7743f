// server_date: a data mover's date and time, read from the lab's virtual clock.
import { requireOnline } from '../src/engine/cluster.js';
import { ctime } from '../src/render/time.js';
import { defineCommand } from '../src/shell/command.js';
import { eachMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { form } from '../src/shell/grammar.js';

export const serverDateCommand = defineCommand({
  name: 'server_date',
  kind: 'celerra',
  summary: "show a data mover's date and time",
  forms: [form('show', [moverOrAll()])],
  parse: (m) => ({ mover: m.values.movername ?? 'ALL' }),
  target: (req) => req.mover,
  run: (ctx, req): PerMover<number>[] =>
    eachMover(ctx.cell, req.mover, (mover) => {
      requireOnline(mover);
      return ctx.world.clock.now;
    }),
  format: (results) => formatEach(results, (now, mover) => [`${mover.name} : ${ctime(now)}`]),
});
