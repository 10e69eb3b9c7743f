// server_uptime: how long a data mover has run since its last boot.
import { uptime } from '../src/render/time.js';
import { moverQueryCommand } from '../src/shell/each-mover.js';

export const serverUptimeCommand = moverQueryCommand({
  name: 'server_uptime',
  summary: 'show how long a data mover has been up',
  value: (ctx, mover) => ctx.world.clock.now - mover.bootedAt,
  line: (ms) => `up ${uptime(ms)}`,
});
