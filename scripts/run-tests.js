// `npm test` after the build: the type check of the tests beside `vitest run` rather than
// before it. tsc uses one core for ~17 s; run first, it left the other core idle for that
// long on a two-core machine. Arguments go to vitest (`npm test -- --reporter=json ...`).
// A type error still fails the run: vitest, when still running (its run is far longer than
// the check), is stopped before it writes its reports, so CI finds no results, as before.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function start(script, args) {
  const child = spawn(process.execPath, [join(root, script), ...args], { stdio: 'inherit', cwd: root });
  const done = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, done };
}

const vitest = start('node_modules/vitest/vitest.mjs', ['run', ...process.argv.slice(2)]);
const tsc = start('node_modules/typescript/bin/tsc', ['-p', 'test/tsconfig.json']);

const typed = await tsc.done;
if (typed !== 0) {
  vitest.child.kill('SIGTERM');
  await vitest.done;
  console.error('type check of the tests failed (tsc -p test/tsconfig.json)');
  process.exit(typed);
}
process.exit(await vitest.done);
