// server_export: NFS exports and CIFS shares of a data mover or a VDM, paths relative to the
// server's root ([000239]: `server_export vdm_1 /fs11`): export or share a directory of a
// mounted file system, list them, unexport. The listing lines are the real ones ([S2], [S17]):
// `export "<path>" <options>` and `share "<name>" "<path>" <options>`.
import { exportNfs, shareCifs, unexportNfs, unshareCifs } from '../src/engine/cifs/exports.js';
import type { CifsShare, NfsExport } from '../src/engine/types.js';
import { readConfig } from '../src/engine/vdm/config.js';
import { resolveServer, serverName } from '../src/engine/vdm/vdms.js';
import { changedWorld, defineCommand, done, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { errorLine } from '../src/shell/error-table.js';
import { answeringMover, eachServer, formatEachServer, serverOrAll, type PerServer } from '../src/shell/each-mover.js';
import { alt, any, flag, form, key, opt, seq, val } from '../src/shell/grammar.js';

type Protocol = 'nfs' | 'cifs' | null;

type Req =
  | { op: 'list'; server: string; protocol: Protocol; path: string | null; name: string | null }
  | { op: 'export'; server: string; path: string; options: string; name: string | null; comment: string | null; ignore: boolean }
  | { op: 'share'; server: string; path: string; options: string; name: string; comment: string | null; ignore: boolean }
  | { op: 'unexport'; server: string; path: string }
  | { op: 'unshare'; server: string; name: string; netbios: string | null };

interface Table {
  exports: NfsExport[];
  shares: CifsShare[];
  /** The one export or share asked for is not there. */
  missing: boolean;
}

type Res = { op: 'list'; results: PerServer<Table>[]; req: Extract<Req, { op: 'list' }> } | { op: 'done'; server: string };

const q = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

function exportLine(e: NfsExport): string {
  const parts = [`export ${q(e.path)}`];
  if (e.name !== null) parts.push(`name=${q(e.name)}`);
  if (e.options !== '') parts.push(...e.options.split(','));
  if (e.comment !== '') parts.push(`comment=${q(e.comment)}`);
  return parts.join(' ');
}

function shareLine(s: CifsShare): string {
  const parts = [`share ${q(s.name)} ${q(s.path)}`];
  if (s.ro) parts.push('ro');
  if (s.ca) parts.push('type=CA');
  parts.push(`umask=${s.umask}`, `maxusr=${s.maxusr ?? 4294967295}`);
  if (s.netbios !== null) parts.push(`netbios=${s.netbios}`);
  if (s.comment !== '') parts.push(`comment=${q(s.comment)}`);
  return parts.join(' ');
}

const server = () => val('movername', 'server');
const protocol = () => seq(flag('-Protocol', '-P'), alt(key('nfs'), key('cifs')));

export const serverExportCommand = defineCommand<Req, Res>({
  name: 'server_export',
  kind: 'celerra',
  summary: 'export directories by NFS and share them by CIFS from a data mover or a VDM',
  forms: [
    form('list', [serverOrAll(), any(opt(protocol()), flag('-list'), opt(flag('-all')), opt(flag('-name'), val('sharename', 'name')), opt(val('pathname', 'path')))]),
    form('unexport', [server(), any(opt(protocol()), flag('-unexport'), opt(flag('-perm')), alt(seq(flag('-name'), val('sharename', 'name'), opt(flag('-option', '-o'), val('netbios_option'))), val('pathname', 'path')))], true),
    form(
      'export',
      [server(), any(opt(protocol()), opt(flag('-ignore')), opt(flag('-name'), val('sharename', 'name')), opt(flag('-option', '-o'), val('options')), opt(flag('-comment'), val('comment')), val('pathname', 'path'))],
      true,
    ),
  ],
  parse: (m): Req => {
    const v = m.values;
    const who = v.movername ?? 'ALL';
    const proto: Protocol = m.flags.cifs ? 'cifs' : m.flags.nfs ? 'nfs' : null;
    if (m.form === 'list') {
      if (v.pathname !== undefined && proto === 'cifs') throw new UsageError('a CIFS share is listed by -name <sharename>');
      return { op: 'list', server: who, protocol: proto, path: v.pathname ?? null, name: v.sharename ?? null };
    }
    if (who === 'ALL') throw new UsageError('ALL lists exports; an export names one data mover or VDM');
    if (m.form === 'unexport') {
      if (v.sharename !== undefined) {
        const nb = v.netbios_option === undefined ? null : /^netbios=(.+)$/i.exec(v.netbios_option)?.[1];
        if (nb === undefined) throw new UsageError(`-option ${v.netbios_option}: netbios=<netbios_name>`);
        return { op: 'unshare', server: who, name: v.sharename, netbios: nb };
      }
      if (proto === 'cifs') throw new UsageError('a CIFS share is unexported by -name <sharename>');
      return { op: 'unexport', server: who, path: v.pathname! };
    }
    const common = { server: who, path: v.pathname!, options: v.options ?? '', comment: v.comment ?? null, ignore: m.flags['-ignore'] === true };
    if (proto === 'cifs') {
      if (v.sharename === undefined) throw new UsageError('a CIFS share needs -name <sharename>');
      return { op: 'share', ...common, name: v.sharename };
    }
    return { op: 'export', ...common, name: v.sharename ?? null };
  },
  target: (req) => req.server,
  run: (ctx, req): Ran<Res> => {
    const { world, cell } = ctx;
    if (req.op === 'list') {
      const results = eachServer(cell, req.server, (s) => {
        answeringMover(cell, s);
        const cfg = readConfig(cell, s);
        const exports = req.protocol === 'cifs' || req.name !== null ? [] : cfg.exports.filter((e) => req.path === null || e.path === req.path);
        const shares = req.protocol === 'nfs' || req.path !== null ? [] : cfg.shares.filter((sh) => req.name === null || sh.name.toLowerCase() === req.name.toLowerCase());
        const missing = (req.path !== null && exports.length === 0) || (req.name !== null && shares.length === 0);
        return { exports, shares, missing };
      });
      return unchanged({ op: 'list', results, req });
    }
    const s = resolveServer(cell, req.server);
    switch (req.op) {
      case 'export':
        exportNfs(world, cell, s, req);
        break;
      case 'share':
        shareCifs(world, cell, s, req);
        break;
      case 'unexport':
        unexportNfs(world, cell, s, req.path);
        break;
      case 'unshare':
        unshareCifs(world, cell, s, req.name, req.netbios);
        break;
    }
    return changedWorld({ op: 'done', server: serverName(s) });
  },
  format: (r): Output => {
    if (r.op === 'done') return done(r.server);
    // Asking for one export or share that is not there prints the header, then the real command's Error 2 ([S2]).
    const out = formatEachServer(r.results, (t, name) =>
      t.missing ? [`${name} : `, errorLine('mover_not_found', { mover: name })] : [`${name} :`, ...t.exports.map(exportLine), ...t.shares.map(shareLine)],
    );
    const missing = r.results.some((x) => 'value' in x && x.value.missing);
    return missing ? { ...out, status: 1 } : out;
  },
});
