// Figures of issue 4: a day of replication. The default lab with 10 file systems of 20 GB at
// cel_pfs, each holding one file of 19 GB and replicated (fs_replicate -start, delta sets
// every 10 minutes, the default to=600) to a rawfs of 20 GB at cel_sfs over a 1 Gbit/s link,
// while `client randwrite` rewrites each file at 1 MB/s in random 8 KB blocks (110 million
// blocks a day in all). The figure: wall time of `sim advance 24h` through the shell; its
// ratio to the same day on the same lab without replication (no fs_replicate -start); the
// same two days timed on the engine's advanceBy alone (without the dispatcher's print of the
// world before and after the command); and the resident memory of the replicated lab after
// its day.
//
// The lab is built through the shell, as a user would (nas_cel -create on both sides,
// nas_fs, server_mount, sim link, client write, fs_replicate -start, client randwrite),
// except that the initial copies are waited for with the engine's advanceBy: the files are
// written before replication starts, so the initial copy carries them (FIG. 11), and the
// day is timed from the end of the copies, with the randwrite jobs started then. Each
// scenario runs in a child node process (--expose-gc), so one lab's memory is measured
// alone and the other scenarios do not weigh on it: rss after a forced GC, and the rss
// before anything was built (the figure is the difference, as bench/memory.ts takes it).
//
// `node dist/bench/replication-day.js` runs it alone; `--child <scenario>` is one scenario.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { advanceBy } from '../src/engine/clock.js';
import { findCell } from '../src/engine/cluster.js';
import { clientVerify } from '../src/engine/client/io.js';
import { replications } from '../src/engine/replication/index.js';
import type { World } from '../src/engine/types.js';
import { memoryShell, type Shell } from '../src/shell/shell.js';
import { FIXTURE } from './big-lab.js';
import { table, timedRow, type Outcome } from './report.js';

export const FILE_SYSTEMS = 10;
const FS_MB = 20_480;
const FILE_MB = 19 * 1024;
const RATE = '1M/s';
const LINK_MBIT = 1000;
const DAY_MS = 24 * 3600 * 1000;
const MB = 2 ** 20;
const AIM_MS = 5_000;
const AIM_MB = 300;

type Scenario = 'repl-shell' | 'repl-engine' | 'plain-shell' | 'plain-engine';
// The engine-only pair (advanceBy without the dispatcher) doubles the run; ask for it with REPL_DAY_ENGINE=1.
const SCENARIOS: Scenario[] = process.env.REPL_DAY_ENGINE === '1' ? ['repl-shell', 'plain-shell', 'repl-engine', 'plain-engine'] : ['repl-shell', 'plain-shell'];

const name = (i: number) => `rfs${String(i).padStart(2, '0')}`;

function must(shell: Shell, line: string): string {
  const r = shell.exec(line);
  if (r.status !== 0) throw new Error(`\`${line}\` failed (status ${r.status}): ${r.text.trim().split('\n').slice(0, 3).join(' | ')}`);
  return r.text;
}

export interface Built {
  shell: Shell;
  buildMs: number;
  /** Wall time of the initial copies (engine advanceBy), 0 without replication. */
  copyMs: number;
  /** Virtual time the initial copies took. */
  copySimMs: number;
}

/** The benchmark's lab, ready for its day: files written, replication (when asked) in sync, randwrite jobs running. */
export function buildDayLab(replicated: boolean): Built {
  const t0 = performance.now();
  const shell = memoryShell(FIXTURE);
  must(shell, 'nas_cel -create cel_sfs -ip 10.2.1.10 -passphrase nasadmin');
  must(shell, 'cs cel_sfs');
  must(shell, 'nas_cel -create cel_pfs -ip 10.1.1.10 -passphrase nasadmin');
  for (let i = 1; i <= FILE_SYSTEMS; i++) {
    must(shell, `nas_fs -name ${name(i)}_dr -type rawfs -create size=${FS_MB}M pool=clar_r5_performance`);
    must(shell, `server_mountpoint server_2 -create /${name(i)}_dr`);
    must(shell, `server_mount server_2 -option ro ${name(i)}_dr /${name(i)}_dr`);
  }
  must(shell, 'cs cel_pfs');
  must(shell, `sim link cel_pfs cel_sfs bandwidth=${LINK_MBIT}`);
  for (let i = 1; i <= FILE_SYSTEMS; i++) {
    must(shell, `nas_fs -name ${name(i)} -create size=${FS_MB}M pool=clar_r5_performance`);
    must(shell, `server_mountpoint server_2 -create /${name(i)}`);
    must(shell, `server_mount server_2 ${name(i)} /${name(i)}`);
    must(shell, `client write /${name(i)}/data ${FILE_MB}M`);
  }
  const buildMs = performance.now() - t0;
  let copyMs = 0;
  let copySimMs = 0;
  if (replicated) {
    for (let i = 1; i <= FILE_SYSTEMS; i++) must(shell, `fs_replicate -start ${name(i)} ${name(i)}_dr:cel=cel_sfs`);
    const world = shell.lab.world;
    const t1 = performance.now();
    const start = world.clock.now;
    // Ten minutes at a time until every session has its initial copy behind it.
    while (replications(world).some((s) => s.state === 'copying')) {
      if (world.clock.now - start > DAY_MS) throw new Error('the initial copies did not end within a day');
      advanceBy(world, 600_000);
    }
    const bad = replications(world).filter((s) => s.state !== 'active');
    if (bad.length > 0) throw new Error(`sessions not active after the initial copy: ${bad.map((s) => `${s.src.fs} ${s.state} (${s.reason})`).join(', ')}`);
    copyMs = performance.now() - t1;
    copySimMs = world.clock.now - start;
  }
  for (let i = 1; i <= FILE_SYSTEMS; i++) must(shell, `client randwrite /${name(i)}/data --rate ${RATE}`);
  return { shell, buildMs, copyMs, copySimMs };
}

export interface ChildResult {
  scenario: Scenario;
  baselineRss: number;
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  buildMs: number;
  copyMs: number;
  copySimMs: number;
  /** The day's wall time, and the CPU time (user + system) the process took for it. */
  dayMs: number;
  dayCpuMs: number;
  events: number;
  blocksWritten: number;
  /** Delta sets cut and played back, over all sessions, during the day. */
  cut: number;
  played: number;
  /** Delta sets cut and not yet played at the end of the day. */
  outstanding: number;
  /** Files `client verify` finds OK, of all it knows. */
  verified: number;
  files: number;
  /** Bytes the file systems' typed arrays hold (their capacity), and the stamps in use in their clones. */
  arrayBytes: number;
  stampBytes: number;
}

/** What the file systems' contents hold in typed arrays: capacity of every array, and 4 bytes a stamp of every clone page in use. */
export function contentBytes(world: World): { arrayBytes: number; stampBytes: number } {
  let arrayBytes = 0;
  let stampBytes = 0;
  const seen = new Set<ArrayBufferLike>();
  const visit = (x: unknown, depth: number): void => {
    if (depth > 6 || x === null || typeof x !== 'object') return;
    if (ArrayBuffer.isView(x)) {
      if (!seen.has(x.buffer)) {
        seen.add(x.buffer);
        arrayBytes += x.buffer.byteLength;
      }
      return;
    }
    if (x instanceof Map) {
      for (const v of x.values()) visit(v, depth + 1);
      return;
    }
    for (const v of Object.values(x)) visit(v, depth + 1);
  };
  for (const cell of world.cells) {
    for (const fs of cell.fileSystems) {
      if (fs.contents === null) continue;
      visit(fs.contents.volume, 0);
      stampBytes += fs.contents.volume.pageCount * 128 * 4;
    }
  }
  return { arrayBytes, stampBytes };
}

function totals(world: World): { cut: number; played: number } {
  let cut = 0;
  let played = 0;
  for (const s of replications(world)) {
    cut += s.current - 1;
    played += s.played;
  }
  return { cut, played };
}

function child(scenario: Scenario): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const baselineRss = process.memoryUsage().rss;
  const replicated = scenario.startsWith('repl');
  const built = buildDayLab(replicated);
  const world = built.shell.lab.world;
  const before = totals(world);
  const jobsBefore = world.client.jobs.reduce((n, j) => n + j.written, 0);
  let events = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (scenario.endsWith('shell')) {
    const text = must(built.shell, 'sim advance 24h');
    events = Number(/; (\d+) events? ran/.exec(text)?.[1] ?? -1);
  } else {
    events = advanceBy(world, DAY_MS);
  }
  const dayMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  gc();
  gc();
  const m = process.memoryUsage();
  const after = totals(world);
  const blocksWritten = (world.client.jobs.reduce((n, j) => n + j.written, 0) - jobsBefore) / 8192;
  const cell = findCell(world, 'cel_pfs');
  const rows = clientVerify(world, cell, { path: null, server: null });
  const outstanding = replications(world).reduce((n, s) => n + (s.current - 1 - s.played), 0);
  const running = world.client.jobs.filter((j) => j.state === 'running').length;
  if (running !== FILE_SYSTEMS) throw new Error(`${FILE_SYSTEMS - running} randwrite jobs stopped: ${world.client.jobs.map((j) => `${j.dir} ${j.state} ${j.error}`).join(', ')}`);
  const out: ChildResult = {
    scenario,
    baselineRss,
    rss: m.rss,
    heapUsed: m.heapUsed,
    arrayBuffers: m.arrayBuffers,
    buildMs: built.buildMs,
    copyMs: built.copyMs,
    copySimMs: built.copySimMs,
    dayMs,
    dayCpuMs: (cpu.user + cpu.system) / 1000,
    events,
    blocksWritten,
    cut: after.cut - before.cut,
    played: after.played - before.played,
    outstanding,
    verified: rows.filter((r) => r.status === 'ok').length,
    files: rows.length,
    ...contentBytes(world),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function runChild(scenario: Scenario): ChildResult | string {
  const file = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', file, '--child', scenario], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status === 0) {
    try {
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
    } catch {
      /* fall through */
    }
  }
  return `${scenario}: the child process failed (status ${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim().split('\n').slice(-4).join(' | ').slice(0, 400)}`;
}

const FIGURE_SHELL = 'sim advance 24h, 10 x 20 GB replicated, randwrite 1 MB/s each';
const FIGURE_ENGINE = 'same day, engine advanceBy (no dispatcher)';
const FIGURE_MEMORY = 'memory of that lab after the day';

export function benchReplicationDay(): Outcome {
  const notes: string[] = [];
  const got = new Map<Scenario, ChildResult>();
  for (const s of SCENARIOS) {
    const r = runChild(s);
    if (typeof r === 'string') notes.push(`replication day: ${r}`);
    else got.set(s, r);
  }
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const rs = got.get('repl-shell');
  const ps = got.get('plain-shell');
  const re = got.get('repl-engine');
  const pe = got.get('plain-engine');
  for (const r of got.values()) {
    notes.push(
      `replication day, ${r.scenario}: lab built in ${sec(r.buildMs)}` +
        (r.copyMs > 0 ? `, initial copies ${sec(r.copyMs)} (${n(r.copySimMs / 60000)} min simulated)` : '') +
        `; the day: ${sec(r.dayMs)} (${sec(r.dayCpuMs)} of CPU), ${n(r.events)} events, ${n(r.blocksWritten)} blocks written` +
        (r.scenario.startsWith('repl') ? `, ${n(r.cut)} delta sets cut, ${n(r.played)} played, ${n(r.outstanding)} outstanding at the end` : '') +
        `; verify ${r.verified}/${r.files} OK; rss ${n(r.rss / MB)} MB (${n(r.baselineRss / MB)} MB before building), heap ${n(r.heapUsed / MB)} MB, array buffers ${n(r.arrayBuffers / MB)} MB, of which the volumes' typed arrays ${n(r.arrayBytes / MB)} MB for ${n(r.stampBytes / MB)} MB of clone stamps`,
    );
  }
  const rows = [
    timedRow({ figure: FIGURE_SHELL, unit: 'ms', value: rs?.dayMs ?? null, baseline: ps ? { label: 'no replication', value: ps.dayMs } : null, aim: { max: AIM_MS, on: 'value' } }),
    ...(re === undefined
      ? []
      : [timedRow({ figure: FIGURE_ENGINE, unit: 'ms', value: re.dayMs, baseline: pe ? { label: 'no replication', value: pe.dayMs } : null, aim: { max: AIM_MS, on: 'value' } })]),
    // The rss before building is subtracted, not a baseline to compare with: no ratio.
    timedRow({ figure: FIGURE_MEMORY, unit: 'MB', value: rs ? (rs.rss - rs.baselineRss) / MB : null, baseline: null, aim: { max: AIM_MB, on: 'value' } }),
  ];
  return { rows, notes };
}

// Run as itself, not as a module bundled into another entry (whose import.meta.url is its own).
const self = process.argv[1] === fileURLToPath(import.meta.url) && /replication-day\.m?js$/.test(process.argv[1]);
if (self && process.argv.includes('--child')) child(process.argv[process.argv.indexOf('--child') + 1] as Scenario);
else if (self) {
  const o = benchReplicationDay();
  console.log(table(o.rows));
  for (const note of o.notes) console.log(`- ${note}`);
}
