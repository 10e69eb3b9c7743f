// server_mountpoint: the mount points (directories a file system can be mounted on) of a
// data mover or a VDM ([000254], paths relative to the VDM's root): list them, create and
// delete one, ask whether one exists.
import { checkPath } from '../src/engine/mount.js';
import { resolveServer, serverName } from '../src/engine/vdm/vdms.js';
import { serverCreateMountpoint, serverDeleteMountpoint, serverMountpointExists, serverMountpoints } from '../src/engine/vdm/server-mount.js';
import { changedWorld, defineCommand, done, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { flag, form, val } from '../src/shell/grammar.js';

type Req = { op: 'list'; mover: string } | { op: 'create' | 'delete' | 'exist'; mover: string; path: string };

type Res = { op: 'list'; lists: PerServer<string[]>[] } | { op: 'create' | 'delete'; mover: string } | { op: 'exist'; mover: string; path: string; exists: boolean };

const server = () => val('movername', 'server');

export const serverMountpointCommand = defineCommand({
  name: 'server_mountpoint',
  kind: 'celerra',
  summary: 'list, create, delete and check the mount points of a data mover or a VDM',
  forms: [
    form('list', [serverOrAll(), flag('-list', '-l')]),
    form('create', [server(), flag('-create'), val('pathname', 'path')], true),
    form('delete', [server(), flag('-delete'), val('pathname', 'path')], true),
    form('exist', [server(), flag('-exist'), val('pathname', 'path')]),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    if (m.form === 'list') return { op: 'list', mover };
    if (mover === 'ALL') throw new UsageError('ALL is accepted with -list only');
    return { op: m.form, mover, path: m.values.pathname };
  },
  target: (req) => req.mover,
  run: (ctx, req): Ran<Res> => {
    const { cell, world } = ctx;
    if (req.op === 'list') {
      // Every mount point but the root, in creation order.
      return unchanged({ op: 'list', lists: eachServer(cell, req.mover, (s) => (answeringMover(cell, s), serverMountpoints(cell, s))) });
    }
    const s = resolveServer(cell, req.mover);
    if (req.op === 'exist') {
      const mover = answeringMover(cell, s);
      if (s.kind === 'mover') checkPath(mover, req.path);
      return unchanged({ op: 'exist', mover: serverName(s), path: req.path, exists: serverMountpointExists(cell, s, req.path) });
    }
    if (req.op === 'create') serverCreateMountpoint(world, cell, s, req.path);
    else serverDeleteMountpoint(world, cell, s, req.path);
    return changedWorld({ op: req.op, mover: serverName(s) });
  },
  format: (r): Output => {
    if (r.op === 'exist') return { lines: [`${r.mover} : ${r.path} : ${r.exists ? 'exists' : 'does not exist'}`] };
    if (r.op !== 'list') return done(r.mover);
    return formatEachServer(r.lists, (paths, name) => [`${name} :`, ...paths]);
  },
});
