// How fast an fs_copy session sends, in 8 KB blocks per second of virtual time.
//
// Between cells the link decides: its bandwidth in bits per second over 65,536-bit blocks
// (no protocol overhead is modelled), nothing while it is down, and its latency delays the
// first block. Within one cell the data mover reads the source and writes the destination
// over the same storage back end: LOCAL_BLOCKS_PER_SEC is 200 MB/s, half of what one 4 Gbit/s
// Fibre Channel port of the back end carries (about 400 MB/s), each block crossing it twice.
// `qos=<kbit/s>` caps either.
import { linkBetween } from '../links.js';
import type { CopySession, Link, World } from '../types.js';

export const BLOCK_BITS = 8192 * 8;
/** 200 MB/s of 8 KB blocks. */
export const LOCAL_BLOCKS_PER_SEC = 25_600;

/** The link a session crosses, or undefined for a copy within one cell. */
export function linkOf(world: World, s: Pick<CopySession, 'src' | 'dst'>): Link | undefined {
  return s.src.cel === s.dst.cel ? undefined : linkBetween(world, s.src.cel, s.dst.cel);
}

/** Blocks per second the session can send now: 0 when its link is down or gone. */
export function blocksPerSecond(world: World, s: Pick<CopySession, 'src' | 'dst' | 'qosKbit'>): number {
  let rate: number;
  if (s.src.cel === s.dst.cel) rate = LOCAL_BLOCKS_PER_SEC;
  else {
    const link = linkOf(world, s);
    rate = link === undefined || !link.up ? 0 : (link.bandwidthMbit * 1e6) / BLOCK_BITS;
  }
  if (s.qosKbit > 0) rate = Math.min(rate, (s.qosKbit * 1000) / BLOCK_BITS);
  return rate;
}

/** The delay before the first block arrives: the link's latency, none within a cell. */
export function startDelayMs(world: World, s: Pick<CopySession, 'src' | 'dst'>): number {
  return Math.round(linkOf(world, s)?.latencyMs ?? 0);
}
