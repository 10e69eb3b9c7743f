import { describe, expect, it } from 'vitest';
import { freshShell, run } from '../../helpers.js';
import { parseLab, stringifyLab } from '../../../src/store/lab-store.js';
import { findCell, findFs } from '../../../src/engine/cluster.js';
import { advanceBy } from '../../../src/engine/clock.js';
import { peekDigest } from '../../../src/engine/blocks/volume.js';
import { failover, resync, failback, startReplication, parseOptions, describeReplication } from '../../../src/engine/repl/index.js';

describe('replication through the engine', () => {
  it('starts, fails over with the primary down, resyncs incrementally, fails back to equal contents, and saves mid-way', () => {
    const sh = freshShell();
    const w = () => sh.lab.world;
    for (const l of ['nas_cel -create cel_sfs -ip 10.2.1.10 -passphrase nasadmin', 'cs cel_sfs', 'nas_cel -create cel_pfs -ip 10.1.1.10 -passphrase nasadmin', 'server_mount server_2 -o ro sfs10 /sfs10', 'cs cel_pfs']) {
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
