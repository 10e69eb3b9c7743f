// `client fill`: a background workload on the virtual clock. Once a second (a tick, an event
// of kind `client_fill`) it writes rate x 1 s bytes into its directory, as files of
// `fileSize` bytes named fill<job>.<n>, appending to the file in progress until it is full.
// It stops by itself when it has written `until` bytes, when the file system is full (after
// writing what still fitted, as a writer that hits ENOSPC does), or when the way to the file
// system is gone: the mover down, the mount read-only or away, the file system replaced.
// Every write goes through the client's own path (io.ts), so the ledger knows the files.
import { schedule } from '../clock.js';
import { fsById } from '../cluster.js';
import { viewOf } from '../contents.js';
import { fail, NasError, type NasErrorCode } from '../errors.js';
import { statPath, usedBlocks } from '../files/files.js';
import { BLOCK_BYTES } from '../files/tree.js';
import type { Cell, ClientJob, ClientJobState, SimEventOf, World } from '../types.js';
import { statOrNull, writeOn } from './io.js';
import { isUnc } from '../cifs/logon.js';
import { requireReachable, requireWritable, resolveHost, type OnMount, type Served } from './resolve.js';

export const FILL_EVENT = 'client_fill';
/** The events that tick a client job: a fill's or a randwrite's. */
export type ClientJobEvent = 'client_fill' | 'client_randwrite';
export const TICK_MS = 1000;
/** A 10 Gbit/s link's worth: more would make one tick write more than a lab needs. */
export const MAX_RATE = 2 ** 30;
/** Files one tick may start: a smaller file size at this rate would flood the directory. */
export const MAX_FILES_PER_TICK = 1000;
/** Ended jobs `client jobs` keeps showing; older ones are dropped when a new job starts. */
export const KEEP_ENDED = 20;

export interface FillRequest {
  dir: string;
  server: string | null;
  /** Bytes per second. */
  rate: number;
  fileSize: number;
  /** Bytes to stop after; null: until the file system is full. */
  until: number | null;
}

/** Why a fill request cannot run as given, or null (commands turn it into their usage). */
export function fillProblem(req: Pick<FillRequest, 'rate' | 'fileSize' | 'until'>): 'rate' | 'file_size' | 'until' | 'files_per_tick' | null {
  if (!Number.isSafeInteger(req.rate) || req.rate < 1 || req.rate > MAX_RATE) return 'rate';
  if (!Number.isSafeInteger(req.fileSize) || req.fileSize < 1) return 'file_size';
  if (req.until !== null && (!Number.isSafeInteger(req.until) || req.until < 1)) return 'until';
  if (Math.ceil(req.rate / req.fileSize) > MAX_FILES_PER_TICK) return 'files_per_tick';
  return null;
}

/** `fill<job>.<n>`, n from 1, six digits. */
export function fillFileName(job: number, n: number): string {
  return `fill${job}.${String(n).padStart(6, '0')}`;
}

const childPath = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/** Starts a fill job after checking its directory can be written; the first tick is a second away. */
export function startFill(world: World, cell: Cell, req: FillRequest): ClientJob {
  const problem = fillProblem(req);
  if (problem !== null) throw new RangeError(`fill: bad ${problem}`);
  // A job writes through a mount (NFS); a CIFS share is reached by one access at a time.
  if (isUnc(req.dir)) fail('unc_invalid', { path: req.dir, why: 'job' });
  const t = resolveHost(cell, req.dir, req.server);
  // The host's own directories hold mount points only: nothing can be written there.
  if (t.kind === 'host') fail('read_only_fs', { path: t.host });
  requireReachable(t);
  const view = viewOf(cell, t.served.fs);
  const st = statPath(view.contents.files, t.fsPath, view.snapshot);
  if (st.kind !== 'dir') fail('file_not_dir', { path: t.host });
  requireWritable(t);
  return addJob(
    world,
    cell,
    t.served,
    {
      dir: t.host,
      mountPath: t.served.mount.path,
      fsDir: t.fsPath,
      rate: req.rate,
      fileSize: req.fileSize,
      until: req.until,
    },
    FILL_EVENT,
    TICK_MS,
  );
}

/**
 * Adds a background job (fill or randwrite) served by `served`, with the fields its kind sets,
 * and its first tick `tickMs` away; the oldest ended jobs go so that KEEP_ENDED remain.
 */
export function addJob(
  world: World,
  cell: Cell,
  served: Served,
  fields: Pick<ClientJob, 'dir' | 'mountPath' | 'fsDir' | 'rate' | 'fileSize' | 'until'> & Partial<Pick<ClientJob, 'kind' | 'carry'>>,
  event: ClientJobEvent,
  tickMs: number,
): ClientJob {
  const ended = world.client.jobs.filter((j) => j.state !== 'running');
  const drop = new Set(ended.slice(0, Math.max(0, ended.length - (KEEP_ENDED - 1))));
  world.client.jobs = world.client.jobs.filter((j) => !drop.has(j));
  const job: ClientJob = {
    id: world.client.nextJob,
    cel: cell.name,
    dir: fields.dir,
    mover: served.mover.name,
    fsId: served.fs.id,
    mountPath: fields.mountPath,
    fsDir: fields.fsDir,
    rate: fields.rate,
    fileSize: fields.fileSize,
    until: fields.until,
    written: 0,
    files: 0,
    current: 0,
    startedAt: world.clock.now,
    endedAt: null,
    state: 'running',
    error: null,
    kind: fields.kind ?? 'fill',
    ...(fields.carry === undefined ? {} : { carry: fields.carry }),
  };
  world.client.nextJob += 1;
  world.client.jobs.push(job);
  schedule(world, world.clock.now + tickMs, event, { job: job.id });
  return job;
}

/** A background job ends (fill or randwrite): its state, when, and why it failed. */
export function end(world: World, job: ClientJob, state: ClientJobState, error: NasErrorCode | null): void {
  job.state = state;
  job.endedAt = world.clock.now;
  job.error = error;
}

/** `client stop` of a job whose ticks are events of `kind`: ends it and takes its next tick off the queue. */
export function stopJob(world: World, id: number, kind: ClientJobEvent): ClientJob {
  const job = world.client.jobs.find((j) => j.id === id);
  if (job === undefined) fail('job_not_found', { job: id });
  if (job.state !== 'running') fail('job_not_found', { job: id, state: job.state });
  end(world, job, 'stopped', null);
  world.events = world.events.filter((e) => !(e.kind === kind && e.data.job === id));
  return job;
}

/** `client stop` of a fill job. */
export function stopFill(world: World, id: number): ClientJob {
  return stopJob(world, id, FILL_EVENT);
}

/** The way to the job's file system, or why it is gone (checked every tick, before writing). */
export function wayTo(world: World, job: ClientJob): { cell: Cell; t: Omit<OnMount, 'host' | 'fsPath'> } | NasErrorCode {
  const cell = world.cells.find((c) => c.name === job.cel);
  const mover = cell?.movers.find((m) => m.name === job.mover);
  if (cell === undefined || mover === undefined || mover.type !== 'nas') return 'stale_handle';
  if (mover.status !== 'online') return 'mover_offline';
  const mount = mover.mounts.find((m) => m.fsId === job.fsId && m.path === job.mountPath && m.mounted);
  const fs = fsById(cell, job.fsId);
  if (mount === undefined || fs === undefined || fs.type !== 'uxfs') return 'stale_handle';
  if (mount.ro) return 'read_only_fs';
  const served: Served = { mover, mount, fs };
  return { cell, t: { kind: 'mount', cell, served } };
}

/** Bytes of a write (fresh) or an append to `fsPath` that fit in the file system's free blocks. */
function room(cell: Cell, served: Served, fsPath: string, fresh: boolean): number {
  const view = viewOf(cell, served.fs);
  const free = view.contents.volume.size - usedBlocks(view.contents.files);
  const st = statOrNull(view, fsPath);
  if (st?.kind === 'dir') return Number.MAX_SAFE_INTEGER; // the write fails on the path, not on space
  const own = st?.blocks ?? 0;
  return (own + free) * BLOCK_BYTES - (fresh ? 0 : (st?.size ?? 0));
}

/** One tick of a job: write its share, then stop or come back in a second. */
export function fillTick(world: World, event: SimEventOf<'client_fill'>): void {
  const job = world.client.jobs.find((j) => j.id === event.data.job);
  if (job === undefined || job.state !== 'running') return;
  const way = wayTo(world, job);
  if (typeof way === 'string') return end(world, job, 'failed', way);
  const { cell, t } = way;
  // A file system frozen by its replication (autofreeze=yes) holds the writer: it waits, writing nothing, and goes on after.
  if (t.served.fs.frozen === true) {
    schedule(world, event.at + TICK_MS, FILL_EVENT, { job: job.id });
    return;
  }
  let budget = Math.floor((job.rate * TICK_MS) / 1000);
  if (job.until !== null) budget = Math.min(budget, job.until - job.written);
  while (budget > 0) {
    const fresh = job.files === 0 || job.current >= job.fileSize;
    const index = fresh ? job.files + 1 : job.files;
    const name = fillFileName(job.id, index);
    const target: OnMount = { ...t, host: childPath(job.dir, name), fsPath: childPath(job.fsDir, name) };
    const want = Math.min(budget, job.fileSize - (fresh ? 0 : job.current));
    const bytes = Math.min(want, Math.max(0, room(cell, t.served, target.fsPath, fresh)));
    if (bytes > 0) {
      try {
        writeOn(world, cell, target, bytes, !fresh);
      } catch (e) {
        if (!(e instanceof NasError)) throw e;
        return end(world, job, 'failed', e.code);
      }
      if (fresh) {
        job.files = index;
        job.current = 0;
      }
      job.current += bytes;
      job.written += bytes;
      budget -= bytes;
    }
    if (bytes < want) return end(world, job, 'failed', 'fs_full');
  }
  if (job.until !== null && job.written >= job.until) return end(world, job, 'done', null);
  schedule(world, event.at + TICK_MS, FILL_EVENT, { job: job.id });
}
