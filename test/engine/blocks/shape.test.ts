// The structural checks the lab loader runs on every file system's contents (shape.ts): a
// well-formed volume and file layer pass, through the codec too; each of many corruptions of
// a decoded copy is found and named with its place.
import { describe, expect, it } from 'vitest';
import { cloneSlot, DIRTY, SETTLED } from '../../../src/engine/blocks/clone.js';
import { filesProblem, volumeProblem } from '../../../src/engine/blocks/shape.js';
import { createSnapshot } from '../../../src/engine/blocks/snapshots.js';
import { createVolume, validateBlocks, volumeDigest, writeBlock, writeRun, type Volume } from '../../../src/engine/blocks/volume.js';
import { createFiles, removeFile, snapshotFiles, writeFile, type FileSystemFiles } from '../../../src/engine/files/files.js';
import { BLOCK_BYTES } from '../../../src/engine/files/tree.js';
import { decode, encode } from '../../../src/store/codec.js';

/** A volume with files, two snapshots holding before images, settled and dirty pages. */
function sample(): { vol: Volume; files: FileSystemFiles } {
  const vol = createVolume(4096, 2);
  const files = createFiles(vol);
  writeFile(files, vol, '/a/one', 300 * BLOCK_BYTES, 1);
  writeFile(files, vol, '/b', 20 * BLOCK_BYTES, 1000);
  snapshotFiles(files, vol, { id: 7, createdAt: 100, deltaSetStamp: 3 });
  writeFile(files, vol, '/a/one', 300 * BLOCK_BYTES, 2000);
  removeFile(files, vol, '/b');
  snapshotFiles(files, vol, { id: 9, createdAt: 200 });
  writeFile(files, vol, '/a/one', 300 * BLOCK_BYTES, 3000);
  writeFile(files, vol, '/a/one', 300 * BLOCK_BYTES, 4000);
  writeBlock(vol, 3000, 5);
  return { vol, files };
}

/** A decoded copy of the sample, to corrupt. */
function copy(): { vol: Volume; files: FileSystemFiles } {
  return decode(encode(sample())) as { vol: Volume; files: FileSystemFiles };
}

function settledSlot(vol: Volume): number {
  for (let h = 0; h < vol.table.length; h += 2) if ((vol.table[h] & SETTLED) !== 0) return h;
  throw new Error('no settled page');
}

describe('volumeProblem', () => {
  it('passes well-formed volumes, before and after the codec, empty or 16 TB', () => {
    const { vol } = sample();
    expect(settledSlot(vol)).toBeGreaterThanOrEqual(0);
    expect(volumeProblem(vol)).toBeNull();
    expect(volumeProblem(copy().vol)).toBeNull();
    volumeDigest(vol);
    expect(volumeProblem(vol)).toBeNull();
    expect(volumeProblem(createVolume(1))).toBeNull();
    const big = createVolume(2 ** 31, 8);
    validateBlocks(big, 2 ** 31 - 1000, 1000);
    writeRun(big, 2 ** 31 - 300, 300, 1);
    createSnapshot(big, { id: 1, createdAt: 0 });
    writeRun(big, 2 ** 31 - 300, 300, 1000);
    expect(volumeProblem(decode(encode(big)))).toBeNull();
  });

  const cases: [string, (v: Volume & Record<string, unknown>) => void, RegExp][] = [
    ['not an object', (v) => Object.assign(v, { size: 'x' }), /^size: /],
    ['size beyond 2^31', (v) => (v.size = 2 ** 31 + 1), /^size: /],
    ['a volume too small for its pages', (v) => (v.size = 100), /^table\[\d+\]: page number \d+ beyond/],
    ['table not typed', (v) => (v.table = [0, 0] as unknown as Uint32Array), /^table: not a Uint32Array/],
    ['table of 3 slots', (v) => (v.table = new Uint32Array(6)), /^table: 6 words/],
    ['page count off by one', (v) => v.pageCount++, /^pageCount: /],
    ['a slot pointing into the middle of a page', (v) => (v.table[settledSlot(v) + 1] += 1), /^table\[\d+\]: offset \d+ is no page's/],
    ['a page number that disagrees with its slot', (v) => (v.numbers[0] += 1), /^numbers\[0\]: /],
    ['a stamp past the last page', (v) => (v.data[v.pageCount * v.width + 3] = 9), /^data\[\d+\]: not zero past the last page/],
    ['unknown flags', (v) => (v.table[settledSlot(v)] |= 1 << 30), /^table\[\d+\]: flags 16 not allowed/],
    [
      'idle digests counted on a page not settled',
      (v) => {
        const h = settledSlot(v);
        v.table[h] = (v.table[h] & ~SETTLED) | (1 << 28);
      },
      /^table\[\d+\]: page \d+ counts idle digests but is not settled/,
    ],
    ['headers missing', (v) => (v.headers = new Uint32Array(0)), /^headers: 0 words/],
    ['written count off', (v) => v.written++, /^written: /],
    ['a settled page not listed', (v) => (v.settled = []), /^table\[\d+\]: page \d+ is settled but not listed in settled/],
    ['a settled page not full', (v) => (v.headers[(v.table[settledSlot(v) + 1] / v.width) * 3] -= 1), /is settled with 127 blocks written|written: /],
    ['a page both settled and dirty', (v) => (v.table[settledSlot(v)] |= DIRTY), /^table\[\d+\]: page \d+ is both settled and dirty/],
    ['a dirty page not listed', (v) => (v.dirty = []), /^table\[\d+\]: page \d+ is dirty but not listed in dirty/],
    ['a dirty list entry out of range', (v) => (v.dirty = [1e6]), /^dirty\[0\]: not a page number/],
    ['meta missing', (v) => delete (v as Partial<Volume>).meta, /^meta: not an object/],
    ['meta granularity bad', (v) => (v.meta.shift = 40), /^meta\.shift: /],
    ['meta count off', (v) => v.meta.bits.count--, /^meta\.bits\.count: /],
    ['meta page all zero', (v) => v.meta.bits.pages.data.fill(0, 0, 32), /^meta\.bits\.pages: page 0 all zero|^meta\.bits\.count: /],
    ['digest not words', (v) => (v.digestTerms.hi = -1), /^digestTerms: /],
    ['snapshots not an array', (v) => (v.snapshots = {} as unknown as Volume['snapshots']), /^snapshots: not an array/],
    ['an entry not an object', (v) => (v.snapshots[1] = null as unknown as Volume['snapshots'][0]), /^snapshots\[1\]: not an object/],
    ['a save volume missing', (v) => delete (v.snapshots[1] as Partial<Volume['snapshots'][0]>).saveVolume, /^snapshots\[1\]\.saveVolume: not an object/],
    ['a save volume shorter than its block map', (v) => v.snapshots[0].saveVolume.length--, /^snapshots\[0\]\.saveVolume\.stamps\[\d+\]: not zero past the last block/],
    [
      'a block map longer than its save volume',
      (v) => {
        const sv = v.snapshots[0].saveVolume;
        sv.stamps[--sv.length] = 0;
      },
      /^snapshots\[0\]\.blockmap\.size: \d+ entries for a save volume of/,
    ],
    ['a block map entry on the wrong list', (v) => (v.snapshots[0].blockmap.entries[0] += 1), /^snapshots\[0\]\.blockmap: entry 0: block \d+ on the wrong hash list/],
    ['a bit map that lost a bit', (v) => v.snapshots[0].bitmap.count--, /^snapshots\[0\]\.bitmap\.count: /],
    [
      'a meta bit map of another granularity',
      (v) => (v.snapshots[1].metaBitmap = { ...v.snapshots[1].metaBitmap, shift: 0 }),
      /^snapshots\[1\]\.metaBitmap: shift 0|^snapshots\[1\]\.metaBitmap\.bits/,
    ],
    ['an id twice', (v) => (v.snapshots[1].id = v.snapshots[0].id), /^snapshots\[1\]\.id: 7 twice/],
    ['the queue out of order', (v) => (v.snapshots[1].createdAt = 0), /^snapshots\[1\]\.createdAt: older/],
    ['a delta set stamp not a number', (v) => ((v.snapshots[0] as unknown as Record<string, unknown>).deltaSetStamp = '3'), /^snapshots\[0\]\.deltaSetStamp: /],
  ];

  for (const [what, corrupt, expected] of cases) {
    it(`names ${what}`, () => {
      const { vol } = copy();
      corrupt(vol as Volume & Record<string, unknown>);
      expect(volumeProblem(vol)).toMatch(expected);
    });
  }

  it('finds a page in the wrong slot, as a reader would miss it', () => {
    const { vol } = copy();
    const h = cloneSlot(vol, 0);
    // Move page 0's slot entry to an empty slot that its probe never reaches.
    let empty = (h + 2) % vol.table.length;
    while (vol.table[empty] !== 0 || vol.table[(empty - 2 + vol.table.length) % vol.table.length] === 0) empty = (empty + 2) % vol.table.length;
    empty = (empty + 2) % vol.table.length;
    while (vol.table[empty] !== 0) empty = (empty + 2) % vol.table.length;
    vol.table[empty] = vol.table[h];
    vol.table[empty + 1] = vol.table[h + 1];
    vol.table[h] = 0;
    vol.table[h + 1] = 0;
    expect(volumeProblem(vol)).toMatch(/not reachable from its home slot/);
  });
});

describe('filesProblem', () => {
  it('passes a well-formed file layer, before and after the codec', () => {
    const { files } = sample();
    expect(filesProblem(files)).toBeNull();
    expect(filesProblem(copy().files)).toBeNull();
    expect(filesProblem(createFiles(createVolume(10)))).toBeNull();
  });

  type F = FileSystemFiles & Record<string, unknown>;
  const cases: [string, (f: F) => void, RegExp][] = [
    ['not an object', (f) => Object.assign(f, { alloc: 3 }), /^alloc: not an object/],
    ['a root that is a file', (f) => (f.root = { kind: 'file', size: 0, extents: [] } as unknown as F['root']), /^root: not a directory/],
    ['entries not a map', (f) => (f.root = { kind: 'dir', entries: {} } as unknown as F['root']), /^root\.entries: not a map/],
    ['a bad name', (f) => (f.root.entries as Map<string, unknown>).set('x/y', { kind: 'dir', entries: new Map() }), /^root\.entries: bad name "x\/y"/],
    [
      'extents that do not cover the size',
      (f) => {
        const a = (f.root.entries.get('a') as unknown as { entries: Map<string, { extents: { count: number }[] }> }).entries.get('one')!;
        a.extents[0].count--;
      },
      /^root\.entries\["a"\]\.entries\["one"\]\.extents: 299 blocks for 2457600 bytes/,
    ],
    ['free runs out of order', (f) => f.alloc.free.reverse().push({ start: 0, count: 1 }), /^alloc\.free\[\d+\]: /],
    ['free count off', (f) => f.alloc.freeBlocks--, /^alloc\.freeBlocks: /],
    ['a cursor beyond the volume', (f) => (f.alloc.cursor = f.alloc.size + 1), /^alloc\.cursor: /],
    ['owned and free not adding up', (f) => ((f.alloc.free[0].count -= 1), f.alloc.freeBlocks--), /^alloc: \d+ free and \d+ owned by files in 4096 blocks/],
    ['versions not a map', (f) => (f.versions = {} as unknown as F['versions']), /^versions: not a map/],
    ['a version not a tree', (f) => f.versions.set(9, { kind: 'dir' } as unknown as F['root']), /^versions\[9\]\.entries: not a map/],
  ];

  for (const [what, corrupt, expected] of cases) {
    it(`names ${what}`, () => {
      const { files } = copy();
      corrupt(files as F);
      expect(filesProblem(files)).toMatch(expected);
    });
  }
});
