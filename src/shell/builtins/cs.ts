// cs <cel>: moves the session to another site's Control Station; the prompt follows.
import { findCell } from '../../engine/cluster.js';
import { defineCommand } from '../command.js';
import { form, val } from '../grammar.js';

export const csCommand = defineCommand({
  name: 'cs',
  kind: 'builtin',
  summary: "move to another site's Control Station",
  forms: [form('cs', [val('cel', 'cel')])],
  parse: (m) => m.values.cel!,
  run: (ctx, name: string) => {
    const cell = findCell(ctx.world, name);
    ctx.session.cel = cell.name;
    return { name: cell.name, netPath: cell.netPath, site: cell.site };
  },
  format: (r) => ({ lines: [`${r.name} : Control Station ${r.netPath} (${r.site} site)`], changed: true }),
});
