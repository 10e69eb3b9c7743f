// A file system's contents as the trials compare them: every block of a clone page present
// whose meta bit map says it is valid, with its stamp. Kept as two arrays sorted by block
// rather than a Map: a trial takes six of these over volumes of up to ~200,000 blocks, and
// building Maps of that size and comparing them with toEqual was a third of a trial's time.
import { CLONE_STAMPS, CLONE_WIDTH } from '../../../src/engine/blocks/clone.js';
import { isValidBlock, type Volume } from '../../../src/engine/blocks/volume.js';

export interface BlockContents {
  /** Ascending block numbers. */
  blocks: Uint32Array;
  /** stamps[i] is the stamp of blocks[i]. */
  stamps: Uint32Array;
}

export function contents(v: Volume): BlockContents {
  // Pages lie in `data` in the order they came; sort them by page number so the blocks come out ascending.
  const order = Array.from({ length: v.pageCount }, (_, k) => k).sort((a, b) => v.numbers[a]! - v.numbers[b]!);
  const blocks = new Uint32Array(v.pageCount * CLONE_STAMPS);
  const stamps = new Uint32Array(v.pageCount * CLONE_STAMPS);
  let n = 0;
  for (const k of order) {
    const first = v.numbers[k]! * CLONE_STAMPS;
    const off = k * CLONE_WIDTH;
    for (let i = 0; i < CLONE_STAMPS; i++) {
      const b = first + i;
      if (b < v.size && isValidBlock(v, b)) {
        blocks[n] = b;
        stamps[n] = v.data[off + i]!;
        n++;
      }
    }
  }
  return { blocks: blocks.slice(0, n), stamps: stamps.slice(0, n) };
}

/** The stamp `c` holds for block `b`, or undefined when `b` is not in it. */
export function stampAt(c: BlockContents, b: number): number | undefined {
  let lo = 0;
  let hi = c.blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = c.blocks[mid]!;
    if (x === b) return c.stamps[mid];
    if (x < b) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Where `a` and `b` first differ, in words; null when they hold the same blocks with the same stamps. */
export function contentsDiff(a: BlockContents, b: BlockContents): string | null {
  const n = Math.min(a.blocks.length, b.blocks.length);
  for (let i = 0; i < n; i++) {
    if (a.blocks[i] !== b.blocks[i]) {
      const [lo, inA] = a.blocks[i]! < b.blocks[i]! ? [a.blocks[i]!, true] : [b.blocks[i]!, false];
      return `block ${lo} is only in the ${inA ? 'first' : 'second'} (${a.blocks.length} and ${b.blocks.length} blocks)`;
    }
    if (a.stamps[i] !== b.stamps[i]) return `block ${a.blocks[i]} holds ${a.stamps[i]} in the first, ${b.stamps[i]} in the second`;
  }
  if (a.blocks.length !== b.blocks.length) {
    const [longer, which] = a.blocks.length > b.blocks.length ? [a, 'first'] : [b, 'second'];
    return `block ${longer.blocks[n]} is only in the ${which} (${a.blocks.length} and ${b.blocks.length} blocks)`;
  }
  return null;
}
