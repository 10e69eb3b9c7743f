// server_version: the DART release a data mover runs, from its cell's code level.
import { dartVersion } from '../src/engine/release.js';
import { moverQueryCommand } from '../src/shell/each-mover.js';

export const serverVersionCommand = moverQueryCommand({
  name: 'server_version',
  summary: 'show the software version a data mover runs',
  value: (ctx) => dartVersion(ctx.cell.codeLevel),
  line: (version) => `Product: EMC Celerra File Server Version: ${version}`,
});
