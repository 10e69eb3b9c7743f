// PLACEHOLDER: to be written (issue 2).
import { defineCommand } from '../src/shell/command.js';

export const serverMountpointCommand = defineCommand({
  name: 'server_mountpoint',
  kind: 'celerra',
  summary: 'not written yet',
  forms: [],
  parse: () => null,
  run: () => null,
  format: () => ({ lines: [] }),
});
