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
import { alt, any, flag, form, key, list, opt, seq, setting, val, word, type OptionList } from '../src/shell/grammar.js';

type Protocol = 'nfs' | 'cifs' | null;

type Req =
  | { op: 'list'; server: string; protocol: Protocol; path: string | null; name: string | null }
  | { op: 'export'; server: string; path: string; options: string; name: string | null; comment: string | null; ignore: boolean }
  | { op: 'share'; server: string; path: string; options: OptionList | null; name: string; comment: string | null; ignore: boolean }
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
/** `-option` of an export (NFS: hosts joined by `:`) or a share (CIFS); the engine checks which applies. */
const optionList = () =>
  list('options', [
    word('ro'),
    ...(['rw', 'ro', 'root', 'access'] as const).map((k) => setting(k, 'text')),
    setting('anon', 'number'),
    setting('sec', ['sys', 'krb5', 'krb5i', 'krb5p']),
    setting('umask', 'number'),
    setting('maxusr', 'number'),
    setting('netbios', 'name'),
    setting('type', ['CA']),
  ]);
const protocol = () => seq(flag('-Protocol', '-P'), alt(key('nfs'), key('cifs')));

/** `netbios=<netbios_name>`, the one option an unshare takes; undefined when the list says otherwise. */
function netbiosOf(opts: OptionList | undefined): string | null | undefined {
  if (opts === undefined) return null;
  const [only, ...more] = opts.items;
  return more.length === 0 && only!.key === 'netbios' && only!.value ? only!.value : undefined;
}

export const serverExportCommand = defineCommand({
  name: 'server_export',
  kind: 'celerra',
  summary: 'export directories by NFS and share them by CIFS from a data mover or a VDM',
  forms: [
    form('list', [serverOrAll(), any(opt(protocol()), flag('-list'), opt(flag('-all')), opt(flag('-name'), val('sharename', 'name')), opt(val('pathname', 'path')))]),
    form(
      'unexport',
      [
        server(),
        any(
          opt(protocol()),
          flag('-unexport'),
          opt(flag('-perm')),
          alt(seq(flag('-name'), val('sharename', 'name'), opt(flag('-option', '-o'), list('netbios_option', [setting('netbios', 'name')], true))), val('pathname', 'path')),
        ),
      ],
      true,
    ),
    form(
      'export',
      [
        server(),
        any(
          opt(protocol()),
          opt(flag('-ignore')),
          opt(flag('-name'), val('sharename', 'name')),
          opt(flag('-option', '-o'), optionList()),
          opt(flag('-comment'), val('comment')),
          val('pathname', 'path'),
        ),
      ],
      true,
    ),
  ],
  parse: (m): Req => {
    const who = m.values.movername ?? 'ALL';
    const proto: Protocol = m.flags.cifs ? 'cifs' : m.flags.nfs ? 'nfs' : null;
    if (m.form === 'list') {
      if (m.values.pathname !== undefined && proto === 'cifs') throw new UsageError('a CIFS share is listed by -name <sharename>');
      return { op: 'list', server: who, protocol: proto, path: m.values.pathname ?? null, name: m.values.sharename ?? null };
    }
    if (who === 'ALL') throw new UsageError('ALL lists exports; an export names one data mover or VDM');
    if (m.form === 'unexport') {
      if (m.values.sharename !== undefined) {
        const nb = netbiosOf(m.values.netbios_option);
        if (nb === undefined) throw new UsageError(`-option ${m.values.netbios_option!.text}: netbios=<netbios_name>`);
        return { op: 'unshare', server: who, name: m.values.sharename, netbios: nb };
      }
      if (proto === 'cifs') throw new UsageError('a CIFS share is unexported by -name <sharename>');
      return { op: 'unexport', server: who, path: m.values.pathname! };
    }
    const common = { server: who, path: m.values.pathname, comment: m.values.comment ?? null, ignore: m.flags['-ignore'] === true };
    if (proto === 'cifs') {
      if (m.values.sharename === undefined) throw new UsageError('a CIFS share needs -name <sharename>');
      return { op: 'share', ...common, options: m.values.options ?? null, name: m.values.sharename };
    }
    // An export's options are kept as typed and read again with the entry's (engine/cifs/exports.ts).
    return { op: 'export', ...common, options: m.values.options?.text ?? '', name: m.values.sharename ?? null };
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
