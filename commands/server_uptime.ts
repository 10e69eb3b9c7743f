// PLACEHOLDER: to be written (issue 2).
import { defineCommand } from '../src/shell/command.js';

export const serverUptimeCommand = defineCommand({
  name: 'server_uptime',
  kind: 'celerra',
  summary: 'not written yet',
  forms: [],
  parse: () => null,
  run: () => null,
  format: () => ({ lines: [] }),
});
