// fs_replicate through the shell, beyond what the transcripts show: a refused command leaves
// the lab byte-identical in every state a session goes through, the seed's and the shipped
// spellings (and both orders of a pair) are one command, a failover's loss report matches the
// writes that never arrived, and every replication log code has its text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_MESSAGES } from '../../src/render/log-messages.js';
import { packageRoot } from '../../src/store/paths.js';
import type { Shell } from '../../src/shell/shell.js';
import { encode } from '../../src/store/codec.js';
import { freshShell, REPLICATION_READY, run } from '../helpers.js';

/** Runs lines that must succeed. */
function ok(shell: Shell, ...lines: string[]): string {
  let text = '';
  for (const line of lines) {
    const r = run(shell, line);
    expect(r.status, `${line}\n${r.text}`).toBe(0);
    text = r.text;
  }
  return text;
}

/** Trust both ways, the destination mounted read-only, 40 MB in the source, replication with one-minute delta sets. */
function replicating(): Shell {
  const shell = freshShell();
  ok(
    shell,
    ...REPLICATION_READY,
    'client write /pfs10/db/orders.dbf 40M',
    'fs_replicate -start pfs10 sfs10:cel=cel_sfs -option to=60,dto=60',
    'sim advance 1m',
    'client write /pfs10/a 1M',
    'sim advance 2m',
  );
  return shell;
}

/** After a disaster at the source's site and a failover at the destination's. */
function failedOver(): Shell {
  const shell = replicating();
  ok(shell, 'client write /pfs10/b 1M', 'sim disaster cel_pfs', 'cs cel_sfs', 'fs_replicate -failover pfs10:cel=cel_pfs sfs10', 'sim repair cel_pfs');
  return shell;
}

/** Each line must fail (status 1 or 2) and leave the lab exactly as it was. */
function allRefused(shell: Shell, lines: string[]): void {
  for (const line of lines) {
    const before = encode(shell.lab.world);
    const r = run(shell, line);
    expect(r.status, `${line}\n${r.text}`).toBeGreaterThan(0);
    expect(encode(shell.lab.world) === before, `${line} changed the lab`).toBe(true);
  }
}

describe('fs_replicate refuses without changing anything', () => {
  it('before trust and with a bad destination', () => {
    const shell = freshShell();
    allRefused(shell, [
      'fs_replicate -start pfs10 sfs10:cel=cel_sfs',
      'fs_replicate -start pfs10 sfs10',
      'fs_replicate -start pfs10 sfs10:cel=cel_x',
      'fs_replicate -info pfs10',
      'fs_replicate -abort pfs10',
    ]);
    ok(shell, 'nas_cel -create cel_sfs -ip 10.2.1.10 -passphrase nasadmin', 'cs cel_sfs', 'nas_cel -create cel_pfs -ip 10.1.1.10 -passphrase nasadmin', 'cs cel_pfs');
    allRefused(shell, [
      'fs_replicate -start pfs10 sfs10:cel=cel_sfs',
      'fs_replicate -start pfs10 dr_home:cel=cel_sfs',
      'fs_replicate -start scratch sfs10:cel=cel_sfs',
      'fs_replicate -start pfs10 sfs10:cel=cel_sfs savsize=0',
      'fs_replicate -start pfs10 sfs10:cel=cel_sfs -option hwm=x',
    ]);
  });

  it('while replicating, at both Control Stations', () => {
    const shell = replicating();
    allRefused(shell, [
      'fs_replicate -start pfs10 sfs10:cel=cel_sfs',
      'fs_replicate -failover sfs10:cel=cel_sfs pfs10',
      'fs_replicate -resync sfs10:cel=cel_sfs pfs10',
      'fs_replicate -modify pfs10 -option to=0,hwm=0',
      'fs_replicate -modify pfs10 -option sync',
      'fs_replicate -abort pfs10,dr_home:cel=cel_sfs',
      'fs_replicate -status pfs10 sfs10',
    ]);
    ok(shell, 'cs cel_sfs');
    allRefused(shell, [
      'fs_replicate -failback sfs10 pfs10:cel=cel_pfs',
      'fs_replicate -resync pfs10:cel=cel_pfs sfs10',
      'fs_replicate -failover pfs10:cel=cel_pfs sfs10 -sync -now',
      'fs_replicate -failover pfs10:cel=cel_pfs sfs10 -option sync,now',
      'fs_replicate -failover pfs10 sfs10',
      'fs_replicate -failover pfs10:cel=cel_pfs sfs10:cel=cel_sfs',
    ]);
    ok(shell, 'sim link cel_pfs cel_sfs down');
    allRefused(shell, [
      'fs_replicate -failover pfs10:cel=cel_pfs sfs10',
      'fs_replicate -failover pfs10:cel=cel_pfs sfs10 -sync',
      'fs_replicate -status sfs10 pfs10:cel=cel_pfs',
      'fs_replicate -refresh pfs10:cel=cel_pfs',
    ]);
  });

  it('after a failover and during the resync copy', () => {
    const shell = failedOver();
    allRefused(shell, [
      'fs_replicate -failover pfs10:cel=cel_pfs sfs10',
      'fs_replicate -refresh sfs10',
      'fs_replicate -failback sfs10 pfs10:cel=cel_pfs',
      'fs_replicate -resync pfs10:cel=cel_pfs sfs10 -option sync',
    ]);
    ok(shell, 'fs_replicate -resync pfs10:cel=cel_pfs sfs10');
    allRefused(shell, ['fs_replicate -failback sfs10 pfs10:cel=cel_pfs', 'fs_replicate -resync pfs10:cel=cel_pfs sfs10']);
  });
});

describe('one command, several spellings', () => {
  /** The same setup, then each spelling on its own lab: replies and labs must be equal. */
  function same(setup: () => Shell, lines: string[]): void {
    const results = lines.map((line) => {
      const shell = setup();
      const r = run(shell, line);
      expect(r.status, `${line}\n${r.text}`).toBe(0);
      return { text: r.text, world: encode(shell.lab.world) };
    });
    for (const r of results.slice(1)) {
      expect(r.text).toBe(results[0]!.text);
      expect(r.world === results[0]!.world).toBe(true);
    }
  }
  const atDestination = () => {
    const shell = replicating();
    ok(shell, 'client write /pfs10/b 1M', 'cs cel_sfs');
    return shell;
  };

  it('-failover: the remote in either position, -sync or -option sync, -now or -option now', () => {
    same(atDestination, ['fs_replicate -failover pfs10:cel=cel_pfs sfs10 -sync', 'fs_replicate -failover sfs10 pfs10:cel=cel_pfs -option sync']);
    same(atDestination, ['fs_replicate -failover pfs10:cel=cel_pfs sfs10 -now -restartpoint', 'fs_replicate -failover sfs10 pfs10:cel=cel_pfs -restartpoint -option now']);
  });

  it('-resync in the seed order and in the reference order', () => {
    same(failedOver, ['fs_replicate -resync sfs10 pfs10:cel=cel_pfs', 'fs_replicate -resync pfs10:cel=cel_pfs sfs10']);
  });

  it('-failback and -reverse', () => {
    const resynced = () => {
      const shell = failedOver();
      ok(shell, 'fs_replicate -resync pfs10:cel=cel_pfs sfs10', 'sim advance 10s');
      return shell;
    };
    same(resynced, ['fs_replicate -failback sfs10 pfs10:cel=cel_pfs', 'fs_replicate -reverse pfs10:cel=cel_pfs sfs10']);
  });
});

describe('the failover report', () => {
  it('names the delta sets and blocks that never arrived, and they are missing at the destination', () => {
    const shell = replicating();
    ok(shell, 'sim link cel_pfs cel_sfs down', 'client write /pfs10/c 1M', 'sim advance 70s', 'client write /pfs10/d 2M', 'sim advance 70s', 'client write /pfs10/e 512K');
    ok(shell, 'sim disaster cel_pfs', 'cs cel_sfs');
    const text = ok(shell, 'fs_replicate -failover pfs10:cel=cel_pfs sfs10');
    // c (128 blocks) and d (256) were cut into delta sets 2 and 3 and never sent; e (64) was only logged.
    expect(text).toContain('delta sets not received: 2-3 (448 blocks)\n');
    expect(text).toContain('source pfs10:cel_pfs could not be reached: it is made read-only when its site comes back\n');
    const s = shell.lab.world.replications![0]!;
    expect(s.failover!.lostSets).toEqual([2, 3]);
    expect(s.failover!.lostBlocks.length).toBe(448);
    expect(run(shell, 'client read /sfs10/a').status).toBe(0);
    for (const f of ['c', 'd', 'e']) expect(run(shell, `client read /sfs10/${f}`).status).toBe(1);
  });

  it('says no data was lost after a failover with sync', () => {
    const shell = replicating();
    ok(shell, 'client write /pfs10/b 1M', 'cs cel_sfs');
    const text = ok(shell, 'fs_replicate -failover pfs10:cel=cel_pfs sfs10 -sync');
    expect(text).toMatch(/\nno data lost\ndone\n$/);
    expect(ok(shell, 'client read /sfs10/b')).toContain('1048576 bytes read');
  });
});

describe('replication log lines', () => {
  it('every code the engine writes has a text', () => {
    const dir = join(packageRoot(), 'src', 'engine', 'replication');
    const codes = new Set<string>();
    for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(rep_[a-z_]+)'/g)) codes.add(m[1]!);
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((c) => LOG_MESSAGES[c] === undefined)).toEqual([]);
  });
});

describe('fs_replicate -list', () => {
  it('lines up the columns of both tables', () => {
    const shell = replicating();
    ok(shell, 'cs cel_sfs');
    const lines = ok(shell, 'fs_replicate -list').split('\n');
    const heads = lines.filter((l) => l.startsWith('Id '));
    expect(heads).toHaveLength(2);
    expect(heads[0]).toBe(heads[1]);
    const row = lines[lines.lastIndexOf(heads[1]!) + 1]!;
    expect(row.split(/\s+/)).toEqual(['21', 'pfs10:cel_pfs', 'inactive', 'active', 'sfs10', 'inactive', 'active', 'alive']);
    expect(row.indexOf('sfs10')).toBe(heads[1]!.indexOf('Destination'));
  });
});
