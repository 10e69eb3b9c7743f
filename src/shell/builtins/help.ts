// help [cmd]: what drshell can do, or one command's synopsis.
import { defineCommand, unchanged, type Ran } from '../command.js';
import { form, opt, synopsis, val } from '../grammar.js';
import { commands, findCommand } from '../registry.js';
import { pad } from '../../render/text.js';

type Entry = { name: string; kind: 'celerra' | 'builtin'; summary: string };
type Res = { all?: Entry[]; one?: { name: string; summary: string; synopsis: string[] }; missing?: string };

export const helpCommand = defineCommand({
  name: 'help',
  kind: 'builtin',
  summary: 'list the commands, or show how to use one',
  forms: [form('help', [opt(val('command', 'command'))])],
  parse: (m) => ({ name: m.values.command }),
  run: (_ctx, req: { name?: string }): Ran<Res> => {
    if (!req.name) return unchanged({ all: commands().map((c) => ({ name: c.name, kind: c.kind, summary: c.summary })) });
    const cmd = findCommand(req.name);
    return unchanged(cmd ? { one: { name: cmd.name, summary: cmd.summary, synopsis: synopsis(cmd.name, cmd.forms) } } : { missing: req.name });
  },
  format: (res) => {
    if ('missing' in res && res.missing) return { lines: [`help: no help topics match '${res.missing}'. Try 'help'.`], status: 1 };
    if (res.one) return { lines: [...res.one.synopsis, '', `    ${res.one.summary}`, '', `See 'man ${res.one.name}' for the whole page.`] };
    const lines: string[] = ['Control Station commands:'];
    for (const c of res.all!.filter((c) => c.kind === 'celerra')) lines.push(`  ${pad(c.name, 18)}${c.summary}`);
    lines.push('', 'Shell built-ins:');
    for (const c of res.all!.filter((c) => c.kind === 'builtin')) lines.push(`  ${pad(c.name, 18)}${c.summary}`);
    lines.push('', "Type 'help <command>' for its synopsis, 'man <command>' for its manual page.");
    return { lines };
  },
});
