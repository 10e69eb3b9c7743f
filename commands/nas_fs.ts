// nas_fs: the file systems of this Control Station: list, details and size, and creating,
// deleting and renaming them (uxfs and rawfs, space taken from a storage pool, thick or
// virtually provisioned, with or without auto-extension). Checkpoints (fs_ckpt) are file
// systems too: listed, shown with the SavVol they use, renamed and deleted here.
import { refFrom, type Ref } from '../src/engine/cluster.js';
import { fail, NasError } from '../src/engine/errors.js';
import { createFs, deleteFs, describeFs, listFs, mountIndex, renameFs, resolveFs, type FsListRow, type NewFs } from '../src/engine/fs.js';
import type { FileSystem, FsType } from '../src/engine/types.js';
import { ckptfsLine, describeInfo, infoBlock, savVolLine, sizeLine, type FsInfo } from '../src/render/fs-info.js';
import { joinBlocks } from '../src/render/text.js';
import { parseSizeMB } from '../src/render/units.js';
import { changedWorld, defineCommand, type Output, type Ran, unchanged } from '../src/shell/command.js';
import { alt, any, flag, form, key, kv, kvAt, list, opt, seq, setting, val, type At, type FormMatch, type OptionList } from '../src/shell/grammar.js';

type Req =
  | { op: 'list' }
  | { op: 'info'; ref: Ref | 'all'; size: boolean }
  | { op: 'size'; ref: Ref }
  | { op: 'create'; spec: NewFs }
  | { op: 'delete'; ref: Ref }
  | { op: 'rename'; ref: Ref; newName: string };

type Res =
  | { op: 'list'; rows: FsListRow[] }
  /** `zone`: the Control Station's time zone, for the times shown. */
  | { op: 'info'; infos: FsInfo[]; size: boolean; zone: string }
  | { op: 'size'; info: FsInfo };

/** `nas_fs -list` type column: the real codes. */
const TYPE_CODE: Record<FsType, number> = { uxfs: 1, rawfs: 5, ckpt: 7 };

const fsRef = () => alt(val('fs_name', 'fs'), kv('id', 'fs_id', 'number'));

const refOf = (values: { fs_name?: string; id?: string }): Ref => refFrom('fs', values.fs_name, values.id);

/** `yes`/`no` of -thin and -auto_extend; anything else is refused like a bad parameter. */
function yesNo(param: 'thin' | 'auto_extend', word: string | undefined): boolean | undefined {
  if (word === undefined) return undefined;
  if (/^(yes|y)$/i.test(word)) return true;
  if (/^(no|n)$/i.test(word)) return false;
  throw new NasError('fs_param_invalid', { param, value: word, rule: 'yes_no' });
}

function hwmOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^(\d{1,3})%?$/.exec(word);
  if (!m) throw new NasError('fs_param_invalid', { param: 'hwm', value: word, rule: 'hwm_range' });
  return Number(m[1]);
}

function maxSizeOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  return parseSizeMB(word) ?? fail('fs_param_invalid', { param: 'max_size', value: word, rule: 'size_format' });
}

/** `-option slice={y|n}`: AVM builds every pool file system on a slice either way here. */
function checkCreateOptions(opts: OptionList | undefined): void {
  if (opts === undefined) return;
  for (const o of opts.items) {
    if (o.key === null || !/^(y|n|yes|no)$/i.test(o.value ?? '')) fail('fs_param_invalid', { param: 'option', value: o.text || opts.text, rule: 'option' });
  }
}

/** `pool=<name>` or `pool=id=<n>`. */
function poolRefOf(word: string): Ref {
  const m = /^id=(.*)$/s.exec(word);
  return refFrom('pool', m ? undefined : word, m?.[1]);
}

/** `samesize=<fs>` or `samesize=<fs>:cel=<cel_name>`; a word that is neither names a file system as typed (not found). */
function sameSizeOf(at: At): { sameAs: string; cel?: string } {
  return at.cel === undefined ? { sameAs: at.name } : { sameAs: at.name, cel: at.cel };
}

function createSpec(values: FormMatch<typeof forms, 'create'>['values'], rawfs: boolean): NewFs {
  let sizeMB: NewFs['sizeMB'];
  if (values.samesize !== undefined) sizeMB = sameSizeOf(values.samesize);
  else {
    // A malformed size is refused the way the real back end refuses an impossible one.
    sizeMB = parseSizeMB(values.size!) ?? fail('fs_size_invalid', { size: values.size! });
  }
  checkCreateOptions(values.options);
  return {
    name: values.fs_name,
    type: rawfs ? 'rawfs' : 'uxfs',
    sizeMB,
    pool: poolRefOf(values.pool),
    thin: yesNo('thin', values.thin),
    autoExtend: yesNo('auto_extend', values.auto_extend),
    hwm: hwmOf(values.hwm),
    maxSizeMB: maxSizeOf(values.max_size),
  };
}

/** One row as the real listing: id in 10, inuse, type and acl right-aligned, name cut to 19. */
function listLine(r: FsListRow): string {
  const { fs } = r;
  return (
    String(fs.id).padEnd(10) +
    (r.inUse ? 'y' : 'n') +
    String(TYPE_CODE[fs.type]).padStart(5) +
    String(fs.acl).padStart(4) +
    '     ' +
    String(fs.volume).padEnd(10) +
    fs.name.slice(0, 19).padEnd(20) +
    [...r.serverIds, ...r.vdmIds.map((id) => `v${id}`)].join(',')
  );
}

const forms = [
  form('list', [flag('-list', '-l')]),
  form('info', [flag('-info', '-i'), opt(flag('-size')), alt(flag('-all', '-a'), val('fs_name', 'fs'), kv('id', 'fs_id', 'number'))]),
  form('size', [flag('-size'), fsRef()]),
  form(
    'create',
    [
      any(
        seq(flag('-name'), val('fs_name', 'name')),
        opt(flag('-type'), alt(key('uxfs'), key('rawfs'))),
        flag('-create'),
        alt(kv('size', 'size', 'size'), kvAt('samesize', 'fs_name', 'fs')),
        kv('pool', 'pool', 'pool'),
        opt(flag('-thin'), val('thin', 'name')),
        opt(flag('-auto_extend'), val('auto_extend', 'name')),
        opt(flag('-hwm'), val('hwm', 'name')),
        opt(flag('-max_size'), val('max_size', 'size')),
        opt(flag('-option', '-o'), list('options', [setting('slice', ['y', 'n', 'yes', 'no'])], true)),
      ),
    ],
    true,
  ),
  form('delete', [flag('-delete'), fsRef()], true),
  form('rename', [flag('-rename'), val('old_name', 'fs'), val('new_name', 'name')], true),
];

export const nasFsCommand = defineCommand({
  name: 'nas_fs',
  kind: 'celerra',
  summary: 'list, show, size, create, delete and rename file systems',
  forms,
  parse: (m): Req => {
    switch (m.form) {
      case 'list':
        return { op: 'list' };
      case 'info':
        return { op: 'info', ref: m.flags['-all'] ? 'all' : refOf(m.values), size: m.flags['-size'] === true };
      case 'size':
        return { op: 'size', ref: refOf(m.values) };
      case 'create':
        return { op: 'create', spec: createSpec(m.values, m.flags.rawfs === true) };
      case 'delete':
        return { op: 'delete', ref: refOf(m.values) };
      default:
        return { op: 'rename', ref: { name: m.values.old_name }, newName: m.values.new_name };
    }
  },
  run: (ctx, req): Ran<Res> => {
    const cell = ctx.cell;
    const byId = (a: FileSystem, b: FileSystem) => a.id - b.id;
    switch (req.op) {
      case 'list':
        return unchanged({ op: 'list', rows: listFs(cell) });
      case 'info': {
        const list = req.ref === 'all' ? [...cell.fileSystems].sort(byId) : [resolveFs(cell, req.ref)];
        const index = mountIndex(cell);
        return unchanged({ op: 'info', infos: list.map((f) => describeInfo(cell, describeFs(cell, f, index))), size: req.size, zone: cell.timezone });
      }
      case 'size':
        return unchanged({ op: 'size', info: describeInfo(cell, describeFs(cell, resolveFs(cell, req.ref))) });
      case 'create': {
        const fs = createFs(ctx.world, cell, req.spec);
        return changedWorld({ op: 'info', infos: [describeInfo(cell, describeFs(cell, fs))], size: false, zone: cell.timezone });
      }
      case 'delete': {
        const fs = resolveFs(cell, req.ref);
        // The block shows the file system as it was; deletion needs it unmounted, so it is exact.
        const info = describeInfo(cell, describeFs(cell, fs));
        deleteFs(ctx.world, cell, fs);
        return changedWorld({ op: 'info', infos: [info], size: false, zone: cell.timezone });
      }
      case 'rename': {
        const fs = renameFs(cell, resolveFs(cell, req.ref), req.newName);
        return changedWorld({ op: 'info', infos: [describeInfo(cell, describeFs(cell, fs))], size: false, zone: cell.timezone });
      }
    }
  },
  format: (r): Output => {
    if (r.op === 'list') return { lines: ['id      inuse type acl   volume    name                server', ...r.rows.map(listLine)] };
    if (r.op === 'size') {
      const { report, ckpt } = r.info;
      return { lines: ckpt ? [savVolLine(ckpt), ckptfsLine(report, ckpt)] : [sizeLine(report)] };
    }
    return { lines: joinBlocks(r.infos.map((x) => infoBlock(x, r.size, r.zone))) };
  },
});
