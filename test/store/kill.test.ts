// A drshell killed at any moment (SIGKILL, mid-write or not) leaves a lab that loads,
// with every write it had finished still there; the next opener takes over its lock.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStore, readLabFile } from '../../src/store/lab-store.js';
import { packageRoot } from '../../src/store/paths.js';
import { FIXTURE } from '../helpers.js';
import { mulberry32 } from '../../src/engine/random.js';

const ROOT = packageRoot();
const KILLS = 50;
const dir = mkdtempSync(join(tmpdir(), 'drshell-kill-'));
const lab = join(dir, 'lab.json');
const writer = join(dir, 'writer.mjs');

beforeAll(() => {
  const openLab = pathToFileURL(join(ROOT, 'dist', 'src', 'open-lab.js')).href;
  // The child runs the real shell and store from dist/: it changes the lab as fast as it
  // can, through commands that change the world, the session and the log, and reports each
  // write that finished (`acked <clock>`), so the parent knows what must survive a kill.
  writeFileSync(
    writer,
    `import { openShell } from ${JSON.stringify(openLab)};
const [stateFile, fixtureFile] = process.argv.slice(2);
const o = await openShell({ stateFile, fixtureFile, fresh: false });
if ('error' in o) { process.stderr.write(o.error + '\\n'); process.exit(3); }
process.stdout.write('ready\\n');
const lines = ['sim advance 1s', 'cs cel_sfs', 'export N=small', 'cs cel_pfs', 'sim advance 1m', 'export N=y'];
const big = 'x'.repeat(8_000_000);
for (let i = 0; ; i++) {
  const r = o.shell.exec(lines[i % lines.length]);
  if (r.status !== 0) { process.stderr.write(r.text); process.exit(4); }
  // Every other write carries 8 MB more, so a write takes long enough to be cut.
  if (i % 2 === 0) o.shell.lab.session.env.BIG = big;
  else delete o.shell.lab.session.env.BIG;
  await o.shell.flush();
  process.stdout.write('acked ' + o.shell.lab.world.clock.now + '\\n');
}
`,
  );
  // The lab exists before the first kill: what is tested is replacing it, not creating it.
  const r2 = spawnSync(process.execPath, [join(ROOT, 'bin', 'drshell.js'), '--lab', FIXTURE, '--state', lab, '-c', 'sim now'], { encoding: 'utf8' });
  expect(r2.status, r2.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  acked: number;
  ready: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

type When = 'spawn' | 'ready' | 'write';

/**
 * Starts the writer and kills it `delay` ms after it started, after it opened the lab, or
 * after it began writing its `nth` temp file (seen through fs.watch), to cut writes in half.
 */
function killAfter(delay: number, when: When, nth = 1): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [writer, lab, FIXTURE], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = { acked: -1, ready: false, code: null, signal: null, stderr: '' };
    let out = '';
    let armed = false;
    let writes = 0;
    const kill = () => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delay);
    };
    const watcher = watch(dir, (_event, name) => {
      // A temp file appears (rename) and is renamed away (rename): count appearances.
      if (when === 'write' && run.ready && name === '.lab.json.tmp' && existsSync(join(dir, name)) && ++writes >= nth) kill();
    });
    if (when === 'spawn') kill();
    // A writer that never shows a temp file is killed all the same.
    const backstop = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const rows = out.split('\n');
      out = rows.pop()!;
      for (const row of rows) {
        if (row === 'ready' && !run.ready) {
          run.ready = true;
          if (when === 'ready') kill();
        }
        const m = /^acked (\d+)$/.exec(row);
        if (m) run.acked = Number(m[1]);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (run.stderr += c));
    child.on('exit', (code, signal) => {
      watcher.close();
      clearTimeout(backstop);
      run.code = code;
      run.signal = signal;
      // Let the pipe drain: an ack printed just before the kill still counts.
      setImmediate(() => resolve(run));
    });
  });
}

describe('killing drshell while it writes the lab', () => {
  it(`leaves a lab that loads, with every finished write, ${KILLS} times`, async () => {
    const random = mulberry32(0x5eed);
    let lastClock = readLabFile(lab).world.clock.now;
    let midWrite = 0;
    let acks = 0;
    for (let k = 0; k < KILLS; k++) {
      // Kills at any moment of a busy writer, during start-up and open, and inside writes.
      const r = random();
      const when: When = r < 0.2 ? 'spawn' : r < 0.6 ? 'ready' : 'write';
      const delay = Math.floor(random() * (when === 'write' ? 3 : when === 'ready' ? 400 : 150));
      const run = await killAfter(delay, when, 1 + Math.floor(random() * 4));
      expect(run.signal, `kill ${k}: the writer ended by itself (code ${run.code}): ${run.stderr}`).toBe('SIGKILL');
      // The writer's open removed any older temp file: one there now is from this kill.
      if (run.ready && readdirSync(dir).some((f) => f.endsWith('.tmp'))) midWrite++;
      const doc = readLabFile(lab); // throws, naming the field, if the lab was damaged
      expect(doc.world.name).toBe('two-site-dr');
      expect(['cel_pfs', 'cel_sfs']).toContain(doc.session.cel);
      // Nothing acknowledged is lost, and the clock never goes back.
      expect(doc.world.clock.now).toBeGreaterThanOrEqual(Math.max(run.acked, lastClock));
      lastClock = doc.world.clock.now;
      if (run.acked >= 0) acks++;
    }
    // The test means something only if it killed writers that had written, mid-write too.
    expect(acks).toBeGreaterThan(KILLS / 4);
    expect(midWrite).toBeGreaterThan(KILLS / 10);
    // The last writer's lock and temp file are taken over and cleaned by the next opener.
    expect(existsSync(`${lab}.lock`)).toBe(true);
    const { store } = await LabStore.open({ stateFile: lab, fixtureFile: FIXTURE });
    try {
      expect(store.doc.world.clock.now).toBe(lastClock);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      store.close();
    }
    expect(existsSync(`${lab}.lock`)).toBe(false);
  }, 120_000);
});
