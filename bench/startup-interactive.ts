// Figure 2: interactive start-up. `drshell --state <lab>` in a pseudo-terminal (tmux),
// time from spawn to the first prompt on screen and the shell's resident memory there,
// against bare node printing the same prompt the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { timedRow, type Outcome } from './report.js';
import { makeSandbox, prepareLab, type Sandbox } from './sandbox.js';
import { median } from './stats.js';

const TMUX = '/usr/bin/tmux';
const RUNS = 7;
const PROMPT = '[nasadmin@cel_pfs ~]$';
const PROMPT_TIMEOUT_MS = 5_000;
const POLL_MS = 5;
const BARE = ['-e', `process.stdout.write(${JSON.stringify(PROMPT + ' ')}); setInterval(() => {}, 1 << 30)`];

interface Start {
  ms: number;
  rssMB: number;
}

/** One private tmux server per bench run, so the user's own tmux is never touched. */
class Tmux {
  private readonly socket: string;
  constructor(private readonly sb: Sandbox) {
    // In the sandbox, so removing the sandbox leaves no socket behind.
    this.socket = join(sb.dir, 'tmux.sock');
  }

  run(...args: string[]): { ok: boolean; out: string } {
    const r = spawnSync(TMUX, ['-S', this.socket, '-f', '/dev/null', ...args], { cwd: this.sb.root, env: this.sb.env, encoding: 'utf8' });
    return { ok: r.status === 0, out: r.stdout ?? '' };
  }

  /** A holder session keeps the server up; dead panes stay so their last words can be read. */
  start(): boolean {
    return this.run('new-session', '-d', '-s', 'holder', '-x', '100', '-y', '30').ok && this.run('set-option', '-g', 'remain-on-exit', 'on').ok;
  }

  stop(): void {
    this.run('kill-server');
  }
}

/** A /proc file's text, or '' once the process is gone. */
function proc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

/** The node process itself, in case tmux ran it under a shell. */
function nodePid(panePid: number): number {
  if (proc(panePid, 'comm').trim() === 'node') return panePid;
  const children = proc(panePid, `task/${panePid}/children`).trim().split(/\s+/).map(Number);
  return children.find((c) => proc(c, 'comm').trim() === 'node') ?? panePid;
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(proc(pid, 'status'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function waitGone(pid: number, ms = 3_000): Promise<void> {
  const until = performance.now() + ms;
  while (existsSync(`/proc/${pid}`) && performance.now() < until) await sleep(10);
}

function lastWords(screen: string): string {
  return (
    screen
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('Pane is dead'))
      .slice(-3)
      .join(' | ') || 'blank screen'
  );
}

/** Spawns `argv` in a new session and polls the screen until the prompt shows. */
async function startOnce(tmux: Tmux, name: string, argv: string[]): Promise<Start | string> {
  const t0 = performance.now();
  if (!tmux.run('new-session', '-d', '-s', name, '-x', '100', '-y', '30', '--', ...argv).ok) return 'tmux new-session failed';
  const panePid = Number(tmux.run('list-panes', '-t', name, '-F', '#{pane_pid}').out.trim());
  const pid = nodePid(panePid);
  try {
    for (;;) {
      // One tmux client per poll (two commands chained) keeps the poller's own load low.
      const out = tmux.run('capture-pane', '-p', '-t', name, ';', 'display-message', '-p', '-t', name, '#{pane_dead} #{pane_dead_status}').out;
      const screen = out.slice(0, out.trimEnd().lastIndexOf('\n') + 1);
      if (screen.includes(PROMPT)) return { ms: performance.now() - t0, rssMB: rssMB(pid) };
      const [dead, status] = out.trimEnd().split('\n').pop()!.split(' ');
      if (dead === '1') return `exited with status ${status} before the prompt: ${lastWords(screen)}`;
      if (performance.now() - t0 > PROMPT_TIMEOUT_MS) return `no prompt after ${PROMPT_TIMEOUT_MS} ms: ${lastWords(screen)}`;
      await sleep(POLL_MS);
    }
  } finally {
    tmux.run('kill-session', '-t', name);
    await waitGone(pid); // the next run must not find this one's lab lock
  }
}

async function series(tmux: Tmux, tag: string, argv: string[]): Promise<Start[] | string> {
  const out: Start[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const s = await startOnce(tmux, `${tag}${i}`, argv);
    if (typeof s === 'string') return s;
    if (i > 0) out.push(s); // the first run warms the file cache
  }
  return out;
}

function rows(d: Start[] | string, b: Start[] | string) {
  const value = (s: Start[] | string, k: keyof Start) => (typeof s === 'string' ? null : median(s.map((x) => x[k])));
  const baseline = (k: keyof Start) => (typeof b === 'string' ? null : { label: 'node printing the prompt', value: value(b, k)! });
  return [
    timedRow({ figure: 'interactive start-up to first prompt', unit: 'ms', value: value(d, 'ms'), baseline: baseline('ms'), aim: { max: 400, on: 'value' } }),
    timedRow({ figure: 'interactive shell resident memory', unit: 'MB', value: value(d, 'rssMB'), baseline: baseline('rssMB'), aim: { max: 100, on: 'value' } }),
  ];
}

export async function benchInteractiveStartup(): Promise<Outcome> {
  const sb = makeSandbox('tty');
  const tmux = new Tmux(sb);
  const notes: string[] = [];
  try {
    if (!existsSync(TMUX)) return { rows: rows('no tmux', 'no tmux'), notes: [`interactive start-up: n/a: ${TMUX} is missing`] };
    const broken = prepareLab(sb);
    if (broken || !tmux.start()) {
      notes.push(`interactive start-up: n/a: ${broken ?? 'tmux would not start'}`);
      return { rows: rows('n/a', 'n/a'), notes };
    }
    const bare = await series(tmux, 'bare', [process.execPath, ...BARE]);
    const drshell = await series(tmux, 'drshell', [process.execPath, sb.bin, '--state', sb.stateFile]);
    if (typeof drshell === 'string') notes.push(`interactive start-up: n/a: drshell ${drshell}`);
    else notes.push(`interactive start-up: median of ${RUNS} (after 1 warm-up) in tmux 100x30, screen polled every ~${POLL_MS} ms; memory is VmRSS at the prompt`);
    if (typeof bare === 'string') notes.push(`interactive baseline: n/a: ${bare}`);
    return { rows: rows(drshell, bare), notes };
  } finally {
    tmux.stop();
    sb.remove();
  }
}
