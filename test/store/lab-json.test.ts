import { describe, expect, it } from 'vitest';
import { findCell, findFs } from '../../src/engine/cluster.js';
import { applyFileOp, isPristine } from '../../src/engine/contents.js';
import { readFile } from '../../src/engine/files/files.js';
import { decodeWorld, encodeLab } from '../../src/store/lab-json.js';
import { freshShell } from '../helpers.js';

describe('lab JSON', () => {
  it('leaves out the contents of untouched file systems and makes them again on reading', () => {
    const { world } = freshShell().lab;
    const cell = findCell(world, 'cel_pfs');
    const pfs10 = findFs(cell, 'pfs10');
    applyFileOp(world, cell, pfs10, { op: 'write', path: '/a/b', bytes: 100_000 });
    const text = encodeLab(world);
    const parsed = JSON.parse(text) as { cells: { fileSystems: { name: string; contents: unknown }[] }[] };
    const stored = parsed.cells[0]!.fileSystems;
    expect(stored.find((f) => f.name === 'pfs10')!.contents).not.toBeNull();
    expect(stored.find((f) => f.name === 'pfs11')!.contents).toBeNull();

    const back = decodeWorld(text);
    const cellBack = findCell(back, 'cel_pfs');
    expect(isPristine(findFs(cellBack, 'pfs11').contents!)).toBe(true);
    const again = findFs(cellBack, 'pfs10').contents!;
    expect(readFile(again.files, again.volume, '/a/b')).toEqual(readFile(pfs10.contents!.files, pfs10.contents!.volume, '/a/b'));
    expect(encodeLab(back)).toBe(text);
  });

  it('counts a directory, or blocks written then freed, as contents', () => {
    const { world } = freshShell().lab;
    const cell = findCell(world, 'cel_pfs');
    const fs = findFs(cell, 'pfs11');
    applyFileOp(world, cell, fs, { op: 'mkdir', path: '/d' });
    expect(isPristine(fs.contents!)).toBe(false);
    const scratch = findFs(cell, 'scratch');
    applyFileOp(world, cell, scratch, { op: 'write', path: '/x', bytes: 8192 });
    applyFileOp(world, cell, scratch, { op: 'remove', path: '/x' });
    expect(isPristine(scratch.contents!)).toBe(false); // the allocator moved on, the stale block stays
  });
});
