// server_date: a data mover's date and time, read from the lab's virtual clock.
import { ctime } from '../src/render/time.js';
import { moverQueryCommand } from '../src/shell/each-mover.js';

export const serverDateCommand = moverQueryCommand({
  name: 'server_date',
  summary: "show a data mover's date and time",
  value: (ctx) => ctx.world.clock.now,
  line: (now) => ctime(now),
});
