// export and env: the shell variables scripts set (`export NAS_DB=/nas`), kept per session.
import { defineCommand, unchanged, UsageError, withEffects } from '../command.js';
import { form, rest } from '../grammar.js';

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export const exportCommand = defineCommand({
  name: 'export',
  kind: 'builtin',
  summary: 'set shell variables (export NAME=value)',
  forms: [form('export', [rest('assignment')])],
  parse: (m) =>
    m.rest.map((w) => {
      const a = ASSIGN.exec(w);
      if (!a) throw new UsageError(`\`${w}': not a valid identifier`);
      return [a[1]!, a[2]!] as [string, string];
    }),
  run: (ctx, pairs: [string, string][]) => {
    if (pairs.length === 0) return unchanged(Object.entries(ctx.session.env));
    for (const [k, v] of pairs) ctx.session.env[k] = v;
    return withEffects([], { session: true });
  },
  format: (list) => ({ lines: list.map(([k, v]) => `declare -x ${k}="${v}"`) }),
});

/** `NAME=value` lines, as env(1) prints them. */
export function envLines(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

export const envCommand = defineCommand({
  name: 'env',
  kind: 'builtin',
  summary: 'list the shell variables',
  forms: [form('env', [])],
  parse: () => null,
  run: (ctx) => unchanged(ctx.session.env),
  format: (env: Record<string, string>) => ({ lines: envLines(env) }),
});
