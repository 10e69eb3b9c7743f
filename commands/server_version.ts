// server_version: the DART release a data mover runs, from its cell's code level.
import { requireOnline } from '../src/engine/cluster.js';
import { defineCommand } from '../src/shell/command.js';
import { eachMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { form } from '../src/shell/grammar.js';

/** `5.6.52-201` -> `T5.6.52.201`, DART's own spelling of a release. */
export function dartVersion(codeLevel: string): string {
  return `T${codeLevel.replace(/-/g, '.')}`;
}

export const serverVersionCommand = defineCommand({
  name: 'server_version',
  kind: 'celerra',
  summary: 'show the software version a data mover runs',
  forms: [form('show', [moverOrAll()])],
  parse: (m) => ({ mover: m.values.movername ?? 'ALL' }),
  target: (req) => req.mover,
  run: (ctx, req): PerMover<string>[] =>
    eachMover(ctx.cell, req.mover, (mover) => {
      requireOnline(mover);
      return dartVersion(ctx.cell.codeLevel);
    }),
  format: (results) =>
    formatEach(results, (version, mover) => [`${mover.name} : Product: EMC Celerra File Server Version: ${version}`]),
});
