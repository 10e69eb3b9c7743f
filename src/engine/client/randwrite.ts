// `client randwrite`: a background workload on the virtual clock that overwrites one file in
// place, as a database or a VM image does. Every tick (an event of kind `client_randwrite`,
// RANDWRITE_TICK_MS apart) it writes rate x tick bytes as whole 8 KB blocks at random
// block-aligned places inside the file (the world's PRNG), each block a new stamp, through
// the snapshot copy facility (contents.ts writeFileBlocks: checkpoints keep before images,
// replication logs the blocks). Bytes of the rate short of a whole block are carried to the
// next tick, so the rate is exact over time. It stops by itself after `until` bytes, or
// when the way to the file is gone, as a fill does (fill.ts wayTo: the mover down, the mount
// read-only or away, the file system replaced), and when the file system is frozen or the
// file is removed or emptied.
//
// Each tick costs what it writes, never the file's size: the blocks are drawn, sorted,
// written and folded into the client's ledger (ledger.ts) one by one. The ledger's digest of a file is
// a sum of terms over (logical block, stamp), so an overwrite takes out the term of the
// block's stamp just before the write and puts in the new one. Taking the old stamp from
// the volume rather than from what the client expected keeps the difference between what
// the client expects and what the file holds exactly as it was: a file that verified OK
// still does, and one changed behind the client's back still differs.
import { digestHex, rewriteBlock, type Digest } from '../blocks/digest.js';
import { schedule } from '../clock.js';
import { viewOf, writeFileBlocks } from '../contents.js';
import { fail, NasError, type NasErrorCode } from '../errors.js';
import { readFile, statPath } from '../files/files.js';
import { BLOCK_BYTES, fileBlocks, lookup, parsePath, type FileNode } from '../files/tree.js';
import { nextInt } from '../random.js';
import type { Cell, ClientJob, SimEventOf, World } from '../types.js';
import { addJob, end, MAX_RATE, stopJob, wayTo } from './fill.js';
import { contentOf, recalled, remember, type Content } from './ledger.js';
import { isUnc } from '../cifs/logon.js';
import { requireReachable, requireWritable, resolveHost } from './resolve.js';

export const RANDWRITE_EVENT = 'client_randwrite';
/**
 * Ten seconds of writes an event: at the benchmark's 1 MB/s that is 1280 blocks a tick, so
 * the event's own checks weigh little against the writes; at any rate the bytes written
 * over time are exactly rate x time, a tick's remainder carried.
 */
export const RANDWRITE_TICK_MS = 10_000;

export interface RandwriteRequest {
  /** The file, as the host names it. */
  path: string;
  server: string | null;
  /** Bytes per second. */
  rate: number;
  /** Bytes to stop after (whole blocks: the last tick rounds up to one); null: until stopped. */
  until: number | null;
}

/** Why a randwrite request cannot run as given, or null (commands turn it into their usage). */
export function randwriteProblem(req: Pick<RandwriteRequest, 'rate' | 'until'>): 'rate' | 'until' | null {
  if (!Number.isSafeInteger(req.rate) || req.rate < 1 || req.rate > MAX_RATE) return 'rate';
  if (req.until !== null && (!Number.isSafeInteger(req.until) || req.until < 1)) return 'until';
  return null;
}

/** Starts a randwrite job on an existing, non-empty file it can write; the first tick is a tick away. */
export function startRandwrite(world: World, cell: Cell, req: RandwriteRequest): ClientJob {
  const problem = randwriteProblem(req);
  if (problem !== null) throw new RangeError(`randwrite: bad ${problem}`);
  // A job writes through a mount (NFS); a CIFS share is reached by one access at a time.
  if (isUnc(req.path)) fail('unc_invalid', { path: req.path, why: 'job' });
  const t = resolveHost(cell, req.path, req.server);
  // The host's own directories hold mount points only.
  if (t.kind === 'host') fail('file_is_dir', { path: t.host });
  requireReachable(t);
  const view = viewOf(cell, t.served.fs);
  const st = statPath(view.contents.files, t.fsPath, view.snapshot);
  if (st.kind === 'dir') fail('file_is_dir', { path: t.host });
  requireWritable(t);
  if (st.blocks === 0) fail('file_empty', { path: t.host });
  return addJob(
    world,
    cell,
    t.served,
    {
      kind: 'randwrite',
      dir: t.host,
      mountPath: t.served.mount.path,
      fsDir: t.fsPath,
      rate: req.rate,
      fileSize: st.size,
      until: req.until,
      carry: 0,
    },
    RANDWRITE_EVENT,
    RANDWRITE_TICK_MS,
  );
}

/** `client stop` of a randwrite job. */
export function stopRandwrite(world: World, id: number): ClientJob {
  return stopJob(world, id, RANDWRITE_EVENT);
}

/** Blocks the tick writes, and the bytes it carries to the next one. */
export function tickBlocks(job: ClientJob): { blocks: number; carry: number } {
  const owed = (job.rate * RANDWRITE_TICK_MS) / 1000 + (job.carry ?? 0);
  let blocks = Math.floor(owed / BLOCK_BYTES);
  if (job.until !== null) blocks = Math.min(blocks, Math.ceil((job.until - job.written) / BLOCK_BYTES));
  return { blocks, carry: owed - blocks * BLOCK_BYTES };
}

// Scratch for a tick's block numbers and old stamps: reused, since a tick at a high rate
// writes a million blocks. Not state: each tick fills what it reads.
let picks = new Uint32Array(0);
let olds = new Uint32Array(0);

function scratch(n: number): void {
  if (picks.length >= n) return;
  picks = new Uint32Array(n);
  olds = new Uint32Array(n);
}

const parseDigest = (hex: string): Digest => ({ hi: parseInt(hex.slice(0, 8), 16), lo: parseInt(hex.slice(8), 16) });

/** The file the job writes, or why it cannot be written now. */
function fileOf(job: ClientJob, root: Parameters<typeof lookup>[0]): FileNode | NasErrorCode {
  let node;
  try {
    node = lookup(root, parsePath(job.fsDir), job.fsDir);
  } catch (e) {
    if (!(e instanceof NasError)) throw e;
    return e.code;
  }
  if (node === undefined) return 'file_not_found';
  if (node.kind === 'dir') return 'file_is_dir';
  if (fileBlocks(node) === 0) return 'file_empty';
  return node;
}

/** One tick: the blocks drawn, written in one call, folded into the ledger; then stop or come back. */
export function randwriteTick(world: World, event: SimEventOf<'client_randwrite'>): void {
  const job = world.client.jobs.find((j) => j.id === event.data.job);
  if (job === undefined || job.state !== 'running') return;
  const way = wayTo(world, job);
  if (typeof way === 'string') return end(world, job, 'failed', way);
  const { cell, t } = way;
  const fs = t.served.fs;
  // Frozen by its replication's policy ([000227]): no access at all, as resolve.ts refuses it.
  if (fs.frozen === true) return end(world, job, 'failed', 'fs_frozen');
  const { files, volume } = fs.contents!;
  const file = fileOf(job, files.root);
  if (typeof file === 'string') return end(world, job, 'failed', file);
  const size = fileBlocks(file);
  const { blocks: n, carry } = tickBlocks(job);
  if (n === 0) {
    // A rate under a block a tick: nothing yet, the bytes owed carried.
    job.carry = carry;
    schedule(world, event.at + RANDWRITE_TICK_MS, RANDWRITE_EVENT, { job: job.id });
    return;
  }
  scratch(n);
  for (let i = 0; i < n; i++) picks[i] = nextInt(world, size);
  // The tick's writes are one instant of the clock: made in block order (stamps follow it), so
  // that neighbouring writes share clone and bit map pages (about 5% of a replicated day).
  picks.subarray(0, n).sort();
  // What the client takes the file to hold: what it wrote, else (first tick, or forgotten) what it reads.
  const known = recalled(world, cell.name, fs.id, job.fsDir);
  const base: Content = known ?? contentOf(readFile(files, volume, job.fsDir), file.size);
  const stamp = world.nextStamp;
  try {
    writeFileBlocks(world, cell, fs, job.fsDir, picks, n, olds);
  } catch (e) {
    if (!(e instanceof NasError)) throw e;
    return end(world, job, 'failed', e.code);
  }
  const d = parseDigest(base.digest);
  let last = base.last;
  const lastBlock = base.blocks - 1;
  for (let i = 0; i < n; i++) {
    const k = picks[i]!;
    rewriteBlock(d, k, olds[i]!, stamp + i);
    if (k === lastBlock) last = stamp + i;
  }
  remember(world, { cel: cell.name, fsId: fs.id, path: job.fsDir, host: job.dir }, { size: base.size, blocks: base.blocks, digest: digestHex(d), last });
  job.written += n * BLOCK_BYTES;
  job.carry = carry;
  if (job.until !== null && job.written >= job.until) return end(world, job, 'done', null);
  schedule(world, event.at + RANDWRITE_TICK_MS, RANDWRITE_EVENT, { job: job.id });
}
