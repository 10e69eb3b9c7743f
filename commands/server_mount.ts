// server_mount: lists a data mover's mount table, or mounts a file system on it
// (read-write by default, `-option ro` to share it read-only with other movers, with the
// access policy, locking policy and CIFS/NFS switches `-option` takes).
import { findFs } from '../src/engine/cluster.js';
import { ACCESS_POLICIES, LOCK_POLICIES, MOUNT_FLAGS, parseMountOptions, type MountRow } from '../src/engine/mount.js';
import { serverMount, serverMountTable } from '../src/engine/vdm/server-mount.js';
import { resolveServer, serverName } from '../src/engine/vdm/vdms.js';
import { changedWorld, defineCommand, done, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { flag, form, list, opt, setting, val, word, type OptionList } from '../src/shell/grammar.js';

type Req = { op: 'list'; mover: string } | { op: 'mount'; mover: string; fs: string; path: string | null; options: OptionList | null };

type Res = { op: 'list'; tables: PerServer<MountRow[]>[] } | { op: 'mount'; mover: string };

/**
 * `<fs> on <path> <type>,perm,<ro|rw>[,accesspolicy=<p>][,<lock>][,<switch>...]`: settings
 * appear only when given at mount time, so a default mount reads `uxfs,perm,rw`; a -temp
 * unmounted entry ends with `,<unmounted>`.
 */
export function mountLine(r: MountRow): string {
  const opts = [r.fs.type, 'perm', r.ro ? 'ro' : 'rw'];
  if (r.accessPolicy) opts.push(`accesspolicy=${r.accessPolicy}`);
  if (r.lock) opts.push(r.lock);
  opts.push(...r.flags);
  if (!r.mounted) opts.push('<unmounted>');
  return `${r.fs.name} on ${r.path} ${opts.join(',')}`;
}

/** `-option`: the mode, the access policy, the lock policy and the switches (engine/mount.ts reads them). */
const optionList = () =>
  list('options', [word('ro'), word('rw'), setting('accesspolicy', ACCESS_POLICIES), ...LOCK_POLICIES.map((w) => word(w)), ...MOUNT_FLAGS.map((w) => word(w))]);

export const serverMountCommand = defineCommand({
  name: 'server_mount',
  kind: 'celerra',
  summary: "list a data mover's or a VDM's mount table, or mount a file system",
  forms: [
    form('list', [serverOrAll()]),
    form('mount', [val('movername', 'server'), opt(flag('-option', '-o'), optionList()), val('fs_name', 'fs'), opt(val('mount_point', 'path'))], true),
  ],
  parse: (m): Req => {
    const mover = m.values.movername ?? 'ALL';
    if (m.form === 'list') return { op: 'list', mover };
    if (mover === 'ALL') throw new UsageError('ALL lists the mount tables; a mount names one data mover');
    return { op: 'mount', mover, fs: m.values.fs_name, path: m.values.mount_point ?? null, options: m.values.options ?? null };
  },
  target: (req) => req.mover,
  run: (ctx, req): Ran<Res> => {
    const { cell, world } = ctx;
    if (req.op === 'list') {
      return unchanged({ op: 'list', tables: eachServer(cell, req.mover, (s) => (answeringMover(cell, s), serverMountTable(cell, s))) });
    }
    const s = resolveServer(cell, req.mover);
    const name = serverName(s);
    const options = req.options === null ? null : parseMountOptions(name, req.options);
    const fs = findFs(cell, req.fs);
    serverMount(world, cell, s, { fs, path: req.path, ro: options?.ro ?? null, settings: options });
    return changedWorld({ op: 'mount', mover: name });
  },
  format: (r): Output => {
    if (r.op === 'mount') return done(r.mover);
    return formatEachServer(r.tables, (rows, name) => [`${name} :`, ...rows.map(mountLine)]);
  },
});
