// The client's ledger against what the file layer really does: the content it computes for a
// write or an append, from the sizes and the first stamp alone, equals the content read back
// (stamps by logical block), over random sequences of writes and appends of sizes that start
// and end inside blocks; and a change of any one block changes the digest.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVolume } from '../../../src/engine/blocks/volume.js';
import { afterAppend, afterWrite, contentOf, EMPTY, sameContent, stampsUsed, type Content } from '../../../src/engine/client/ledger.js';
import { appendFile, createFiles, readFile, statPath, writeAt, writeFile } from '../../../src/engine/files/files.js';
import { BLOCK_BYTES } from '../../../src/engine/files/tree.js';

const sizes = fc.oneof(
  fc.integer({ min: 0, max: 5 * BLOCK_BYTES }),
  fc.integer({ min: 0, max: 4 }).map((k) => k * BLOCK_BYTES),
  fc.integer({ min: 1, max: 4 }).map((k) => k * BLOCK_BYTES - 1),
);

describe('client ledger', () => {
  it('computes what writes and appends leave in a file, as it reads back', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ append: fc.boolean(), bytes: sizes }), { minLength: 1, maxLength: 12 }), (ops) => {
        const vol = createVolume(1024);
        const files = createFiles(vol);
        let stamp = 1;
        let expected: Content = EMPTY;
        for (const op of ops) {
          const size = expected.size;
          const r = op.append ? appendFile(files, vol, '/f', op.bytes, stamp) : writeFile(files, vol, '/f', op.bytes, stamp);
          expect(r.stamps).toBe(stampsUsed(size, op.bytes, op.append));
          expected = op.append ? afterAppend(expected, op.bytes, stamp) : afterWrite(op.bytes, stamp);
          stamp += r.stamps;
          const read = contentOf(readFile(files, vol, '/f'), statPath(files, '/f').size);
          expect(read).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('tells a file with any one block rewritten from the one written', () => {
    const vol = createVolume(64);
    const files = createFiles(vol);
    writeFile(files, vol, '/f', 10 * BLOCK_BYTES, 100);
    const written = afterWrite(10 * BLOCK_BYTES, 100);
    for (let k = 0; k < 10; k++) {
      const v2 = createVolume(64);
      const f2 = createFiles(v2);
      writeFile(f2, v2, '/f', 10 * BLOCK_BYTES, 100);
      writeAt(f2, v2, '/f', k * BLOCK_BYTES, 1, 500 + k);
      const read = contentOf(readFile(f2, v2, '/f'), 10 * BLOCK_BYTES);
      expect(sameContent(read, written)).toBe(false);
    }
    expect(sameContent(contentOf(readFile(files, vol, '/f'), 10 * BLOCK_BYTES), written)).toBe(true);
  });

  it('tells files of the same blocks and different sizes apart', () => {
    const a = afterWrite(BLOCK_BYTES + 1, 7);
    const b = afterAppend(afterWrite(BLOCK_BYTES + 1, 7), 0, 99);
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...a, size: BLOCK_BYTES + 2 })).toBe(false);
  });
});
