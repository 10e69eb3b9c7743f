// The dispatcher's print of the world (src/store/world-print.ts): it tells a change
// anywhere, down to one stamp that nothing else in the world records, and an undo point
// gives the world back exactly, with copies of the contents or, without them, as long as
// the contents were left alone.
import { describe, expect, it } from 'vitest';
import { findCell, findFs } from '../../src/engine/cluster.js';
import { applyFileOp } from '../../src/engine/contents.js';
import type { SimEvent } from '../../src/engine/types.js';
import { encode } from '../../src/store/codec.js';
import { hashWords, printWorld, samePrint, undo, undoPoint } from '../../src/store/world-print.js';
import { freshShell, run } from '../helpers.js';

function labWithFiles() {
  const shell = freshShell();
  for (const line of ['client write /pfs10/a 4M', 'fs_ckpt pfs10 -Create', 'client write /pfs10/a 1M', 'client write /home/b 64K']) {
    expect(run(shell, line).status, line).toBe(0);
  }
  return shell;
}

describe('the world print', () => {
  it('is the same for the same world, and tells every kind of change apart', () => {
    const { world } = labWithFiles().lab;
    const pfs10 = findFs(findCell(world, 'cel_pfs'), 'pfs10');
    const vol = pfs10.contents!.volume;
    const p = printWorld(world);
    expect(samePrint(p, printWorld(world))).toBe(true);
    const changes: [string, () => () => void][] = [
      [
        'one stamp',
        () => {
          const old = vol.data[5]!;
          vol.data[5] = old ^ 0x80000000;
          return () => (vol.data[5] = old);
        },
      ],
      [
        'a settled page listed',
        () => {
          vol.settled.push(vol.numbers[0]!);
          return () => vol.settled.pop();
        },
      ],
      [
        'a file renamed',
        () => {
          const root = pfs10.contents!.files.root as unknown as { entries: Map<string, unknown> };
          const a = root.entries.get('a');
          root.entries.delete('a');
          root.entries.set('z', a);
          return () => {
            root.entries.delete('z');
            root.entries.set('a', a);
          };
        },
      ],
      [
        'the clock',
        () => {
          world.clock.now += 1;
          return () => (world.clock.now -= 1);
        },
      ],
      [
        'a file system gone',
        () => {
          const cell = findCell(world, 'cel_pfs');
          const fs = cell.fileSystems.pop()!;
          return () => cell.fileSystems.push(fs);
        },
      ],
    ];
    for (const [what, change] of changes) {
      const back = change();
      expect(samePrint(p, printWorld(world)), what).toBe(false);
      back();
      expect(samePrint(p, printWorld(world)), `${what}, undone`).toBe(true);
    }
  });

  it('hashes every word: a change to any one changes the hash', () => {
    const a = new Uint32Array(1031).map((_, i) => (i * 2654435761) >>> 0);
    const h = hashWords(a);
    for (let i = 0; i < a.length; i++) {
      for (const bit of [0, 13, 31]) {
        a[i] ^= 1 << bit;
        expect(hashWords(a)).not.toBe(h);
        a[i] ^= 1 << bit;
      }
    }
    expect(hashWords(a)).toBe(h);
    expect(hashWords(a.subarray(0, 1030))).not.toBe(h);
  });
});

describe('an undo point', () => {
  it('with copies of the contents, gives back the world as it was, whatever changed', () => {
    const { world } = labWithFiles().lab;
    const before = encode(world);
    const point = undoPoint(world);
    expect(point.copies).not.toBeNull();
    const cell = findCell(world, 'cel_pfs');
    applyFileOp(world, cell, findFs(cell, 'pfs10'), { op: 'write', path: '/a', bytes: 3 << 20 });
    applyFileOp(world, cell, findFs(cell, 'pfs11'), { op: 'mkdir', path: '/d' });
    cell.fileSystems.pop();
    const back = undo(point);
    expect('world' in back && encode(back.world)).toBe(before);
  });

  it('without copies, gives back a world whose contents were left alone, and names those that were not', () => {
    const { world } = labWithFiles().lab;
    const before = encode(world);
    const point = undoPoint(world, 0);
    expect(point.copies).toBeNull();
    const cell = findCell(world, 'cel_pfs');
    const removed = cell.fileSystems.splice(5, 2);
    world.clock.now += 60_000;
    const back = undo(point);
    expect('world' in back && encode(back.world)).toBe(before);

    cell.fileSystems.splice(5, 0, ...removed);
    const again = undoPoint(world, 0);
    applyFileOp(world, cell, findFs(cell, 'pfs10'), { op: 'write', path: '/a', bytes: 8192 });
    applyFileOp(world, cell, findFs(cell, 'home'), { op: 'write', path: '/b', bytes: 8192 });
    expect(undo(again)).toEqual({ changed: ['the blocks of pfs10', 'the blocks of home'] });
  });

  it('takes a large Uint32Array outside the contents as a part: kept as it is, copied, or named', () => {
    const { world } = labWithFiles().lab;
    const words = new Uint32Array(2048).map((_, i) => i + 1);
    // No event carries such a table; the print walks the world whatever its shape, so one stands in here.
    world.events.push({ at: world.clock.now + 1, seq: world.seq++, kind: 'test', data: { list: words } } as unknown as SimEvent);
    const before = encode(world);
    const point = undoPoint(world);
    words[7] = 0;
    expect(samePrint(point, printWorld(world))).toBe(false);
    const back = undo(point);
    expect('world' in back && encode(back.world)).toBe(before);

    words[7] = 8;
    const bare = undoPoint(world, 0);
    world.clock.now += 1;
    const same = undo(bare);
    expect('world' in same && (same.world.events.at(-1)!.data as unknown as { list: Uint32Array }).list).toBe(words);
    words[7] = 0;
    expect(undo(bare)).toEqual({ changed: ['a table of list'] });
  });
});
