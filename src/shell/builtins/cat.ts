// cat: prints the files of the data movers' root file systems that the Control Station
// reaches under /nasmcd/quota/slot_<n>/ ([S16]): a data mover's .etc/boot.cfg and, for each
// VDM loaded or mounted on it, root_vdm_<id>/.etc/vdm.cfg: the configuration they hold
// ([000264]: kept current so the data mover reloads it at boot).
import { configIn, MOVER_CONFIG, readConfig, VDM_CONFIG, vdmServer, moverServer } from '../../engine/vdm/config.js';
import { hostOf, vdmsOf } from '../../engine/vdm/vdms.js';
import type { Cell } from '../../engine/types.js';
import { configText } from '../../render/server-config.js';
import { defineCommand, unchanged } from '../command.js';
import { form, rest } from '../grammar.js';

const SLOT = /^\/nas(?:mcd)?\/quota\/slot_(\d+)(\/.*)$/;

/** A file's lines, or null when the lab has no such file. */
function fileLines(cell: Cell, path: string): string[] | null {
  const m = SLOT.exec(path.replace(/\/+/g, '/'));
  if (!m) return null;
  const mover = cell.movers.find((x) => x.slot === Number(m[1]));
  if (mover === undefined || mover.status !== 'online') return null;
  const rest = m[2]!;
  if (rest === MOVER_CONFIG) {
    return configText(readConfig(cell, moverServer(mover)), `boot.cfg of ${mover.name}: the configuration the data mover plays at boot`);
  }
  const v = /^\/root_vdm_(\d+)\/\.etc(\/.*)$/.exec(rest);
  if (!v || v[2] !== VDM_CONFIG) return null;
  const vdm = vdmsOf(cell).find((x) => x.id === Number(v[1]) && hostOf(cell, x) === mover);
  if (vdm === undefined) return null;
  const root = cell.fileSystems.find((f) => f.id === vdm.rootFsId);
  if (root === undefined || configIn(root, VDM_CONFIG) === null) return null;
  return configText(readConfig(cell, vdmServer(vdm)), `vdm.cfg of ${vdm.name}: the configuration the data mover plays when it loads the VDM`);
}

export const catCommand = defineCommand({
  name: 'cat',
  kind: 'celerra',
  summary: "print the data movers' configuration files the Control Station keeps",
  forms: [form('files', [rest('file', 'file')])],
  parse: (m) => ({ files: m.rest }),
  run: (ctx, req: { files: string[] }) => unchanged(req.files.map((f) => ({ file: f, lines: fileLines(ctx.cell, f) }))),
  format: (r) => {
    const lines: string[] = [];
    let status = 0;
    for (const f of r) {
      if (f.lines === null) {
        lines.push(`cat: ${f.file}: No such file or directory`);
        status = 1;
      } else lines.push(...f.lines);
    }
    return { lines, status };
  },
});
