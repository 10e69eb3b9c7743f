// How fast an fs_copy session sends, in 8 KB blocks per second of virtual time.
//
// Between cells the link decides: its bandwidth in bits per second over 65,536-bit blocks
// (no protocol overhead is modelled), nothing while it is down, and its latency delays the
// first block. Within one cell the data mover reads the source and writes the destination
// over the same storage back end: LOCAL_BLOCKS_PER_SEC is 200 MB/s, half of what one 4 Gbit/s
// Fibre Channel port of the back end carries (about 400 MB/s), each block crossing it twice.
// `qos=<kbit/s>` caps either.
//
// Nothing is sent either while a site at either end is down or the data mover serving either
// end (cluster.ts servingMover) is not online: the session waits as it does for a link.
//
// Transfers over one link share it evenly: the fs_copy sessions copying over it and the
// replication sessions sending a delta set over it (src/engine/replication/send.ts) each get the
// bandwidth divided by their number.
import { servingMover } from '../cluster.js';
import { linkBetween } from '../links.js';
import { cellUp } from '../site.js';
import { BLOCK_BYTES } from '../files/tree.js';
import type { CopyEnd, CopySession, Link, World } from '../types.js';

export const BLOCK_BITS = BLOCK_BYTES * 8;
/** 200 MB/s of 8 KB blocks. */
export const LOCAL_BLOCKS_PER_SEC = 25_600;

/** The link a session crosses, or undefined for a copy within one cell. */
export function linkOf(world: World, s: Pick<CopySession, 'src' | 'dst'>): Link | undefined {
  return s.src.cel === s.dst.cel ? undefined : linkBetween(world, s.src.cel, s.dst.cel);
}

/** Why a session cannot send now: its link, a site or a data mover down. */
export type StallCause = { why: 'link' } | { why: 'site'; cel: string } | { why: 'mover'; cel: string; mover: string };

/** A transfer's ends: `pfs`, when given, is the file system whose data mover reads the source (a checkpoint's PFS). */
export type TransferEnds = Pick<CopySession, 'src' | 'dst'> & { pfs?: CopyEnd };

/** What keeps the transfer from sending now, or null. An end whose cell is gone is ends.ts's to fail. */
export function stallCause(world: World, s: TransferEnds): StallCause | null {
  if (s.src.cel !== s.dst.cel) {
    const link = linkOf(world, s);
    if (link === undefined || !link.up) return { why: 'link' };
  }
  const ends = [s.pfs ?? s.src, s.dst].flatMap((end) => {
    const cell = world.cells.find((c) => c.name === end.cel);
    return cell === undefined ? [] : [{ cell, fsId: end.fsId }];
  });
  for (const { cell } of ends) if (!cellUp(cell)) return { why: 'site', cel: cell.name };
  for (const { cell, fsId } of ends) {
    const mover = servingMover(cell, fsId);
    if (mover.status !== 'online') return { why: 'mover', cel: cell.name, mover: mover.name };
  }
  return null;
}

/** Blocks per second the session can send now: 0 when its link is down or gone, or a site or data mover of it down. */
export function blocksPerSecond(world: World, s: TransferEnds & Pick<CopySession, 'qosKbit'>): number {
  let rate: number;
  if (stallCause(world, s) !== null) rate = 0;
  else if (s.src.cel === s.dst.cel) rate = LOCAL_BLOCKS_PER_SEC;
  else rate = (linkOf(world, s)!.bandwidthMbit * 1e6) / BLOCK_BITS / Math.max(1, transfersOver(world, linkOf(world, s)!));
  if (s.qosKbit > 0) rate = Math.min(rate, (s.qosKbit * 1000) / BLOCK_BITS);
  return rate;
}

/** Transfers moving data over `link` now: fs_copy sessions copying, replication sessions sending. */
export function transfersOver(world: World, link: Link): number {
  const crosses = (a: string, b: string) => (link.a === a && link.b === b) || (link.a === b && link.b === a);
  let n = 0;
  for (const c of world.copies) if (c.state === 'copying' && crosses(c.src.cel, c.dst.cel)) n++;
  for (const r of world.replications) if (r.state === 'active' && r.mailbox !== null && r.retries === 0 && crosses(r.src.cel, r.dst.cel)) n++;
  return n;
}

/** The delay before the first block arrives: the link's latency, none within a cell. */
export function startDelayMs(world: World, s: Pick<CopySession, 'src' | 'dst'>): number {
  return Math.round(linkOf(world, s)?.latencyMs ?? 0);
}
