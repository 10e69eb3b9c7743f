// A server's configuration lives in its root file system, as the seed keeps it ([000236],
// [000247]): a physical data mover's in `.etc/boot.cfg` of its root, a VDM's in `vdm.cfg` of
// the VDM root file system (mounted as the VDM's `.etc`). The file holds the configuration as
// data (files/tree.ts FileNode.data), its size that of the data's JSON, and is rewritten whole
// through the snapshot copy facility on every change, so a checkpoint, a copy or a
// replication of the root file system carries the configuration with it, and a VDM moved or
// loaded elsewhere finds everything it contains ([000252]: loading reads it from the root).
import { requireServing } from '../cluster.js';
import { applyFileOp, contentsOf } from '../contents.js';
import { fail } from '../errors.js';
import { lookup, parsePath } from '../files/tree.js';
import type { Cell, FileSystem, LogEntry, Mover, ServerConfig, Vdm, World } from '../types.js';
import { requireLoaded, type Server } from './vdms.js';

export const MOVER_CONFIG = '/.etc/boot.cfg';
export const VDM_CONFIG = '/vdm.cfg';
/** Entries a VDM's own log keeps, newest last (it is rewritten with the configuration). */
export const VDM_LOG_LIMIT = 200;

export function emptyConfig(): ServerConfig {
  return { cifs: [], shares: [], exports: [], wins: [], dns: [], nis: null, interfaces: [], mountpoints: [], mounts: [], usermap: [], log: [] };
}

/** The file system and path holding a server's configuration, or null (a data mover with no root mounted). */
export function configFile(cell: Cell, s: Server): { fs: FileSystem; path: string } | null {
  if (s.kind === 'vdm') {
    const fs = cell.fileSystems.find((f) => f.id === s.vdm.rootFsId);
    return fs === undefined ? null : { fs, path: VDM_CONFIG };
  }
  const root = s.mover.mounts.find((m) => m.path === '/');
  const fs = root === undefined ? undefined : cell.fileSystems.find((f) => f.id === root.fsId);
  return fs === undefined ? null : { fs, path: MOVER_CONFIG };
}

/** The configuration data a root file system holds (as of now), or null when it holds none. */
export function configIn(fs: FileSystem, path: string): ServerConfig | null {
  if (fs.contents === null) return null;
  const node = lookup(fs.contents.files.root, parsePath(path), path);
  return node?.kind === 'file' && node.data !== undefined ? (node.data as ServerConfig) : null;
}

/**
 * A server's configuration, a copy the caller may change (it is small). A server with none
 * written yet has the empty one. Readable whatever the VDM's state: the Control Station
 * reads an unloaded VDM's root to tell what it would need.
 */
export function readConfig(cell: Cell, s: Server): ServerConfig {
  const at = configFile(cell, s);
  const data = at === null ? null : configIn(at.fs, at.path);
  return data === null ? emptyConfig() : { ...emptyConfig(), ...structuredClone(data) };
}

export const moverServer = (mover: Mover): Server => ({ kind: 'mover', mover });
export const vdmServer = (vdm: Vdm): Server => ({ kind: 'vdm', vdm });

/**
 * Checks a server's configuration can be written now: a data mover that serves, a VDM that
 * is loaded (a mounted one has its root read-only, an unloaded one none at all).
 */
export function requireWritableConfig(cell: Cell, s: Server): void {
  if (s.kind === 'vdm') requireLoaded(cell, s.vdm);
  else requireServing(s.mover);
  if (configFile(cell, s) === null) fail('mover_offline', { mover: s.kind === 'mover' ? s.mover.name : s.vdm.name, status: 'no_root_fs' });
}

/** Rewrites a server's configuration file with `cfg` (checked writable first, see requireWritableConfig). */
export function writeConfig(world: World, cell: Cell, s: Server, cfg: ServerConfig): void {
  requireWritableConfig(cell, s);
  const at = configFile(cell, s)!;
  contentsOf(at.fs);
  const data = structuredClone(cfg);
  if (data.log.length > VDM_LOG_LIMIT) data.log.splice(0, data.log.length - VDM_LOG_LIMIT);
  applyFileOp(world, cell, at.fs, { op: 'data', path: at.path, bytes: JSON.stringify(data).length, data });
}

/** Adds an entry to a VDM's own log (written with the configuration it belongs to). */
export function logIn(world: World, cfg: ServerConfig, facility: string, severity: number, msg: string, data: LogEntry['data'] = {}): void {
  cfg.log.push({ at: world.clock.now, facility, severity, msg, data });
}
