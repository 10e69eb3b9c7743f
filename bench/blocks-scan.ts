// Figure: the differential copy's scan (FIGS. 34-35) over a 2^31-block file system with
// 10,000 blocks changed between checkpoints L and M: every changed block visited in
// ascending order through the page-table bit map (FIG. 43), against the same scan over a
// dense bit set of 2^31 bits (256 MiB, every word read). Both must find the same blocks.
import { bitmapPageCount, createBitmap, forEachSetBit, PAGE_BITS, setBit, type PageBitmap } from '../src/engine/blocks/bitmap.js';
import { timedRow, type Outcome } from './report.js';
import { meanPerCall } from './stats.js';
import { mulberry32 } from '../src/engine/random.js';

const BLOCKS = 2 ** 31;
const CHANGED = 10_000;

/** A fixed sequence, so every run scans the same blocks. */
function randomBlocks(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => Math.floor(r() * BLOCKS));
}

/** The baseline's scan: every word of the dense set, set bits lowest first. */
function denseScan(words: Uint32Array, visit: (block: number) => void): void {
  for (let w = 0; w < words.length; w++) {
    let x = words[w];
    while (x !== 0) {
      const low = x & -x;
      visit(w * 32 + 31 - Math.clz32(low));
      x ^= low;
    }
  }
}

export function benchBlocksScan(): Outcome {
  const notes: string[] = [];
  const blocks = randomBlocks(CHANGED, 20260112);
  const sparse: PageBitmap = createBitmap();
  for (const b of blocks) setBit(sparse, b);

  // Each scan sums and counts what it visits, so both do the same per-block work and the
  // results prove they found the same blocks in the same order (sum of index * block).
  let count = 0;
  let check = 0;
  const visit = (b: number): void => {
    count++;
    check = (check + Math.imul(count, b)) | 0;
  };
  const scanSparse = (): void => {
    count = 0;
    check = 0;
    forEachSetBit(sparse, visit, 0, BLOCKS);
  };
  const value = meanPerCall(scanSparse, 200);
  const sparseResult = { count, check };

  let dense: Uint32Array | null = null;
  try {
    dense = new Uint32Array(BLOCKS / 32);
  } catch (e) {
    notes.push(`blocks scan: no dense baseline (${(e as Error).message})`);
  }
  let baseline: { ms: number; runs: number } | null = null;
  if (dense) {
    for (const b of blocks) dense[b >>> 5] |= 1 << (b & 31);
    const words = dense;
    baseline = meanPerCall(
      () => {
        count = 0;
        check = 0;
        denseScan(words, visit);
      },
      10,
      3_000,
    );
    if (count !== sparseResult.count || check !== sparseResult.check) {
      notes.push(`WARNING blocks scan: the page-table scan found ${sparseResult.count} blocks, the dense scan ${count} (or in another order)`);
    }
  }
  const distinct = new Set(blocks).size;
  if (sparseResult.count !== distinct) notes.push(`WARNING blocks scan: visited ${sparseResult.count} blocks, ${distinct} are set`);
  notes.push(
    `differential copy scan: ${sparseResult.count} changed blocks of 2^31 in ${bitmapPageCount(sparse)} pages of ${PAGE_BITS} bits, mean of ${value.runs} warm runs; ` +
      `baseline reads every word of a 256 MiB dense bit set${baseline ? ` (mean of ${baseline.runs})` : ''}`,
  );
  const row = timedRow({
    figure: 'diff copy scan, 2^31 blocks, 10,000 changed',
    unit: 'ms',
    value: value.ms,
    baseline: baseline ? { label: 'dense bit set', value: baseline.ms } : null,
    aim: { max: 5, on: 'value' },
  });
  return { rows: [row], notes };
}
