// drshell as a process: its flags, batch mode from -c, a script or stdin, exit statuses,
// the lab kept between runs, plain output, and a batch run that never loads ink or react.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readLabFile } from '../src/store/lab-store.js';
import { packageRoot } from '../src/store/paths.js';

const ROOT = packageRoot();
const BIN = join(ROOT, 'bin', 'drshell.js');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const base = mkdtempSync(join(tmpdir(), 'drshell-cli-'));
let dir: string;
let state: string;
let n = 0;

beforeEach(() => {
  dir = join(base, String(++n));
  mkdirSync(dir);
  state = join(dir, 'lab.json');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Opts {
  input?: string;
  env?: Record<string, string | undefined>;
  node?: string[];
  /** Leave out `--state <tmp>` (to see where the lab goes by default). */
  noState?: boolean;
}

/** Runs drshell with its data and state folders in the test's temp folder. */
function drshell(args: string[], o: Opts = {}): SpawnSyncReturns<string> {
  const env: Record<string, string | undefined> = { ...process.env, XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), ...o.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  Object.assign(env, o.env);
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return spawnSync(process.execPath, [...(o.node ?? []), BIN, ...(o.noState ? [] : ['--state', state]), ...args], {
    cwd: dir,
    input: o.input ?? '',
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    timeout: 30_000,
  });
}

const T0 = 'Mon Jan 12 09:00:00 GMT 2026 (speed 1x, running)';

describe('batch mode', () => {
  it('stops quietly when the reader of its output goes away', () => {
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${BIN}" --state "${state}" -c 'nas_fs -info -all; nas_fs -info -all; nas_fs -info -all' | head -1; echo "status=\${PIPESTATUS:-x}"`],
      {
        encoding: 'utf8',
        env: { ...process.env, XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state') },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('id        = 1');
  });

  it('joins commands with && and ||, and writes > redirections', () => {
    const out = join(dir, 'fs.txt');
    const r = drshell(['-c', `nas_fs -list > ${out} && echo listed; nas_fs -info nope >/dev/null || echo missing; nas_fs -info nope && echo never; echo not reached`]);
    expect(r.stdout).toBe('listed\nmissing\nError 3105: nope : invalid filesystem specified\n');
    expect(r.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toMatch(/^id {6}inuse type acl/);
  });

  it('refuses -c together with a script, and says when --seed cannot apply', () => {
    writeFileSync(join(dir, 's.txt'), 'sim now\n');
    const both = drshell(['-c', 'sim now', 's.txt']);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('drshell: give commands with -c or in a script file, not both\n');
    expect(drshell(['--seed', '7', '-c', 'sim now']).stderr).toBe('');
    const again = drshell(['--seed', '8', '-c', 'sim now']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^drshell: --seed 8 ignored: .* already runs with seed 7 \(add --fresh to start over\)\n$/);
  });

  it('keeps two lab files of the same name apart', () => {
    for (const sub of ['a', 'b']) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, 'lab.json'), readFileSync(join(ROOT, 'fixtures', 'two-site-dr.json'), 'utf8'));
    }
    expect(drshell(['--lab', join(dir, 'a', 'lab.json'), '-c', 'nas_fs -name only_a -create size=1G pool=clar_r5_performance >/dev/null'], { noState: true }).status).toBe(0);
    expect(drshell(['--lab', join(dir, 'b', 'lab.json'), '-c', 'nas_fs -list | grep -c only_a'], { noState: true }).stdout).toBe('0\n');
    expect(drshell(['--lab', join(dir, 'a', 'lab.json'), '-c', 'nas_fs -list | grep -c only_a'], { noState: true }).stdout).toBe('1\n');
  });

  it('runs -c commands separated by ; and newlines, in order', () => {
    const r = drshell(['-c', 'sim now; sim advance 90s\nsim now']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${T0}\nadvanced 1m 30s; 0 events ran\nMon Jan 12 09:01:30 GMT 2026 (speed 1x, running)\nMon Jan 12 09:01:30 GMT 2026 (speed 1x, running)\n`);
  });

  it('runs a script file, comments and blank lines included', () => {
    writeFileSync(join(dir, 'setup.sh'), '# a DR drill\n\nsim advance 1h   # an hour on\ncs cel_sfs\n\nnas_server -list\n');
    const r = drshell(['setup.sh']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^advanced 1h; 0 events ran\nMon Jan 12 10:00:00 GMT 2026 .*\ncel_sfs : Control Station 10\.2\.1\.10 \(disaster recovery site\)\nid {6}type/);
    expect(r.stdout).toContain('server_4\n');
  });

  it('reads commands from stdin when given neither -c nor a script', () => {
    const r = drshell([], { input: 'sim now\nnas_server -i server_2\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${T0.replace(/[()]/g, '\\$&')}\\nid {8}= 1\\nname {6}= server_2\\n`));
  });

  it('exits with the failing command status and runs nothing after it', () => {
    const cases: [string, number, string][] = [
      ['sim now; cs nowhere; sim advance 1h', 1, 'Error 3001: nowhere : celerra not found\n'],
      ['sim now; sim advance soon; sim advance 1h', 2, "sim: bad duration 'soon'"],
      ['sim now; no_such_command; sim advance 1h', 127, '-bash: no_such_command: command not found'],
      ["sim now\nsim 'unbalanced; sim advance 1h", 2, "-bash: unexpected EOF while looking for matching `''\n"],
    ];
    for (const [line, status, says] of cases) {
      const r = drshell(['--fresh', '-c', line]);
      expect({ line, status: r.status }).toEqual({ line, status });
      expect(r.stdout.startsWith(`${T0}\n`)).toBe(true);
      expect(r.stdout).toContain(says);
      expect(r.stdout).not.toContain('advanced');
      expect(readLabFile(state).world.clock.now).toBe(Date.UTC(2026, 0, 12, 9));
    }
  });

  it('goes on after a failure with --keep-going, exiting with the failure status', () => {
    const r = drshell(['--keep-going', '-c', 'cs nowhere; sim advance 1h; help no_such; sim now']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'Error 3001: nowhere : celerra not found\nadvanced 1h; 0 events ran\nMon Jan 12 10:00:00 GMT 2026 (speed 1x, running)\n' +
        "help: no help topics match 'no_such'. Try 'help'.\nMon Jan 12 10:00:00 GMT 2026 (speed 1x, running)\n",
    );
  });

  it('exit ends the run with its status', () => {
    const r = drshell(['-c', 'sim now; exit 3; sim advance 1h']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe(`${T0}\n`);
    expect(drshell(['-c', 'exit']).status).toBe(0);
    const bad = drshell(['-c', 'exit abc; sim now']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('-bash: exit: abc: numeric argument required\n');
  });

  it('pipes output into the system tools', () => {
    const r = drshell(['-c', "nas_server -list | awk 'NR > 1 {print $NF}' | sort -r"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('server_4\nserver_3\nserver_2\n');
  });
});

describe('the lab between runs', () => {
  it('keeps changes, and --fresh starts over', () => {
    expect(drshell(['-c', 'sim advance 1h; cs cel_sfs']).status).toBe(0);
    const again = drshell(['-c', 'sim now; nas_server -i server_2']);
    expect(again.stdout.split('\n')[0]).toBe('Mon Jan 12 10:00:00 GMT 2026 (speed 1x, running)');
    expect(readLabFile(state).session.cel).toBe('cel_sfs');
    const fresh = drshell(['--fresh', '-c', 'sim now']);
    expect(fresh.stdout).toBe(`${T0}\n`);
    expect(readLabFile(state).session.cel).toBe('cel_pfs');
  });

  it('is kept under $XDG_DATA_HOME/drshell/labs by default', () => {
    const r = drshell(['-c', 'sim advance 1m'], { noState: true });
    expect(r.status).toBe(0);
    const file = join(dir, 'data', 'drshell', 'labs', 'two-site-dr.json');
    expect(readLabFile(file).world.clock.now).toBe(Date.UTC(2026, 0, 12, 9, 1));
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(state)).toBe(false);
  });

  it('--seed starts a fresh lab from that seed', () => {
    expect(drshell(['--fresh', '--seed', '42', '-c', 'sim now']).status).toBe(0);
    expect(readLabFile(state).world.seed).toBe(42);
    const bad = drshell(['--seed', 'many', '-c', 'sim now']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("drshell: --seed wants a whole number from 0 to 4294967295, not 'many'\n");
    expect(existsSync(state)).toBe(true);
  });

  it('--lab opens a lab file as the fixture, and a fixture by name', () => {
    expect(drshell(['-c', `sim advance 2d; cs cel_sfs; save ${join(dir, 'drill.json')}`]).status).toBe(0);
    const other = join(dir, 'other.json');
    const r = drshell(['--lab', join(dir, 'drill.json'), '--state', other, '-c', 'sim now']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Wed Jan 14 09:00:00 GMT 2026 (speed 1x, running)\n');
    expect(readLabFile(other).session.cel).toBe('cel_sfs');
    expect(drshell(['--lab', 'two-site-dr', '--fresh', '-c', 'sim now']).stdout).toBe(`${T0}\n`);
    const missing = drshell(['--lab', 'no-such-lab', '--state', join(dir, 'x.json'), '-c', 'sim now']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^drshell: .*fixtures\/no-such-lab\.json: no such lab file\n$/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('reports a broken state file and leaves it untouched', () => {
    const broken = '{"world": {"format": "drshell-lab", "version": 1,\n  "name": 42}}\n';
    writeFileSync(state, broken);
    const r = drshell(['-c', 'sim advance 1h']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`drshell: ${state}: invalid lab: world.name: Invalid type: Expected string but received 42 (left as it is; run with --fresh to start the lab over)\n`);
    expect(readFileSync(state, 'utf8')).toBe(broken);
    expect(existsSync(`${state}.lock`)).toBe(false);
    writeFileSync(state, '{"world": ');
    const r2 = drshell(['-c', 'sim now']);
    expect(r2.stderr).toMatch(/: not valid JSON \(.* at line 1, column 11\)/);
    expect(readFileSync(state, 'utf8')).toBe('{"world": ');
    expect(drshell(['--fresh', '-c', 'sim now']).stdout).toBe(`${T0}\n`);
  });

  it('refuses a lab another drshell holds', () => {
    expect(drshell(['-c', 'sim now']).status).toBe(0);
    // This test runner is alive and is not the child: it stands for the other drshell.
    writeFileSync(`${state}.lock`, String(process.pid));
    const r = drshell(['-c', 'sim advance 1h']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`drshell: ${state} is open in another drshell (pid ${process.pid}); close that one first\n`);
    expect(readFileSync(`${state}.lock`, 'utf8')).toBe(String(process.pid));
    expect(readLabFile(state).world.clock.now).toBe(Date.UTC(2026, 0, 12, 9));
  });
});

describe('flags', () => {
  it('--help and --version', () => {
    const h = drshell(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^Usage: drshell \[options\] \[script\]/);
    for (const f of ['--lab <fixture|file>', '--state <file>', '--fresh', '--seed <n>', '-c <commands>', '--keep-going', '--version', '--help']) expect(h.stdout).toContain(f);
    const v = drshell(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`${VERSION}\n`);
    expect(existsSync(state)).toBe(false);
  });

  it('an unknown flag is a usage error', () => {
    const r = drshell(['--frobnicate', '-c', 'sim now']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
    expect(r.stdout).toBe('');
  });

  it('a script that cannot be read is reported', () => {
    const r = drshell(['no-such-script.sh']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^drshell: .*no-such-script\.sh/);
  });
});

describe('plain output', () => {
  const lines = 'help; help sim; man nas_server; nas_server -list; cs nowhere; nas_server -bogus; sim now';
  const ESC = /\x1b|\x9b|.\x08/;

  it('has no escapes when piped', () => {
    const r = drshell(['--keep-going', '-c', lines]);
    expect(r.stdout).toContain('NAS_SERVER(1)');
    expect(r.stdout).toContain('Error 3001');
    expect(r.stdout).not.toMatch(ESC);
    expect(r.stderr).not.toMatch(ESC);
  });

  it('has no escapes with NO_COLOR, even when colour is forced', () => {
    for (const env of [{ NO_COLOR: '1' }, { NO_COLOR: '1', FORCE_COLOR: '3' }]) {
      const r = drshell(['--keep-going', '-c', lines], { env });
      expect(r.stdout).toContain('usage: nas_server');
      expect(r.stdout).not.toMatch(ESC);
      expect(r.stderr).not.toMatch(ESC);
    }
  });
});

describe('batch start-up', () => {
  // A module hook that fails any import of ink, react or drshell's ui (ESM), and a require
  // hook that does the same for CommonJS: a batch run that loaded one would fail loudly.
  function hooks(): string[] {
    const hookDir = join(base, 'hooks');
    mkdirSync(hookDir, { recursive: true });
    const banned = String.raw`/(^|[\\/])(ink|react|react-reconciler|yoga-layout)([\\/]|$)/`;
    writeFileSync(
      join(hookDir, 'esm-hooks.mjs'),
      `const banned = ${banned};
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  // The ui may be bundled (ink inside one file): loading any module of dist/src/ui counts too.
  if (banned.test(specifier) || /[\\\\/](node_modules[\\\\/](ink|react|react-reconciler|yoga-layout)|dist[\\\\/]src[\\\\/]ui)[\\\\/]/.test(r.url)) {
    throw new Error('batch mode loaded ' + specifier);
  }
  return r;
}
`,
    );
    writeFileSync(join(hookDir, 'register.mjs'), `import { register } from 'node:module';\nregister('./esm-hooks.mjs', import.meta.url);\n`);
    writeFileSync(
      join(hookDir, 'cjs-hook.cjs'),
      `const Module = require('node:module');
const banned = ${banned};
const load = Module._load;
Module._load = function (request, ...rest) {
  if (banned.test(request)) throw new Error('batch mode loaded ' + request);
  return load.call(this, request, ...rest);
};
`,
    );
    return ['--require', join(hookDir, 'cjs-hook.cjs'), '--import', pathToUrl(join(hookDir, 'register.mjs'))];
  }

  const pathToUrl = (p: string) => new URL(`file://${p}`).href;

  it('the hooks catch an import of ink or react (control)', () => {
    for (const mod of ['ink', 'react']) {
      const r = spawnSync(process.execPath, [...hooks(), '--input-type=module', '-e', `await import('${mod}')`], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`batch mode loaded ${mod}`);
    }
    const cjs = spawnSync(process.execPath, [...hooks(), '-e', "require('react')"], { cwd: ROOT, encoding: 'utf8' });
    expect(cjs.stderr).toContain('batch mode loaded react');
    const ui = spawnSync(process.execPath, [...hooks(), '--input-type=module', '-e', "await import('./dist/src/ui/interactive.js')"], { cwd: ROOT, encoding: 'utf8' });
    expect(ui.stderr).toContain('batch mode loaded ./dist/src/ui/interactive.js');
  });

  it('does not load ink or react in batch mode', () => {
    for (const args of [['-c', 'nas_server -list; help; man sim; sim advance 1m'], []]) {
      const r = drshell(args, { node: hooks(), input: 'nas_server -list\n' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('server_4');
    }
  });
});
