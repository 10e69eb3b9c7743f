// A local updatable file system as fs_dist -list and -info show it: its source and NETID,
// the version it holds with its time, Tu, Tmin, when it may ask next, and the update under
// way with its fs_copy session's progress. Data only; the wording is the command's.
import { describeCopy, type CopyReport } from '../copy/sessions.js';
import type { Cell, CopySession, FileSystem, LocalUpdatable, World } from '../types.js';
import { nameFrom, sourceOf, versionName } from './relation.js';
import { nextRequestAt } from './request.js';
import { localOf } from './state.js';

export type LocalState = 'idle' | 'updating' | 'stalled';

export interface LocalReport {
  fs: FileSystem;
  d: LocalUpdatable;
  /** The network file server: its cell's name and Control Station address (null once the cell is gone). */
  netid: string;
  address: string | null;
  /** The source as this Control Station names it (`pfs10:cel_pfs`); `gone` once deleted. */
  source: string;
  gone: boolean;
  /** Q's present name, or null when it holds no version. */
  version: string | null;
  /** When it may ask next: null at once (never updated, or holding no version); undefined while an update runs. */
  nextAt: number | null | undefined;
  state: LocalState;
  /** The last request's versions by their present names. */
  from: string | null;
  to: string | null;
  /** The last request's fs_copy session, and its progress. */
  session: CopySession | null;
  copy: CopyReport | null;
}

export function describeLocal(world: World, cell: Cell, fs: FileSystem): LocalReport {
  const d = localOf(fs)!;
  const { cell: srcCell, pfs } = sourceOf(world, d);
  const r = d.request;
  const session = r?.session == null ? null : (world.copies.find((s) => s.id === r.session) ?? null);
  let state: LocalState = 'idle';
  if (d.updating) state = session?.state === 'stalled' ? 'stalled' : 'updating';
  return {
    fs,
    d,
    netid: d.source.cel,
    address: srcCell?.netPath ?? null,
    source: nameFrom(pfs?.name ?? d.source.fs, d.source.cel, cell.name),
    gone: pfs === undefined,
    version: d.version === null ? null : versionName(world, d, d.version),
    nextAt: d.updating ? undefined : nextRequestAt(d),
    state,
    from: r?.from ? versionName(world, d, r.from) : null,
    to: r?.to ? versionName(world, d, r.to) : null,
    session,
    copy: session === null ? null : describeCopy(world, session),
  };
}

export function describeLocals(world: World, cell: Cell, fss: FileSystem[]): LocalReport[] {
  return fss.map((fs) => describeLocal(world, cell, fs));
}
