// man <cmd>: shows the command's roff page from man/man1, rendered by man(1) when the
// system has it, else by drshell's own small roff reader.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { defineCommand, unchanged } from '../command.js';
import { form, val } from '../grammar.js';
import { manDir } from '../../store/paths.js';
import { roffToText } from '../../render/roff.js';

export function renderManPage(name: string, width = 80): string[] | null {
  const file = join(manDir(), `${name}.1`);
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || !existsSync(file)) return null;
  const r = spawnSync('man', ['-l', '-P', 'cat', file], {
    encoding: 'utf8',
    env: { ...process.env, MANWIDTH: String(width), MAN_KEEP_FORMATTING: '', GROFF_NO_SGR: '1', LANG: 'C.UTF-8' },
  });
  if (r.status === 0 && r.stdout) return r.stdout.replace(/.\x08/g, '').replace(/\n+$/, '').split('\n');
  return roffToText(readFileSync(file, 'utf8'), width);
}

export const manCommand = defineCommand({
  name: 'man',
  kind: 'builtin',
  summary: 'show the manual page of a command or built-in',
  forms: [form('man', [val('command', 'command')])],
  parse: (m) => m.values.command,
  run: (_ctx, name: string) => unchanged({ name, page: renderManPage(name, Math.min(process.stdout.columns || 80, 100)) }),
  format: (res) => (res.page ? { lines: res.page } : { lines: [`No manual entry for ${res.name}`], status: 16 }),
});
