// Widths in terminal columns: wide characters count two, combining marks none; cutting
// never splits a character or lets a wide one straddle the edge; and a progress bar line
// with a wide label is fitted to the width in columns, as the terminal draws it.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../src/engine/progress.js';
import { barLine } from '../../src/render/job-progress.js';
import { COLUMNS, cutToWidth, graphemes, padEndWidth, padStartWidth, textWidth } from '../../src/ui/width.js';

describe('width', () => {
  it('counts columns, not UTF-16 units', () => {
    expect(textWidth('漢字')).toBe(4);
    expect(textWidth('👍🏽')).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(graphemes('a👍🏽e\u0301')).toEqual(['a', '👍🏽', 'e\u0301']);
  });

  it('cuts and pads by columns', () => {
    expect(cutToWidth('漢字かな', 5)).toBe('漢字');
    expect(cutToWidth('👍🏽ok', 3)).toBe('👍🏽o');
    expect(cutToWidth('abc', 10)).toBe('abc');
    expect(padEndWidth('漢字', 6)).toBe('漢字  ');
    expect(padStartWidth('漢字', 6)).toBe('  漢字');
    expect(padEndWidth('漢字', 3)).toBe('漢字');
  });
});

describe('a bar line with a wide label', () => {
  const NOW = 1_000_000;
  const job: JobProgress = {
    key: 'fs_copy:1',
    cel: 'cel_pfs',
    subject: { kind: 'copy', name: 'copy_1', src: { fs: '報告書', cel: 'cel_pfs' }, dst: { fs: '備份', cel: 'cel_pfs' } },
    done: 50,
    total: 100,
    blocksPerSec: 10,
    etaAt: NOW + 5000,
  };

  it('narrows the bar, then drops the sizes, then cuts, by columns', () => {
    for (const width of [80, 60, 45, 40, 30, 20]) expect(stringWidth(barLine(job, NOW, width, COLUMNS))).toBeLessThanOrEqual(width);
    // The label takes 21 columns, 15 characters.
    expect(barLine(job, NOW, 60, COLUMNS)).toBe('copy_1 報告書 -> 備份 [#########---------] 50% about 5s left');
    expect(barLine(job, NOW, 20, COLUMNS)).toBe('copy_1 報告書 -> 備');
  });
});
