import { describe, expect, it } from 'vitest';
import { freshShell, REPLICATION_READY, run } from '../../helpers.js';
import { parseLab, stringifyLab } from '../../../src/store/lab-store.js';
import { findCell, findFs } from '../../../src/engine/cluster.js';
import { advanceBy } from '../../../src/engine/clock.js';
import { peekDigest } from '../../../src/engine/blocks/volume.js';
import { failover, resync, failback, startReplication, parseOptions, describeReplication } from '../../../src/engine/replication/index.js';

describe('replication through the engine', () => {
  it('starts, fails over with the primary down, resyncs incrementally, fails back to equal contents, and saves mid-way', () => {
    const sh = freshShell();
    const w = () => sh.lab.world;
    for (const l of [...REPLICATION_READY]) {
      const r = run(sh, l);
      expect(r.status, `${l}\n${r.text}`).toBe(0);
    }
    expect(run(sh, 'client write /pfs10/a.dat 10M').status).toBe(0);
    const pfsCell = findCell(w(), 'cel_pfs');
    const sfsCell = findCell(w(), 'cel_sfs');
    const s = startReplication(w(), pfsCell, { src: 'pfs10', dst: 'sfs10', dstCel: 'cel_sfs', savMB: null, options: parseOptions(undefined, 'start') });
    advanceBy(w(), 60_000);
    expect(describeReplication(w(), s, 'cel_pfs').state).toBe('active');
    run(sh, 'client write /pfs10/b.dat 5M');
    advanceBy(w(), 1_300_000);
    const pfs = findFs(pfsCell, 'pfs10');
    const sfs = findFs(sfsCell, 'sfs10');
    expect(describeReplication(w(), s, 'cel_pfs').history.map((h) => [h.n, h.blocks, h.group])).toEqual([[1, 640, 1]]);
    expect(peekDigest(sfs.contents!.volume)).toEqual(peekDigest(pfs.contents!.volume));
    run(sh, 'client write /pfs10/c.dat 3M');
    run(sh, 'sim disaster cel_pfs');
    const f = failover(w(), sfsCell, { remote: 'pfs10', remoteCel: 'cel_pfs', local: 'sfs10', mode: 'default', restartpoint: false });
    // c.dat's 384 blocks were written after the last cut: the failover reports them lost.
    expect([f.record.lostSets, f.record.lostBlocks.length, f.restartCkpt]).toEqual([[], 384, 'root_rep_rstpt_21_1']);
    run(sh, 'cs cel_sfs');
    expect(run(sh, 'client write /sfs10/d.dat 2M').status).toBe(0);
    run(sh, 'sim repair cel_pfs');
    const r = resync(w(), sfsCell, { local: 'sfs10', remote: 'pfs10', remoteCel: 'cel_pfs', options: parseOptions(undefined, 'resync') });
    expect(r.full).toBe(false);
    advanceBy(w(), 600_000);
    expect(describeReplication(w(), r.session, 'cel_sfs').state).toBe('active');
    // The lab, mid-replication with a failover behind it, saves and loads as it is.
    const text = stringifyLab(sh.lab);
    expect(stringifyLab(parseLab(text, 'mid-dr.json'))).toBe(text);
    const b = failback(w(), sfsCell, { local: 'sfs10', remote: 'pfs10', remoteCel: 'cel_pfs' });
    expect(peekDigest(sfs.contents!.volume)).toEqual(peekDigest(pfs.contents!.volume));
    expect(describeReplication(w(), b.session, 'cel_pfs')).toMatchObject({ state: 'active', role: 'source' });
  });
});

describe('a save volume hold and a failover', () => {
  function held(policy: 'autoro' | 'autofreeze') {
    const sh = freshShell();
    const lines = [
      ...REPLICATION_READY,
      'client write /pfs10/db.dat 8M',
      `fs_replicate -start pfs10 sfs10:cel=cel_sfs savsize=64 -option ${policy}=yes,hwm=16`,
      'sim advance 10m',
      'sim link cel_pfs cel_sfs down',
      'client write /pfs10/a 40M',
      'sim advance 2m',
      'client write /pfs10/b 40M',
      'sim advance 2m',
    ];
    for (const l of lines) run(sh, l);
    const pfs = findFs(findCell(sh.lab.world, 'cel_pfs'), 'pfs10');
    const mount = findCell(sh.lab.world, 'cel_pfs')
      .movers.find((m) => m.name === 'server_2')!
      .mounts.find((m) => m.fsId === pfs.id)!;
    expect(policy === 'autoro' ? mount.ro : pfs.frozen).toBe(true);
    run(sh, 'sim link cel_pfs cel_sfs up');
    expect(run(sh, 'cs cel_sfs; fs_replicate -failover pfs10:cel=cel_pfs sfs10').status).toBe(0);
    return { sh, pfs, mount };
  }

  it('ends with the failover: the primary stays read-only through -modify and -abort, and is not left frozen', () => {
    const { sh, mount } = held('autoro');
    expect(run(sh, 'cs cel_pfs; fs_replicate -modify pfs10 -option autoro=no').status).toBe(1);
    expect(mount.ro).toBe(true);
    expect(run(sh, 'cs cel_sfs; fs_replicate -abort sfs10').status).toBe(0);
    expect(mount.ro).toBe(true);
    expect(run(sh, 'cs cel_pfs; client write /pfs10/split 1M').status).toBe(1);
    const f = held('autofreeze');
    expect(f.pfs.frozen).toBeUndefined();
    expect(f.mount.ro).toBe(true);
  });

  it('fences a primary that was down at the failover when its site comes back, even after an -abort', () => {
    const sh = freshShell();
    for (const l of [
      ...REPLICATION_READY,
      'client write /pfs10/a 4M',
      'fs_replicate -start pfs10 sfs10:cel=cel_sfs',
      'sim advance 2m',
      'sim disaster cel_pfs',
      'cs cel_sfs',
      'fs_replicate -failover pfs10:cel=cel_pfs sfs10',
      'fs_replicate -abort sfs10',
      'sim repair cel_pfs',
    ]) {
      expect(run(sh, l).status, l).toBe(0);
    }
    expect(run(sh, 'cs cel_pfs; client write /pfs10/x 1M').text).toContain('Read-only file system');
  });
});
