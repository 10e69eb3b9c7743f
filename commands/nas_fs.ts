// nas_fs: the file systems of this Control Station: list, details and size, and creating,
// deleting and renaming them (uxfs and rawfs, space taken from a storage pool, thick or
// virtually provisioned, with or without auto-extension). Checkpoints (fs_ckpt) are file
// systems too: listed, shown with the SavVol they use, renamed and deleted here.
import { describeCheckpoint, type CkptReport } from '../src/engine/ckpt.js';
import { refFrom, type Ref } from '../src/engine/cluster.js';
import { fail, NasError } from '../src/engine/errors.js';
import {
  createFs,
  deleteFs,
  describeFs,
  listFs,
  mountIndex,
  renameFs,
  resolveFs,
  type FsListRow,
  type FsReport,
  type NewFs,
} from '../src/engine/fs.js';
import type { Cell, FileSystem, FsType } from '../src/engine/types.js';
import { joinBlocks, pad } from '../src/render/text.js';
import { ctime } from '../src/render/time.js';
import { parseSizeMB } from '../src/render/units.js';
import { changedWorld, defineCommand, type Output, type Ran, unchanged } from '../src/shell/command.js';
import { alt, any, flag, form, key, kv, opt, seq, val } from '../src/shell/grammar.js';

type Req =
  | { op: 'list' }
  | { op: 'info'; ref: Ref | 'all'; size: boolean }
  | { op: 'size'; ref: Ref }
  | { op: 'create'; spec: NewFs }
  | { op: 'delete'; ref: Ref }
  | { op: 'rename'; ref: Ref; newName: string };

/** What -info shows of one file system: its report, and for a checkpoint what it uses of its SavVol. */
export interface FsInfo {
  report: FsReport;
  ckpt: CkptReport | null;
}

type Res =
  | { op: 'list'; rows: FsListRow[] }
  /** `zone`: the Control Station's time zone, for the times shown. */
  | { op: 'info'; infos: FsInfo[]; size: boolean; zone: string }
  | { op: 'size'; info: FsInfo };

/** `nas_fs -list` type column: the real codes. */
const TYPE_CODE: Record<FsType, number> = { uxfs: 1, rawfs: 5, ckpt: 7 };

const fsRef = () => alt(val('fs_name', 'fs'), kv('id', 'fs_id', 'number'));

const refOf = (values: Record<string, string>): Ref => refFrom('fs', values.fs_name, values.id);

/** `yes`/`no` of -thin and -auto_extend; anything else is refused like a bad parameter. */
function yesNo(param: string, word: string | undefined): boolean | undefined {
  if (word === undefined) return undefined;
  if (/^(yes|y)$/i.test(word)) return true;
  if (/^(no|n)$/i.test(word)) return false;
  throw new NasError('fs_param_invalid', { param, value: word, rule: 'yes_no' });
}

function hwmOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^(\d{1,3})%?$/.exec(word);
  if (!m) throw new NasError('fs_param_invalid', { param: '-hwm', value: word, rule: 'hwm_range' });
  return Number(m[1]);
}

function maxSizeOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  return parseSizeMB(word) ?? fail('fs_param_invalid', { param: '-max_size', value: word, rule: 'size_format' });
}

/** `-option slice={y|n}`: AVM builds every pool file system on a slice either way here. */
function checkCreateOptions(word: string | undefined): void {
  if (word === undefined) return;
  for (const o of word.split(',')) {
    if (!/^slice=(y|n|yes|no)$/i.test(o)) fail('fs_param_invalid', { param: '-option', value: o || word, rule: 'option' });
  }
}

/** `pool=<name>` or `pool=id=<n>`. */
function poolRefOf(word: string): Ref {
  const m = /^id=(.*)$/s.exec(word);
  return refFrom('pool', m ? undefined : word, m?.[1]);
}

/** `samesize=<fs>` or `samesize=<fs>:cel=<cel_name>`. */
function sameSizeOf(word: string): { sameAs: string; cel?: string } {
  const m = /^(.*):cel=(.+)$/.exec(word);
  return m ? { sameAs: m[1]!, cel: m[2]! } : { sameAs: word };
}

function createSpec(values: Record<string, string>, rawfs: boolean): NewFs {
  let sizeMB: NewFs['sizeMB'];
  if (values.samesize !== undefined) sizeMB = sameSizeOf(values.samesize);
  else {
    // A malformed size is refused the way the real back end refuses an impossible one.
    sizeMB = parseSizeMB(values.size!) ?? fail('fs_size_invalid', { size: values.size! });
  }
  checkCreateOptions(values.options);
  return {
    name: values.fs_name!,
    type: rawfs ? 'rawfs' : 'uxfs',
    sizeMB,
    pool: poolRefOf(values.pool!),
    thin: yesNo('-thin', values.thin),
    autoExtend: yesNo('-auto_extend', values.auto_extend),
    hwm: hwmOf(values.hwm),
    maxSizeMB: maxSizeOf(values.max_size),
  };
}

/** `no,thin=no` when auto-extension is off, else its high water mark and maximum size. */
function autoExtLine(fs: FileSystem): string {
  const thin = `thin=${fs.thin ? 'yes' : 'no'}`;
  if (!fs.autoExtend) return `no,${thin}`;
  return `hwm=${fs.hwm}%,max_size=${fs.maxSizeMB}M,${thin}`;
}

function sizeLine(r: FsReport): string {
  return `total = ${r.fs.sizeMB} avail = ${r.availMB} used = ${r.fs.usedMB} ( ${r.usedPct}% ) (sizes in MB) ( blockcount = ${r.blockcount} )`;
}

/** A checkpoint's `size` value: its SavVol (all checkpoints' before images). */
function savVolLine(c: CkptReport): string {
  return `volume: total = ${c.savVolMB} avail = ${c.savVolAvailMB} used = ${c.savVolUsedMB} ( ${c.savVolUsedPct}% ) (sizes in MB)`;
}

/** The file system as the checkpoint sees it, the SavVol's blockcount, and the checkpoint's own save area. */
function ckptfsLine(r: FsReport, c: CkptReport): string {
  return `ckptfs: total = ${r.fs.sizeMB} avail = ${r.availMB} used = ${r.fs.usedMB} ( ${r.usedPct}% ) (sizes in MB) ( blockcount = ${c.blockcount} ) ckpt_usage_on_savvol: ${c.usageMB}MB ( ${c.usagePct}% )`;
}

export function describeInfo(cell: Cell, report: FsReport): FsInfo {
  return { report, ckpt: report.fs.type === 'ckpt' ? describeCheckpoint(cell, report.fs) : null };
}

/** `key = value` with the key padded, the value (when any) after one space, as the real block. */
function kvLine(k: string, width: number, v: string | number): string {
  return `${pad(k, width)}= ${v}`.trimEnd();
}

/**
 * The -info block. A checkpoint's (as the real `nas_fs -info -size <ckpt>`): volume vp<SavVol>,
 * `checkpt_of= <pfs> <time>` in place of auto_ext, with -size its SavVol and `ckptfs:` lines,
 * then `used` (the SavVol's) and `full(mark)`; a production file system lists its `ckpts`.
 */
export function infoBlock(info: FsInfo, withSize: boolean, zone: string): string[] {
  const { report: r, ckpt: c } = info;
  const { fs } = r;
  const k = (name: string, v: string | number) => kvLine(name, 10, v);
  const k16 = (name: string, v: string | number) => kvLine(name, 16, v);
  return [
    k('id', fs.id),
    k('name', fs.name),
    k('acl', fs.acl),
    k('in_use', r.inUse ? 'True' : 'False'),
    k('type', fs.type),
    k('worm', 'off'),
    k('volume', `${c ? 'vp' : 'v'}${fs.volume}`),
    k('pool', r.poolName),
    k('member_of', r.memberOf),
    k('rw_servers', r.rwServers.join(',')),
    k('ro_servers', r.roServers.join(',')),
    k('rw_vdms', r.rwVdms.join(',')),
    k('ro_vdms', r.roVdms.join(',')),
    c ? k('checkpt_of', `${c.pfs.name} ${ctime(fs.createdAt, zone)}`) : k('auto_ext', autoExtLine(fs)),
    k16('deduplication', 'Off'),
    k16('thin_storage', fs.thin ? 'True' : 'False'),
    k16('tiering_policy', 'N/A'),
    k('compressed', 'False'),
    k('mirrored', 'False'),
    ...(c ? [] : [k('ckpts', r.ckpts.join(','))]),
    ...(withSize ? (c ? [k('size', savVolLine(c)), ckptfsLine(r, c)] : [k('size', sizeLine(r))]) : []),
    ...(c ? [k('used', `${c.savVolUsedPct}%`), k('full(mark)', `${c.fullMark}%`)] : []),
    k('stor_devs', r.storDevs.join(',')),
    k('disks', r.disks.join(',')),
    ...r.paths.map((p) => ` disk=${pad(p.disk, 5)} stor_dev=${p.storDev} addr=${pad(p.addr, 14)} server=${p.server}`),
  ];
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

export const nasFsCommand = defineCommand<Req, Res>({
  name: 'nas_fs',
  kind: 'celerra',
  summary: 'list, show, size, create, delete and rename file systems',
  forms: [
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
          alt(kv('size', 'size', 'size'), kv('samesize', 'fs_name', 'fs')),
          kv('pool', 'pool', 'pool'),
          opt(flag('-thin'), val('thin', 'name')),
          opt(flag('-auto_extend'), val('auto_extend', 'name')),
          opt(flag('-hwm'), val('hwm', 'name')),
          opt(flag('-max_size'), val('max_size', 'size')),
          opt(flag('-option', '-o'), val('options')),
        ),
      ],
      true,
    ),
    form('delete', [flag('-delete'), fsRef()], true),
    form('rename', [flag('-rename'), val('old_name', 'fs'), val('new_name', 'name')], true),
  ],
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
        return { op: 'rename', ref: { name: m.values.old_name! }, newName: m.values.new_name! };
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
