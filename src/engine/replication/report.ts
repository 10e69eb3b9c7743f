// What fs_replicate -info, -list and -status show of a session, as plain data seen from one
// cell's Control Station (the far end named `<fs>:<cel>`): the source's delta set task and
// save volume, the destination's playback, the delta sets outstanding, the connection and
// its rates, and the history ([000189]). Computed from the session; nothing made up.
import { findCell, fsById, servingMover } from '../cluster.js';
import { loggedBlocks } from '../blocks/modlog.js';
import { sessionById as copyById } from '../copy/job.js';
import { INTERNAL_INTERFACES } from '../net.js';
import { BLOCK_BITS } from '../copy/rate.js';
import type { CopyEnd, DeltaRecord, FailoverRecord, ReplCopyKind, ReplSession, ReplState, World } from '../types.js';
import { outstanding } from './log.js';
import { capacityBlocks, dstHeldBlocks, srcPendingBlocks } from './save-volume.js';
import { endFs, endName, endUp } from './sessions.js';
import { sendRate } from './send.js';

export const DATA_PORT = 8888;

export interface EndReport {
  id: number;
  name: string;
  /** The file system's state: active (read/write), ro, frozen, raw, unmounted, down. */
  fsState: string;
  mover: string;
  ip: string;
}

export interface ReplReport {
  id: number;
  state: ReplState;
  reason: string | null;
  /** Which end this Control Station holds. */
  role: 'source' | 'destination';
  src: EndReport;
  dst: EndReport;
  policy: string;
  hwmMB: number;
  timeoutS: number;
  dHwmMB: number;
  dTimeoutS: number;
  qosKbit: number;
  currentDelta: number;
  currentBlocks: number;
  flowSrc: boolean;
  flowDst: boolean;
  savKB: number;
  srcAvailKB: number;
  dstAvailKB: number;
  /** The last delta set played back at the destination. */
  played: number;
  playbackState: string;
  /** Delta sets cut and not yet played back: at the source (unsent) and at the destination (received). */
  outstanding: { n: number; createdAt: number; blocks: number; where: 'source' | 'destination' }[];
  outstandingCount: number;
  network: 'alive' | 'dead';
  /** Kbit/s: the rate the link allows now, the average over what was sent. */
  currentKbit: number;
  avgKbit: number;
  srcPort: number;
  dstPort: number;
  history: DeltaRecord[];
  copy: { kind: ReplCopyKind; done: number; total: number; session: string } | null;
  failover: FailoverRecord | null;
  createdAt: number;
}

function endReport(world: World, end: CopyEnd, cel: string): EndReport {
  const cell = findCell(world, end.cel);
  const fs = fsById(cell, end.fsId);
  const mover = servingMover(cell, end.fsId);
  const mount = mover.mounts.find((m) => m.fsId === end.fsId);
  const iface = mover.interfaces.find((i) => !INTERNAL_INTERFACES.has(i.name) && i.up);
  let fsState: string;
  if (cell.down === true || mover.status !== 'online') fsState = 'down';
  else if (mount === undefined || !mount.mounted) fsState = 'unmounted';
  else if (fs?.frozen === true) fsState = 'frozen';
  else if (fs?.type === 'rawfs') fsState = 'raw';
  else fsState = mount.ro ? 'mounted read-only' : 'active';
  return { id: end.fsId, name: endName(world, end, cel), fsState, mover: mover.name, ip: iface?.address ?? '0.0.0.0' };
}

const KB_PER_BLOCK = 8;

export function describeReplication(world: World, s: ReplSession, cel: string): ReplReport {
  const src = endFs(world, s.src);
  const cap = capacityBlocks(s);
  const kbit = (blocksPerSec: number) => Math.round((blocksPerSec * BLOCK_BITS) / 1000);
  const copy = s.copy === null ? undefined : copyById(world, s.copy.session);
  const out = [
    ...s.srcSets.filter((d) => d.n > s.sentUpTo).map((d) => ({ n: d.n, createdAt: d.createdAt, blocks: d.blocks.length, where: 'source' as const })),
    ...s.dstSets.map((d) => ({ n: d.n, createdAt: d.createdAt, blocks: d.blocks.length, where: 'destination' as const })),
  ].sort((a, b) => a.n - b.n);
  let playbackState: string;
  if (s.state === 'copying') playbackState = 'waiting for copy';
  else if (s.state === 'failed_over') playbackState = 'stopped';
  else if (!endUp(world, s.dst)) playbackState = 'down';
  else playbackState = s.state === 'inactive' ? 'inactive' : 'active';
  return {
    id: s.id,
    state: s.state,
    reason: s.reason,
    role: s.src.cel === cel ? 'source' : 'destination',
    src: endReport(world, s.src, cel),
    dst: endReport(world, s.dst, cel),
    policy: s.settings.policy,
    hwmMB: s.settings.hwmMB,
    timeoutS: s.settings.timeoutS,
    dHwmMB: s.settings.dHwmMB,
    dTimeoutS: s.settings.dTimeoutS,
    qosKbit: s.settings.qosKbit,
    currentDelta: s.current,
    currentBlocks: src?.contents ? loggedBlocks(src.contents.volume) : 0,
    flowSrc: s.flowSrc,
    flowDst: s.flowDst,
    savKB: cap * KB_PER_BLOCK,
    srcAvailKB: Math.max(0, cap - srcPendingBlocks(s)) * KB_PER_BLOCK,
    dstAvailKB: Math.max(0, cap - dstHeldBlocks(s)) * KB_PER_BLOCK,
    played: s.played,
    playbackState,
    outstanding: out,
    outstandingCount: outstanding(s),
    network: s.network,
    currentKbit: s.state === 'active' || s.state === 'copying' ? kbit(sendRate(world, s)) : 0,
    avgKbit: s.sendMs > 0 ? kbit((s.sentBlocks * 1000) / s.sendMs) : 0,
    srcPort: 62800 + s.id,
    dstPort: DATA_PORT,
    history: [...s.history].reverse(),
    copy: s.copy === null || copy === undefined ? null : { kind: s.copy.kind, done: copy.copiedBlocks, total: copy.totalBlocks, session: copy.name },
    failover: s.failover,
    createdAt: s.createdAt,
  };
}

/** The sessions a cell's Control Station knows: those with an end there. */
export function sessionsAt(world: World, cel: string): ReplSession[] {
  return world.replications.filter((s) => s.src.cel === cel || s.dst.cel === cel).sort((a, b) => a.id - b.id);
}
