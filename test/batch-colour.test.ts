// Batch mode never colours: the built CLI, with colour forced (FORCE_COLOR=1, which chalk
// would obey) and its output piped, prints error replies, an alert notice and progress
// lines without a single escape code. Colour belongs to the interactive front end only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raiseAlert } from '../src/engine/alerts.js';
import { readLabFile, writeLabFileAtomic } from '../src/store/lab-store.js';
import { packageRoot } from '../src/store/paths.js';

const BIN = join(packageRoot(), 'bin', 'drshell.js');
const dir = mkdtempSync(join(tmpdir(), 'drshell-colour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function drshell(state: string, args: string[], input = '') {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NO_COLOR' && k !== 'CI') env[k] = v;
  env.FORCE_COLOR = '1';
  env.XDG_DATA_HOME = join(dir, 'data');
  env.XDG_STATE_HOME = join(dir, 'state');
  return spawnSync(process.execPath, [BIN, '--state', state, ...args], { cwd: dir, input, encoding: 'utf8', env, timeout: 30_000 });
}

const ESCAPE = /\x1b|\x9b/;

describe('batch mode with colour forced', () => {
  /** A lab with a checkpoint to copy and an alert waiting to be printed. */
  function lab(name: string): string {
    const state = join(dir, `${name}.json`);
    expect(drshell(state, ['-c', 'client write /pfs10/db/orders.dbf 40M; fs_ckpt pfs10 -Create']).status).toBe(0);
    const doc = readLabFile(state);
    raiseAlert(doc.world, 'cel_pfs', 'server_2', 'rep_savvol_full', { fs: 'pfs10', pct: 92 });
    writeLabFileAtomic(state, doc);
    return state;
  }

  const lines = ['fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs', 'sim advance 10s', 'nas_fs -info nope', 'nosuchcmd'];

  it('prints errors, alerts and progress lines as plain text, from -c and from a pipe', () => {
    for (const r of [drshell(lab('c'), ['--keep-going', '-c', lines.join('; ')]), drshell(lab('stdin'), ['--keep-going'], `${lines.join('\n')}\n`)]) {
      expect(r.stdout).toContain('progress: copy_1 pfs10_ckpt1 -> sfs10:cel_sfs: completed');
      expect(r.stdout).toContain('Error 3105: nope : invalid filesystem specified');
      expect(r.stdout).toContain('-bash: nosuchcmd: command not found');
      expect(r.stderr).toContain('drshell: alert: cel_pfs server_2: save volume of pfs10 is 92% full');
      expect(r.stdout).not.toMatch(ESCAPE);
      expect(r.stderr).not.toMatch(ESCAPE);
    }
  });
});
