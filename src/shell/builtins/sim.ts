// sim: the virtual clock. Time in the lab moves only when advanced (batch, tests) or
// while the interactive shell runs it at the chosen speed.
import { advanceBy, setPaused, setSpeed } from '../../engine/clock.js';
import { ctime, formatDuration, parseDuration } from '../../render/time.js';
import { defineCommand, UsageError } from '../command.js';
import { alt, form, key, kv, opt, val, type Match } from '../grammar.js';
import { changeLink, linkBetween, MAX_BANDWIDTH_MBIT, MAX_LATENCY_MS, type LinkChange } from '../../engine/links.js';
import { pad } from '../../render/text.js';
import type { Link } from '../../engine/types.js';

/** Dec 31 23:59:59 GMT 9999: past it dates no longer print as date(1) prints them. */
const LAST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

type Req = { op: 'link' } | { op: 'link-set'; a: string; b: string; change: LinkChange } | { op: 'now' } | { op: 'advance'; ms: number } | { op: 'speed'; speed: number } | { op: 'pause' } | { op: 'resume' };

export const simCommand = defineCommand({
  name: 'sim',
  kind: 'builtin',
  summary: 'show or move the virtual clock',
  forms: [
    form('now', [opt(key('now'))]),
    form('advance', [key('advance'), val('duration', 'duration')], true),
    form('speed', [key('speed'), val('factor', 'number')], true),
    form('pause', [key('pause')], true),
    form('resume', [key('resume')], true),
    form('link', [key('link')]),
    form('link-set', [key('link'), val('cel_a', 'cel'), val('cel_b', 'cel'), alt(key('up'), key('down'), kv('bandwidth', 'mbit', 'number'), kv('latency', 'ms', 'number'))], true),
  ],
  parse: (m, ctx): Req => {
    switch (m.form) {
      case 'advance': {
        const ms = parseDuration(m.values.duration!);
        if (ms === null) throw new UsageError(`bad duration '${m.values.duration}' (use e.g. 90s, 10m, 1h30m, 2d)`);
        if (ctx.world.clock.now + ms > LAST_TIME) throw new UsageError(`duration '${m.values.duration}' would take the clock past the year 9999`);
        return { op: 'advance', ms };
      }
      case 'speed': {
        // Decimal only: Number() would also take 0x10 and 1e3.
        const speed = /^\d+(\.\d+)?$/.test(m.values.factor!) ? Number(m.values.factor) : NaN;
        if (!Number.isFinite(speed) || speed <= 0 || speed > 1e6) throw new UsageError(`bad speed '${m.values.factor}' (a number above 0, up to 1000000)`);
        return { op: 'speed', speed };
      }
      case 'link-set': {
        const a = m.values.cel_a!;
        const b = m.values.cel_b!;
        if (!linkBetween(ctx.world, a, b)) throw new UsageError(`no link between ${a} and ${b} (sim link lists them)`);
        return { op: 'link-set', a, b, change: linkChange(m) };
      }
      default:
        return { op: m.form } as Req;
    }
  },
  run: (ctx, req: Req) => {
    if (req.op === 'link') return { kind: 'links' as const, links: ctx.world.links };
    if (req.op === 'link-set') return { kind: 'links' as const, links: [changeLink(ctx.world, req.a, req.b, req.change)] };
    let ran = 0;
    if (req.op === 'advance') ran = advanceBy(ctx.world, req.ms);
    if (req.op === 'speed') setSpeed(ctx.world, req.speed);
    if (req.op === 'pause') setPaused(ctx.world, true);
    if (req.op === 'resume') setPaused(ctx.world, false);
    return { kind: 'clock' as const, ...ctx.world.clock, ran, advanced: req.op === 'advance' ? req.ms : 0 };
  },
  format: (r) => {
    if (r.kind === 'links') return { lines: linkTable(r.links) };
    const state = `speed ${r.speed}x, ${r.paused ? 'paused' : 'running'}`;
    const lines = [`${ctime(r.now)} (${state})`];
    if (r.advanced) lines.unshift(`advanced ${formatDuration(r.advanced)}; ${r.ran} event${r.ran === 1 ? '' : 's'} ran`);
    return { lines };
  },
});

/** Decimal only, as `sim speed`: Number() would also take 0x10 and 1e3. */
function decimal(word: string): number {
  return /^\d+(\.\d+)?$/.test(word) ? Number(word) : NaN;
}

function linkChange(m: Match): LinkChange {
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
  // Columns fit their widest cell (at least the widths the usual figures take) with two spaces between.
  const widths = [0, 1, 2].map((c) => Math.max([4, 11, 7][c]!, header[c]!.length, ...rows.map((r) => r[c]!.length)) + 2);
  const line = (r: string[]) => `${pad(r[0]!, widths[0]!)}${pad(r[1]!, widths[1]!)}${pad(r[2]!, widths[2]!)}${r[3]}`;
  return [line(header), ...rows.map(line)];
}
