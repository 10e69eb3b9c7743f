// Batch mode as a process: an alert notice waiting in the lab goes to standard error after
// the first command's output, once (the lab no longer holds it afterwards), and standard
// output keeps only what the commands print; `watch` is refused with status 2, as it needs
// a terminal, and stops the script there unless --keep-going.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raiseAlert } from '../src/engine/alerts.js';
import { readLabFile, writeLabFileAtomic } from '../src/store/lab-store.js';
import { packageRoot } from '../src/store/paths.js';

const BIN = join(packageRoot(), 'bin', 'drshell.js');
const dir = mkdtempSync(join(tmpdir(), 'drshell-notices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function drshell(state: string, ...args: string[]) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.XDG_DATA_HOME = join(dir, 'data');
  env.XDG_STATE_HOME = join(dir, 'state');
  return spawnSync(process.execPath, [BIN, '--state', state, ...args], { cwd: dir, input: '', encoding: 'utf8', env, timeout: 30_000 });
}

describe('batch mode', () => {
  it('prints an alert notice on standard error after the command, once', () => {
    const state = join(dir, 'alert.json');
    expect(drshell(state, '-c', 'sim now').status).toBe(0);
    const lab = readLabFile(state);
    raiseAlert(lab.world, 'cel_pfs', 'server_2', 'rep_savvol_full', { fs: 'pfs10', pct: 92 });
    raiseAlert(lab.world, 'cel_sfs', 'server_2', 'rep_outstanding', { fs: 'sfs10', count: 7 });
    writeLabFileAtomic(state, lab);

    const r = drshell(state, '-c', 'server_date server_2; server_date server_3');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('server_2 : Mon Jan 12 09:00:00 GMT 2026\nserver_3 : Mon Jan 12 09:00:00 GMT 2026\n');
    expect(r.stderr).toBe('drshell: alert: cel_pfs server_2: save volume of pfs10 is 92% full\ndrshell: alert: cel_sfs server_2: 7 delta sets of sfs10 outstanding\n');
    // Printed, so taken off the lab's queue; the mover's log keeps the WARNING.
    expect(readLabFile(state).world.alerts?.notices).toEqual([]);
    const again = drshell(state, '-c', 'server_log server_2 | tail -1');
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/VRPL: 4: save volume of pfs10 is 92% full\n$/);
  });

  it('refuses watch: it needs a terminal; exit status 2, and the script stops there', () => {
    const state = join(dir, 'watch.json');
    const r = drshell(state, '-c', 'watch -n 5 server_date server_2\necho never');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("watch: needs a terminal; in a script, run 'server_date server_2' after each sim advance instead\n");
    const k = drshell(state, '--keep-going', '-c', 'watch fs_copy -list\necho after');
    expect([k.status, k.stdout.split('\n').slice(1)]).toEqual([2, ['after', '']]);
  });
});
