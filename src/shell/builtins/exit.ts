// exit: leaves the shell (the lab is already saved after every change).
import { defineCommand, withEffects } from '../command.js';
import { form, opt, val } from '../grammar.js';

type Req = { status: number } | { bad: string };

export const exitCommand = defineCommand({
  name: 'exit',
  kind: 'builtin',
  summary: 'leave drshell',
  forms: [form('exit', [opt(val('status', 'text'))])],
  parse: (m): Req => {
    const s = m.values.status;
    if (s === undefined) return { status: 0 };
    return /^-?\d+$/.test(s) ? { status: Number(BigInt.asUintN(8, BigInt(s))) } : { bad: s };
  },
  run: (_ctx, req: Req) => withEffects(req, { exit: true }),
  // As bash: a bad status is reported, and the shell still leaves, with status 2.
  format: (r: Req) => ('bad' in r ? { lines: [`-bash: exit: ${r.bad}: numeric argument required`], status: 2 } : { lines: [], status: r.status }),
});
