// client: a host on the network that writes and reads files on the simulated file systems
// through their mounts, as an NFS client would, keeps what it wrote so it can check it later
// (`verify`), and runs background workloads on the virtual clock (`fill`, `randwrite`). A host tool, not
// a Control Station command: GNU-style options, and errors worded as coreutils words them
// (its own small table below), not as `Error N:` lines. A read or ls served from a local
// updatable file system may make it ask for a newer version (fs_dist, src/engine/distribution/).
import type { AnyNasError, NasErrorCode } from '../src/engine/errors.js';
import { fail } from '../src/engine/errors.js';
import { fillProblem, MAX_FILES_PER_TICK, startFill, stopFill } from '../src/engine/client/fill.js';
import { randwriteProblem, startRandwrite, stopRandwrite } from '../src/engine/client/randwrite.js';
import {
  clientDf,
  clientForget,
  clientList,
  clientMkdir,
  clientRead,
  clientRemove,
  clientRmdir,
  clientVerify,
  clientWrite,
  type DfResult,
  type ListResult,
  type ReadResult,
  type VerifyRow,
  type WriteResult,
} from '../src/engine/client/io.js';
import { afterAccess, type AccessCheck } from '../src/engine/distribution/access.js';
import { BLOCK_BYTES } from '../src/engine/files/tree.js';
import type { ClientJob, ClientSession } from '../src/engine/types.js';
import { logoff, logon, sessionsOf } from '../src/engine/cifs/logon.js';
import { sizeText } from '../src/render/copy-progress.js';
import { table, type Align } from '../src/render/table.js';
import { pad } from '../src/render/text.js';
import { formatDuration, isoTime } from '../src/render/time.js';
import { formatBytes, humanBytes, parseSizeBytes } from '../src/render/units.js';
import { changedWorld, defineCommand, unchanged, UsageError, type Output, type Ran } from '../src/shell/command.js';
import { any, flag, form, key, opt, seq, val, type FormMatch, type MatchOf } from '../src/shell/grammar.js';

type Server = { server: string | null };

type Req =
  | ({ op: 'write' | 'append'; path: string; bytes: number } & Server)
  | ({ op: 'read' | 'rm' | 'rmdir'; path: string } & Server)
  | ({ op: 'ls'; path: string | null; long: boolean } & Server)
  | ({ op: 'mkdir'; path: string; parents: boolean } & Server)
  | ({ op: 'df'; path: string | null; human: boolean } & Server)
  | ({ op: 'fill'; dir: string; rate: number; fileSize: number; until: number | null } & Server)
  | ({ op: 'randwrite'; path: string; rate: number; until: number | null } & Server)
  | { op: 'jobs' }
  | { op: 'stop'; job: number; word: string }
  | ({ op: 'verify'; path: string | null; quiet: boolean } & Server)
  | { op: 'forget'; path: string | null }
  | { op: 'logon'; user: string; server: string }
  | { op: 'logoff'; server: string }
  | { op: 'sessions' };

type Res =
  | { op: 'write'; r: WriteResult }
  | { op: 'read'; r: ReadResult; access: AccessCheck | null }
  | { op: 'ls'; r: ListResult; long: boolean; access: AccessCheck | null }
  | { op: 'silent' }
  | { op: 'df'; r: DfResult; human: boolean }
  | { op: 'fill'; job: ClientJob }
  | { op: 'randwrite'; job: ClientJob }
  | { op: 'jobs'; jobs: ClientJob[]; now: number }
  | { op: 'stop'; job: ClientJob; now: number }
  | { op: 'verify'; rows: VerifyRow[]; quiet: boolean }
  | { op: 'forget'; count: number }
  | { op: 'logon'; session: ClientSession }
  | { op: 'logoff'; session: ClientSession }
  | { op: 'sessions'; sessions: ClientSession[] };

/** Default size of the files `fill` writes. */
const DEFAULT_FILE_SIZE = 8 * 2 ** 20;

const server = () => opt(seq(flag('-s', '--server'), val('mover', 'mover')));
const hostPath = <const N extends string>(name: N) => val(name, 'hostpath');
const path = () => hostPath('path');

// ---- the client's error table: engine code -> strerror(3) text, as a host reports it ----

const STRERROR: Partial<Record<NasErrorCode, string>> = {
  file_not_found: 'No such file or directory',
  file_not_dir: 'Not a directory',
  file_is_dir: 'Is a directory',
  file_exists: 'File exists',
  file_dir_not_empty: 'Directory not empty',
  file_path_invalid: 'File name too long',
  fs_full: 'No space left on device',
  stamps_exhausted: 'No space left on device',
  // randwrite on a file with no block to overwrite.
  file_empty: 'Invalid argument',
  // The lab's own bound on written data (LAB_BLOCK_BUDGET), as a quota would refuse it.
  lab_quota: 'Disk quota exceeded',
  read_only_fs: 'Read-only file system',
  stale_handle: 'Stale file handle',
  // A soft NFS mount's answer when the server does not (a hard one would hang).
  mover_offline: 'Input/output error',
  mount_busy: 'Device or resource busy',
  // A local updatable file system between versions (src/engine/distribution/state.ts).
  fs_updating: 'Resource temporarily unavailable',
  // Frozen by its replication while the save volume is full (autofreeze=yes): no access at all.
  fs_frozen: 'Resource temporarily unavailable',
  // As a CIFS client (smbclient's words: the NT status the server answered).
  unc_invalid: 'Invalid argument',
  smb_bad_network_name: 'NT_STATUS_BAD_NETWORK_NAME',
  smb_host_unreachable: 'NT_STATUS_HOST_UNREACHABLE',
  smb_logon_failure: 'NT_STATUS_LOGON_FAILURE',
  smb_no_logon_servers: 'NT_STATUS_NO_LOGON_SERVERS',
  smb_access_denied: 'NT_STATUS_ACCESS_DENIED',
  smb_no_session: 'NT_STATUS_ACCESS_DENIED (not logged on: client logon <user> \\\\<server>)',
};

/** What the tool was doing with which path, in coreutils' words (`cannot create '/x'`). */
function doing(req: Req, code: NasErrorCode): string {
  const q = (p: string) => `'${p}'`;
  const writing = code === 'fs_full' || code === 'stamps_exhausted' || code === 'lab_quota';
  switch (req.op) {
    case 'write':
      return writing ? `error writing ${q(req.path)}` : `cannot create ${q(req.path)}`;
    case 'append':
      return writing ? `error writing ${q(req.path)}` : `cannot open ${q(req.path)} for appending`;
    case 'read':
      return code === 'file_is_dir' ? `error reading ${q(req.path)}` : `cannot open ${q(req.path)}`;
    case 'ls':
      return `cannot access ${q(req.path ?? '/')}`;
    case 'rm':
      return `cannot remove ${q(req.path)}`;
    case 'mkdir':
      return `cannot create directory ${q(req.path)}`;
    case 'rmdir':
      return `failed to remove ${q(req.path)}`;
    case 'df':
      return req.path ?? '/';
    case 'fill':
      return `cannot fill ${q(req.dir)}`;
    case 'randwrite':
      return `cannot randwrite ${q(req.path)}`;
    case 'verify':
    case 'forget':
      return req.path ?? '/';
    case 'jobs':
    case 'stop':
    case 'sessions':
      return req.op;
    case 'logon':
      return `logon to ${q(req.server)} as ${q(req.user)} failed`;
    case 'logoff':
      return `logoff from ${q(req.server)} failed`;
  }
}

/** The text a host gives for an engine error (the table above), or undefined. */
export function strerror(code: string): string | undefined {
  return STRERROR[code as NasErrorCode];
}

/** Why a server had no identity for a user, after its NT status ([000257]: it asks the usermapper). */
const NO_MAPPING: Partial<Record<NasErrorCode, string>> = {
  usermapper_disabled: 'the usermapper is disabled',
  usermapper_unreachable: 'the usermapper does not answer',
  usermapper_full: "the usermapper's range is used up",
};

function errorText(e: AnyNasError, req: Req | undefined): string | undefined {
  if (e.code === 'smb_access_denied' && req !== undefined) {
    return `client: ${doing(req, e.code)}: NT_STATUS_ACCESS_DENIED (Cannot get mapping for ${e.data.user}: ${NO_MAPPING[e.data.why] ?? e.data.why})`;
  }
  if (e.code === 'mover_not_found') return `client: failed to resolve server ${e.data.mover}: Name or service not known`;
  if (e.code === 'job_not_found') return `client: stop: %${String(e.data.job).replace(/^%/, '')}: ${e.data.state === undefined ? 'no such job' : 'job has already ended'}`;
  const text = STRERROR[e.code];
  if (text === undefined) return undefined;
  return req === undefined ? `client: ${text}` : `client: ${doing(req, e.code)}: ${text}`;
}

// ---- parsing ----

function bytesOf(word: string, what = 'number of bytes'): number {
  const n = parseSizeBytes(word);
  if (n === null) throw new UsageError(`invalid ${what}: '${word}'`);
  return n;
}

/** A rate word, `5M/s` (the `/s` may be left out), in bytes a second. */
function rateOf(rateWord: string): number {
  const perSecond = rateWord.replace(/\/s(ec)?$/i, '');
  const rate = parseSizeBytes(perSecond);
  if (rate === null || rate < 1) throw new UsageError(`invalid rate: '${rateWord}' (bytes a second, e.g. 5M/s)`);
  return rate;
}

const forms = [
  form('write', [key('write'), any(server(), seq(path(), val('size', 'size')))], true),
  form('append', [key('append'), any(server(), seq(path(), val('size', 'size')))], true),
  // An access to a local updatable file system may start its update (fs_dist, FIG. 37 step
  // 641): rare, so these keep no undo point; the run reports when it did.
  form('read', [key('read'), any(server(), path())]),
  form('ls', [key('ls'), any(opt(flag('-l')), server(), opt(path()))]),
  form('rm', [key('rm'), any(server(), path())], true),
  form('mkdir', [key('mkdir'), any(opt(flag('-p', '--parents')), server(), path())], true),
  form('rmdir', [key('rmdir'), any(server(), path())], true),
  form('df', [key('df'), any(opt(flag('-h', '--human-readable')), server(), opt(path()))]),
  form(
    'fill',
    [
      key('fill'),
      any(server(), hostPath('dir'), seq(flag('--rate'), val('rate', 'size')), opt(seq(flag('--file-size'), val('size', 'size'))), opt(seq(flag('--until'), val('limit', 'size')))),
    ],
    true,
  ),
  form('randwrite', [key('randwrite'), any(server(), hostPath('file'), seq(flag('--rate'), val('rate', 'size')), opt(seq(flag('--until'), val('limit', 'size'))))], true),
  form('jobs', [key('jobs')]),
  form('stop', [key('stop'), val('job', 'name')], true),
  form('verify', [key('verify'), any(opt(flag('-q', '--quiet')), server(), opt(path()))]),
  form('forget', [key('forget'), opt(path())], true),
  // A CIFS session with a server found by name ([000257]: the server maps the user as it logs on).
  form('logon', [key('logon'), val('user', 'name'), val('unc', 'text')], true),
  form('logoff', [key('logoff'), val('unc', 'text')], true),
  form('sessions', [key('sessions')]),
];

type M = MatchOf<typeof forms>;

function parseFill(m: FormMatch<typeof forms, 'fill'>, srv: string | null): Req {
  const rateWord = m.values.rate;
  const rate = rateOf(rateWord);
  const sizeWord = m.values.size;
  const fileSize = sizeWord === undefined ? DEFAULT_FILE_SIZE : bytesOf(sizeWord, 'file size');
  const limit = m.values.limit;
  const until = limit === undefined || limit.toLowerCase() === 'full' ? null : bytesOf(limit, 'limit');
  const problem = fillProblem({ rate, fileSize, until });
  if (problem === 'rate') throw new UsageError(`invalid rate: '${rateWord}' (at most 1G/s)`);
  if (problem === 'file_size') throw new UsageError(`invalid file size: '${sizeWord}'`);
  if (problem === 'until') throw new UsageError(`invalid limit: '${limit}'`);
  if (problem === 'files_per_tick') {
    throw new UsageError(`files of ${sizeWord ?? formatBytes(fileSize)} at ${rateWord} would be more than ${MAX_FILES_PER_TICK} files a second`);
  }
  return { op: 'fill', dir: m.values.dir, rate, fileSize, until, server: srv };
}

function parseRandwrite(m: FormMatch<typeof forms, 'randwrite'>, srv: string | null): Req {
  const rateWord = m.values.rate;
  const rate = rateOf(rateWord);
  const limit = m.values.limit;
  const until = limit === undefined ? null : bytesOf(limit, 'limit');
  const problem = randwriteProblem({ rate, until });
  if (problem === 'rate') throw new UsageError(`invalid rate: '${rateWord}' (at most 1G/s)`);
  if (problem === 'until') throw new UsageError(`invalid limit: '${limit}'`);
  return { op: 'randwrite', path: m.values.file, rate, until, server: srv };
}

function parse(m: M): Req {
  const srv = (v: { mover?: string }) => v.mover ?? null;
  switch (m.form) {
    case 'write':
    case 'append':
      return { op: m.form, path: m.values.path, bytes: bytesOf(m.values.size), server: srv(m.values) };
    case 'read':
    case 'rm':
    case 'rmdir':
      return { op: m.form, path: m.values.path, server: srv(m.values) };
    case 'ls':
      return { op: 'ls', path: m.values.path ?? null, long: m.flags['-l'] === true, server: srv(m.values) };
    case 'mkdir':
      return { op: 'mkdir', path: m.values.path, parents: m.flags['-p'] === true, server: srv(m.values) };
    case 'df':
      return { op: 'df', path: m.values.path ?? null, human: m.flags['-h'] === true, server: srv(m.values) };
    case 'fill':
      return parseFill(m, srv(m.values));
    case 'randwrite':
      return parseRandwrite(m, srv(m.values));
    case 'jobs':
      return { op: 'jobs' };
    case 'stop': {
      const word = m.values.job;
      if (!/^%?\d{1,9}$/.test(word)) fail('job_not_found', { job: word });
      return { op: 'stop', job: Number(word.replace(/^%/, '')), word };
    }
    case 'verify':
      return { op: 'verify', path: m.values.path ?? null, quiet: m.flags['-q'] === true, server: srv(m.values) };
    case 'logon':
      return { op: 'logon', user: m.values.user, server: m.values.unc };
    case 'logoff':
      return { op: 'logoff', server: m.values.unc };
    case 'sessions':
      return { op: 'sessions' };
    case 'forget':
      return { op: 'forget', path: m.values.path ?? null };
  }
}

// ---- formatting ----

/**
 * The lines of a served access, then, when it made its local updatable file system start an
 * update, a line saying so (later accesses get EAGAIN until it ends).
 */
function withAccess(lines: string[], access: AccessCheck | null): Output {
  if (access === null) return { lines };
  const a = access.asked;
  if (a?.session) {
    const kind = a.step === 649 ? 'delta' : 'full';
    lines.push(`client: ${access.mount}: update to version ${a.youngest!.ckpt} started (${kind}, ${sizeText(a.session.totalBlocks * BLOCK_BYTES)})`);
  }
  return { lines };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const blocksWord = (n: number) => plural(n, 'block');

function formatWrite(r: WriteResult): string {
  const c = r.content;
  if (r.append) return `${r.host}: ${plural(r.bytes, 'byte')} appended, now ${plural(c.size, 'byte')} (${blocksWord(c.blocks)}), checksum ${c.digest}`;
  return `${r.host}: ${plural(c.size, 'byte')} written (${blocksWord(c.blocks)}), checksum ${c.digest}`;
}

/** ls -ln's columns: mode, owner, group, size (right-aligned), name. */
const LS_ALIGN: Align[] = ['left', 'left', 'left', 'right'];

/** `ls -ln`: owners and groups by number (a file is root's unless a CIFS user made it), no times, which the simulated file systems do not keep. */
function formatList(r: ListResult, long: boolean): string[] {
  if (!long) return r.entries.map((e) => e.name);
  const cells = r.entries.map((e) => [e.kind === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--', String(e.uid ?? 0), String(e.gid ?? 0), String(e.size), e.name]);
  const rows = table(cells, { align: LS_ALIGN, gap: ' ' });
  if (r.kind === 'file') return rows;
  const total = r.entries.reduce((n, e) => n + e.blocks, 0) * (BLOCK_BYTES / 1024);
  return [`total ${total}`, ...rows];
}

/** df's columns: the source, four figures (right-aligned), the mount point. */
const DF_ALIGN: Align[] = ['left', 'right', 'right', 'right', 'right'];

/** GNU df's layout: the source left-aligned, the figures right-aligned under their headings. */
function formatDf(r: DfResult, human: boolean): Output {
  const lines = r.errors.map((e) => `client: ${e.host}: ${strerror(e.code) ?? e.code}`);
  const fig = (blocks: number) => (human ? humanBytes(blocks * BLOCK_BYTES) : String((blocks * BLOCK_BYTES) / 1024));
  const head = ['Filesystem', human ? 'Size' : '1K-blocks', 'Used', human ? 'Avail' : 'Available', 'Use%', 'Mounted on'];
  const rows = r.rows.map((d) => [
    d.source,
    fig(d.totalBlocks),
    fig(d.usedBlocks),
    fig(d.totalBlocks - d.usedBlocks),
    d.totalBlocks === 0 ? '-' : `${Math.ceil((d.usedBlocks * 100) / d.totalBlocks)}%`,
    d.mountPath,
  ]);
  lines.push(...table([head, ...rows], { align: DF_ALIGN, gap: ' ' }));
  return { lines, status: r.errors.length > 0 ? 1 : 0 };
}

/** The workload as it was asked for, every setting spelled out. */
function jobWords(j: ClientJob): string {
  const until = j.until === null ? '' : ` --until ${formatBytes(j.until)}`;
  if (j.kind === 'randwrite') return `randwrite ${j.dir} --rate ${formatBytes(j.rate)}/s${until}`;
  return `fill ${j.dir} --rate ${formatBytes(j.rate)}/s --file-size ${formatBytes(j.fileSize)}${until}`;
}

const STATE: Record<ClientJob['state'], string> = { running: 'Running', done: 'Done', stopped: 'Terminated', failed: 'Exit 1' };

/** bash's `jobs` line, with the job's progress after it. */
function jobLine(j: ClientJob, now: number): string {
  const written = j.until === null ? `${humanBytes(j.written)} written` : `${humanBytes(j.written)} of ${humanBytes(j.until)} written`;
  const ran = formatDuration((j.endedAt ?? now) - j.startedAt);
  const why = j.error === null ? '' : `: ${strerror(j.error) ?? j.error}`;
  const pieces = j.kind === 'randwrite' ? blocksWord(j.written / BLOCK_BYTES) : plural(j.files, 'file');
  return `[${j.id}]  ${pad(STATE[j.state], 12)}${jobWords(j)}  (${written} in ${pieces}, ${ran}${why})`;
}

function formatVerify(rows: VerifyRow[], quiet: boolean): Output {
  const lines: string[] = [];
  const count = { ok: 0, differs: 0, missing: 0, unreadable: 0 };
  for (const r of rows) {
    count[r.status]++;
    if (r.status === 'ok') {
      if (!quiet) lines.push(`${r.host}: OK`);
    } else if (r.status === 'differs') {
      const e = r.expected;
      const g = r.read!;
      lines.push(`${r.host}: DIFFERS (wrote ${plural(e.size, 'byte')}, checksum ${e.digest}; reads ${plural(g.size, 'byte')}, checksum ${g.digest})`);
    } else if (r.status === 'missing') {
      lines.push(`${r.host}: MISSING`);
    } else {
      lines.push(`${r.host}: UNREADABLE (${strerror(r.code!) ?? r.code})`);
    }
  }
  const n = rows.length;
  lines.push(`${plural(n, 'file')}: ${count.ok} OK, ${count.differs} differing, ${count.missing} missing, ${count.unreadable} unreadable`);
  return { lines, status: count.ok === n ? 0 : 1 };
}

export const clientCommand = defineCommand({
  name: 'client',
  kind: 'builtin',
  summary: 'a host that writes and reads files through the mounts and the CIFS shares',
  forms,
  parse,
  errorText,
  run: (ctx, req): Ran<Res> => {
    const { world, cell } = ctx;
    switch (req.op) {
      case 'write':
      case 'append':
        return changedWorld({ op: 'write', r: clientWrite(world, cell, { path: req.path, bytes: req.bytes, append: req.op === 'append', server: req.server }) });
      // Step 641 of the snapshot distribution: a served access to a local updatable file
      // system may make it ask for a newer version (src/engine/distribution/access.ts).
      case 'read': {
        const r = clientRead(world, cell, req);
        const access = afterAccess(world, cell, req.path, req.server);
        return changedWorld({ op: 'read', r, access }, access?.changed === true);
      }
      case 'ls': {
        const r = clientList(world, cell, req);
        const access = afterAccess(world, cell, req.path ?? '/', req.server);
        return changedWorld({ op: 'ls', r, long: req.long, access }, access?.changed === true);
      }
      case 'rm':
        clientRemove(world, cell, req);
        return changedWorld({ op: 'silent' });
      case 'mkdir':
        return changedWorld({ op: 'silent' }, clientMkdir(world, cell, req).made);
      case 'rmdir':
        clientRmdir(world, cell, req);
        return changedWorld({ op: 'silent' });
      case 'df':
        return unchanged({ op: 'df', r: clientDf(world, cell, req), human: req.human });
      case 'fill':
        return changedWorld({ op: 'fill', job: startFill(world, cell, req) });
      case 'randwrite':
        return changedWorld({ op: 'randwrite', job: startRandwrite(world, cell, req) });
      case 'jobs':
        return unchanged({ op: 'jobs', jobs: world.client.jobs, now: world.clock.now });
      case 'stop': {
        const kind = world.client.jobs.find((j) => j.id === req.job)?.kind;
        const job = kind === 'randwrite' ? stopRandwrite(world, req.job) : stopFill(world, req.job);
        return changedWorld({ op: 'stop', job, now: world.clock.now });
      }
      case 'verify':
        return unchanged({ op: 'verify', rows: clientVerify(world, cell, req), quiet: req.quiet });
      case 'forget': {
        const count = clientForget(world, req);
        return changedWorld({ op: 'forget', count }, count > 0);
      }
      case 'logon': {
        const { session, changed } = logon(world, cell, req.user, req.server);
        return changedWorld({ op: 'logon', session }, changed);
      }
      case 'logoff':
        return changedWorld({ op: 'logoff', session: logoff(world, req.server) });
      case 'sessions':
        return unchanged({ op: 'sessions', sessions: sessionsOf(world) });
    }
  },
  format: (res): Output => {
    switch (res.op) {
      case 'write':
        return { lines: [formatWrite(res.r)] };
      case 'read': {
        const c = res.r.content;
        return withAccess([`${res.r.host}: ${plural(c.size, 'byte')} read (${blocksWord(c.blocks)}), checksum ${c.digest}`], res.access);
      }
      case 'ls':
        return withAccess(formatList(res.r, res.long), res.access);
      case 'silent':
        return { lines: [] };
      case 'df':
        return formatDf(res.r, res.human);
      case 'fill':
      case 'randwrite':
        return { lines: [`[${res.job.id}] ${jobWords(res.job)}`] };
      case 'jobs':
        return { lines: res.jobs.map((j) => jobLine(j, res.now)) };
      case 'stop':
        return { lines: [jobLine(res.job, res.now)] };
      case 'verify':
        return formatVerify(res.rows, res.quiet);
      case 'forget':
        return { lines: [`${plural(res.count, 'file')} forgotten`] };
      case 'logon': {
        const x = res.session;
        return { lines: [`\\\\${x.server}: logged on as ${x.domain}\\${x.user} (uid ${x.uid}, gid ${x.gid})`] };
      }
      case 'logoff':
        return { lines: [`\\\\${res.session.server}: ${res.session.domain}\\${res.session.user} logged off`] };
      case 'sessions':
        return { lines: res.sessions.map((x) => `\\\\${x.server}  ${x.domain}\\${x.user}  uid=${x.uid} gid=${x.gid}  since ${isoTime(x.at)}`) };
    }
  },
});
