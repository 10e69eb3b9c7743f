// server_log: a data mover's event log, since its last boot or (-a) all of it; or a VDM's own
// log ([000242] item 736), kept in its root with its configuration, since its last load or all.
import { logSince } from '../src/engine/log.js';
import { readConfig, vdmServer } from '../src/engine/vdm/config.js';
import { resolveServer } from '../src/engine/vdm/vdms.js';
import type { LogEntry } from '../src/engine/types.js';
import { logText } from '../src/render/log-messages.js';
import { isoTime } from '../src/render/time.js';
import { defineCommand, unchanged } from '../src/shell/command.js';
import { any, flag, form, opt, val } from '../src/shell/grammar.js';

interface Req {
  mover: string;
  all: boolean;
  /** `-s`: `yyyy-mm-dd hh:mm:ss` instead of epoch seconds. */
  iso: boolean;
  /** `-n`: no time stamp at all. */
  bare: boolean;
}

function line(e: LogEntry, req: Req): string {
  const body = `${e.facility}: ${e.severity}: ${logText(e)}`;
  if (req.bare) return body;
  return `${req.iso ? isoTime(e.at) : Math.floor(e.at / 1000)}: ${body}`;
}

export const serverLogCommand = defineCommand({
  name: 'server_log',
  kind: 'celerra',
  summary: "show a data mover's or a VDM's event log",
  forms: [form('show', [val('movername', 'server'), any(opt(flag('-a')), opt(flag('-s')), opt(flag('-n')))])],
  parse: (m): Req => ({ mover: m.values.movername, all: !!m.flags['-a'], iso: !!m.flags['-s'], bare: !!m.flags['-n'] }),
  target: (req) => req.mover,
  // The log is kept for a mover whatever its state: it is where one looks after a failure.
  run: (ctx, req) => {
    const s = resolveServer(ctx.cell, req.mover);
    if (s.kind === 'vdm') {
      const log = readConfig(ctx.cell, vdmServer(s.vdm)).log;
      return unchanged({ req, entries: req.all ? log : log.filter((e) => e.at >= s.vdm.loadedAt) });
    }
    const mover = s.mover;
    return unchanged({ req, entries: req.all ? [...mover.log] : logSince(mover, mover.bootedAt) });
  },
  format: (r) => ({ lines: r.entries.map((e) => line(e, r.req)) }),
});
