// The nas_fs -info block and its -size lines, which fs_ckpt prints too after -Create.
import { describeCheckpoint, type CkptReport } from '../engine/ckpt.js';
import type { FsReport } from '../engine/fs.js';
import type { Cell, FileSystem } from '../engine/types.js';
import { pad } from './text.js';
import { ctime } from './time.js';

/** What -info shows of one file system: its report, and for a checkpoint what it uses of its SavVol. */
export interface FsInfo {
  report: FsReport;
  ckpt: CkptReport | null;
}

/** `no,thin=no` when auto-extension is off, else its high water mark and maximum size. */
function autoExtLine(fs: FileSystem): string {
  const thin = `thin=${fs.thin ? 'yes' : 'no'}`;
  if (!fs.autoExtend) return `no,${thin}`;
  return `hwm=${fs.hwm}%,max_size=${fs.maxSizeMB}M,${thin}`;
}

/** A file system's `size` value: its own space. */
export function sizeLine(r: FsReport): string {
  return `total = ${r.fs.sizeMB} avail = ${r.availMB} used = ${r.fs.usedMB} ( ${r.usedPct}% ) (sizes in MB) ( blockcount = ${r.blockcount} )`;
}

/** A checkpoint's `size` value: its SavVol (all checkpoints' before images). */
export function savVolLine(c: CkptReport): string {
  return `volume: total = ${c.savVolMB} avail = ${c.savVolAvailMB} used = ${c.savVolUsedMB} ( ${c.savVolUsedPct}% ) (sizes in MB)`;
}

/** The file system as the checkpoint sees it, the SavVol's blockcount, and the checkpoint's own save area. */
export function ckptfsLine(r: FsReport, c: CkptReport): string {
  return `ckptfs: total = ${r.fs.sizeMB} avail = ${r.availMB} used = ${r.fs.usedMB} ( ${r.usedPct}% ) (sizes in MB) ( blockcount = ${c.blockcount} ) ckpt_usage_on_savvol: ${c.usageMB}MB ( ${c.usagePct}% )`;
}

/** What -info shows of `report`'s file system (a checkpoint's SavVol use looked up). */
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
