// The real interactive shell in a pseudo-terminal (tmux, 80x24): type with Tab
// completion, read the screen, recall with Up, follow `cs`, leave with Ctrl+D, and find
// the lines in the history file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/store/paths.js';

const TMUX = '/usr/bin/tmux';
const root = packageRoot();
const session = `drshell-e2e-${process.pid}`;
let dir: string;

function tmux(...args: string[]): string {
  const r = spawnSync(TMUX, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
const typeText = (text: string) => tmux('send-keys', '-t', session, '-l', '--', text);

async function waitFor(pred: (s: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let s = '';
  while (Date.now() < end) {
    s = screen();
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; the screen:\n${s}`);
}

/** The last non-empty row: where the prompt and the line being typed are. */
const lastRow = (s: string) => s.split('\n').filter((l) => l.trim() !== '').pop() ?? '';

describe.skipIf(!existsSync(TMUX))('interactive shell in a terminal', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drshell-e2e-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI' && k !== 'NODE_ENV') env[k] = v;
    env.XDG_STATE_HOME = join(dir, 'state');
    env.XDG_DATA_HOME = join(dir, 'data');
    env.TERM = 'xterm-256color';
    // The child gets exactly this environment (no CI, no NODE_ENV: see LIBRARIES.md 3.4).
    const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '--',
      '/usr/bin/env', '-i', ...envArgs, process.execPath, join(root, 'bin', 'drshell.js'), '--state', join(dir, 'lab.json'));
  });

  afterAll(() => {
    spawnSync(TMUX, ['kill-session', '-t', session]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('completes, runs, recalls, follows cs and leaves', async () => {
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$', 'the first prompt');

    typeText('nas_ser');
    keys('Tab');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ nas_server', 'nas_server completed');
    typeText('-l');
    keys('Tab');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ nas_server -list', '-list completed');
    keys('Enter');
    let s = await waitFor((s) => s.includes('server_4') && lastRow(s) === '[nasadmin@cel_pfs ~]$', 'the listing');
    expect(s).toContain('[nasadmin@cel_pfs ~]$ nas_server -list\nid      type  acl  slot groupID  state  name\n');
    expect(s).toMatch(/^1 +1 +0 +2 +0 +server_2$/m);
    expect(s).toMatch(/^3 +4 +0 +4 +0 +server_4$/m);

    keys('Up');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ nas_server -list', 'Up recalling the line');
    keys('Enter');
    s = await waitFor((s) => s.split('server_4').length === 3 && lastRow(s) === '[nasadmin@cel_pfs ~]$', 'the listing again');

    typeText('cs cel_s');
    keys('Tab');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ cs cel_sfs', 'cel_sfs completed');
    keys('Enter');
    s = await waitFor((s) => lastRow(s) === '[nasadmin@cel_sfs ~]$', 'the prompt of cel_sfs');
    expect(s).toContain('cel_sfs : Control Station');

    keys('C-d');
    s = await waitFor((s) => s.includes('[nasadmin@cel_sfs ~]$ logout'), 'logout');
    const history = join(dir, 'state', 'drshell', 'history');
    // Leaving released the lab's lock and kept the session's move in the lab.
    await waitFor(() => !existsSync(join(dir, 'lab.json.lock')), 'the lab lock released');
    expect(JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')).session.cel).toBe('cel_sfs');
    expect(readFileSync(history, 'utf8')).toBe('nas_server -list \ncs cel_sfs \n');
  });
});
