// Builds dist/ once before any test file runs: the CLI, kill and pseudo-terminal tests
// start the compiled shell as a child process, and parallel builds would race.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-built.js')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}
