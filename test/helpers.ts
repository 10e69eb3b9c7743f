// Shared test helpers: a fresh in-memory shell on the default lab, and running lines.
import { join } from 'node:path';
import { memoryShell, type Shell } from '../src/shell/shell.js';
import { packageRoot } from '../src/store/paths.js';

export const FIXTURE = join(packageRoot(), 'fixtures', 'two-site-dr.json');

export function freshShell(): Shell {
  return memoryShell(FIXTURE);
}

/** Runs one line on a shell and returns its text and status. */
export function run(shell: Shell, line: string): { text: string; status: number } {
  const r = shell.exec(line);
  return { text: r.text, status: r.status };
}
