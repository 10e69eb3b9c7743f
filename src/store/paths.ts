// Where drshell finds its own files (fixtures, man pages) and keeps the user's labs and
// history (XDG base directories).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package folder, found from this module whether it runs from src/ or dist/src/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'fixtures'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('drshell: cannot find its package folder');
    dir = up;
  }
  return (root = dir);
}

export const DEFAULT_LAB = 'two-site-dr';

/**
 * A fixture name (`two-site-dr`) or a path to a lab file. A file's state is kept under a
 * name with a hash of its full path, so two customers' `lab.json` never share a state.
 */
export function resolveLabSource(lab: string): { name: string; file: string } {
  if (/^[A-Za-z0-9_.-]+$/.test(lab) && !lab.endsWith('.json')) {
    const file = join(packageRoot(), 'fixtures', `${lab}.json`);
    return { name: lab, file };
  }
  const file = resolve(lab);
  const base = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return { name: `${base}-${createHash('sha256').update(file).digest('hex').slice(0, 8)}`, file };
}

function xdg(variable: string, fallback: string): string {
  const v = process.env[variable];
  return v?.startsWith('/') ? v : join(homedir(), fallback);
}

export function dataDir(): string {
  return join(xdg('XDG_DATA_HOME', '.local/share'), 'drshell');
}

export function stateDir(): string {
  return join(xdg('XDG_STATE_HOME', '.local/state'), 'drshell');
}

/** The state file a lab is kept in unless `--state` names another. */
export function defaultStatePath(labName: string): string {
  return join(dataDir(), 'labs', `${labName}.json`);
}

export function historyPath(): string {
  return join(stateDir(), 'history');
}

export function manDir(): string {
  return join(packageRoot(), 'man', 'man1');
}
