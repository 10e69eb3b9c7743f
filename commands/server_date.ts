// server_date: a data mover's date and time, read from the lab's virtual clock (a VDM's is
// its data mover's), and its time service (`timesvc`): NTP servers polled, bound to the site
// ([000242] fourth kind), so a VDM moved to another site finds that site's.
import { findMover, requireOnline } from '../src/engine/cluster.js';
import { startTimeService, stopTimeService } from '../src/engine/mover-settings.js';
import type { MoverServices } from '../src/engine/types.js';
import { ctime } from '../src/render/time.js';
import { changedWorld, defineCommand, done, edits, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { flag, form, key, opt, rest, val } from '../src/shell/grammar.js';

type Req = { op: 'date'; mover: string } | { op: 'timesvc'; mover: string } | { op: 'start'; mover: string; interval: number; hosts: string[] } | { op: 'stop'; mover: string };

type Res = { op: 'date'; results: PerServer<number>[] } | { op: 'timesvc'; mover: string; now: number; ntp: MoverServices['ntp'] } | { op: 'done'; mover: string };

const DEFAULT_INTERVAL_MIN = 60;

export const serverDateCommand = defineCommand({
  name: 'server_date',
  kind: 'celerra',
  summary: "show a data mover's date and time, and its time service",
  forms: [
    form('date', [serverOrAll()]),
    form('timesvc', [val('movername', 'mover'), key('timesvc')]),
    form('start', [val('movername', 'mover'), key('timesvc'), key('start'), key('ntp'), opt(flag('-i'), val('interval', 'number')), rest('host', 'ip')], true),
    form('stop', [val('movername', 'mover'), key('timesvc'), key('stop'), opt(key('ntp'))], true),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    if (m.form === 'date') return { op: 'date', mover };
    if (m.form === 'timesvc') return { op: 'timesvc', mover };
    if (m.form === 'stop') return { op: 'stop', mover };
    if (m.rest.length === 0) throw new UsageError('timesvc start ntp needs at least one host');
    const interval = m.values.interval === undefined ? DEFAULT_INTERVAL_MIN : /^\d{1,4}$/.test(m.values.interval) ? Number(m.values.interval) : -1;
    return { op: 'start', mover, interval, hosts: m.rest };
  },
  target: (req) => req.mover,
  run: (ctx, req): Ran<Res> => {
    const { cell, world } = ctx;
    if (req.op === 'date') return unchanged({ op: 'date', results: eachServer(cell, req.mover, (s) => (answeringMover(cell, s), world.clock.now)) });
    const mover = findMover(cell, req.mover);
    if (req.op === 'timesvc') {
      requireOnline(mover);
      return unchanged({ op: 'timesvc', mover: mover.name, now: world.clock.now, ntp: mover.services.ntp });
    }
    const { changed } = edits(
      () => mover.services,
      () => (req.op === 'start' ? startTimeService(mover, req.hosts, req.interval) : stopTimeService(mover)),
    );
    return changedWorld({ op: 'done', mover: mover.name }, changed);
  },
  format: (r): Output => {
    if (r.op === 'done') return done(r.mover);
    if (r.op === 'date') return formatEachServer(r.results, (now, name) => [`${name} : ${ctime(now)}`]);
    const head = [`${r.mover} :`, 'Timeservice State', `time:      ${ctime(r.now)}`];
    if (r.ntp === null) return { lines: [...head, 'type:      none'] };
    return { lines: [...head, 'type:      ntp', 'sync delay:  off', `interval:  ${r.ntp.intervalMin}`, `hosts:     ${r.ntp.servers.map((h) => `${h},`).join('')}`] };
  },
});
