// echo: prints its words, as scripts use it between Control Station commands.
import { defineCommand, unchanged } from '../command.js';
import { form, rest } from '../grammar.js';

export const echoCommand = defineCommand({
  name: 'echo',
  kind: 'builtin',
  summary: 'print words (-n: no newline at the end)',
  forms: [form('echo', [rest('word')])],
  parse: (m) => {
    const noNewline = m.rest[0] === '-n';
    return { words: noNewline ? m.rest.slice(1) : m.rest, noNewline };
  },
  run: (_ctx, req: { words: string[]; noNewline: boolean }) => unchanged(req),
  format: (r) => ({ lines: [r.words.join(' ')], noNewline: r.noNewline }),
});
