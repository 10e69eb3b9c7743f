// nas_server: the data movers of this Control Station and its virtual data movers: list and
// show them; create, delete, rename a VDM and set its access control level; load, mount,
// unload and move it; attach and detach its NFS interfaces; ask what it depends on, mount what
// it expects, and check whether a data mover here or at another site could load it.
import { findMover, fsById } from '../src/engine/cluster.js';
import { readConfig, vdmServer } from '../src/engine/vdm/config.js';
import { checkVdm, vdmDependencies, type CheckReport, type Dependencies } from '../src/engine/vdm/deps.js';
import {
  attachInterface,
  createVdm,
  deleteVdm,
  detachInterface,
  hostOf,
  loadVdm,
  mountAllVdm,
  moveVdm,
  relativePath,
  renameVdm,
  setVdmAcl,
  unloadVdm,
  vdmByRef,
  vdmEntries,
  vdmsOf,
  vdmEtc,
  type LoadReport,
} from '../src/engine/vdm/index.js';
import { cifsUsed } from '../src/engine/vdm/interfaces.js';
import type { Cell, Mover, Vdm, VdmState } from '../src/engine/types.js';
import { joinBlocks, keyValues, pad } from '../src/render/text.js';
import { checkLines, dependencyLines, estimateLines, loadWarnings } from '../src/render/vdm-report.js';
import { stateText } from '../src/shell/error-table.js';
import { changedWorld, defineCommand, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { alt, any, at, flag, form, key, kv, opt, val, type Node } from '../src/shell/grammar.js';

type Req =
  | { op: 'list'; which: 'movers' | 'all' | 'vdm' }
  | { op: 'info'; all: boolean; name?: string }
  | { op: 'info_vdm'; all: boolean; name?: string }
  | { op: 'create'; name: string; mover: string; state: 'loaded' | 'mounted'; pool: string | null; rootFs: string | null }
  | { op: 'setstate'; vdm: string; state: VdmState; mover: string | null }
  | { op: 'move'; vdm: string; mover: string }
  | { op: 'attach' | 'detach'; vdm: string; iface: string }
  | { op: 'depend'; vdm: string }
  | { op: 'estimate'; vdm: string; what: 'interfaces' | 'mounts' }
  | { op: 'mountall'; vdm: string }
  | { op: 'check'; vdm: string; mover: string; cel: string | null }
  | { op: 'delete'; vdm: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'acl'; value: string; vdm: string };

type Res =
  | { op: 'list'; which: 'movers' | 'all' | 'vdm'; cell: Cell }
  | { op: 'info'; cell: Cell; movers: Mover[] }
  | { op: 'vdm'; cell: Cell; vdms: Vdm[]; load?: LoadReport; joined?: string[] }
  | { op: 'deleted'; lines: string[] }
  | { op: 'depend'; deps: Dependencies }
  | { op: 'estimate'; deps: Dependencies; what: 'interfaces' | 'mounts' }
  | { op: 'mountall'; report: LoadReport }
  | { op: 'check'; report: CheckReport };

/** `-info` accepts a name, `id=<n>` or a slot number, as the real command does. */
function resolve(cell: Cell, ref: string): Mover {
  const id = /^id=(\d+)$/.exec(ref);
  if (id) return cell.movers.find((m) => m.id === Number(id[1])) ?? findMover(cell, ref);
  if (/^\d+$/.test(ref)) return cell.movers.find((m) => m.slot === Number(ref)) ?? findMover(cell, ref);
  return findMover(cell, ref);
}

const TYPE_CODE = { nas: 1, standby: 4 } as const;

function infoBlock(cell: Cell, m: Mover): string[] {
  const standbyFor = cell.movers.filter((p) => p.standby === m.name).map((p) => p.name);
  const actual = m.status === 'online' ? (m.type === 'nas' ? 'online, active' : 'online, ready') : m.status;
  return [
    ...keyValues(
      [
        ['id', m.id],
        ['name', m.name],
        ['acl', 0],
        ['type', m.type],
        ['slot', m.slot],
        ['member_of', ''],
        m.type === 'standby' ? ['standbyfor', standbyFor.join(',')] : ['standby', m.standby ? `${m.standby}, policy=${m.policy}` : ''],
      ],
      10,
    ),
    'status    :',
    '  defined = enabled',
    `   actual = ${actual}`,
  ];
}

/** The file systems a VDM has mounted now, its root left out, in mount order. */
function mountedFs(cell: Cell, vdm: Vdm): { id: number; name: string; path: string }[] {
  const host = hostOf(cell, vdm);
  if (host === undefined) return [];
  return vdmEntries(vdm, host)
    .filter((m) => m.mounted && m.path !== vdmEtc(vdm))
    .map((m) => ({ id: m.fsId, name: fsById(cell, m.fsId)?.name ?? '', path: relativePath(vdm, m.path)! }));
}

/** `loaded, active` while it serves through an interface, `loaded, ready` while it serves none. */
function actualOf(vdm: Vdm, serving: boolean): string {
  if (vdm.state !== 'loaded') return stateText(vdm.state);
  return serving ? 'loaded, active' : 'loaded, ready';
}

/**
 * The real `-info -vdm` block ([S5]), then the facts of [000244] it lacks, in the seed's words:
 * its CIFS servers and its file systems with their mount points.
 */
function vdmBlock(cell: Cell, vdm: Vdm): string[] {
  const cfg = readConfig(cell, vdmServer(vdm));
  const root = fsById(cell, vdm.rootFsId);
  const mounted = mountedFs(cell, vdm);
  const used = cifsUsed(cfg);
  const mapping = cfg.interfaces.flatMap((i) => [...(i.attached ? [` interface=${i.name} :vdm`] : []), ...(used.has(i.name) ? [` interface=${i.name} :cifs`] : [])]);
  const serving = vdm.taken.some((n) => cfg.interfaces.find((i) => i.name === n)?.attached || used.has(n));
  return [
    ...keyValues(
      [
        ['id', vdm.id],
        ['name', vdm.name],
        ['acl', vdm.acl],
        ['type', 'vdm'],
        ['server', vdm.mover],
        ['rootfs', root?.name ?? ''],
        ['I18N mode', 'UNICODE'],
        ['mountedfs', mounted.map((m) => m.name).join(',')],
        ['member_of', ''],
      ],
      10,
    ),
    'status    :',
    '  defined = enabled',
    `   actual = ${actualOf(vdm, serving)}`,
    'Interfaces to services mapping:',
    ...mapping,
    `CIFS servers: ${cfg.cifs.map((c) => c.netbios).join(', ')}`.trimEnd(),
    `Filesystems: ${mounted.map((m) => `${m.path} (${m.name})`).join(', ')}`.trimEnd(),
    '',
  ];
}

const vdmRef = () => val('vdm_name', 'vdm');
const vdmForm = <const Id extends string, const T extends readonly Node[]>(id: Id, tail: T, mayMutate = false) => form(id, [flag('-vdm'), vdmRef(), ...tail], mayMutate);

export const nasServerCommand = defineCommand({
  name: 'nas_server',
  kind: 'celerra',
  summary: 'list and show the data movers; create, load, move and check virtual data movers',
  forms: [
    form('list', [flag('-list', '-l'), opt(alt(flag('-all', '-a'), flag('-vdm')))]),
    form('info_vdm', [flag('-info', '-i'), flag('-vdm'), alt(flag('-all', '-a'), vdmRef())]),
    form('info', [flag('-info', '-i'), alt(flag('-all', '-a'), val('movername', 'mover'))]),
    form(
      'create',
      [
        flag('-name'),
        val('vdm_name', 'name'),
        flag('-type'),
        key('vdm'),
        flag('-create'),
        val('movername', 'mover'),
        any(opt(flag('-setstate'), alt(key('loaded'), key('mounted'))), opt(kv('pool', 'pool', 'pool')), opt(flag('-fs'), val('fs_name', 'fs'))),
      ],
      true,
    ),
    vdmForm('setstate', [flag('-setstate'), alt(key('loaded'), key('mounted'), key('tempunloaded'), key('permunloaded')), opt(val('movername', 'mover'))], true),
    vdmForm('move', [flag('-move'), val('movername', 'mover')], true),
    vdmForm('attach', [flag('-attach'), val('if_name', 'interface')], true),
    vdmForm('detach', [flag('-detach'), val('if_name', 'interface')], true),
    vdmForm('depend', [flag('-dependencies')]),
    vdmForm('estimate', [flag('-estimate'), alt(key('interfaces'), key('mounts'))]),
    vdmForm('mountall', [flag('-mountall')], true),
    vdmForm('check', [flag('-check'), at('movername', 'mover', 'bare')]),
    form('delete', [flag('-delete'), vdmRef()], true),
    form('rename', [flag('-rename'), val('old_name', 'vdm'), val('new_name', 'name')], true),
    form('acl', [flag('-acl'), val('acl_value', 'number'), vdmRef()], true),
  ],
  parse: (m): Req => {
    const { form: id, values: v, flags: f } = m;
    switch (id) {
      case 'list':
        return { op: 'list', which: f['-all'] ? 'all' : f['-vdm'] ? 'vdm' : 'movers' };
      case 'info_vdm':
        return f['-all'] ? { op: 'info_vdm', all: true } : { op: 'info_vdm', all: false, name: v.vdm_name };
      case 'info':
        if (f['-all']) return { op: 'info', all: true };
        return { op: 'info', all: false, name: v.movername };
      case 'create':
        return { op: 'create', name: v.vdm_name, mover: v.movername, state: f.mounted ? 'mounted' : 'loaded', pool: v.pool ?? null, rootFs: v.fs_name ?? null };
      case 'setstate': {
        const state = (['loaded', 'mounted', 'tempunloaded', 'permunloaded'] as const).find((s) => f[s])!;
        if ((state === 'tempunloaded' || state === 'permunloaded') && v.movername !== undefined) throw new UsageError(`-setstate ${state} takes no data mover`);
        return { op: 'setstate', vdm: v.vdm_name, state, mover: v.movername ?? null };
      }
      case 'move':
        return { op: 'move', vdm: v.vdm_name, mover: v.movername };
      case 'attach':
      case 'detach':
        return { op: m.form, vdm: v.vdm_name, iface: v.if_name };
      case 'depend':
        return { op: 'depend', vdm: v.vdm_name };
      case 'estimate':
        return { op: 'estimate', vdm: v.vdm_name, what: f.interfaces ? 'interfaces' : 'mounts' };
      case 'mountall':
        return { op: 'mountall', vdm: v.vdm_name };
      case 'check': {
        const to = v.movername;
        if (to.malformed) throw new UsageError(`${to.word}: a data mover, optionally <movername>:cel=<cel_name>`);
        return { op: 'check', vdm: v.vdm_name, mover: to.name, cel: to.cel ?? null };
      }
      case 'delete':
        return { op: 'delete', vdm: v.vdm_name };
      case 'rename':
        return { op: 'rename', from: v.old_name, to: v.new_name };
      default:
        return { op: 'acl', value: v.acl_value, vdm: v.vdm_name };
    }
  },
  run: (ctx, req): Ran<Res> => {
    const { cell, world } = ctx;
    const one = (name: string) => vdmByRef(cell, name);
    const shown = (vdm: Vdm, extra: Partial<Extract<Res, { op: 'vdm' }>> = {}): Res => ({ op: 'vdm', cell, vdms: [vdm], ...extra });
    switch (req.op) {
      case 'list':
        return unchanged({ op: 'list', which: req.which, cell });
      case 'info': {
        // A VDM named without -vdm is shown as -info -vdm shows it.
        const vdm = req.all ? undefined : vdmsOf(cell).find((v) => v.name === req.name);
        if (vdm !== undefined) return unchanged(shown(vdm));
        return unchanged({ op: 'info', cell, movers: req.all ? [...cell.movers].sort((a, b) => a.id - b.id) : [resolve(cell, req.name!)] });
      }
      case 'info_vdm':
        return unchanged({ op: 'vdm', cell, vdms: req.all ? [...vdmsOf(cell)].sort((a, b) => a.id - b.id) : [one(req.name!)] });
      case 'create': {
        const load = createVdm(world, cell, { name: req.name, mover: req.mover, state: req.state, pool: req.pool, rootFs: req.rootFs });
        return changedWorld(shown(load.vdm, { load }));
      }
      case 'setstate': {
        const vdm = one(req.vdm);
        if (req.state === 'loaded' || req.state === 'mounted') return changedWorld(shown(vdm, { load: loadVdm(world, cell, vdm, req.mover, req.state) }));
        return changedWorld(shown(vdm, { joined: req.state === 'permunloaded' ? unloadVdm(world, cell, vdm, req.state).joined : (unloadVdm(world, cell, vdm, req.state), []) }));
      }
      case 'move':
        return changedWorld(shown(one(req.vdm), { load: moveVdm(world, cell, one(req.vdm), req.mover) }));
      case 'attach': {
        const { vdm, changed } = attachInterface(world, cell, one(req.vdm), req.iface);
        return changedWorld(shown(vdm), changed);
      }
      case 'detach':
        return changedWorld(shown(detachInterface(world, cell, one(req.vdm), req.iface)));
      case 'depend':
        return unchanged({ op: 'depend', deps: vdmDependencies(world, cell, one(req.vdm)) });
      case 'estimate':
        return unchanged({ op: 'estimate', deps: vdmDependencies(world, cell, one(req.vdm)), what: req.what });
      case 'mountall': {
        const report = mountAllVdm(world, cell, one(req.vdm));
        // What could not be mounted goes in the data mover's log.
        return changedWorld({ op: 'mountall', report }, report.mounted.length + report.unavailable.length + report.interfaces.length > 0);
      }
      case 'check':
        return unchanged({ op: 'check', report: checkVdm(world, cell, one(req.vdm), req.mover, req.cel) });
      case 'delete': {
        const vdm = one(req.vdm);
        // The block shows the VDM as it was; deleting needs nothing but its root mounted, so it is exact.
        const lines = vdmBlock(cell, vdm);
        deleteVdm(world, cell, vdm);
        return changedWorld({ op: 'deleted', lines });
      }
      case 'rename':
        return changedWorld(shown(renameVdm(world, cell, one(req.from), req.to)));
      case 'acl': {
        const vdm = one(req.vdm);
        const was = vdm.acl;
        return changedWorld(shown(setVdmAcl(vdm, req.value)), vdm.acl !== was);
      }
    }
  },
  format: (r): Output => {
    switch (r.op) {
      case 'list':
        return { lines: listLines(r.cell, r.which) };
      case 'info':
        return { lines: joinBlocks(r.movers.map((m) => infoBlock(r.cell, m))) };
      case 'depend':
        return { lines: dependencyLines(r.deps) };
      case 'estimate':
        return { lines: estimateLines(r.deps, r.what) };
      case 'mountall': {
        const lines = loadWarnings(r.report);
        return {
          lines: [
            `${r.report.vdm.name} : ${r.report.mounted.length === 0 ? 'nothing to mount' : `mounted ${r.report.mounted.map((m) => `${m.path} (${m.fs})`).join(', ')}`}`,
            ...lines,
          ],
        };
      }
      case 'check': {
        const c = checkLines(r.report);
        return { lines: c.lines, status: c.blocking > 0 ? 1 : 0 };
      }
      case 'deleted':
        return { lines: r.lines };
      case 'vdm': {
        const lines = r.vdms.flatMap((v) => vdmBlock(r.cell, v));
        if (r.load) lines.push(...loadWarnings(r.load));
        for (const nb of r.joined ?? []) lines.push(`Warning: CIFS server ${nb} is still joined to its domain; unjoin it (server_cifs -Unjoin) before unloading the VDM for good`);
        return { lines };
      }
    }
  },
});

/** A column at least `width` wide, with a space after a value that fills it. */
function col(s: string | number, width: number): string {
  const t = pad(s, width);
  return t.length > String(s).length ? t : `${t} `;
}

/** The data mover table, the VDM table, or both (`-all`), as the real listings lay them out ([S13]). */
function listLines(cell: Cell, which: 'movers' | 'all' | 'vdm'): string[] {
  const lines: string[] = [];
  if (which !== 'vdm') {
    lines.push('id      type  acl  slot groupID  state  name');
    for (const m of [...cell.movers].sort((a, b) => a.id - b.id)) {
      const state = m.status === 'online' ? 0 : 1;
      lines.push(`${pad(m.id, 9)}${pad(TYPE_CODE[m.type], 5)}${pad(0, 6)}${pad(m.slot, 15)}${pad(state, 5)}${m.name}`);
    }
  }
  if (which === 'movers') return lines;
  if (which === 'all') lines.push('');
  lines.push('id      acl  server    mountedfs       rootfs  name');
  for (const v of [...vdmsOf(cell)].sort((a, b) => a.id - b.id)) {
    const host = hostOf(cell, v);
    const server = host === undefined ? '' : String(host.id);
    const mounted = mountedFs(cell, v)
      .map((m) => m.id)
      .join(',');
    lines.push(`${col(v.id, 8)}${col(v.acl, 5)}${col(server, 10)}${col(mounted, 16)}${col(v.rootFsId, 8)}${v.name}`);
  }
  return lines;
}
