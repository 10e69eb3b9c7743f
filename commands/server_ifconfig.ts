// server_ifconfig: the IP interfaces of a data mover: list, show one, create, delete,
// bring up or down.
import { findMover, requireOnline } from '../src/engine/cluster.js';
import { createInterface, deleteInterface, findInterface, INTERNAL_INTERFACES, setInterfaceUp } from '../src/engine/net.js';
import type { Interface, Mover } from '../src/engine/types.js';
import { fail } from '../src/engine/errors.js';
import { interfaceUser, userName } from '../src/engine/vdm/interfaces.js';
import { changedWorld, defineCommand, done, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { eachOnlineMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { alt, flag, form, key, val } from '../src/shell/grammar.js';

type Req =
  | { op: 'all'; mover: string }
  | { op: 'show'; mover: string; name: string }
  | { op: 'create'; mover: string; device: string; name: string; address: string; netmask: string; broadcast: string }
  | { op: 'delete'; mover: string; name: string }
  | { op: 'updown'; mover: string; name: string; up: boolean };

type Res = { op: 'list'; results: PerMover<Interface[]>[] } | { op: 'done'; mover: string };

/** The order DART lists them in: loop first, then the newest interface first. */
function listOrder(mover: Mover): Interface[] {
  const loop = mover.interfaces.filter((i) => i.name === 'loop');
  const others = mover.interfaces.filter((i) => i.name !== 'loop').reverse();
  return [...loop, ...others];
}

function ifaceLines(mover: Mover, i: Interface): string[] {
  const loopback = i.device === 'loop';
  const mac = loopback ? '0:0:0:0:0:0' : (mover.devices.find((d) => d.name === i.device)?.mac ?? '0:0:0:0:0:0');
  // The interfaces the Control Station reaches the mover by carry the host name localhost.
  const netname = INTERNAL_INTERFACES.has(i.name) ? ' netname=localhost' : '';
  return [
    `${i.name} protocol=IP device=${i.device}`,
    `        inet=${i.address} netmask=${i.netmask} broadcast=${i.broadcast}`,
    `        ${i.up ? 'UP' : 'DOWN'}, ${loopback ? 'loopback' : 'ethernet'}, mtu=${i.mtu}, vlan=${i.vlan}, macaddr=${mac}${netname}`,
  ];
}

const mover = () => val('movername', 'mover');

export const serverIfconfigCommand = defineCommand({
  name: 'server_ifconfig',
  kind: 'celerra',
  summary: 'list, create, delete and bring up or down the IP interfaces of a data mover',
  forms: [
    form('all', [moverOrAll(), flag('-all', '-a')]),
    form(
      'create',
      [
        mover(),
        flag('-create'),
        flag('-Device'),
        val('device', 'device'),
        flag('-name'),
        val('if_name', 'name'),
        flag('-protocol'),
        key('IP'),
        val('ipaddr', 'ip'),
        val('ipmask', 'ip'),
        val('ipbroadcast', 'ip'),
      ],
      true,
    ),
    form('delete', [mover(), flag('-delete'), val('if_name', 'interface')], true),
    form('updown', [mover(), val('if_name', 'interface'), alt(key('up'), key('down'))], true),
    form('show', [mover(), val('if_name', 'interface')]),
  ],
  parse: (m): Req => {
    const name = m.values.movername ?? 'ALL';
    if (m.form === 'all') return { op: 'all', mover: name };
    if (name === 'ALL') throw new UsageError('ALL is accepted with -all only');
    switch (m.form) {
      case 'create':
        return { op: 'create', mover: name, device: m.values.device, name: m.values.if_name, address: m.values.ipaddr, netmask: m.values.ipmask, broadcast: m.values.ipbroadcast };
      case 'delete':
        return { op: 'delete', mover: name, name: m.values.if_name };
      case 'updown':
        return { op: 'updown', mover: name, name: m.values.if_name, up: !!m.flags.up };
      default:
        return { op: 'show', mover: name, name: m.values.if_name };
    }
  },
  target: (req) => req.mover,
  run: (ctx, req: Req): Ran<Res> => {
    const { world, cell } = ctx;
    switch (req.op) {
      case 'all':
        return unchanged({ op: 'list', results: eachOnlineMover(cell, req.mover, listOrder) });
      case 'show': {
        const m = findMover(cell, req.mover);
        requireOnline(m);
        return unchanged({ op: 'list', results: [{ mover: m, value: [findInterface(m, req.name)] }] });
      }
      case 'create': {
        const { device, name, address, netmask, broadcast } = req;
        createInterface(world, cell, findMover(cell, req.mover), { device, name, address, netmask, broadcast });
        return changedWorld({ op: 'done', mover: req.mover });
      }
      case 'delete': {
        // An interface a CIFS server or a VDM uses stays until they let it go ([000261]).
        const mover = findMover(cell, req.mover);
        const user = mover.interfaces.some((i) => i.name === req.name) ? interfaceUser(cell, mover, req.name) : null;
        if (user !== null) fail('if_in_use', { mover: mover.name, name: req.name, by: userName(user) });
        deleteInterface(world, mover, req.name);
        return changedWorld({ op: 'done', mover: req.mover });
      }
      case 'updown': {
        const mover = findMover(cell, req.mover);
        const was = mover.interfaces.find((i) => i.name === req.name)?.up;
        // Bringing up an interface that is up (or down one that is down) changes nothing.
        return changedWorld({ op: 'done', mover: req.mover }, setInterfaceUp(world, mover, req.name, req.up).up !== was);
      }
    }
  },
  format: (r: Res): Output => {
    if (r.op === 'done') return done(r.mover);
    return formatEach(r.results, (ifaces, m) => [`${m.name} :`, ...ifaces.flatMap((i) => ifaceLines(m, i))]);
  },
});
