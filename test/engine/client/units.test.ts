// Sizes as the client takes and prints them (src/render/units.ts): binary units, plain bytes,
// and df -h's rounding.
import { describe, expect, it } from 'vitest';
import { formatBytes, humanBytes, parseSizeBytes } from '../../../src/render/units.js';

describe('byte sizes', () => {
  it('parse as dd and truncate read them', () => {
    expect(['100', '0', '512K', '512k', '40M', '40MB', '1G', '1.5K', '2T'].map(parseSizeBytes)).toEqual([
      100,
      0,
      512 * 1024,
      512 * 1024,
      40 * 2 ** 20,
      40 * 2 ** 20,
      2 ** 30,
      1536,
      2 * 2 ** 40,
    ]);
    expect(['', 'M', '1.1', '1.00001K', '-1', '1e3', '10X', '99999999T', '1 M'].map(parseSizeBytes)).toEqual(Array(9).fill(null));
  });

  it('print back exactly, or as df -h rounds them', () => {
    expect([100, 1024, 1536, 40 * 2 ** 20, 2 ** 30 + 1].map(formatBytes)).toEqual(['100', '1K', '1536', '40M', '1073741825']);
    expect([0, 1023, 1024, 1536, 10 * 1024, 9.95 * 1024, 5 * 2 ** 30, 20 * 2 ** 30, 1024 * 1024 - 1, 41 * 2 ** 20 + 1].map(humanBytes)).toEqual([
      '0',
      '1023',
      '1.0K',
      '1.5K',
      '10K',
      '10K',
      '5.0G',
      '20G',
      '1.0M',
      '42M',
    ]);
  });
});
