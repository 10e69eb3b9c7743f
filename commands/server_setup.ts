// server_setup: starts and stops a physical data mover's services: CIFS, whose threads serve
// every CIFS server of the mover and of the VDMs loaded on it ([000258]), and virus checking,
// configured at each site on its own ([000248]).
import { findMover } from '../src/engine/cluster.js';
import { releaseNames, syncNames } from '../src/engine/cifs/service.js';
import { setCifsService, setVirusChecker } from '../src/engine/mover-settings.js';
import { moverServer, vdmServer } from '../src/engine/vdm/config.js';
import { vdmsOn } from '../src/engine/vdm/vdms.js';
import { changedWorld, defineCommand, done, type Output, UsageError } from '../src/shell/command.js';
import { alt, flag, form, key, val } from '../src/shell/grammar.js';

interface Req {
  mover: string;
  protocol: 'cifs' | 'viruschk';
  start: boolean;
  threads: number | null;
}

export const serverSetupCommand = defineCommand({
  name: 'server_setup',
  kind: 'celerra',
  summary: "start or stop a data mover's CIFS service or virus checker",
  forms: [form('protocol', [val('movername', 'mover'), flag('-Protocol', '-P'), alt(key('cifs'), key('viruschk')), flag('-option', '-o'), val('action')], true)],
  parse: (m): Req => {
    const action = m.values.action;
    const protocol = m.flags.cifs ? 'cifs' : 'viruschk';
    const start = /^start(=(\d{1,6}))?$/.exec(action);
    if (action !== 'stop' && start === null) throw new UsageError(`-option ${action}: start[=<n>] or stop`);
    if (protocol === 'viruschk' && start?.[2] !== undefined) throw new UsageError('-option start=<n> sets the CIFS threads; the virus checker takes start or stop');
    return { mover: m.values.movername, protocol, start: start !== null, threads: start?.[2] === undefined ? null : Number(start[2]) };
  },
  target: (req) => req.mover,
  run: (ctx, req) => {
    const { world, cell } = ctx;
    const mover = findMover(cell, req.mover);
    // Starting what runs, or stopping what is stopped, leaves the services as they were.
    const was = JSON.stringify(mover.services);
    if (req.protocol === 'viruschk') {
      setVirusChecker(mover, req.start);
      return changedWorld({ mover: mover.name }, JSON.stringify(mover.services) !== was);
    }
    // The CIFS servers that stop release their names (a clean stop); those that start register theirs.
    setCifsService(mover, req.start, req.threads);
    let renamed = false;
    for (const s of [moverServer(mover), ...vdmsOn(cell, mover).map(vdmServer)]) {
      if (req.start ? syncNames(world, cell, s) : releaseNames(world, cell, s)) renamed = true;
    }
    return changedWorld({ mover: mover.name }, renamed || JSON.stringify(mover.services) !== was);
  },
  format: (r): Output => done(r.mover),
});
