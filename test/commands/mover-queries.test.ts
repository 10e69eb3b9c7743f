// Command behaviour the default lab cannot reach through commands yet: remote Celerras in
// nas_cel, a rebooted mover's log, a mover that is not online under ALL, log codes with
// no text. The lab is edited as data, then the commands' text is checked.
import { describe, expect, it } from 'vitest';
import { findCell, findMover } from '../../src/engine/cluster.js';
import { logText, LOG_MESSAGES } from '../../src/render/log-messages.js';
import { freshShell, run } from '../helpers.js';

function shellWithWorld() {
  const shell = freshShell();
  const cell = findCell(shell.lab.world, 'cel_pfs');
  return { shell, cell };
}

describe('nas_cel with remote entries', () => {
  it('lists the local Control Station as id 0, then the remotes by id', () => {
    const { shell, cell } = shellWithWorld();
    cell.remotes.push(
      { id: 2, name: 'cel_dr2', netPath: '10.3.1.10', celerraId: 'APM000500000012007', passphrase: 'nasadmin' },
      { id: 1, name: 'cel_sfs', netPath: '10.2.1.10', celerraId: 'APM000432001872007', passphrase: 'secret1' },
    );
    expect(run(shell, 'nas_cel -list')).toEqual({
      status: 0,
      text: [
        'id    name          owner mount_dev  channel    net_path                                      CMU',
        '0     cel_pfs       0                           10.1.1.10                                     APM000417005142007',
        '1     cel_sfs       0                           10.2.1.10                                     APM000432001872007',
        '2     cel_dr2       0                           10.3.1.10                                     APM000500000012007',
        '',
      ].join('\n'),
    });
    const byName = run(shell, 'nas_cel -info cel_sfs');
    expect(byName.text).toBe(
      [
        'id         = 1',
        'name       = cel_sfs',
        'owner      = 0',
        'device     =',
        'channel    =',
        'net_path   = 10.2.1.10',
        'celerra_id = APM000432001872007',
        'passphrase = secret1',
        '',
      ].join('\n'),
    );
    expect(run(shell, 'nas_cel -i id=2').text).toContain('name       = cel_dr2\n');
  });

  it('keeps a space between columns when a name is wider than its column', () => {
    const { shell, cell } = shellWithWorld();
    cell.remotes.push({ id: 1, name: 'a_very_long_cel_name', netPath: '10.2.1.10', celerraId: 'X', passphrase: 'p' });
    const row = run(shell, 'nas_cel -l').text.split('\n')[2]!;
    expect(row.split(/\s+/)).toEqual(['1', 'a_very_long_cel_name', '0', '10.2.1.10', 'X']);
  });
});

describe('server_log after a reboot', () => {
  it('shows entries since the last boot by default, all of them with -a', () => {
    const { shell, cell } = shellWithWorld();
    const s2 = findMover(cell, 'server_2');
    const now = shell.lab.world.clock.now;
    s2.log.push({ at: now, facility: 'KERNEL', severity: 6, msg: 'dart_boot', data: { version: 'T5.6.52.201', slot: 2 } });
    s2.bootedAt = now;
    const since = run(shell, 'server_log server_2');
    expect(since.text).toBe(`${now / 1000}: KERNEL: 6: DART T5.6.52.201 started in slot 2\n`);
    const all = run(shell, 'server_log server_2 -a').text.trimEnd().split('\n');
    expect(all).toHaveLength(s2.log.length);
    expect(all[0]).toBe('1764654168: KERNEL: 6: DART T5.6.52.201 started in slot 2');
    expect(run(shell, 'server_uptime server_2').text).toBe('server_2 : up 0 days 0 hours 0 min 0 secs\n');
  });

  it('reads the log of a mover that is down', () => {
    const { shell, cell } = shellWithWorld();
    findMover(cell, 'server_3').status = 'faulted';
    expect(run(shell, 'server_log server_3 -n').status).toBe(0);
  });
});

describe('a mover that is not online', () => {
  it('fails alone, and under ALL gets its error line while the others answer', () => {
    const { shell, cell } = shellWithWorld();
    findMover(cell, 'server_3').status = 'rebooting';
    const err = 'Error 4000: server_3 : unable to connect to host\n';
    expect(run(shell, 'server_date server_3')).toEqual({ status: 1, text: err });
    expect(run(shell, 'server_version server_3')).toEqual({ status: 1, text: err });
    expect(run(shell, 'server_uptime ALL')).toEqual({
      status: 1,
      text: `server_2 : up 41 days 3 hours 17 min 12 secs\n${err}server_4 : up 41 days 2 hours 58 min 5 secs\n`,
    });
    const all = run(shell, 'server_ifconfig ALL -all');
    expect(all.status).toBe(1);
    expect(all.text).toContain(`el30 protocol=IP device=mge0\n        inet=128.221.252.2`);
    expect(all.text).toContain(err);
    expect(all.text).toContain('server_4 :\n');
    expect(run(shell, 'server_ifconfig server_3 -all')).toEqual({ status: 1, text: err });
    const before = JSON.stringify(shell.lab.world);
    expect(run(shell, 'server_ifconfig server_3 -create -Device cge1 -name x -protocol IP 10.1.1.60 255.255.255.0 10.1.1.255')).toEqual({ status: 1, text: err });
    expect(JSON.stringify(shell.lab.world)).toBe(before);
  });
});

describe('log message texts', () => {
  it('has a text for every code the engine logs', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const codes = new Set<string>();
    const walk = (d: string) => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        if (f.isDirectory()) walk(join(d, f.name));
        else if (f.name.endsWith('.ts') && f.name !== 'log.ts') {
          const src = readFileSync(join(d, f.name), 'utf8');
          // The fifth argument of logEvent is the code: a literal or a ternary of literals.
          for (const m of src.matchAll(/logEvent\(\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*([^,]+?)\s*[,)]/g)) {
            for (const q of m[1]!.matchAll(/'(\w+)'/g)) codes.add(q[1]!);
          }
        }
      }
    };
    walk(join(import.meta.dirname, '../../src/engine'));
    for (const known of ['if_created', 'if_deleted', 'if_up', 'if_down', 'fs_mounted', 'fs_unmounted_temp', 'fs_unmounted_perm']) {
      expect(codes).toContain(known);
    }
    expect([...codes].filter((c) => !(c in LOG_MESSAGES))).toEqual([]);
  });

  it('prints an unknown code with its data', () => {
    expect(logText({ at: 0, facility: 'ADMIN', severity: 3, msg: 'rep_stalled', data: { session: 'pfs10_rep', lag: 30 } })).toBe('rep_stalled session=pfs10_rep lag=30');
  });
});
