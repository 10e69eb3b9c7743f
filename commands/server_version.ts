// server_version: the DART release a data mover runs, from its cell's code level.
import { moverQueryCommand } from '../src/shell/each-mover.js';

/** `5.6.52-201` -> `T5.6.52.201`, DART's own spelling of a release. */
export function dartVersion(codeLevel: string): string {
  return `T${codeLevel.replace(/-/g, '.')}`;
}

export const serverVersionCommand = moverQueryCommand({
  name: 'server_version',
  summary: 'show the software version a data mover runs',
  value: (ctx) => dartVersion(ctx.cell.codeLevel),
  line: (version) => `Product: EMC Celerra File Server Version: ${version}`,
});
