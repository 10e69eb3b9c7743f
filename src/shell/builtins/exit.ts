// exit: leaves the shell (the lab is already saved after every change).
import { defineCommand } from '../command.js';
import { form, opt, val } from '../grammar.js';

export const exitCommand = defineCommand({
  name: 'exit',
  kind: 'builtin',
  summary: 'leave drshell',
  forms: [form('exit', [opt(val('status', 'number'))])],
  parse: (m) => (m.values.status === undefined ? 0 : Number.parseInt(m.values.status, 10) & 255),
  run: (_ctx, status: number) => (Number.isNaN(status) ? 0 : status),
  format: (status: number) => ({ lines: ['logout'], exit: true, status }),
});
