// Property: 10,000 command lines built from the commands' own grammars, then mutated
// (wrong types, missing values, unknown objects, 10k-character words, control characters,
// quotes, `;`, pipes, unicode, empty lines), never throw out of the dispatcher, never end
// in an internal error, never print NaN or undefined, and every failed one leaves the world
// and session byte-identical.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { World } from '../../src/engine/types.js';
import { STATUS_INTERNAL } from '../../src/shell/dispatch.js';
import type { Node, ValueKind } from '../../src/shell/grammar.js';
import { commands } from '../../src/shell/registry.js';
import type { Shell } from '../../src/shell/shell.js';
import { tokenize } from '../../src/shell/tokenize.js';
import { encode } from '../../src/store/codec.js';
import { FIXTURE, freshShell } from '../helpers.js';

/** Built-ins that write files, replace the lab or leave: kept out of the random mix. */
const EXCLUDED = new Set(['save', 'load', 'reset', 'exit', 'man']);
/** The only text that ever follows a `|` (it runs in /bin/sh). */
const SAFE_TAILS = ['grep -c e', 'wc -l', 'head -2', 'cat', "awk '{print $1}'", 'sort -r', 'tail -1', 'grep -v zzz'];
const LINES_PER_RUN = 20;
const RUNS = 500; // 500 runs x 20 lines = 10,000 lines
const SEED = 20260112;

const scratch = mkdtempSync(join(tmpdir(), 'drshell-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---- names of the real world, so many lines reach the engine instead of failing early
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { world: World };
const uniq = (xs: string[]) => [...new Set(xs)].sort();
const cells = fixture.world.cells;
const movers = uniq(cells.flatMap((c) => c.movers.map((m) => m.name)));
const fileSystems = uniq(cells.flatMap((c) => c.fileSystems.map((f) => f.name)));
const pools = uniq(cells.flatMap((c) => c.pools.map((p) => p.name)));
const paths = uniq(cells.flatMap((c) => c.movers.flatMap((m) => [...m.mountpoints, ...m.mounts.map((x) => x.path)])));
const interfaces = uniq(cells.flatMap((c) => c.movers.flatMap((m) => m.interfaces.map((i) => i.name))));
const addresses = uniq(cells.flatMap((c) => c.movers.flatMap((m) => m.interfaces.flatMap((i) => [i.address, i.netmask, i.broadcast]))));
const devices = uniq(cells.flatMap((c) => c.movers.flatMap((m) => m.devices.map((d) => d.name))));
const cels = cells.map((c) => c.name);
const allowed = commands().filter((c) => !EXCLUDED.has(c.name));

const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const junk = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.', '/', '=', ':', ',', '*', '?', '~', 'é', '中', '🙂', '\u202e', '\u0301', '\x00', '\x07', '\x1b', '\x7f', ' ', '\t'),
  maxLength: 14,
});

const REAL: Partial<Record<ValueKind, string[]>> = {
  mover: [...movers, 'id=1', 'id=3', '2', '4'],
  mover_all: [...movers, 'ALL'],
  // VDMs the lines make as they run (nas_server -name fzv1 -type vdm -create server_2).
  vdm: ['fzv1', 'fzv2', 'id=1', 'vdm_1'],
  server: [...movers, 'fzv1', 'fzv2'],
  server_all: [...movers, 'fzv1', 'ALL'],
  fs: fileSystems,
  pool: pools,
  path: [...paths, '/', '/fuzz1', '/pfs10/sub'],
  // The client host's paths: mount points, files and directories in them (some made as the lines run).
  hostpath: ['/', '/pfs10', '/pfs10/x', '/pfs10/sub/f1', '/pfs11', '/pfs11/y', '/home/a', '/scratch/z', '/sfs10/x', '/pfs10_ckpt1/x'],
  cel: cels,
  interface: interfaces,
  device: devices,
  command: allowed.map((c) => c.name),
  file: [join(scratch, 'lab.json')],
  name: ['fz1', 'fz2', 'pfs10', 'home', 'root_fs_1', '10-1-1-99'],
  size: ['1G', '10G', '100M', '512m', '1T', '2g', '20G'],
  ip: [...addresses, '10.1.1.99', '10.1.1.100', '10.2.1.99'],
  number: ['0', '1', '2', '3', '10', '60', '255'],
  duration: ['90s', '10m', '1h30m', '2d', '500ms', '1', '30'],
};

/** Values of the wrong shape for a kind: what a typo or a confused script sends. */
const WRONG: Partial<Record<ValueKind, string[]>> = {
  mover: ['server_9', 'server_', 'SERVER_2', 'id=99', '0', 'server_2x', 'ALL'],
  fs: ['nofs', 'root_fs_9', 'pfs1', 'PFS10'],
  pool: ['nopool', 'clar_r5', 'symm_std'],
  path: ['relative', '//', '/a/../b', '/.etc_common/x', '/' + 'p'.repeat(300)],
  hostpath: ['relative', '//', '/pfs10/../pfs11/x', '/nope/x', '/pfs10/x/y/', '/' + 'p'.repeat(300)],
  cel: ['cel_x', 'CEL_PFS', 'localhost'],
  interface: ['cge0', 'no_if', 'loop'],
  device: ['cge9', 'eth0', 'mge'],
  size: ['0', '0G', '-1G', '1.5G', '10X', 'G', '99999999999T', '1e3G', '10', 'NaN'],
  ip: ['999.1.1.1', '1.2.3', '1.2.3.4.5', 'abc', '::1', '10.1.1.-1', '010.001.001.001'],
  number: ['-1', '1.5', '0x10', '99999999999999999999', '1e309', 'NaN', '-0'],
  duration: ['10x', '1h30', '-5m', '1.5.5h', '99999999999d', '1e9', 'm', '0'],
};

// Keyed by every kind, so a kind added to the grammar cannot be left out of the mix.
const KINDS: Record<ValueKind, true> = {
  mover: true,
  mover_all: true,
  vdm: true,
  server: true,
  server_all: true,
  fs: true,
  pool: true,
  path: true,
  hostpath: true,
  cel: true,
  interface: true,
  device: true,
  command: true,
  file: true,
  name: true,
  size: true,
  ip: true,
  number: true,
  duration: true,
  text: true,
};
const ALL_KINDS = Object.keys(KINDS) as ValueKind[];

function valueArb(kind: ValueKind): fc.Arbitrary<string> {
  const real = REAL[kind] ?? [];
  const wrong = WRONG[kind] ?? [];
  const parts: { arbitrary: fc.Arbitrary<string>; weight: number }[] = [{ arbitrary: ident, weight: 1 }];
  if (real.length) parts.push({ arbitrary: fc.constantFrom(...real), weight: 12 });
  if (wrong.length) parts.push({ arbitrary: fc.constantFrom(...wrong), weight: 2 });
  if (kind === 'text' || kind === 'name') parts.push({ arbitrary: junk, weight: 1 });
  return fc.oneof(...parts);
}

const flatten = (xs: string[][]) => xs.flat();

/** Valid words for a grammar node: every branch, option and order the grammar allows. */
function nodeArb(node: Node): fc.Arbitrary<string[]> {
  switch (node.t) {
    case 'flag':
      return fc.constantFrom(node.name, ...node.aliases).map((w) => [w]);
    case 'key':
      return fc.constant([node.word]);
    case 'val':
      return valueArb(node.kind).map((w) => [w]);
    case 'kv':
      return valueArb(node.kind).map((w) => [`${node.key}=${w}`]);
    case 'at': {
      // Here or, now and then, at another Celerra.
      const one = fc.tuple(valueArb(node.kind), fc.option(valueArb('cel'), { nil: undefined, freq: 3 })).map(([n, c]) => (c === undefined ? n : `${n}:cel=${c}`));
      return one.map((w) => [node.key === null ? w : `${node.key}=${w}`]);
    }
    case 'list': {
      const entry = fc
        .constantFrom(...node.entries)
        .chain((e) => (e.value === null ? fc.constant(e.key) : (typeof e.value === 'string' ? valueArb(e.value) : fc.constantFrom(...e.value)).map((v) => `${e.key}=${v}`)));
      return fc.array(entry, { minLength: 1, maxLength: 3 }).map((items) => [items.join(',')]);
    }
    case 'rest':
      return fc.array(valueArb(node.kind), { maxLength: 3 });
    case 'seq':
      return node.items.length === 0 ? fc.constant([]) : fc.tuple(...node.items.map(nodeArb)).map(flatten);
    case 'opt':
      return fc.option(nodeArb(node.item), { nil: undefined, freq: 2 }).map((w) => w ?? []);
    case 'alt':
      return fc.oneof(...node.items.map(nodeArb));
    case 'any':
      // Items in any order, optional ones present or not.
      return fc.tuple(fc.tuple(...node.items.map(nodeArb)), fc.array(fc.nat(), { minLength: node.items.length, maxLength: node.items.length })).map(([parts, keys]) =>
        parts
          .map((p, i) => [keys[i]!, p] as const)
          .sort((a, b) => a[0] - b[0])
          .flatMap(([, p]) => p),
      );
  }
}

/**
 * A well-formed invocation: the command, then the words of one of its forms. Forms that
 * change the lab are drawn more often, since their failures are the ones that could leave
 * a half-made change behind.
 */
const validLine: fc.Arbitrary<string[]> = fc.oneof(
  ...allowed.flatMap((cmd) =>
    cmd.forms.length === 0
      ? [{ weight: 1, arbitrary: fc.constant<string[]>([cmd.name]) }]
      : cmd.forms.map((f) => ({
          weight: f.mayMutate ? (cmd.kind === 'celerra' ? 8 : 2) : 1,
          arbitrary: (f.nodes.length ? fc.tuple(...f.nodes.map(nodeArb)).map(flatten) : fc.constant<string[]>([])).map((w) => [cmd.name, ...w]),
        })),
  ),
);

type Mutation = (words: string[]) => string[];
const at = (words: string[], i: number) => (words.length ? i % words.length : 0);
const any = fc.constantFrom(...ALL_KINDS).chain(valueArb);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // missing value / extra word / repeated word / swapped words
  fc.nat().map(
    (i): Mutation =>
      (w) =>
        w.filter((_, k) => k !== at(w, i) || k === 0),
  ),
  fc.tuple(fc.nat(), any).map(
    ([i, x]): Mutation =>
      (w) => [...w.slice(0, at(w, i) + 1), x, ...w.slice(at(w, i) + 1)],
  ),
  fc.nat().map(
    (i): Mutation =>
      (w) => [...w.slice(0, at(w, i) + 1), ...w.slice(at(w, i))],
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([i, j]): Mutation =>
      (w) => {
        const c = w.slice();
        const a = Math.max(1, at(w, i));
        const b = Math.max(1, at(w, j));
        if (a < c.length && b < c.length) [c[a], c[b]] = [c[b]!, c[a]!];
        return c;
      },
  ),
  // a value of another kind, or an unknown object, in place of a word
  fc.tuple(fc.nat(), any).map(
    ([i, x]): Mutation =>
      (w) =>
        w.map((y, k) => (k === at(w, i) && k > 0 ? x : y)),
  ),
  // a very long word
  fc.tuple(fc.nat(), fc.constantFrom('a', 'server_2', '/x', '-list', '9', 'é')).map(
    ([i, u]): Mutation =>
      (w) =>
        w.map((y, k) => (k === at(w, i) ? u.repeat(Math.ceil(10_000 / u.length)) : y)),
  ),
  // control characters, quotes, unicode inside or around a word
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('\x00', '\x1b[31m', '\x07', '\b', '\r', '\x7f', '\u0085', '\u2028', "'", '"', '\\', '`', '$HOME', '#', '\u202e', '🙂', 'ℌ', '\ufeff', '\ud800'),
      fc.boolean(),
    )
    .map(
      ([i, c, before]): Mutation =>
        (w) =>
          w.map((y, k) => (k === at(w, i) ? (before ? c + y : y + c) : y)),
    ),
  // quoting that keeps the word whole, or a word of quotes
  fc.tuple(fc.nat(), fc.constantFrom("'", '"')).map(
    ([i, q]): Mutation =>
      (w) =>
        w.map((y, k) => (k === at(w, i) ? q + y.replace(/["'\\]/g, '') + q : y)),
  ),
  fc.constant((w: string[]) => [...w, "''", '""']),
  // case changes of options and keywords
  fc.nat().map(
    (i): Mutation =>
      (w) =>
        w.map((y, k) => (k === at(w, i) ? y.toUpperCase() : y)),
  ),
  // a flag glued to its value, or `=` with nothing after it
  fc.nat().map(
    (i): Mutation =>
      (w) => {
        const a = at(w, i);
        return a + 1 < w.length ? [...w.slice(0, a), w[a]! + w[a + 1]!, ...w.slice(a + 2)] : w;
      },
  ),
  fc.nat().map(
    (i): Mutation =>
      (w) =>
        w.map((y, k) => (k === at(w, i) && k > 0 ? y.replace(/=.*$/, '=') : y)),
  ),
  // a second command after `;`
  validLine.map(
    (v): Mutation =>
      (w) => [...w, ';', ...v],
  ),
  // the invocation forms scripts use
  fc.constant((w: string[]) => ['env', 'NAS_DB=/nas', ...w.map((y, k) => (k === 0 ? `/nas/bin/${y}` : y))]),
  fc.constant((w: string[]) => ['NAS_DB=/nas', ...w]),
);

/** Two lines in five run as generated, so that many succeed and change the lab. */
const mutations = fc.oneof({ weight: 2, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) });

const PIPE_EVERY = 40; // about 250 pipelines in 10,000 lines: each spawns /bin/sh
const BLANK = ['', '   ', '\t', ';', ';;', '|', '| grep x', '#', '"', "'", '\\', '\x00', '\u3000'];
const lineArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 49,
    arbitrary: fc.tuple(validLine, mutations, fc.nat(PIPE_EVERY - 1), fc.constantFrom(...SAFE_TAILS)).map(([words, muts, pipe, tail]) => {
      const line = muts.reduce((w, m) => m(w), words).join(' ');
      // The highest draw pipes, so that shrinking (towards 0) drops pipes first.
      return pipe === PIPE_EVERY - 1 ? `${line} | ${tail}` : line;
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...BLANK) },
);

interface Failure {
  line: string;
  problem: string;
}

/** What tokenize makes of a line: whether it is safe to run and how to judge it. */
function classify(line: string): { skip: boolean; single: boolean; piped: boolean } {
  let pipelines;
  try {
    pipelines = tokenize(line);
  } catch {
    return { skip: false, single: true, piped: false };
  }
  let piped = false;
  for (const p of pipelines) {
    if (p.segments.length > 1) {
      piped = true;
      const tail = p.segments
        .slice(1)
        .map((s) => s.raw)
        .join(' | ');
      // Never hand anything but the known tails to /bin/sh.
      if (!SAFE_TAILS.includes(tail)) return { skip: true, single: false, piped };
    }
    for (const s of p.segments) {
      // A mutation that spells a redirection must not write files around the repository.
      if (s.redirects.some((r) => r.target !== null && r.target !== '/dev/null')) return { skip: true, single: false, piped };
      let k = s.words[0] === 'env' ? 1 : 0;
      while (k < s.words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(s.words[k]!)) k++;
      const name = (s.words[k] ?? '').replace(/^\/nas\/s?bin\//, '');
      if (EXCLUDED.has(name)) return { skip: true, single: false, piped };
    }
  }
  return { skip: false, single: pipelines.length <= 1, piped };
}

const state = (shell: Shell) => encode({ world: shell.lab.world, session: shell.lab.session });

function check(lines: string[], stats: { lines: number; failed: number; piped: number; skipped: number }): Failure | null {
  const shell = freshShell();
  // The lab's state when it is known not to have changed since it was encoded: a failed line
  // that was checked leaves it so, and encoding the lab is a third of this test's time.
  let known: string | null = null;
  for (const line of lines) {
    const kind = classify(line);
    if (kind.skip) {
      stats.skipped++;
      continue;
    }
    stats.lines++;
    if (kind.piped) stats.piped++;
    const before: string = known ?? state(shell);
    known = null;
    let r;
    try {
      r = shell.exec(line);
    } catch (e) {
      return { line, problem: `threw ${e instanceof Error ? e.stack : String(e)}` };
    }
    if (r.status === STATUS_INTERNAL) return { line, problem: `internal error: ${r.text}` };
    if (!Number.isInteger(r.status) || r.status < 0 || r.status > 255) return { line, problem: `status ${r.status}` };
    if (typeof r.text !== 'string') return { line, problem: 'no text' };
    // Formatting gone wrong shows as JavaScript's own words, unless the line typed them.
    const garbage = /\bNaN\b|\bundefined\b|Invalid Date|\[object Object\]|\bInfinity\b/.exec(r.text);
    if (garbage && !line.includes(garbage[0])) return { line, problem: `printed ${garbage[0]}: ${r.text.slice(0, 300)}` };
    if (r.status !== 0) {
      stats.failed++;
      // A pipeline's status is its last tool's, and after `;` earlier commands may have
      // succeeded: only a single command's failure must leave everything as it was.
      // A command on ALL data movers acts on each mover that can and reports those that could not
      // (each-mover.ts): with a mover down its failure may follow changes made on the others.
      const everyMover = /(^|\s)ALL(\s|$)/.test(line);
      if (kind.single && !kind.piped && !everyMover) {
        const after = state(shell);
        if (after !== before) return { line, problem: `status ${r.status} but the lab changed; output: ${r.text.slice(0, 300)}` };
        known = after;
      }
    }
  }
  return null;
}

describe('random command lines', () => {
  it('never crash the dispatcher and leave the lab unchanged when they fail', () => {
    const stats = { lines: 0, failed: 0, piped: 0, skipped: 0 };
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: LINES_PER_RUN, maxLength: LINES_PER_RUN }), (lines) => {
        const failure = check(lines, stats);
        if (failure) throw new Error(`${JSON.stringify(failure.line).slice(0, 400)}: ${failure.problem}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false, interruptAfterTimeLimit: 100_000, markInterruptAsFailure: true },
    );
    // Most lines must reach commands, and enough of them must fail, for the property to mean something.
    expect(stats.lines + stats.skipped).toBeGreaterThanOrEqual(RUNS * LINES_PER_RUN);
    expect(stats.skipped).toBeLessThan(stats.lines / 20);
    expect(stats.failed).toBeGreaterThan(stats.lines / 5);
    expect(stats.failed).toBeLessThan(stats.lines);
    expect(stats.piped).toBeGreaterThan(100);
    expect(stats.piped).toBeLessThan(500);
  }, 120_000);

  it('the generator is deterministic', () => {
    const a = fc.sample(lineArb, { seed: SEED, numRuns: 50 });
    const b = fc.sample(lineArb, { seed: SEED, numRuns: 50 });
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(40);
  });
});
