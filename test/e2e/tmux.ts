// A drshell in tmux (80x24) for the end-to-end tests: a fresh state folder, exactly the
// environment the child should get (no CI, no NODE_ENV: see LIBRARIES.md 3.4), and the keys
// and screen reads a test drives it with.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/store/paths.js';

export const TMUX = '/usr/bin/tmux';
export const hasTmux = existsSync(TMUX);

function tmux(...args: string[]): string {
  const r = spawnSync(TMUX, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export interface Terminal {
  /** The state folder (lab, history). */
  dir: string;
  screen(): string;
  /** The screen with its colours, as SGR escapes. */
  styledScreen(): string;
  /** Where the terminal's cursor is (columns and rows from the top left, from 0). */
  cursor(): { x: number; y: number };
  keys(...k: string[]): void;
  typeText(text: string): void;
  waitFor(pred: (s: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  close(): void;
}

/** `extraEnv` adds to (or, with an empty string, removes from) the child's environment. */
export function openTerminal(tag: string, extraEnv: Record<string, string> = {}): Terminal {
  const session = `drshell-${tag}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), `drshell-${tag}-`));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI' && k !== 'NODE_ENV') env[k] = v;
  env.XDG_STATE_HOME = join(dir, 'state');
  env.XDG_DATA_HOME = join(dir, 'data');
  env.TERM = 'xterm-256color';
  for (const [k, v] of Object.entries(extraEnv)) {
    if (v === '') delete env[k];
    else env[k] = v;
  }
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '80',
    '-y',
    '24',
    '--',
    '/usr/bin/env',
    '-i',
    ...envArgs,
    process.execPath,
    join(packageRoot(), 'bin', 'drshell.js'),
    '--state',
    join(dir, 'lab.json'),
  );
  // The screen stays readable after drshell leaves: a test waits for its `logout`, which
  // a poll would otherwise race with the pane (and the tmux server) going away. The
  // shell cannot have left yet when this is set: it waits for keys.
  tmux('set-option', '-w', '-t', session, 'remain-on-exit', 'on');
  const screen = () => tmux('capture-pane', '-p', '-t', session);
  return {
    dir,
    screen,
    styledScreen: () => tmux('capture-pane', '-p', '-e', '-t', session),
    cursor() {
      const [x, y] = tmux('display-message', '-p', '-t', session, '#{cursor_x} #{cursor_y}').trim().split(' ').map(Number);
      return { x: x!, y: y! };
    },
    keys: (...k) => void tmux('send-keys', '-t', session, ...k),
    typeText: (text) => void tmux('send-keys', '-t', session, '-l', '--', text),
    async waitFor(pred, what, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      let s = '';
      while (Date.now() < end) {
        s = screen();
        if (pred(s)) return s;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}; the screen:\n${s}`);
    },
    close() {
      spawnSync(TMUX, ['kill-session', '-t', session]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
