// Long jobs in words: `about` times rounded up as a person says them, the bar, a bar line
// fitted to the width, the progress lines of `sim advance` and the end notices (completed,
// failed with why, aborted, unknown), a copy named as its Control Station names it.
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../src/engine/progress.js';
import { aboutText, bar, barLine, jobEndedLine, progressMarkLine } from '../../src/render/job-progress.js';

const NOW = 1_000_000;
const GB = 2 ** 30 / 8192;
const job = (over: Partial<JobProgress> = {}): JobProgress => ({
  key: 'fs_copy:1',
  cel: 'cel_pfs',
  subject: { kind: 'copy', name: 'copy_1', src: { fs: 'pfs10', cel: 'cel_pfs' }, dst: { fs: 'sfs10', cel: 'cel_sfs' } },
  done: 0.5 * GB * 2.4,
  total: 2.4 * GB,
  blocksPerSec: 1280,
  etaAt: NOW + 200_000,
  ...over,
});

describe('aboutText', () => {
  it('rounds up: seconds, then tens of seconds, then minutes, then hours and minutes', () => {
    expect([1, 999, 1001, 59_000, 59_001].map(aboutText)).toEqual(['1s', '1s', '2s', '59s', '1m']);
    expect([61_000, 200_000, 201_000, 599_000].map(aboutText)).toEqual(['1m 10s', '3m 20s', '3m 30s', '10m']);
    expect([600_000, 601_000, 3_599_000, 3_600_000, 3_660_001, 90_000_000].map(aboutText)).toEqual(['10m', '11m', '1h', '1h', '1h 2m', '1d 1h']);
    expect(aboutText(0)).toBe('1s');
  });
});

describe('bar', () => {
  it('fills # for the part done, rounded down', () => {
    expect(bar(0, 100, 10)).toBe('[----------]');
    expect(bar(45, 100, 20)).toBe('[#########-----------]');
    expect(bar(99, 100, 10)).toBe('[#########-]');
    expect(bar(100, 100, 10)).toBe('[##########]');
    expect(bar(5, 0, 10)).toBe('[----------]');
  });
});

describe('barLine', () => {
  it('shows the label, the bar, the percentage, the time left, and the sizes and rate when they fit', () => {
    expect(barLine(job(), NOW)).toBe('copy_1 pfs10 -> sfs10:cel_sfs [##########----------] 50% about 3m 20s left (1.2 GB of 2.4 GB, 10.0 MB/s)');
    expect(barLine(job({ done: 0.45 * 2.4 * GB }), NOW, 70)).toBe('copy_1 pfs10 -> sfs10:cel_sfs [#######---------] 45% about 3m 20s left');
    expect(barLine(job(), NOW, 50)).toBe('copy_1 pfs10 -> sfs10:cel_sfs [#####-----] 50% abo');
  });

  it('says why a job waits instead of a time', () => {
    expect(barLine(job({ blocksPerSec: 0, etaAt: null, blocked: { why: 'link', a: 'cel_pfs', b: 'cel_sfs' } }), NOW)).toBe(
      'copy_1 pfs10 -> sfs10:cel_sfs [##########----------] 50% stalled: link cel_pfs <-> cel_sfs is down (1.2 GB of 2.4 GB)',
    );
    expect(barLine(job({ blocksPerSec: 0, etaAt: null }), NOW)).toBe('copy_1 pfs10 -> sfs10:cel_sfs [##########----------] 50% (1.2 GB of 2.4 GB, 0 bytes/s)');
  });
});

describe('progress lines and end notices', () => {
  it('a quarter passed: the figures then and the time left from then', () => {
    expect(progressMarkLine({ kind: 'quarter', at: NOW + 20_000, job: job() })).toBe('progress: copy_1 pfs10 -> sfs10:cel_sfs 50% (1.2 GB of 2.4 GB), about 3m left');
    expect(progressMarkLine({ kind: 'quarter', at: NOW, job: job({ etaAt: null, blocked: { why: 'site', cel: 'cel_sfs' } }) })).toBe(
      'progress: copy_1 pfs10 -> sfs10:cel_sfs 50% (1.2 GB of 2.4 GB), stalled: site cel_sfs is down',
    );
  });

  it('an end: completed with size and time, failed or aborted where it stopped, or just ended', () => {
    const last = job();
    const base = { done: 2.4 * GB, total: 2.4 * GB, startedAt: NOW, endedAt: NOW + 245_000 };
    expect(jobEndedLine(last, { outcome: 'completed', ...base })).toBe('copy_1 pfs10 -> sfs10:cel_sfs: completed, 2.4 GB in 4m 5s');
    expect(jobEndedLine(last, { outcome: 'failed', ...base, done: 0.6 * GB, failure: { failure: 'destination_deleted', subject: last.subject } })).toBe(
      'copy_1 pfs10 -> sfs10:cel_sfs: failed at 25% (614 MB of 2.4 GB): destination sfs10:cel_sfs was deleted',
    );
    expect(jobEndedLine(last, { outcome: 'aborted', ...base, done: 0 })).toBe('copy_1 pfs10 -> sfs10:cel_sfs: aborted at 0% (0 bytes of 2.4 GB)');
    expect(progressMarkLine({ kind: 'end', at: NOW, last, end: null })).toBe('progress: copy_1 pfs10 -> sfs10:cel_sfs: ended');
  });
});
