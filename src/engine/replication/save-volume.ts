// The save volumes of a session ([000088]-[000092], [000177]): at the source, a wrap-around
// buffer of delta sets, the unsent ones waiting for the send thread and the sent ones kept
// until their space is needed (a resync after a failover looks for them there, FIG. 28); at
// the destination, the delta sets received and not yet played back. Each end's is `savMB`.
// Sizes count the blocks a delta set carries (8 KB each) and its header.
import { BLOCKS_PER_MB } from '../files/tree.js';
import type { DeltaSet, ReplSession } from '../types.js';

/** Blocks a save volume of the session holds. */
export function capacityBlocks(s: ReplSession): number {
  return s.savMB * BLOCKS_PER_MB;
}

/** Blocks a delta set takes in a save volume: its blocks and one for its header. */
export function setBlocks(set: DeltaSet): number {
  return set.blocks.length + 1;
}

function sum(sets: readonly DeltaSet[]): number {
  let n = 0;
  for (const set of sets) n += setBlocks(set);
  return n;
}

/** Delta sets at the source not yet sent (and acknowledged). */
export function unsent(s: ReplSession): DeltaSet[] {
  return s.srcSets.filter((d) => d.n > s.sentUpTo);
}

/** Blocks at the source the send thread still needs: what flow control counts. */
export function srcPendingBlocks(s: ReplSession): number {
  return sum(unsent(s));
}

/** Blocks the source save volume holds, sent sets included. */
export function srcHeldBlocks(s: ReplSession): number {
  return sum(s.srcSets);
}

export function dstHeldBlocks(s: ReplSession): number {
  return sum(s.dstSets);
}

/**
 * Makes room at the source for a set of `blocks`: sent sets go, oldest first, as the buffer
 * wraps over them. False when the unsent ones alone leave no room (flow control).
 */
export function makeRoom(s: ReplSession, blocks: number): boolean {
  const cap = capacityBlocks(s);
  if (srcPendingBlocks(s) + blocks > cap) return false;
  let held = srcHeldBlocks(s);
  while (held + blocks > cap && s.srcSets.length > 0 && s.srcSets[0]!.n <= s.sentUpTo) {
    held -= setBlocks(s.srcSets.shift()!);
  }
  return true;
}

/** Whether the destination's save volume has room for one more set. */
export function dstHasRoom(s: ReplSession, set: DeltaSet): boolean {
  return dstHeldBlocks(s) + setBlocks(set) <= capacityBlocks(s);
}

/** Percent of the source save volume the unsent delta sets take (what fills it). */
export function srcUsedPct(s: ReplSession): number {
  const cap = capacityBlocks(s);
  return cap === 0 ? 100 : Math.min(100, Math.floor((srcPendingBlocks(s) * 100) / cap));
}

/** Default save volume: 10% of the source file system, at least 64 MB (reference §1.2, INFERRED there). */
export function defaultSavMB(srcMB: number): number {
  return Math.max(64, Math.ceil(srcMB / 10));
}
