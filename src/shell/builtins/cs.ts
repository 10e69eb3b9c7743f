// cs [<cel>]: moves the session to another site's Control Station (the prompt follows),
// or says which one it is on.
import { findCell } from '../../engine/cluster.js';
import { defineCommand, unchanged, withEffects } from '../command.js';
import { form, opt, val } from '../grammar.js';

export const csCommand = defineCommand({
  name: 'cs',
  kind: 'builtin',
  summary: "move to another site's Control Station",
  forms: [form('cs', [opt(val('cel', 'cel'))])],
  parse: (m) => m.values.cel,
  run: (ctx, name: string | undefined) => {
    const cell = name === undefined ? ctx.cell : findCell(ctx.world, name);
    const moved = cell.name !== ctx.session.cel;
    ctx.session.cel = cell.name;
    const result = { name: cell.name, netPath: cell.netPath, site: cell.site };
    return moved ? withEffects(result, { session: true }) : unchanged(result);
  },
  format: (r) => ({ lines: [`${r.name} : Control Station ${r.netPath} (${r.site} site)`] }),
});
