// server_mount: lists a data mover's mount table, or mounts a file system on it
// (read-write by default, `-option ro` to share it read-only with other movers).
import { findFs, findMover, requireOnline } from '../src/engine/cluster.js';
import { fail } from '../src/engine/errors.js';
import { mountFs, mountTable, type MountRow } from '../src/engine/mount.js';
import { defineCommand, done, UsageError, type Output } from '../src/shell/command.js';
import { eachMover, formatEach, type PerMover } from '../src/shell/each-mover.js';
import { alt, flag, form, key, opt, val } from '../src/shell/grammar.js';

type Req =
  | { op: 'list'; mover: string }
  | { op: 'mount'; mover: string; fs: string; path: string | null; options: string | null };

type Res = { op: 'list'; tables: PerMover<MountRow[]>[] } | { op: 'mount'; mover: string };

/** `ro` or `rw`; null when no -option was given. Other real options are not simulated. */
export function parseMountOptions(mover: string, options: string | null): boolean | null {
  if (options === null) return null;
  let ro: boolean | null = null;
  for (const o of options.split(',')) {
    if (o !== 'ro' && o !== 'rw') {
      fail('mount_option_invalid', { mover, option: o || options, why: 'unsupported mount option (drshell mounts with ro or rw)' });
    }
    if (ro !== null && ro !== (o === 'ro')) fail('mount_option_invalid', { mover, option: options, why: 'ro and rw exclude each other' });
    ro = o === 'ro';
  }
  return ro;
}

/** `<fs> on <path> <type>,perm,<ro|rw>`; a -temp unmounted entry adds `,<unmounted>`. */
export function mountLine(r: MountRow): string {
  return `${r.fs.name} on ${r.path} ${r.fs.type},perm,${r.ro ? 'ro' : 'rw'}${r.mounted ? '' : ',<unmounted>'}`;
}

export const serverMountCommand = defineCommand<Req, Res>({
  name: 'server_mount',
  kind: 'celerra',
  summary: "list a data mover's mount table, or mount a file system",
  forms: [
    form('list', [alt(val('movername', 'mover_all'), key('ALL'))]),
    form(
      'mount',
      [val('movername', 'mover'), opt(flag('-option', '-o'), val('options')), val('fs_name', 'fs'), opt(val('mount_point', 'path'))],
      true,
    ),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    if (m.form === 'list') return { op: 'list', mover };
    if (mover === 'ALL') throw new UsageError('ALL lists the mount tables; a mount names one data mover');
    return { op: 'mount', mover, fs: m.values.fs_name!, path: m.values.mount_point ?? null, options: m.values.options ?? null };
  },
  run: (ctx, req): Res => {
    const { cell, world } = ctx;
    if (req.op === 'list') {
      const tables = eachMover(cell, req.mover, (m) => {
        requireOnline(m);
        return mountTable(cell, m);
      });
      return { op: 'list', tables };
    }
    const mover = findMover(cell, req.mover);
    const ro = parseMountOptions(mover.name, req.options);
    const fs = findFs(cell, req.fs);
    mountFs(world, cell, mover, { fs, path: req.path, ro });
    return { op: 'mount', mover: mover.name };
  },
  format: (r): Output => {
    if (r.op === 'mount') return done(r.mover);
    return formatEach(r.tables, (rows, m) => [`${m.name} :`, ...rows.map(mountLine)]);
  },
});
