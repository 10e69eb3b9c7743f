// Step 641: a client's access to a file of a local updatable file system is what makes the
// local file server look at its attributes and, once its minimum interval has elapsed, ask
// the network file server for a newer version (step 642 on, request.ts).
//
// The client is served the version the local holds now: the access is answered first and the
// request made after, so the access itself sees what it would have seen without it, and an
// access that fails (no such file, the update under way) asks nothing and changes nothing.
// Once an update is being applied, later accesses are told to try again until it ends
// (state.ts). A request that cannot be made (the link down, the source gone, the local
// mounted read-write) is logged on the data mover serving the local and the client goes on
// with the version it has: a local file system exists to be there when its source is not.
import { resolveHost } from '../client/resolve.js';
import { servingMover } from '../cluster.js';
import { NasError, type NasErrorCode } from '../errors.js';
import { logEvent } from '../log.js';
import type { Cell, World } from '../types.js';
import { nameFrom } from './relation.js';
import { askForUpdate, isDue, type Asked } from './request.js';
import { localOf } from './state.js';

export interface AccessCheck {
  /** The local file system, and the host path it is mounted on. */
  fs: string;
  mount: string;
  /** The request made and its answer, or null when it could not be made. */
  asked: Asked | null;
  /** Why it could not be made. */
  problem: NasErrorCode | null;
  /** The world changed: a request resets Tu at least; a refusal is logged unless it repeats the last one. */
  changed: boolean;
}

/**
 * After a client's access to `path` was served: when the path is on a local updatable file
 * system whose time to ask has come, the request (never a NasError: a refusal is logged and
 * returned). Null when nothing was asked.
 */
export function afterAccess(world: World, cell: Cell, path: string, server: string | null): AccessCheck | null {
  let t;
  try {
    t = resolveHost(cell, path, server);
  } catch (e) {
    if (e instanceof NasError) return null;
    throw e;
  }
  if (t.kind !== 'mount') return null;
  const fs = t.served.fs;
  const d = localOf(fs);
  if (d === null || t.served.mover.status !== 'online' || !isDue(d, world.clock.now)) return null;
  const mount = t.served.mount.path;
  try {
    return { fs: fs.name, mount, asked: askForUpdate(world, cell, fs.name, { force: false }), problem: null, changed: true };
  } catch (e) {
    if (!(e instanceof NasError)) throw e;
    const logged = logRefusal(world, cell, fs.id, { fs: fs.name, source: nameFrom(d.source.fs, d.source.cel, cell.name), reason: e.code, ...scalars(e.data) });
    return { fs: fs.name, mount, asked: null, problem: e.code, changed: logged };
  }
}

function scalars(data: NasError['data']): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'number') out[`why_${k}`] = v;
  return out;
}

/** Logs a request that could not be made, once for as long as the same reason repeats (every access would log it again). */
function logRefusal(world: World, cell: Cell, fsId: number, data: Record<string, string | number>): boolean {
  const mover = servingMover(cell, fsId);
  const last = mover.log[mover.log.length - 1];
  if (last !== undefined && last.msg === 'fsdist_refused' && last.data.fs === data.fs && last.data.reason === data.reason) return false;
  logEvent(world, mover, 'FSDIST', 4, 'fsdist_refused', data);
  return true;
}
