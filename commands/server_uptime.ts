// server_uptime: how long a data mover has run since its last boot.
import { uptime } from '../src/render/time.js';
import { moverQueryCommand } from '../src/shell/each-mover.js';

export const serverUptimeCommand = moverQueryCommand({
  name: 'server_uptime',
  summary: 'show how long a data mover has been up, or a VDM loaded',
  // A VDM is up since it was loaded on its data mover, or since that mover booted, whichever is later.
  value: (ctx, mover, vdm) => ctx.world.clock.now - Math.max(mover.bootedAt, vdm?.loadedAt ?? 0),
  line: (ms) => `up ${uptime(ms)}`,
});
