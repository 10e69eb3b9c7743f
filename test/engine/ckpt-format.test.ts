// The checkpoint layouts against the real VNX captures (fvtool blog, Jan 2013, kept under
// shared/reference/samples/real-session-fvtool-blog/): `fs_ckpt DATA -list` and the lines of
// `nas_fs -info -size ckpt_DATA_daily_001` that describe the checkpoint, fed the capture's
// own numbers.
import { describe, expect, it } from 'vitest';
import { listLines } from '../../commands/fs_ckpt.js';
import { infoBlock } from '../../src/render/fs-info.js';
import type { CkptReport } from '../../src/engine/ckpt.js';
import type { FsReport } from '../../src/engine/fs.js';
import type { FileSystem } from '../../src/engine/types.js';

const fs = (over: Partial<FileSystem>): FileSystem => ({
  id: 0,
  name: '',
  type: 'ckpt',
  sizeMB: 0,
  pool: 1,
  volume: 0,
  acl: 0,
  createdAt: 0,
  usedMB: 0,
  thin: false,
  autoExtend: false,
  hwm: null,
  maxSizeMB: null,
  contents: null,
  ckpt: { fsId: 21 },
  savVol: null,
  copyOf: null,
  ...over,
});

const DATA = fs({ id: 21, name: 'DATA', type: 'uxfs', sizeMB: 50419, ckpt: null });

function report(ckpt: FileSystem, over: Partial<CkptReport>): CkptReport {
  return {
    ckpt,
    pfs: DATA,
    inUse: true,
    fullMark: 90,
    savVolMB: 20000,
    savVolUsedMB: 513,
    savVolAvailMB: 19487,
    savVolUsedPct: 3,
    usageMB: 128,
    usagePct: 1,
    blockcount: 40960000,
    ...over,
  };
}

describe('fs_ckpt -list', () => {
  it('matches the real capture byte for byte', () => {
    const sched = fs({ id: 25, name: 'ckpt_DATA_FS_CKPT_SCHED_001', createdAt: Date.UTC(2013, 0, 8, 16, 10, 4) });
    const daily = fs({ id: 39, name: 'ckpt_DATA_daily_001', createdAt: Date.UTC(2013, 0, 9, 19, 45, 1) });
    expect(listLines([report(sched, {}), report(daily, {})], 'PST')).toEqual([
      'id    ckpt_name                creation_time           inuse fullmark   total_savvol_used  ckpt_usage_on_savvol',
      '25    ckpt_DATA_FS_CKPT_SCHED_ 01/08/2013-16:10:04-PST   y   90%        3%                 1%',
      '39    ckpt_DATA_daily_001      01/09/2013-19:45:01-PST   y   90%        3%                 1%',
      'Info 26306752329: The value of ckpt_usage_on_savvol for read-only checkpoints may not be consistent with the total_savvol_used.',
      'id    wckpt_name               inuse fullmark total_savvol_used  base  ckpt_usage_on_savvol',
    ]);
  });
});

describe('nas_fs -info -size <ckpt>', () => {
  it('has the real capture’s checkpoint lines', () => {
    const ckpt = fs({ id: 39, name: 'ckpt_DATA_daily_001', volume: 124, sizeMB: 50419, usedMB: 7469, createdAt: Date.UTC(2013, 0, 9, 19, 45, 1) });
    const r: FsReport = {
      fs: ckpt,
      inUse: true,
      poolName: 'DATA',
      memberOf: '',
      rwServers: [],
      roServers: ['server_2'],
      serverIds: [1],
      vdmIds: [],
      rwVdms: [],
      roVdms: [],
      disks: ['d9'],
      storDevs: ['APM00121103927-0010'],
      paths: [],
      availMB: 42949,
      usedPct: 15,
      blockcount: 0,
      ckpts: [],
    };
    const lines = infoBlock({ report: r, ckpt: report(ckpt, {}) }, true, 'PST');
    for (const real of [
      'id        = 39',
      'name      = ckpt_DATA_daily_001',
      'in_use    = True',
      'type      = ckpt',
      'volume    = vp124',
      'pool      = DATA',
      'member_of =',
      'rw_servers=',
      'ro_servers= server_2',
      'checkpt_of= DATA Wed Jan  9 19:45:01 PST 2013',
      'size      = volume: total = 20000 avail = 19487 used = 513 ( 3% ) (sizes in MB)',
      'ckptfs: total = 50419 avail = 42949 used = 7469 ( 15% ) (sizes in MB) ( blockcount = 40960000 ) ckpt_usage_on_savvol: 128MB ( 1% )',
      'used      = 3%',
      'full(mark)= 90%',
      'stor_devs = APM00121103927-0010',
      'disks     = d9',
    ]) {
      expect(lines).toContain(real);
    }
    // In the capture's order: checkpt_of after ro_vdms, the size lines, then used and full(mark) before stor_devs.
    const order = ['ro_vdms', 'checkpt_of', 'mirrored', 'size', 'ckptfs', 'used', 'full(mark)', 'stor_devs'].map((k) => lines.findIndex((l) => l.startsWith(k)));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(lines.some((l) => l.startsWith('auto_ext') || l.startsWith('ckpts'))).toBe(false);
  });
});
