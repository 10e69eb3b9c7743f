// fs_ckpt: SnapSure checkpoints of a production file system: list them, create one (with the
// SavVol its first one makes), refresh one to now, restore the file system from one, and
// change the SavVol's high water mark. Checkpoints are deleted with nas_fs -delete.
import {
  createCheckpoint,
  listCheckpoints,
  MAX_SIZE_NUMBER,
  modifySavVol,
  refreshCheckpoint,
  resolveCkpt,
  restoreCheckpoint,
  type CkptOptions,
  type CkptReport,
  type NewCkpt,
  type SavVolSize,
} from '../src/engine/ckpt.js';
import { refFrom, type Ref } from '../src/engine/cluster.js';
import { fail } from '../src/engine/errors.js';
import { describeFs, resolveFs } from '../src/engine/fs.js';
import { MIN_SAVVOL_MB } from '../src/engine/ckpt-save-volume.js';
import type { Cell, FileSystem } from '../src/engine/types.js';
import { describeInfo, infoBlock, type FsInfo } from '../src/render/fs-info.js';
import { pad } from '../src/render/text.js';
import { listTime } from '../src/render/time.js';
import { changedWorld, defineCommand, type Output, type Ran, unchanged } from '../src/shell/command.js';
import { alt, any, flag, form, kv, list, opt, seq, setting, val, type OptionList } from '../src/shell/grammar.js';

type Req =
  | { op: 'list'; ref: Ref }
  | { op: 'create'; ref: Ref; spec: NewCkpt }
  | { op: 'refresh'; ref: Ref; opts: CkptOptions }
  | { op: 'restore'; ref: Ref; name?: string; opts: CkptOptions }
  | { op: 'modify'; ref: Ref; fullMark: number };

/** `zone`: the Control Station's time zone, for the times shown. */
type Res =
  | { op: 'list'; rows: CkptReport[]; zone: string }
  /** A file system's -info block, after the progress message. */
  | { op: 'block'; info: FsInfo; zone: string };

const PROGRESS = 'operation in progress (not interruptible)...';

const INFO_USAGE = 'Info 26306752329: The value of ckpt_usage_on_savvol for read-only checkpoints may not be consistent with the total_savvol_used.';

const fsRef = () => alt(val('fs_name', 'fs'), kv('id', 'fs_id', 'number'));
const ckptRef = () => alt(val('ckpt_name', 'fs'), kv('id', 'ckpt_id', 'number'));
/** `-option` words: `%full=<n>` and `automount=no`, comma-separated, as the operation takes them. */
const options = () => opt(flag('-option', '-o'), list('options', [setting('%full', 'number'), setting('automount', ['no', 'yes'])], true));

const UNITS: Record<string, number> = { T: 1024 * 1024, G: 1024, M: 1 };

/** `size=<integer>[T|G|M|%]`: 1 to 1024 of a unit (G when none), or a percentage of the PFS. */
function savVolSize(word: string): SavVolSize {
  const m = /^(\d+)([TGM%]?)$/i.exec(word);
  const n = m ? Number(m[1]) : NaN;
  const unit = (m?.[2] ?? '').toUpperCase();
  if (m && unit === '%') return { pct: n, text: word };
  if (!m || n < 1 || n > MAX_SIZE_NUMBER) return fail('savvol_size_invalid', { value: word, minMB: MIN_SAVVOL_MB });
  return { mb: n * UNITS[unit || 'G']!, text: word };
}

/** `%full=<n>` with or without the percent sign; a number out of range is left for the engine to refuse. */
function fullMarkOf(word: string, param: 'option' | 'modify'): number {
  const m = /^(\d{1,3})%?$/.exec(word);
  return m ? Number(m[1]) : fail('ckpt_option_invalid', { rule: 'full', param, value: word });
}

/** The `-option` list; automount= only where the operation takes it. */
function optionsOf(opts: OptionList<'%full' | 'automount'> | undefined, automount: boolean): CkptOptions {
  const out: CkptOptions = {};
  if (opts === undefined) return out;
  for (const item of opts.items) {
    if (item.key === '%full' && item.value !== null) out.fullMark = fullMarkOf(item.value, 'option');
    else if (item.key === 'automount' && automount && /^(no|yes)$/i.test(item.value ?? '')) out.automount = /^yes$/i.test(item.value!);
    else fail('ckpt_option_invalid', { rule: 'valid', value: item.text || opts.text, automount });
  }
  return out;
}

/** `<name>` or `id=<n>` of a file system or a checkpoint. */
const refOf = (name: string | undefined, id: string | undefined): Ref => refFrom('fs', name, id);

/** A row of the real -list: name cut to 24 characters, inuse centred under its header. */
export function listRow(r: CkptReport, zone: string): string {
  return (
    pad(r.ckpt.id, 6) +
    pad(r.ckpt.name.slice(0, 24), 25) +
    listTime(r.ckpt.createdAt, zone) +
    `   ${r.inUse ? 'y' : 'n'}   ` +
    pad(`${r.fullMark}%`, 11) +
    pad(`${r.savVolUsedPct}%`, 19) +
    `${r.usagePct}%`
  );
}

export function listLines(rows: CkptReport[], zone: string): string[] {
  return [
    'id    ckpt_name                creation_time           inuse fullmark   total_savvol_used  ckpt_usage_on_savvol',
    ...rows.map((r) => listRow(r, zone)),
    INFO_USAGE,
    // Writeable checkpoints (VNX) are not made by this release: their table is empty.
    'id    wckpt_name               inuse fullmark total_savvol_used  base  ckpt_usage_on_savvol',
  ];
}

/** What the block after a change shows of `fs`, as it now is. */
function block(cell: Cell, fs: FileSystem): Res {
  return { op: 'block', info: describeInfo(cell, describeFs(cell, fs)), zone: cell.timezone };
}

function blockLines(info: FsInfo, zone: string): string[] {
  const lines = infoBlock(info, false, zone);
  // The message has no newline of its own: the block's first line follows it.
  return [PROGRESS + lines[0]!, ...lines.slice(1)];
}

export const fsCkptCommand = defineCommand({
  name: 'fs_ckpt',
  kind: 'celerra',
  summary: 'list, create, refresh and restore checkpoints of a file system',
  forms: [
    form('list', [fsRef(), flag('-list', '-l'), opt(flag('-all', '-a'))]),
    form(
      'create',
      [fsRef(), any(opt(seq(flag('-name'), val('name', 'name'))), flag('-Create'), opt(kv('size', 'size', 'size')), opt(kv('pool', 'pool', 'pool')), options())],
      true,
    ),
    form('refresh', [ckptRef(), any(flag('-refresh'), options())], true),
    form('restore', [ckptRef(), any(opt(seq(flag('-name'), val('name', 'name'))), flag('-Restore'), opt(flag('-Force')), options())], true),
    form('modify', [fsRef(), flag('-modify'), kv('%full', 'value', 'number')], true),
  ],
  parse: (m): Req => {
    switch (m.form) {
      case 'list':
        return { op: 'list', ref: refOf(m.values.fs_name, m.values.id) };
      case 'create': {
        const pool = m.values.pool;
        const poolRef = pool === undefined ? undefined : /^id=/.test(pool) ? refFrom('pool', undefined, pool.slice(3)) : pool;
        const spec: NewCkpt = { ...optionsOf(m.values.options, true) };
        if (m.values.name !== undefined) spec.name = m.values.name;
        if (m.values.size !== undefined) spec.size = savVolSize(m.values.size);
        if (poolRef !== undefined) spec.pool = poolRef;
        return { op: 'create', ref: refOf(m.values.fs_name, m.values.id), spec };
      }
      case 'refresh':
        return { op: 'refresh', ref: refOf(m.values.ckpt_name, m.values.id), opts: optionsOf(m.values.options, false) };
      case 'restore':
        return { op: 'restore', ref: refOf(m.values.ckpt_name, m.values.id), name: m.values.name, opts: optionsOf(m.values.options, true) };
      default:
        return { op: 'modify', ref: refOf(m.values.fs_name, m.values.id), fullMark: fullMarkOf(m.values['%full'], 'modify') };
    }
  },
  run: (ctx, req): Ran<Res> => {
    const { cell, world } = ctx;
    switch (req.op) {
      case 'list':
        return unchanged({ op: 'list', rows: listCheckpoints(cell, resolveFs(cell, req.ref)), zone: cell.timezone });
      case 'create': {
        const pfs = resolveFs(cell, req.ref);
        createCheckpoint(world, cell, pfs, req.spec);
        return changedWorld(block(cell, pfs));
      }
      case 'refresh': {
        const ckpt = resolveCkpt(cell, req.ref);
        refreshCheckpoint(world, cell, ckpt, req.opts);
        return changedWorld(block(cell, ckpt));
      }
      case 'restore': {
        const ckpt = resolveCkpt(cell, req.ref);
        const name = req.name;
        restoreCheckpoint(world, cell, ckpt, name === undefined ? req.opts : { ...req.opts, name });
        // The SavVol may have had to give up the oldest checkpoints, this one among them.
        return changedWorld(block(cell, cell.fileSystems.includes(ckpt) ? ckpt : pfsStandIn(cell, ckpt)));
      }
      case 'modify': {
        const pfs = resolveFs(cell, req.ref);
        const was = pfs.savVol?.fullMark;
        const settled = modifySavVol(world, cell, pfs, { fullMark: req.fullMark });
        return changedWorld(block(cell, pfs), pfs.savVol?.fullMark !== was || settled.length > 0);
      }
    }
  },
  format: (r): Output => {
    if (r.op === 'list') return { lines: listLines(r.rows, r.zone) };
    return { lines: blockLines(r.info, r.zone) };
  },
});

/** A restored-from checkpoint the SavVol deleted: the block of its PFS stands in. */
function pfsStandIn(cell: Cell, ckpt: FileSystem): FileSystem {
  return cell.fileSystems.find((f) => f.id === ckpt.ckpt?.fsId) ?? ckpt;
}
