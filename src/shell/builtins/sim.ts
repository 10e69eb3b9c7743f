// sim: the virtual clock. Time in the lab moves only when advanced (batch, tests) or
// while the interactive shell runs it at the chosen speed. Also the trainer's trouble: links
// cut or slowed, sites taken down and repaired, data movers crashed and rebooted.
import { setPaused, setSpeed } from '../../engine/clock.js';
import { ctime, formatDuration, parseDuration } from '../../render/time.js';
import { changedWorld, defineCommand, unchanged, UsageError, type Ran } from '../command.js';
import { alt, form, key, kv, opt, val, type FormMatch } from '../grammar.js';
import { changeLink, linkBetween, MAX_BANDWIDTH_MBIT, MAX_LATENCY_MS, type LinkChange } from '../../engine/links.js';
import { table } from '../../render/table.js';
import { bootDueAt, crashMover, rebootMover, siteDisaster, siteRepair } from '../../engine/site.js';
import type { Cell, Clock, Link, MoverStatus, MoverType, World } from '../../engine/types.js';
import type { AnyNasError } from '../../engine/errors.js';
import { alertForms, alertLines, parseAlert, runAlert, type AlertReq } from './sim-alert.js';
import { namesForms, namesLines, parseNames, runNames, type NamesReq, type NamesView } from './sim-names.js';
import { advanceWithProgress, type ProgressMark } from '../../engine/progress.js';
import { progressMarkLine } from '../../render/job-progress.js';

/** Dec 31 23:59:59 GMT 9999: past it dates no longer print as date(1) prints them. */
const LAST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

type Req =
  | { op: 'link' }
  | { op: 'link-set'; a: string; b: string; change: LinkChange }
  | { op: 'now' }
  | { op: 'advance'; ms: number }
  | { op: 'speed'; speed: number }
  | { op: 'pause' }
  | { op: 'resume' }
  | SiteReq
  | AlertReq
  | NamesReq;

/** The clock as `sim` shows it, with what an advance ran and the marks of this Control Station's jobs on the way. */
type ClockView = Clock & { kind: 'clock'; ran: number; advanced: number; marks: ProgressMark[] };

type Res = ReturnType<typeof runSites> | { kind: 'links'; links: Link[] } | ReturnType<typeof runAlert>['result'] | NamesView | ClockView;

/** The forms about sites and data movers going down. */
type SiteReq =
  | { op: 'sites' }
  | { op: 'disaster'; cel: string; loseSavvol: boolean }
  | { op: 'repair'; cel: string }
  | { op: 'mover'; cel: string; mover: string; action: 'crash' | 'reboot' };

/** A site as `sim sites` shows it. */
interface SiteView {
  name: string;
  netPath: string;
  site: string;
  up: boolean;
  movers: { name: string; type: MoverType; status: MoverStatus; bootAt: number | null }[];
}

const forms = [
  form('now', [opt(key('now'))]),
  form('advance', [key('advance'), val('duration', 'duration')], true),
  form('speed', [key('speed'), val('factor', 'number')], true),
  form('pause', [key('pause')], true),
  form('resume', [key('resume')], true),
  form('link', [key('link')]),
  form('link-set', [key('link'), val('cel_a', 'cel'), val('cel_b', 'cel'), alt(key('up'), key('down'), kv('bandwidth', 'mbit', 'number'), kv('latency', 'ms', 'number'))], true),
  form('sites', [key('sites')]),
  form('disaster', [key('disaster'), val('cel', 'cel'), opt(key('lose-savvol'))], true),
  form('repair', [key('repair'), val('cel', 'cel')], true),
  form('mover', [key('mover'), val('cel', 'cel'), val('movername', 'mover'), alt(key('crash'), key('reboot'))], true),
  ...alertForms,
  ...namesForms,
];

export const simCommand = defineCommand({
  name: 'sim',
  kind: 'builtin',
  summary: 'show or move the virtual clock',
  forms,
  parse: (m, ctx): Req => {
    switch (m.form) {
      case 'advance': {
        const ms = parseDuration(m.values.duration);
        if (ms === null) throw new UsageError(`bad duration '${m.values.duration}' (use e.g. 90s, 10m, 1h30m, 2d)`);
        if (ctx.world.clock.now + ms > LAST_TIME) throw new UsageError(`duration '${m.values.duration}' would take the clock past the year 9999`);
        return { op: 'advance', ms };
      }
      case 'speed': {
        // Decimal only: Number() would also take 0x10 and 1e3.
        const speed = /^\d+(\.\d+)?$/.test(m.values.factor) ? Number(m.values.factor) : NaN;
        if (!Number.isFinite(speed) || speed <= 0 || speed > 1e6) throw new UsageError(`bad speed '${m.values.factor}' (a number above 0, up to 1000000)`);
        return { op: 'speed', speed };
      }
      case 'link-set': {
        const a = m.values.cel_a;
        const b = m.values.cel_b;
        if (!linkBetween(ctx.world, a, b)) throw new UsageError(`no link between ${a} and ${b} (sim link lists them)`);
        return { op: 'link-set', a, b, change: linkChange(m) };
      }
      case 'disaster':
      case 'repair':
      case 'mover':
        return siteReq(m, ctx.world);
      case 'alert':
      case 'alert-set':
        return parseAlert(m);
      case 'names':
        return parseNames(m);
      default:
        return { op: m.form };
    }
  },
  run: (ctx, req: Req): Ran<Res> => {
    if (req.op === 'sites') return unchanged(runSites(ctx.world, req));
    // Each of these fails (NasError) rather than do nothing.
    if (req.op === 'disaster' || req.op === 'repair' || req.op === 'mover') return changedWorld(runSites(ctx.world, req));
    if (req.op === 'link') return unchanged({ kind: 'links', links: ctx.world.links });
    if (req.op === 'link-set') return runLinkSet(ctx.world, req);
    if (req.op === 'alert') return runAlert(ctx.world, req);
    if (req.op === 'names') return unchanged(runNames(ctx.world, ctx.cell, req));
    const { clock } = ctx.world;
    const was = { now: clock.now, speed: clock.speed, paused: clock.paused };
    let ran = 0;
    // Long jobs' quarters and ends on the way are reported (render/job-progress.ts), so a script sees them.
    let marks: ProgressMark[] = [];
    if (req.op === 'advance') ({ ran, marks } = advanceWithProgress(ctx.world, req.ms));
    if (req.op === 'speed') setSpeed(ctx.world, req.speed);
    if (req.op === 'pause') setPaused(ctx.world, true);
    if (req.op === 'resume') setPaused(ctx.world, false);
    const moved = ran > 0 || was.now !== clock.now || was.speed !== clock.speed || was.paused !== clock.paused;
    // The marks this Control Station shows, as its progress bars would have.
    const shown = marks.filter((k) => (k.kind === 'end' ? k.last : k.job).cel === ctx.session.cel);
    return changedWorld({ kind: 'clock' as const, ...clock, ran, advanced: req.op === 'advance' ? req.ms : 0, marks: shown }, moved);
  },
  errorText: (e, req) => siteErrorText(e, req),
  format: (r) => {
    if (r.kind === 'sites') return { lines: siteLines(r.sites, r.lost) };
    if (r.kind === 'links') return { lines: linkTable(r.links) };
    if (r.kind === 'alerts') return { lines: alertLines(r.thresholds) };
    if (r.kind === 'names') return { lines: namesLines(r) };
    const state = `speed ${r.speed}x, ${r.paused ? 'paused' : 'running'}`;
    const lines = [`${ctime(r.now)} (${state})`];
    lines.unshift(...r.marks.map(progressMarkLine));
    if (r.advanced) lines.unshift(`advanced ${formatDuration(r.advanced)}; ${r.ran} event${r.ran === 1 ? '' : 's'} ran`);
    return { lines };
  },
});

/** Decimal only, as `sim speed`: Number() would also take 0x10 and 1e3. */
function decimal(word: string): number {
  return /^\d+(\.\d+)?$/.test(word) ? Number(word) : NaN;
}

function linkChange(m: FormMatch<typeof forms, 'link-set'>): LinkChange {
  if (m.flags.up) return { up: true };
  if (m.flags.down) return { up: false };
  if (m.values.bandwidth !== undefined) {
    const v = decimal(m.values.bandwidth);
    if (!(v > 0 && v <= MAX_BANDWIDTH_MBIT)) throw new UsageError(`bad bandwidth '${m.values.bandwidth}' (Mbit/s above 0, up to ${MAX_BANDWIDTH_MBIT})`);
    return { bandwidthMbit: v };
  }
  const v = decimal(m.values.latency!);
  if (!(v >= 0 && v <= MAX_LATENCY_MS)) throw new UsageError(`bad latency '${m.values.latency}' (ms from 0 to ${MAX_LATENCY_MS})`);
  return { latencyMs: v };
}

/** The network between the cells: what a transfer between two sites can count on. */
function linkTable(links: Link[]): string[] {
  const header = ['link', 'bandwidth', 'latency', 'state'];
  const rows = links.map((l) => [`${l.a} <-> ${l.b}`, `${l.bandwidthMbit} Mbit/s`, `${l.latencyMs} ms`, l.up ? 'up' : 'down']);
  // At least the widths the usual figures take, so the columns stay put as figures change.
  return table([header, ...rows], { min: [4, 11, 7] });
}

/** The cell and data mover a site form names, checked as `sim link` checks its cells. */
function siteReq(m: FormMatch<typeof forms, 'disaster' | 'repair' | 'mover'>, world: World): SiteReq {
  const cel = m.values.cel;
  const cell = world.cells.find((c) => c.name === cel);
  if (cell === undefined) throw new UsageError(`no cell named ${cel} (sim sites lists them)`);
  if (m.form === 'disaster') return { op: 'disaster', cel, loseSavvol: m.flags['lose-savvol'] === true };
  if (m.form === 'repair') return { op: 'repair', cel };
  const mover = m.values.movername;
  if (!cell.movers.some((x) => x.name === mover)) throw new UsageError(`${cel} has no data mover ${mover} (sim sites lists them)`);
  return { op: 'mover', cel, mover, action: m.flags.crash ? 'crash' : 'reboot' };
}

function runSites(world: World, req: SiteReq): { kind: 'sites'; sites: SiteView[]; lost: string | null } {
  const view = (cell: Cell): SiteView => ({
    name: cell.name,
    netPath: cell.netPath,
    site: cell.site,
    up: cell.down !== true,
    movers: [...cell.movers].sort((a, b) => a.slot - b.slot).map((m) => ({ name: m.name, type: m.type, status: m.status, bootAt: bootDueAt(world, cell, m) })),
  });
  if (req.op === 'sites') return { kind: 'sites' as const, sites: world.cells.map(view), lost: null };
  const cell = world.cells.find((c) => c.name === req.cel)!;
  if (req.op === 'disaster') siteDisaster(world, cell, req.loseSavvol);
  else if (req.op === 'repair') siteRepair(world, cell);
  else {
    const mover = cell.movers.find((m) => m.name === req.mover)!;
    if (req.action === 'crash') crashMover(world, cell, mover);
    else rebootMover(world, cell, mover);
  }
  return { kind: 'sites' as const, sites: [view(cell)], lost: req.op === 'disaster' && req.loseSavvol ? cell.name : null };
}

/** A link's new setting; setting what it already had changes nothing. */
function runLinkSet(world: World, req: { a: string; b: string; change: LinkChange }): Ran<{ kind: 'links'; links: Link[] }> {
  const was = linkBetween(world, req.a, req.b);
  const before = was === undefined ? null : { ...was };
  const link = changeLink(world, req.a, req.b, req.change);
  const same = before !== null && before.up === link.up && before.bandwidthMbit === link.bandwidthMbit && before.latencyMs === link.latencyMs;
  return changedWorld({ kind: 'links' as const, links: [link] }, !same);
}

/** `cel_pfs : Control Station 10.1.1.10 (active site) is up`, then each data mover by slot. */
function siteLines(sites: SiteView[], lost: string | null): string[] {
  const lines: string[] = [];
  for (const s of sites) {
    lines.push(`${s.name} : Control Station ${s.netPath} (${s.site} site) is ${s.up ? 'up' : 'down'}`);
    for (const m of s.movers) {
      const state = m.status === 'rebooting' && m.bootAt !== null ? `rebooting, online at ${ctime(m.bootAt)}` : m.status;
      lines.push(`  ${m.name} : ${state}${m.type === 'standby' ? ' (standby)' : ''}`);
    }
    if (lost === s.name) lines.push(`${s.name} : replication save volumes destroyed`);
  }
  return lines;
}

/** sim words the refusals of its site forms itself; other errors keep the shared table's line. */
function siteErrorText(e: AnyNasError, req: Req | undefined): string | undefined {
  if (req === undefined || !('cel' in req)) return undefined;
  if (e.code === 'site_down') return req.op === 'disaster' ? `sim: ${e.data.cel} is already down` : `sim: ${e.data.cel} is down (sim repair ${e.data.cel} brings it back)`;
  if (e.code === 'site_up') return `sim: ${e.data.cel} is up and every data mover is online; nothing to repair`;
  if (e.code === 'mover_offline') {
    const d = e.data;
    if (d.status === 'rebooting') return `sim: ${d.mover} of ${d.cel} is already rebooting (online at ${ctime(Number(d.at))})`;
    return `sim: ${d.mover} of ${d.cel} is already down (sim mover ${d.cel} ${d.mover} reboot brings it back)`;
  }
  return undefined;
}
