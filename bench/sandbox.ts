// A throw-away home for the process benchmarks: XDG folders and a lab state file in a
// temp folder, the lab created beforehand so no timed run pays for its first write.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/store/paths.js';

export interface Sandbox {
  dir: string;
  root: string;
  /** The drshell entry the user runs. */
  bin: string;
  stateFile: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function makeSandbox(tag: string): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), `drshell-bench-${tag}-`));
  const root = packageRoot();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  return {
    dir,
    root,
    bin: join(root, 'bin', 'drshell.js'),
    stateFile: join(dir, 'lab.json'),
    env,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Creates the sandbox's lab with one batch run; returns the reason when that fails. */
export function prepareLab(sb: Sandbox): string | null {
  const r = spawnSync(process.execPath, [sb.bin, '--state', sb.stateFile, '-c', 'nas_server -list'], {
    cwd: sb.root,
    env: sb.env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status === 0 && r.stdout.includes('server_2')) return null;
  const said = `${r.stdout}${r.stderr}`.trim().split('\n').slice(-3).join(' | ');
  return `creating the lab failed (status ${r.status ?? r.signal}): ${said || 'no output'}`;
}
