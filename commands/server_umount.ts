// server_umount: unmounts a file system from a data mover, named by the file system or by
// its mount point, or with -all every file system of the mover (or of every mover, ALL)
// but its root and system ones. -temp (the default) keeps the mount table entry, shown
// unmounted and remounted by `server_mount <mover> <fs>`; -perm removes the entry.
import { findMover } from '../src/engine/cluster.js';
import { umountAll, umountFs } from '../src/engine/mount.js';
import { defineCommand, done, UsageError, type Output } from '../src/shell/command.js';
import { eachMover, formatEach, moverOrAll, type PerMover } from '../src/shell/each-mover.js';
import { alt, flag, form, opt, val } from '../src/shell/grammar.js';

type Req = { op: 'one'; mover: string; target: string; perm: boolean } | { op: 'all'; mover: string; perm: boolean };

type Res = { op: 'one'; mover: string } | { op: 'all'; results: PerMover<number>[] };

const mode = () => opt(alt(flag('-perm'), flag('-temp')));

export const serverUmountCommand = defineCommand<Req, Res>({
  name: 'server_umount',
  kind: 'celerra',
  summary: 'unmount a file system from a data mover, for now (-temp) or for good (-perm)',
  forms: [
    form('umount', [val('movername', 'mover'), mode(), alt(val('fs_name', 'fs'), val('mount_point', 'path'))], true),
    form('all', [moverOrAll(), mode(), flag('-all')], true),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    const perm = m.flags['-perm'] === true;
    if (m.form === 'all') return { op: 'all', mover, perm };
    if (mover === 'ALL') throw new UsageError('ALL unmounts with -all; a file system is unmounted from one data mover');
    return { op: 'one', mover, target: (m.values.fs_name ?? m.values.mount_point)!, perm };
  },
  target: (req) => req.mover,
  run: (ctx, req): Res => {
    if (req.op === 'all') {
      return { op: 'all', results: eachMover(ctx.cell, req.mover, (m) => umountAll(ctx.world, ctx.cell, m, req.perm).length) };
    }
    const mover = findMover(ctx.cell, req.mover);
    umountFs(ctx.world, ctx.cell, mover, req.target, req.perm);
    return { op: 'one', mover: mover.name };
  },
  format: (r): Output => {
    if (r.op === 'one') return done(r.mover);
    return formatEach(r.results, (_n, m) => [`${m.name} : done`]);
  },
});
