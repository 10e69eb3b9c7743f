// server_umount: unmounts a file system from a data mover, named by the file system or by
// its mount point. -temp (the default) keeps the mount table entry, shown unmounted and
// remounted by `server_mount <mover> <fs>`; -perm removes the entry.
import { findMover } from '../src/engine/cluster.js';
import { umountFs } from '../src/engine/mount.js';
import { defineCommand, done, UsageError, type Output } from '../src/shell/command.js';
import { alt, flag, form, opt, val } from '../src/shell/grammar.js';

type Req = { mover: string; target: string; perm: boolean };

export const serverUmountCommand = defineCommand<Req, { mover: string }>({
  name: 'server_umount',
  kind: 'celerra',
  summary: 'unmount a file system from a data mover, for now (-temp) or for good (-perm)',
  forms: [
    form(
      'umount',
      [val('movername', 'mover'), opt(alt(flag('-perm'), flag('-temp'))), alt(val('fs_name', 'fs'), val('mount_point', 'path'))],
      true,
    ),
  ],
  parse: (m): Req => {
    const mover = m.values.movername!;
    if (mover === 'ALL') throw new UsageError('an unmount names one data mover');
    return { mover, target: (m.values.fs_name ?? m.values.mount_point)!, perm: m.flags['-perm'] === true };
  },
  run: (ctx, req) => {
    const mover = findMover(ctx.cell, req.mover);
    umountFs(ctx.world, ctx.cell, mover, req.target, req.perm);
    return { mover: mover.name };
  },
  format: (r): Output => done(r.mover),
});
