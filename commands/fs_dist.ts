// fs_dist: local updatable file systems, the seed's snapshot distribution ([000201]-[000206],
// FIGS. 36-38). A file system of this cell holds a version (a checkpoint) of a production file
// system of another cell, and asks for a newer one no more often than its minimum interval:
// when a client reads it (client read/ls), or when the administrator asks (-update). The
// remote answers as FIG. 38 decides (nothing, the full youngest version, or the delta from
// the version held), and what it sends travels as an fs_copy session (src/engine/distribution/).
import { describeLocal, describeLocals, type LocalReport } from '../src/engine/distribution/describe.js';
import { createLocal, DEFAULT_INTERVAL_MIN, deleteLocal, findLocal, localsOf, MAX_INTERVAL_MIN, modifyInterval, type CreateRequest } from '../src/engine/distribution/relation.js';
import { askForUpdate, type Asked, type FullReason } from '../src/engine/distribution/request.js';
import { fail } from '../src/engine/errors.js';
import type { DistVersion } from '../src/engine/types.js';
import { sizeText } from '../src/render/copy-progress.js';
import { table } from '../src/render/table.js';
import { keyValues } from '../src/render/text.js';
import { ctime, listTime } from '../src/render/time.js';
import { changedWorld, defineCommand, edits, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { at, flag, form, opt, seq, val } from '../src/shell/grammar.js';

type Req =
  | { op: 'list' }
  | { op: 'info'; fs: string }
  | { op: 'create'; req: CreateRequest }
  | { op: 'modify'; fs: string; minutes: number; word: string }
  | { op: 'update'; fs: string; force: boolean }
  | { op: 'delete'; fs: string };

/** With what the lines need of the Control Station: its time zone, the time now, its name. */
type Res = { op: 'list'; reports: LocalReport[]; zone: string } | { op: 'info'; report: LocalReport; now: number } | { op: 'update'; asked: Asked; cel: string };

import { BLOCK_BYTES } from '../src/engine/files/tree.js';

/** Whole minutes as typed; anything else is refused as the engine refuses a value out of range. */
function minutesOf(word: string): number {
  if (!/^\d{1,9}$/.test(word)) fail('dist_interval_invalid', { value: word, max: MAX_INTERVAL_MIN });
  return Number(word);
}

const local = () => val('localfs', 'fs');
const interval = () => seq(flag('-interval'), val('minutes', 'number'));

// ---- formatting ----

const KEY_WIDTH = 15;
const minutesText = (ms: number) => `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;

function nextText(r: LocalReport, now: number): string {
  if (r.nextAt === undefined) return 'when the update ends';
  if (r.nextAt === null) return 'now';
  return `${ctime(r.nextAt)}${r.nextAt <= now ? ' (due)' : ''}`;
}

function requestText(r: LocalReport): string {
  const q = r.d.request;
  if (q === null) return '';
  const what = q.step === 646 ? (q.to === null ? 'no version at the source' : 'nothing newer') : q.step === 648 ? `full ${r.to}` : `delta ${r.from} -> ${r.to}`;
  return `step ${q.step}, ${what}, ${ctime(q.at)}`;
}

function sessionText(r: LocalReport): string {
  const c = r.copy;
  if (c === null) return '';
  const s = c.session;
  const sizes = s.state === 'completed' ? '' : `, ${sizeText(s.copiedBlocks * BLOCK_BYTES)} of ${sizeText(s.totalBlocks * BLOCK_BYTES)}`;
  return `${s.name} (${s.state}, ${c.percent}%${sizes})`;
}

function infoLines(r: LocalReport, now: number): string[] {
  const d = r.d;
  const rows: [string, string | number][] = [
    ['id', r.fs.id],
    ['name', r.fs.name],
    ['type', r.fs.type],
    ['netid', r.address === null ? r.netid : `${r.netid} (${r.address})`],
    ['source', r.gone ? `${r.source} (deleted)` : r.source],
    ['version', r.version ?? 'none'],
    ['version_time', d.version === null ? '' : ctime(d.version.createdAt)],
    ['last_update', d.lastUpdate === null ? '' : ctime(d.lastUpdate)],
    ['min_interval', minutesText(d.minInterval)],
    ['next_request', nextText(r, now)],
    ['update_state', r.state],
    ['last_request', requestText(r)],
    ['copy_session', sessionText(r)],
  ];
  return keyValues(rows, KEY_WIDTH);
}

function listLines(reports: LocalReport[], zone: string): string[] {
  const head = ['id', 'name', 'source', 'version', 'state', 'last_update', 'interval'];
  const rows = reports.map((r) => [
    String(r.fs.id),
    r.fs.name,
    r.gone ? `${r.source} (deleted)` : r.source,
    r.version ?? 'none',
    r.state,
    r.d.lastUpdate === null ? '-' : listTime(r.d.lastUpdate, zone),
    `${r.d.minInterval / 60_000}m`,
  ]);
  return table([head, ...rows]);
}

const vname = (v: DistVersion | null) => v?.ckpt ?? '';

function fullWhy(why: FullReason | null, held: DistVersion | null, have: string, netid: string): string {
  switch (why) {
    case 'gone':
      return `${vname(held)} is no longer at ${netid}`;
    case 'refreshed':
      return `${vname(held)} has been refreshed at ${netid} since it was copied`;
    case 'changed':
      return `its copy of ${have} has changed`;
    default:
      return 'it holds no version';
  }
}

/** -update: what the local asked with, what the remote holds (J .. J+K), and FIG. 38's answer. */
function updateLines(a: Asked, cel: string): string[] {
  const fs = a.fs.name;
  const d = a.fs.dist!;
  const netid = d.source.cel;
  const src = d.source.cel === cel ? d.source.fs : `${d.source.fs}:${d.source.cel}`;
  const lines = [a.held === null ? `${fs} : holds no version of ${src}; asking for the youngest` : `${fs} : holds ${a.held.ckpt} of ${src}; asking for a newer version`];
  if (a.youngest === null) lines.push(`${src} : has no checkpoint`);
  else if (a.oldest!.ckptId === a.youngest.ckptId) lines.push(`${src} : version ${a.youngest.ckpt} only`);
  else lines.push(`${src} : versions ${a.oldest!.ckpt} (oldest) to ${a.youngest.ckpt} (youngest)`);
  const s = a.session;
  const sent = s === null ? '' : `${s.totalBlocks} blocks (${sizeText(s.totalBlocks * BLOCK_BYTES)}), as fs_copy session ${s.name}`;
  if (a.step === 646) {
    const what = a.youngest === null ? 'no version to send' : 'no newer version';
    lines.push(`${fs} : step 646: ${what}; last update reset to ${ctime(a.at)}`);
  } else if (a.step === 648) {
    // The version the local held, when the request could not name it (its copy changed).
    const have = d.version?.ckpt ?? '';
    lines.push(`${fs} : step 648: ${fullWhy(a.why, a.held, have, netid)}; sending the full version ${a.youngest!.ckpt}, ${sent}`);
  } else {
    lines.push(`${fs} : step 649: sending the delta ${a.held!.ckpt} -> ${a.youngest!.ckpt}, ${sent}`);
  }
  return lines;
}

export const fsDistCommand = defineCommand({
  name: 'fs_dist',
  kind: 'celerra',
  summary: 'keep a local file system updated with versions of a remote one (snapshot distribution)',
  forms: [
    form('list', [flag('-list', '-l')]),
    form('info', [flag('-info', '-i'), local()]),
    form('create', [flag('-create'), local(), flag('-source'), at('srcfs', 'fs', 'either'), opt(interval())], true),
    form('modify', [flag('-modify'), local(), interval()], true),
    form('update', [flag('-update'), local(), opt(flag('-Force'))], true),
    form('delete', [flag('-delete'), local()], true),
  ],
  parse: (m): Req => {
    switch (m.form) {
      case 'list':
        return { op: 'list' };
      case 'info':
        return { op: 'info', fs: m.values.localfs };
      case 'create': {
        const src = m.values.srcfs;
        if (src.malformed) throw new UsageError(`bad source '${src.word}' (use <srcfs> or <srcfs>:cel=<cel_name>)`);
        const minutes = m.values.minutes === undefined ? DEFAULT_INTERVAL_MIN : minutesOf(m.values.minutes);
        return { op: 'create', req: { local: m.values.localfs, source: src.name, sourceCel: src.cel ?? null, intervalMin: minutes } };
      }
      case 'modify':
        return { op: 'modify', fs: m.values.localfs, minutes: minutesOf(m.values.minutes), word: m.values.minutes };
      case 'update':
        return { op: 'update', fs: m.values.localfs, force: m.flags['-Force'] === true };
      case 'delete':
        return { op: 'delete', fs: m.values.localfs };
    }
  },
  run: (ctx, r): Ran<Res> => {
    const { world, cell } = ctx;
    const info = (report: LocalReport): Res => ({ op: 'info', report, now: world.clock.now });
    switch (r.op) {
      case 'list':
        return unchanged({ op: 'list', reports: describeLocals(world, cell, localsOf(cell)), zone: cell.timezone });
      case 'info':
        return unchanged(info(describeLocal(world, cell, findLocal(cell, r.fs).fs)));
      case 'create':
        return changedWorld(info(describeLocal(world, cell, createLocal(world, cell, r.req))));
      case 'modify': {
        const { value, changed } = edits(
          () => findLocal(cell, r.fs).d,
          () => modifyInterval(cell, r.fs, r.minutes, r.word),
        );
        return changedWorld(info(describeLocal(world, cell, value)), changed);
      }
      case 'update':
        return changedWorld({ op: 'update', asked: askForUpdate(world, cell, r.fs, { force: r.force }), cel: cell.name });
      case 'delete': {
        // As nas_fs -delete: the attributes as they were, shown once they are gone.
        const report = describeLocal(world, cell, findLocal(cell, r.fs).fs);
        deleteLocal(world, cell, r.fs);
        return changedWorld(info(report));
      }
    }
  },
  format: (res): Output => {
    if (res.op === 'list') return { lines: listLines(res.reports, res.zone) };
    if (res.op === 'update') return { lines: updateLines(res.asked, res.cel) };
    return { lines: infoLines(res.report, res.now) };
  },
});
