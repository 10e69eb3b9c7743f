// server_mountpoint: the mount points (directories a file system can be mounted on) of a
// data mover: list them, create and delete one, ask whether one exists.
import { findMover, requireOnline } from '../src/engine/cluster.js';
import { checkPath, createMountpoint, deleteMountpoint, hasMountpoint } from '../src/engine/mount.js';
import { defineCommand, done, UsageError, type Output } from '../src/shell/command.js';
import { eachOnlineMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { flag, form, val } from '../src/shell/grammar.js';

type Req = { op: 'list'; mover: string } | { op: 'create' | 'delete' | 'exist'; mover: string; path: string };

type Res =
  | { op: 'list'; lists: PerMover<string[]>[] }
  | { op: 'create' | 'delete'; mover: string }
  | { op: 'exist'; mover: string; path: string; exists: boolean };

export const serverMountpointCommand = defineCommand<Req, Res>({
  name: 'server_mountpoint',
  kind: 'celerra',
  summary: 'list, create, delete and check the mount points of a data mover',
  forms: [
    form('list', [moverOrAll(), flag('-list', '-l')]),
    form('create', [val('movername', 'mover'), flag('-create'), val('pathname', 'path')], true),
    form('delete', [val('movername', 'mover'), flag('-delete'), val('pathname', 'path')], true),
    form('exist', [val('movername', 'mover'), flag('-exist'), val('pathname', 'path')]),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    if (m.form === 'list') return { op: 'list', mover };
    if (mover === 'ALL') throw new UsageError('ALL is accepted with -list only');
    return { op: m.form as 'create' | 'delete' | 'exist', mover, path: m.values.pathname! };
  },
  target: (req) => req.mover,
  run: (ctx, req): Res => {
    const { cell, world } = ctx;
    if (req.op === 'list') {
      // Every mount point but the root, in creation order.
      return { op: 'list', lists: eachOnlineMover(cell, req.mover, (m) => [...m.mountpoints]) };
    }
    const mover = findMover(cell, req.mover);
    if (req.op === 'exist') {
      requireOnline(mover);
      checkPath(mover, req.path);
      return { op: 'exist', mover: mover.name, path: req.path, exists: hasMountpoint(mover, req.path) };
    }
    if (req.op === 'create') createMountpoint(world, mover, req.path);
    else deleteMountpoint(world, mover, req.path);
    return { op: req.op, mover: mover.name };
  },
  format: (r): Output => {
    if (r.op === 'exist') return { lines: [`${r.mover} : ${r.path} : ${r.exists ? 'exists' : 'does not exist'}`] };
    if (r.op !== 'list') return done(r.mover);
    return formatEach(r.lists, (paths, m) => [`${m.name} :`, ...paths]);
  },
});
