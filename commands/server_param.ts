// server_param: a physical data mover's parameters by facility: list them, show one, change
// one. A VDM has none of its own: it runs with its data mover's ([000242], compared before a
// VDM moves: nas_server -vdm <vdm> -check).
import { findMover, requireOnline } from '../src/engine/cluster.js';
import { FACILITIES, findParam, modifyParam, PARAMS, paramValue, type ParamDef } from '../src/engine/mover-settings.js';
import { fail } from '../src/engine/errors.js';
import type { Mover } from '../src/engine/types.js';
import { pad } from '../src/render/text.js';
import { changedWorld, defineCommand, done, edits, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { eachMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { alt, flag, form, val } from '../src/shell/grammar.js';

type Req =
  | { op: 'list'; mover: string; facility: string | null }
  | { op: 'info'; mover: string; facility: string; param: string }
  | { op: 'modify'; mover: string; facility: string; param: string; value: string };

interface Row {
  p: ParamDef;
  current: number;
  configured: number | null;
}

type Res = { op: 'list'; results: PerMover<Row[]>[] } | { op: 'info'; mover: string; row: Row } | { op: 'done'; mover: string };

const facility = () => alt(flag('-all'), val('facility_name', 'name'));

function rows(mover: Mover, facility: string | null): Row[] {
  if (facility !== null && !FACILITIES.includes(facility)) fail('facility_not_found', { facility });
  return PARAMS.filter((p) => facility === null || p.facility === facility).map((p) => ({ p, ...paramValue(mover, p) }));
}

export const serverParamCommand = defineCommand({
  name: 'server_param',
  kind: 'celerra',
  summary: "list, show and change a data mover's parameters",
  forms: [
    form('list', [moverOrAll(), flag('-facility', '-f'), facility(), flag('-list')]),
    form('info', [val('movername', 'mover'), flag('-facility', '-f'), val('facility_name', 'name'), flag('-info'), val('param_name', 'name')]),
    form(
      'modify',
      [val('movername', 'mover'), flag('-facility', '-f'), val('facility_name', 'name'), flag('-modify'), val('param_name', 'name'), flag('-value'), val('new_value', 'number')],
      true,
    ),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    if (m.form === 'list') return { op: 'list', mover, facility: m.flags['-all'] ? null : m.values.facility_name! };
    if (mover === 'ALL') throw new UsageError('ALL is accepted with -list only');
    if (m.form === 'info') return { op: 'info', mover, facility: m.values.facility_name, param: m.values.param_name };
    return { op: 'modify', mover, facility: m.values.facility_name, param: m.values.param_name, value: m.values.new_value };
  },
  target: (req) => req.mover,
  run: (ctx, req): Ran<Res> => {
    const { cell } = ctx;
    if (req.op === 'list') {
      if (req.facility !== null && !FACILITIES.includes(req.facility)) fail('facility_not_found', { facility: req.facility });
      return unchanged({ op: 'list', results: eachMover(cell, req.mover, (m) => (requireOnline(m), rows(m, req.facility))) });
    }
    const mover = findMover(cell, req.mover);
    if (req.op === 'info') {
      requireOnline(mover);
      const p = findParam(req.facility, req.param);
      return unchanged({ op: 'info', mover: mover.name, row: { p, ...paramValue(mover, p) } });
    }
    const { changed } = edits(
      () => mover.services,
      () => modifyParam(mover, req.facility, req.param, req.value),
    );
    return changedWorld({ op: 'done', mover: mover.name }, changed);
  },
  format: (r): Output => {
    if (r.op === 'done') return done(r.mover);
    if (r.op === 'info') {
      const { p, current, configured } = r.row;
      return {
        lines: [
          `${r.mover} :`,
          `name             = ${p.name}`,
          `facility_name    = ${p.facility}`,
          `default_value    = ${p.default}`,
          `current_value    = ${current}`,
          `configured_value = ${configured ?? ''}`.trimEnd(),
          `user_action      = ${p.effective === 'reboot' ? 'reboot DataMover' : 'none'}`,
          `change_effective = ${p.effective === 'reboot' ? 'reboot DataMover' : 'immediate'}`,
          `range            = (${p.min},${p.max})`,
          `description      = ${p.description}`,
        ],
      };
    }
    return formatEach(r.results, (list, m) => [
      `${m.name} :`,
      'param_name                       facility  default     current     configured',
      ...list.map((x) => `${pad(x.p.name, 33)}${pad(x.p.facility, 10)}${pad(x.p.default, 12)}${pad(x.current, 12)}${x.configured ?? ''}`.trimEnd()),
    ]);
  },
});
