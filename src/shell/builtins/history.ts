// history: the lines typed in this and earlier sessions, numbered as bash numbers them.
import { defineCommand, unchanged } from '../command.js';
import { form } from '../grammar.js';
import { padLeft } from '../../render/text.js';

export const historyCommand = defineCommand({
  name: 'history',
  kind: 'builtin',
  summary: 'list the command history',
  forms: [form('history', [])],
  parse: () => null,
  run: (ctx) => unchanged(ctx.host.history().slice()),
  format: (lines: string[]) => ({ lines: lines.map((l, i) => `${padLeft(i + 1, 5)}  ${l}`) }),
});
