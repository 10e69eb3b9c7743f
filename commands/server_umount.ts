// server_umount: unmounts a file system from a data mover, named by the file system or by
// its mount point, or with -all every file system of the mover (or of every mover, ALL)
// but its root and system ones. -temp (the default) keeps the mount table entry, shown
// unmounted and remounted by `server_mount <mover> <fs>`; -perm removes the entry.
import { requireOnline } from '../src/engine/cluster.js';
import { serverUmount, serverUmountAll } from '../src/engine/vdm/server-mount.js';
import { resolveServer, serverName } from '../src/engine/vdm/vdms.js';
import { changedWorld, defineCommand, done, type Output, type Ran, UsageError } from '../src/shell/command.js';
import { answered, answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { alt, flag, form, opt, val } from '../src/shell/grammar.js';

type Req = { op: 'one'; mover: string; target: string; perm: boolean } | { op: 'all'; mover: string; perm: boolean };

type Res = { op: 'one'; mover: string } | { op: 'all'; results: PerServer<number>[] };

const mode = () => opt(alt(flag('-perm'), flag('-temp')));

export const serverUmountCommand = defineCommand({
  name: 'server_umount',
  kind: 'celerra',
  summary: 'unmount a file system from a data mover or a VDM, for now (-temp) or for good (-perm)',
  forms: [
    form('umount', [val('movername', 'server'), mode(), alt(val('fs_name', 'fs'), val('mount_point', 'path'))], true),
    form('all', [serverOrAll(), mode(), flag('-all')], true),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    const perm = m.flags['-perm'] === true;
    if (m.form === 'all') return { op: 'all', mover, perm };
    if (mover === 'ALL') throw new UsageError('ALL unmounts with -all; a file system is unmounted from one data mover');
    return { op: 'one', mover, target: (m.values.fs_name ?? m.values.mount_point)!, perm };
  },
  target: (req) => req.mover,
  run: (ctx, req): Ran<Res> => {
    if (req.op === 'all') {
      const results = eachServer(ctx.cell, req.mover, (s) => {
        if (s.kind === 'mover') requireOnline(s.mover);
        else answeringMover(ctx.cell, s);
        return serverUmountAll(ctx.world, ctx.cell, s, req.perm);
      });
      // With ALL, the servers that answered keep what they unmounted though others refused.
      return changedWorld(
        { op: 'all', results },
        answered(results).some((n) => n > 0),
      );
    }
    const s = resolveServer(ctx.cell, req.mover);
    serverUmount(ctx.world, ctx.cell, s, req.target, req.perm);
    return changedWorld({ op: 'one', mover: serverName(s) });
  },
  format: (r): Output => {
    if (r.op === 'one') return done(r.mover);
    return formatEachServer(r.results, (_n, name) => [`${name} : done`]);
  },
});
