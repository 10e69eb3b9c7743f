// PLACEHOLDER: to be written (issue 2).
import { defineCommand } from '../src/shell/command.js';

export const serverDateCommand = defineCommand({
  name: 'server_date',
  kind: 'celerra',
  summary: 'not written yet',
  forms: [],
  parse: () => null,
  run: () => null,
  format: () => ({ lines: [] }),
});
