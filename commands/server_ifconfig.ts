// PLACEHOLDER: to be written (issue 2).
import { defineCommand } from '../src/shell/command.js';

export const serverIfconfigCommand = defineCommand({
  name: 'server_ifconfig',
  kind: 'celerra',
  summary: 'not written yet',
  forms: [],
  parse: () => null,
  run: () => null,
  format: () => ({ lines: [] }),
});
