// fs_replicate (Celerra Replicator V1): starts replication of a file system to a rawfs at
// another cell (initial copy, then delta sets, FIGS. 4-13), shows it (-list, -info, -status),
// tunes and stops it (-modify, -refresh, -abort), and runs the seed's recovery commands
// ([000180]-[000193]): -failover on the destination's Control Station, -resync back to the
// old primary, -failback (also spelled -reverse) to turn replication round. The engine is
// src/engine/replication/; this module reads the words, checks their shape, calls it and words the
// result (src/render/repl-info.ts).
//
// Both the seed's and the shipped spellings are taken: `-failover ... -sync` or `-option
// sync`, and the remote file system of a pair marked by `:cel=` in either position (the local
// one bare), so `-resync pfs:cel=cel_pfs sfs` and `-resync sfs pfs:cel=cel_pfs` are one command.
import { findCell, findFs, fsById, refFrom } from '../src/engine/cluster.js';
import { fail } from '../src/engine/errors.js';
import { resolveFs } from '../src/engine/fs.js';
import { reachableCell } from '../src/engine/links.js';
import {
  abortReplication,
  describeReplication,
  failback,
  failover,
  findSession,
  modifyReplication,
  parseOptions,
  refreshReplication,
  replicationStatus,
  restartReplication,
  resync,
  sessionEvents,
  sessionOfFs,
  sessionsAt,
  startReplication,
  type FailoverMode,
  type FailoverReport,
  type ReplOptions,
  type ReplReport,
  type ResyncReport,
} from '../src/engine/replication/index.js';
import { MAX_SAV_MB } from '../src/engine/replication/start.js';
import type { Cell, ReplSession, World } from '../src/engine/types.js';
import { failoverReportLines, replInfoBlock, replListLines, replStatusLines, thousands, type InfoExtras } from '../src/render/repl-info.js';
import { resyncFullText } from '../src/render/repl-words.js';
import { changedWorld, defineCommand, edits, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { alt, any, at, flag, form, kv, list, opt, parseAt, seq, setting, val, word, type At } from '../src/shell/grammar.js';

const PROGRESS = 'operation in progress (not interruptible)...';

/** `<srcfs>,<dstfs>:cel=<cel_name>`, the one word -abort takes for both ends, as the seed prints it. */
const ABORT_PAIR = 'srcfs>,<dstfs>:cel=<cel_name';

/**
 * Warning numbers: a real Warning's high part (17717198868 >> 16) over a number of our own
 * below, as the real long codes carry the CLI number in their low 16 bits: 5113 (the full
 * resync's error) and 5119.
 */
const FULL_COPY_WARNING = 17717203961;
const FLOW_CONTROL_WARNING = 17717203967;

/** A file system as typed: bare (this Control Station's) or `<fs>:cel=<cel_name>` (another's). */
interface FsWord {
  fs: string;
  cel: string | null;
}

/** A pair of ends: this Control Station's file system and the other one with its cell. */
interface Pair {
  local: string;
  remote: string;
  remoteCel: string;
}

type Req =
  | { op: 'list' }
  | { op: 'info'; fs: { name: string } | { id: number }; verbose: number | null }
  | { op: 'status'; pair: Pair }
  | { op: 'start'; src: string; dst: string; dstCel: string; savMB: number | null; options: ReplOptions }
  | { op: 'modify'; fs: FsWord; options: ReplOptions }
  | { op: 'refresh'; fs: FsWord }
  | { op: 'abort'; fs: string; peer?: FsWord }
  | { op: 'failover'; pair: Pair; mode: FailoverMode; restartpoint: boolean }
  | { op: 'resync'; pair: Pair; options: ReplOptions }
  | { op: 'failback'; pair: Pair }
  | { op: 'restart'; pair: Pair };

/** A session as this Control Station describes it, with what its -info block adds. */
interface Described {
  report: ReplReport;
  extras: InfoExtras;
}

type Res =
  | { op: 'list'; reports: ReplReport[] }
  | { op: 'info'; session: Described; progress: boolean }
  | { op: 'status'; report: ReplReport; differing: number }
  | { op: 'done'; progress: boolean; warning?: string }
  | { op: 'failover'; session: Described; report: FailoverReport }
  | { op: 'resync'; session: Described; report: ResyncReport };

function fsWord(a: At): FsWord {
  if (a.malformed) throw new UsageError(`bad file system '${a.word}' (use <fs> or <fs>:cel=<cel_name>)`);
  return { fs: a.name, cel: a.cel ?? null };
}

/** Two file systems, one bare (this Control Station's) and one `:cel=` (the other's), in either order. */
function pairOf(a: At, b: At): Pair {
  const x = fsWord(a);
  const y = fsWord(b);
  if (x.cel === null && y.cel === null) throw new UsageError(`name the remote file system as <fs>:cel=<cel_name> ('${a.word}' and '${b.word}' are both local)`);
  if (x.cel !== null && y.cel !== null) throw new UsageError(`only one file system is remote; name the local one bare ('${a.word}' and '${b.word}' both carry :cel=)`);
  const [local, remote] = x.cel === null ? [x, y] : [y, x];
  return { local: local.fs, remote: remote.fs, remoteCel: remote.cel! };
}

/** `savsize=<MB>`: a whole number of MB, the engine checks the range. */
function savMBOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) fail('repl_option_invalid', { value: text, rule: 'savsize', max: MAX_SAV_MB });
  return Number(text);
}

function verboseOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`-verbose takes a number of lines, not '${text}'`);
  return Number(text);
}

/** The failover mode from the seed's flags and the shipped `-option`; both sync and now is a contradiction. */
function modeOf(flags: { '-sync'?: true; '-now'?: true }, options: ReplOptions): FailoverMode {
  const sync = flags['-sync'] === true || options.sync;
  const now = flags['-now'] === true || options.now;
  if (sync && now) throw new UsageError('sync and now exclude each other');
  return sync ? 'sync' : now ? 'now' : 'default';
}

/** The session of a file system named here or, as `<fs>:cel=<cel_name>`, at the other end. */
function sessionNamed(world: World, cell: Cell, w: FsWord): ReplSession {
  if (w.cel === null || w.cel === cell.name) return findSession(world, cell, w.fs);
  const far = findCell(world, w.cel);
  const f = findFs(far, w.fs);
  const s = sessionOfFs(world, far.name, f.id);
  if (s === undefined || (s.src.cel !== cell.name && s.dst.cel !== cell.name)) fail('repl_not_found', { fs: `${f.name}:${far.name}`, peer: '' });
  return s;
}

/** A Control Station cannot act on an end it cannot reach. */
function requireReachable(world: World, cell: Cell, cel: string): void {
  if (cel !== cell.name) reachableCell(world, cell, cel);
}

/** The `-option` list; which words an operation takes is the engine's to say (parseOptions). */
const optionList = () =>
  list('options', [
    ...(['to', 'dto', 'hwm', 'dhwm', 'qos'] as const).map((k) => setting(k, 'number')),
    ...(['autoro', 'autofreeze', 'autofullcopy'] as const).map((k) => setting(k, ['yes', 'no'])),
    word('sync'),
    word('now'),
  ]);
const options = () => opt(seq(flag('-option', '-o'), optionList()));
/** The local end, bare, and the remote one as `<fs>:cel=<cel_name>`; either order is taken (pairOf). */
const local = <const S extends string>(slot: S) => at(slot, 'fs', 'bare');
const remote = <const S extends string>(slot: S) => at(slot, 'fs', 'remote');

export const fsReplicateCommand = defineCommand({
  name: 'fs_replicate',
  kind: 'celerra',
  summary: 'replicate a file system to another cell with delta sets; fail over, resync and fail back',
  forms: [
    form('list', [flag('-list', '-l')]),
    form('info', [flag('-info', '-i'), alt(val('fs_name', 'fs'), kv('id', 'fs_id', 'number')), opt(seq(flag('-verbose'), val('number_of_lines', 'number')))]),
    form('status', [flag('-status'), local('fs'), at('peer', 'fs', 'remote', 'fs')]),
    form('start', [flag('-start'), local('srcfs'), remote('dstfs'), any(opt(kv('savsize', 'MB', 'number')), options())], true),
    form('modify', [flag('-modify'), at('fs', 'fs', 'either'), flag('-option', '-o'), optionList()], true),
    form('refresh', [flag('-refresh'), at('fs', 'fs', 'either')], true),
    form('abort', [flag('-abort'), alt(local('fs'), val(ABORT_PAIR, 'text'))], true),
    form('failover', [flag('-failover'), remote('pfs'), local('sfs'), any(opt(flag('-sync')), opt(flag('-now')), opt(flag('-restartpoint')), options())], true),
    form('resync', [flag('-resync'), remote('dstfs'), local('srcfs'), options()], true),
    form('restart', [flag('-restart'), local('srcfs'), remote('dstfs')], true),
    form('failback', [flag('-failback'), local('srcfs'), remote('dstfs')], true),
    form('reverse', [flag('-reverse'), local('srcfs'), remote('dstfs')], true),
  ],
  parse: (m): Req => {
    switch (m.form) {
      case 'list':
        return { op: 'list' };
      case 'info': {
        const ref = refFrom('fs', m.values.fs_name, m.values.id);
        return { op: 'info', fs: ref, verbose: verboseOf(m.values.number_of_lines) };
      }
      case 'status':
        return { op: 'status', pair: pairOf(m.values.fs, m.values.peer) };
      case 'start': {
        const src = fsWord(m.values.srcfs);
        const dst = fsWord(m.values.dstfs);
        if (src.cel !== null) throw new UsageError(`the source is this Control Station's file system, named bare ('${m.values.srcfs.word}')`);
        if (dst.cel === null) throw new UsageError(`name the destination as <dstfs>:cel=<cel_name> ('${m.values.dstfs.word}')`);
        const savMB = savMBOf(m.values.savsize);
        return { op: 'start', src: src.fs, dst: dst.fs, dstCel: dst.cel, savMB, options: parseOptions(m.values.options, 'start') };
      }
      case 'modify':
        return { op: 'modify', fs: fsWord(m.values.fs), options: parseOptions(m.values.options, 'modify') };
      case 'refresh':
        return { op: 'refresh', fs: fsWord(m.values.fs) };
      case 'abort': {
        if (m.values.fs !== undefined) {
          const w = fsWord(m.values.fs);
          if (w.cel !== null) throw new UsageError(`abort names this Control Station's file system bare, or both ends as <srcfs>,<dstfs>:cel=<cel_name> ('${m.values.fs.word}')`);
          return { op: 'abort', fs: w.fs };
        }
        const word = m.values[ABORT_PAIR]!;
        const parts = word.split(',');
        if (parts.length !== 2) throw new UsageError(`bad session '${word}' (use <srcfs>,<dstfs>:cel=<cel_name>)`);
        const pair = pairOf(parseAt(parts[0]!), parseAt(parts[1]!));
        return { op: 'abort', fs: pair.local, peer: { fs: pair.remote, cel: pair.remoteCel } };
      }
      case 'failover': {
        const pair = pairOf(m.values.pfs, m.values.sfs);
        const mode = modeOf(m.flags, parseOptions(m.values.options, 'failover'));
        return { op: 'failover', pair, mode, restartpoint: m.flags['-restartpoint'] === true };
      }
      case 'resync':
        return { op: 'resync', pair: pairOf(m.values.dstfs, m.values.srcfs), options: parseOptions(m.values.options, 'resync') };
      case 'restart':
        return { op: 'restart', pair: pairOf(m.values.srcfs, m.values.dstfs) };
      case 'failback':
      case 'reverse':
        return { op: 'failback', pair: pairOf(m.values.srcfs, m.values.dstfs) };
    }
  },
  run: (ctx, r) => runRequest(ctx.world, ctx.cell, r),
  format: (res): Output => {
    const block = (d: Described) => replInfoBlock(d.report, d.extras);
    switch (res.op) {
      case 'list':
        return { lines: replListLines(res.reports) };
      case 'info':
        return { lines: res.progress ? [PROGRESS, ...block(res.session), 'done'] : block(res.session) };
      case 'status':
        return { lines: replStatusLines(res.report, res.differing) };
      case 'done':
        return { lines: [...(res.progress ? [PROGRESS] : []), ...(res.warning ? [res.warning] : []), 'done'] };
      case 'failover': {
        const { record, restartCkpt, played } = res.report;
        const r = res.session.report;
        return { lines: [PROGRESS, ...block(res.session), '', ...failoverReportLines(record, restartCkpt, played, r.src.name, r.dst.name), 'done'] };
      }
      case 'resync': {
        const { full, why, blocks } = res.report;
        const r = res.session.report;
        const warning = full
          ? [
              `Warning ${FULL_COPY_WARNING}: ${r.dst.name} : an incremental resync is impossible (${resyncFullText(why ?? '')}); a full copy of ${r.src.name} is being made (${thousands(blocks)} blocks)`,
            ]
          : [];
        return { lines: [PROGRESS, ...warning, ...block(res.session), 'done'] };
      }
    }
  },
});

/** A request against the world: the lookups and checks the engine does not make, then its call. */
function runRequest(world: World, cell: Cell, r: Req): Ran<Res> {
  const described = (s: ReplSession, verbose: number | null = null): Described => ({
    report: describeReplication(world, s, cell.name),
    extras: { restartName: restartName(world, s), verbose },
  });
  const info = (s: ReplSession): Res => ({ op: 'info', session: described(s), progress: true });
  switch (r.op) {
    case 'list':
      return unchanged({ op: 'list', reports: sessionsAt(world, cell.name).map((s) => describeReplication(world, s, cell.name)) });
    case 'info':
      return unchanged({ op: 'info', session: described(findSession(world, cell, resolveFs(cell, r.fs).name), r.verbose), progress: false });
    case 'status': {
      const s = findSession(world, cell, r.pair.local, { fs: r.pair.remote, cel: r.pair.remoteCel });
      // The blocks are compared at both ends: the other Control Station must answer.
      requireReachable(world, cell, r.pair.remoteCel);
      return unchanged({ op: 'status', report: describeReplication(world, s, cell.name), differing: replicationStatus(world, s).differing });
    }
    case 'start': {
      const s = startReplication(world, cell, { src: r.src, dst: r.dst, dstCel: r.dstCel, savMB: r.savMB, options: r.options });
      return changedWorld(info(s));
    }
    case 'modify': {
      const s = sessionNamed(world, cell, r.fs);
      // The same settings again at the same instant re-arm nothing.
      const armed = () => ({ settings: s.settings, cutDue: s.cutDue, playDue: s.playDue, held: s.held, events: sessionEvents(world, s.id) });
      const { changed } = edits(armed, () => modifyReplication(world, s, r.options.settings));
      return changedWorld({ op: 'done', progress: false }, changed);
    }
    case 'refresh': {
      const s = sessionNamed(world, cell, r.fs);
      const src = describeReplication(world, s, cell.name).src;
      // A delta set is cut at the source: its Control Station and data mover must answer
      // (a session in another state is refused by the engine, before it changes anything).
      if (s.state === 'active' || s.state === 'copying') {
        requireReachable(world, cell, s.src.cel);
        if (src.fsState === 'down') fail('mover_offline', { mover: src.mover });
      }
      const { cut, changed } = refreshReplication(world, s);
      if (cut) return changedWorld({ op: 'done', progress: false }, changed);
      const what = s.state === 'inactive' ? 'with no source policy the replication is now inactive' : `the delta set is cut when room is made (source_policy ${s.settings.policy})`;
      return changedWorld(
        { op: 'done', progress: false, warning: `Warning ${FLOW_CONTROL_WARNING}: ${src.name} : flow control: the source save volume has no room for the delta set; ${what}` },
        changed,
      );
    }
    case 'abort': {
      const s = findSession(world, cell, r.fs, r.peer);
      abortReplication(world, s);
      return changedWorld({ op: 'done', progress: true });
    }
    case 'failover': {
      const report = failover(world, cell, { remote: r.pair.remote, remoteCel: r.pair.remoteCel, local: r.pair.local, mode: r.mode, restartpoint: r.restartpoint });
      return changedWorld({ op: 'failover', session: described(report.session), report });
    }
    case 'resync': {
      const report = resync(world, cell, { ...r.pair, options: r.options });
      return changedWorld({ op: 'resync', session: described(report.session), report });
    }
    case 'failback':
      return changedWorld(info(failback(world, cell, r.pair).session));
    case 'restart': {
      const s = findSession(world, cell, r.pair.local, { fs: r.pair.remote, cel: r.pair.remoteCel });
      return changedWorld(info(restartReplication(world, cell, s)));
    }
  }
}

/** The name of a failed-over session's restart point checkpoint, null when deleted. */
function restartName(world: World, s: ReplSession): string | null {
  if (s.failover === null) return null;
  const cell = world.cells.find((c) => c.name === s.dst.cel);
  return cell === undefined ? null : (fsById(cell, s.failover.restartCkpt)?.name ?? null);
}
