// NFS exports and CIFS shares (`server_export`) of a data mover or a VDM, with paths relative
// to the server's root ([000239], [000259]): a VDM's `/fs11` is its data mover's
// /root_vdm_<n>/fs11. A path must be a directory of a file system mounted there (of the VDM,
// for a VDM). Exports and shares are kept in the server's configuration file.
import type { OptionWords } from '../option-words.js';
import { fsById } from '../cluster.js';
import { viewOf } from '../contents.js';
import { fail, NasError } from '../errors.js';
import { statPath } from '../files/files.js';
import { pathProblem } from '../mount.js';
import type { Cell, CifsShare, FileSystem, Mount, Mover, NfsExport, ServerConfig, World } from '../types.js';
import { logIn, readConfig, requireWritableConfig, writeConfig } from '../vdm/config.js';
import { hostOf, physicalPath, relativePath, serverName, vdmEtc, type Server } from '../vdm/vdms.js';

/** A path of a server resolved to the mounted file system that holds it. */
export interface ServedPath {
  mover: Mover;
  mount: Mount;
  fs: FileSystem;
  /** The path inside the file system. */
  fsPath: string;
}

const under = (path: string, dir: string) => dir === '/' || path === dir || path.startsWith(`${dir}/`);

/**
 * The file system a path of a server is on: the longest mount of its data mover that holds it
 * (for a VDM, one of the VDM's, its root's `.etc` not among them), or undefined.
 */
export function servedPath(cell: Cell, s: Server, path: string): ServedPath | undefined {
  const mover = s.kind === 'mover' ? s.mover : hostOf(cell, s.vdm);
  if (mover === undefined) return undefined;
  const phys = s.kind === 'mover' ? path : physicalPath(s.vdm, path);
  let best: { mount: Mount; fs: FileSystem } | undefined;
  for (const m of mover.mounts) {
    if (!m.mounted || !under(phys, m.path)) continue;
    if (s.kind === 'vdm' && (relativePath(s.vdm, m.path) === null || m.path === vdmEtc(s.vdm))) continue;
    const fs = fsById(cell, m.fsId);
    if (fs === undefined || fs.pool === null) continue;
    if (s.kind === 'mover' && /^\/root_vdm_\d+\/\.etc$/.test(m.path)) continue;
    if (best === undefined || m.path.length > best.mount.path.length) best = { mount: m, fs };
  }
  if (best === undefined) return undefined;
  const fsPath = phys.slice(best.mount.path === '/' ? 0 : best.mount.path.length) || '/';
  return { mover, ...best, fsPath };
}

/** A directory that can be exported or shared: the path is well formed and a directory of a mounted file system. */
function checkDir(cell: Cell, s: Server, path: string, code: 'share_path_invalid' | 'export_path_invalid'): void {
  const who = serverName(s);
  if (pathProblem(path) !== null) fail(code, { mover: who, path });
  const sp = servedPath(cell, s, path) ?? fail(code, { mover: who, path });
  if (sp.fs.type === 'rawfs') fail(code, { mover: who, path });
  try {
    const st = statPath(viewOf(cell, sp.fs).contents.files, sp.fsPath, viewOf(cell, sp.fs).snapshot);
    if (st.kind !== 'dir') fail(code, { mover: who, path });
  } catch (e) {
    if (e instanceof NasError && e.code !== code) fail(code, { mover: who, path });
    throw e;
  }
}

// ---- NFS ----

const NFS_KEYS = new Set(['rw', 'ro', 'root', 'access', 'anon', 'sec']);
const HOSTS = /^-?[A-Za-z0-9.*_/[\]:-]+$/;

/** The `-option` words of an NFS export, checked: `ro`, `rw=`, `ro=`, `root=`, `access=` (hosts joined by `:`), `anon=<uid>`, `sec=`. */
export function parseNfsOptions(who: string, text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (text === '') return out;
  for (const word of text.split(',')) {
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? '' : word.slice(eq + 1);
    const bad = () => fail('export_option_invalid', { mover: who, option: word });
    if (word === 'ro') {
      out.set('ro', '');
      continue;
    }
    if (!NFS_KEYS.has(key) || value === '') bad();
    if (key === 'anon' && !/^-?\d{1,10}$/.test(value)) bad();
    else if (key === 'sec' && !/^(sys|krb5|krb5i|krb5p)(:(sys|krb5|krb5i|krb5p))*$/.test(value)) bad();
    else if (key !== 'anon' && key !== 'sec' && !value.split(':').every((h) => h !== '' && HOSTS.test(h))) bad();
    out.set(key, value);
  }
  return out;
}

const joinOptions = (m: Map<string, string>) => [...m].map(([k, v]) => (k === 'ro' && v === '' ? 'ro' : `${k}=${v}`)).join(',');

export interface NfsExportRequest {
  path: string;
  options: string;
  name: string | null;
  comment: string | null;
  /** `-ignore`: the options replace the entry's instead of being added to them. */
  ignore: boolean;
}

export function exportNfs(world: World, cell: Cell, s: Server, req: NfsExportRequest): NfsExport {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  const opts = parseNfsOptions(who, req.options);
  checkDir(cell, s, req.path, 'export_path_invalid');
  const cfg = readConfig(cell, s);
  const old = cfg.exports.find((e) => e.path === req.path);
  const merged = old === undefined || req.ignore ? opts : new Map([...parseNfsOptions(who, old.options), ...opts]);
  const entry: NfsExport = {
    path: req.path,
    options: joinOptions(merged),
    name: req.name ?? (req.ignore ? null : (old?.name ?? null)),
    comment: req.comment ?? (req.ignore ? '' : (old?.comment ?? '')),
  };
  cfg.exports = old === undefined ? [...cfg.exports, entry] : cfg.exports.map((e) => (e === old ? entry : e));
  logIn(world, cfg, 'NFS', 6, 'nfs_exported', { path: req.path });
  writeConfig(world, cell, s, cfg);
  return entry;
}

export function unexportNfs(world: World, cell: Cell, s: Server, path: string): NfsExport {
  requireWritableConfig(cell, s);
  const cfg = readConfig(cell, s);
  const old = cfg.exports.find((e) => e.path === path) ?? fail('export_not_found', { mover: serverName(s), path });
  cfg.exports = cfg.exports.filter((e) => e !== old);
  logIn(world, cfg, 'NFS', 6, 'nfs_unexported', { path });
  writeConfig(world, cell, s, cfg);
  return old;
}

// ---- CIFS ----

const SHARE_NAME = /^[^\\/:*?"<>|,=\s][^\\/:*?"<>|,=]{0,79}$/;
export const MAX_USERS = 4294967295;

export interface ShareRequest {
  name: string;
  path: string;
  /** The `-option` list: `ro`, `umask=`, `maxusr=`, `netbios=`, `type=CA`. */
  options: OptionWords | null;
  comment: string | null;
  ignore: boolean;
}

function parseShareOptions(who: string, cfg: ServerConfig, opts: OptionWords | null): Pick<CifsShare, 'ro' | 'umask' | 'maxusr' | 'netbios' | 'ca'> {
  const out: Pick<CifsShare, 'ro' | 'umask' | 'maxusr' | 'netbios' | 'ca'> = { ro: false, umask: '022', maxusr: null, netbios: null, ca: false };
  if (opts === null || opts.text === '') return out;
  for (const { text: word, name: key, value: given } of opts.items) {
    const value = given ?? '';
    const bad = () => fail('export_option_invalid', { mover: who, option: word });
    if (word === 'ro') out.ro = true;
    else if (key === 'umask' && /^[0-7]{3}$/.test(value)) out.umask = value;
    else if (key === 'maxusr' && /^\d{1,10}$/.test(value) && Number(value) <= MAX_USERS) out.maxusr = Number(value);
    else if (key === 'type' && value.toUpperCase() === 'CA') out.ca = true;
    else if (key === 'netbios' && value !== '') {
      const nb = value.toUpperCase();
      if (!cfg.cifs.some((c) => c.netbios === nb || c.aliases.includes(nb))) fail('cifs_server_not_found', { mover: who, name: value });
      out.netbios = cfg.cifs.find((c) => c.netbios === nb || c.aliases.includes(nb))!.netbios;
    } else bad();
  }
  return out;
}

/** `server_export <server> -Protocol cifs -name <share> [-option ...] [-comment ...] <path>`. */
export function shareCifs(world: World, cell: Cell, s: Server, req: ShareRequest): CifsShare {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  if (!SHARE_NAME.test(req.name)) fail('share_path_invalid', { mover: who, path: req.name, why: 'name' });
  const cfg = readConfig(cell, s);
  const opts = parseShareOptions(who, cfg, req.options);
  checkDir(cell, s, req.path, 'share_path_invalid');
  const same = (sh: CifsShare) => sh.name.toLowerCase() === req.name.toLowerCase() && (sh.netbios === null || opts.netbios === null || sh.netbios === opts.netbios);
  const old = cfg.shares.find(same);
  if (old !== undefined && !req.ignore) fail('share_exists', { mover: who, share: old.name });
  const entry: CifsShare = { name: req.name, path: req.path, ...opts, comment: req.comment ?? '' };
  cfg.shares = old === undefined ? [...cfg.shares, entry] : cfg.shares.map((sh) => (sh === old ? entry : sh));
  logIn(world, cfg, 'SMB', 6, 'share_added', { share: req.name, path: req.path });
  writeConfig(world, cell, s, cfg);
  return entry;
}

/** `server_export <server> -unexport -name <share> [-option netbios=<nb>]`. */
export function unshareCifs(world: World, cell: Cell, s: Server, name: string, netbios: string | null): CifsShare {
  requireWritableConfig(cell, s);
  const who = serverName(s);
  const cfg = readConfig(cell, s);
  const nb = netbios?.toUpperCase() ?? null;
  const old = cfg.shares.find((sh) => sh.name.toLowerCase() === name.toLowerCase() && (nb === null || sh.netbios === nb)) ?? fail('share_not_found', { mover: who, share: name });
  cfg.shares = cfg.shares.filter((sh) => sh !== old);
  logIn(world, cfg, 'SMB', 6, 'share_removed', { share: old.name });
  writeConfig(world, cell, s, cfg);
  return old;
}

/** The share a CIFS server of a server offers by a name, if any (its own, or one of every server there). */
export function shareOf(cfg: ServerConfig, netbios: string, name: string): CifsShare | undefined {
  const n = name.toLowerCase();
  return cfg.shares.find((sh) => sh.name.toLowerCase() === n && sh.netbios === netbios) ?? cfg.shares.find((sh) => sh.name.toLowerCase() === n && sh.netbios === null);
}
