// Figure 1: batch start-up. `drshell -c "nas_server -list"` as a whole process against
// `node -e ""` in the same run, and a check that batch mode never loads ink or react.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRow, timedRow, type Outcome } from './report.js';
import { makeSandbox, prepareLab, type Sandbox } from './sandbox.js';
import { median, timeMs } from './stats.js';

const RUNS = 15;
const WARM = 2;
const COMMAND = 'nas_server -list';
/** Packages that belong to the interactive front end only. */
const UI_PACKAGES = /\/node_modules\/(ink|react|react-dom|react-reconciler|yoga-layout|scheduler)\//;

function runNode(sb: Sandbox, args: string[]): { ms: number; status: number | null; out: string } {
  let r!: ReturnType<typeof spawnSync>;
  const ms = timeMs(() => {
    r = spawnSync(process.execPath, args, { cwd: sb.root, env: sb.env, encoding: 'utf8', timeout: 30_000 });
  });
  return { ms, status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Medians of drshell and bare node, runs interleaved so both see the same machine load. */
function measure(sb: Sandbox): { drshell: number; node: number } | string {
  const drshell = [sb.bin, '--state', sb.stateFile, '-c', COMMAND];
  const bare = ['-e', ''];
  const d: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < WARM + RUNS; i++) {
    const a = runNode(sb, drshell);
    const b = runNode(sb, bare);
    if (a.status !== 0) return `drshell exited with ${a.status}: ${a.out.trim().split('\n')[0]}`;
    if (i >= WARM) {
      d.push(a.ms);
      n.push(b.ms);
    }
  }
  return { drshell: median(d), node: median(n) };
}

/**
 * A module preloaded with --import registers a resolve hook (node:module register) that
 * appends every resolved URL to a log file; the hook runs on the loader thread, so it
 * writes synchronously rather than messaging a main thread that may exit first. ink is
 * ESM only, so any load of it passes this hook (react's inner require() calls may not).
 */
function resolveLogger(log: string): string {
  const hooks = [
    "import { appendFileSync } from 'node:fs';",
    'let log;',
    'export function initialize(data) { log = data.log; }',
    'export async function resolve(specifier, context, next) {',
    '  const r = await next(specifier, context);',
    "  appendFileSync(log, r.url + '\\n');",
    '  return r;',
    '}',
  ].join('\n');
  const hooksUrl = `data:text/javascript,${encodeURIComponent(hooks)}`;
  const preload = `import { register } from 'node:module'; register(${JSON.stringify(hooksUrl)}, { data: { log: ${JSON.stringify(log)} } });`;
  return `data:text/javascript,${encodeURIComponent(preload)}`;
}

function resolvedUrls(sb: Sandbox, log: string, args: string[]): string[] {
  spawnSync(process.execPath, ['--import', resolveLogger(log), ...args], { cwd: sb.root, env: sb.env, timeout: 30_000 });
  try {
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function packagesOf(urls: string[]): string[] {
  const names = urls.map((u) => UI_PACKAGES.exec(u)?.[1]).filter((n): n is string => !!n);
  return [...new Set(names)].sort();
}

/** Loads ink on purpose first, so a detector that sees nothing is known to be blind. */
function uiCheck(sb: Sandbox, notes: string[]) {
  const control = packagesOf(resolvedUrls(sb, join(sb.dir, 'control.log'), ['-e', 'import("ink")']));
  const urls = resolvedUrls(sb, join(sb.dir, 'batch.log'), [sb.bin, '--state', sb.stateFile, '-c', COMMAND]);
  const loaded = packagesOf(urls);
  if (!control.includes('ink')) {
    notes.push('ink/react check: the resolve hook did not see a deliberate import("ink"), so it cannot be trusted here');
    return checkRow('batch mode loads ink/react', 'unknown', 'no', null);
  }
  notes.push(`ink/react check: a resolve hook logged ${urls.length} module resolutions in the batch run (control run with import("ink") saw: ${control.join(', ')})`);
  return checkRow('batch mode loads ink/react', loaded.length ? `yes: ${loaded.join(', ')}` : 'no', 'no', loaded.length === 0);
}

export function benchBatchStartup(): Outcome {
  const sb = makeSandbox('batch');
  const notes: string[] = [];
  const figure = `batch start-up: drshell -c "${COMMAND}"`;
  try {
    const broken = prepareLab(sb);
    const m = broken ?? measure(sb);
    if (typeof m === 'string') {
      notes.push(`batch start-up: n/a: ${m}`);
      return { rows: [timedRow({ figure, unit: 'ms', value: null, baseline: null, aim: { max: 3, on: 'ratio' } })], notes };
    }
    notes.push(`batch start-up: median of ${RUNS} whole-process runs each (after ${WARM} warm-up), interleaved`);
    const row = timedRow({ figure, unit: 'ms', value: m.drshell, baseline: { label: 'node -e ""', value: m.node }, aim: { max: 3, on: 'ratio' } });
    return { rows: [row, uiCheck(sb, notes)], notes };
  } finally {
    sb.remove();
  }
}
