// PLACEHOLDER: to be written (issue 2).
import { defineCommand } from '../src/shell/command.js';

export const nasCelCommand = defineCommand({
  name: 'nas_cel',
  kind: 'celerra',
  summary: 'not written yet',
  forms: [],
  parse: () => null,
  run: () => null,
  format: () => ({ lines: [] }),
});
