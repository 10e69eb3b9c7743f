// A lab file written and read a piece at a time (src/store/lab-write.ts, lab-read.ts): the
// same text as the lab's JSON in one string, the same lab back from any chunk size, the same
// report for a broken file as the whole-text reader gives, and the store writing this way.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore, PIECES_FROM_BYTES, parseLab, readLabFile, readLabFileInPieces, stringifyLab, writeLabFileAtomic } from '../../src/store/lab-store.js';
import { HOIST_BYTES, writeLabText } from '../../src/store/lab-write.js';
import { decode, reviver } from '../../src/store/codec.js';
import type { LabDoc } from '../../src/store/lab-doc.js';
import { FIXTURE, freshShell, run } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'drshell-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A lab with block tables above HOIST_BYTES (a 300 MB file: 38,400 stamps), a checkpoint's, and text that looks like a "$u32" key. */
function labWithBlocks(): LabDoc {
  const shell = freshShell();
  for (const line of [
    'client write /pfs10/big 300M',
    'fs_ckpt pfs10 -name pfs10_ck1 -Create',
    'client write /pfs10/big 40M',
    'client write /home/small 100K',
    `export A='"$u32": "AAAA"' B='$u32' C='"$u32"' D='#0'`,
  ]) {
    expect(run(shell, line).status, line).toBe(0);
  }
  return shell.lab;
}

const lab = labWithBlocks();
const text = stringifyLab(lab);
const file = join(dir, 'lab.json');
writeFileSync(file, text);

describe('writing a lab a piece at a time', () => {
  it('gives the text of the lab in one string, whatever is written in pieces', () => {
    for (const hoist of [0, 4096, HOIST_BYTES]) {
      const pieces: string[] = [];
      writeLabText(lab, (t) => pieces.push(t), hoist);
      expect(pieces.join('')).toBe(text);
      // Some block table went out as pieces of its own, not inside the laid-out text.
      expect(pieces.length).toBeGreaterThan(2);
    }
  });

  it('is how save and the store write a lab', async () => {
    const copy = join(dir, 'copy.json');
    writeLabFileAtomic(copy, lab);
    expect(readFileSync(copy, 'utf8')).toBe(text);
    const { store } = await LabStore.open({ stateFile: join(dir, 'store', 'lab.json'), fixtureFile: FIXTURE });
    try {
      await store.write(lab);
      expect(readFileSync(store.file, 'utf8')).toBe(text);
    } finally {
      store.close();
    }
  });
});

/** The longest "$u32" text: where its key starts, and its text's quotes. */
function longestTable(): { key: number; open: number; close: number } {
  let best = { key: -1, open: 0, close: 0 };
  for (let key = text.indexOf('"$u32": "'); key >= 0; key = text.indexOf('"$u32": "', key + 1)) {
    const open = key + '"$u32": "'.length;
    const close = text.indexOf('"', open);
    if (close - open > best.close - best.open) best = { key, open, close };
  }
  return best;
}

describe('reading a lab a chunk at a time', () => {
  it('gives the lab the whole text gives, for any chunk size', () => {
    const whole = readLabFile(file);
    expect(whole).toEqual(lab);
    for (const chunk of [7, 61, 4096, 2 ** 20]) expect(readLabFileInPieces(file, chunk), `chunks of ${chunk}`).toEqual(whole);
  });

  it('is how a file from PIECES_FROM_BYTES on is read', () => {
    const big = structuredClone(lab);
    big.session.env.BIG = 'y'.repeat(PIECES_FROM_BYTES);
    const bigFile = join(dir, 'big.json');
    writeLabFileAtomic(bigFile, big);
    expect(readLabFile(bigFile)).toEqual(big);
  });

  it('reports a broken file as the whole-text reader does', () => {
    const { key, open, close } = longestTable();
    expect(close - open).toBeGreaterThan(HOIST_BYTES);
    const broken = [
      text.slice(0, open + 1001), // cut inside a block table
      text.slice(0, open), // cut right after its opening quote
      text.slice(0, key + 3), // cut inside the key
      `${text.slice(0, close + 1)},,${text.slice(close + 1)}`, // a stray comma after the table, on its line
      `${text.slice(0, close + 1)} x${text.slice(close + 1)}`,
      text.slice(0, text.length - 3),
      '',
    ];
    const bad = join(dir, 'bad.json');
    for (const b of broken) {
      writeFileSync(bad, b);
      let expected = '';
      try {
        parseLab(b, bad);
      } catch (e) {
        expected = (e as Error).message;
      }
      expect(expected).toMatch(/not valid JSON/);
      expect(() => readLabFileInPieces(bad, 4096)).toThrow(expected);
    }
  });

  it('takes a "$u32" text as plain base64: an escape in one is reported', () => {
    const at = longestTable().open + 40;
    const bad = join(dir, 'escaped.json');
    writeFileSync(bad, `${text.slice(0, at)}\\/${text.slice(at + 1)}`);
    expect(() => readLabFileInPieces(bad, 4096)).toThrow(`${bad}: not valid JSON ($u32: an escape in base64 text)`);
  });
});

describe('decoding tagged JSON', () => {
  it('gives what JSON.parse with the reviver gives, a "__proto__" key included', () => {
    const json = JSON.stringify({
      a: [
        {
          $map: [
            [1, { $u32: 'AQAAAAIAAAA=' }],
            ['k', [{ $u32: 'AwAAAA==', $zeros: 17 }]],
          ],
        },
      ],
      ['__proto__']: { $map: [] },
      b: { $u32: 'AQAAAA==', extra: 1 },
      c: { $map: [[1]] },
      d: [null, 1, 'x', { $u32: '' }],
    });
    const parsed = decode(json) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(json, reviver));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toBeInstanceOf(Map);
  });
});
