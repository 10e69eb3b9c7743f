// Layout helpers: hard wrapping like the terminal, the live line's window and cursor,
// and bash's column listing of candidates, in columns: CJK characters and emoji take two,
// and one that would straddle the right edge starts the next row.
import { describe, expect, it } from 'vitest';
import { columns, cursorAt, hardWrap, liveWindow } from '../../src/ui/layout.js';

describe('layout', () => {
  it('hard-wraps at the width without touching spaces', () => {
    expect(hardWrap('abcdefgh\nxy', 3)).toBe('abc\ndef\ngh\nxy');
    expect(hardWrap('a   b', 2)).toBe('a \n  \nb');
  });

  it('puts the cursor on the right row and column', () => {
    const line = 'x'.repeat(30);
    expect(cursorAt(line, 0, 10)).toEqual({ x: 0, y: 0 });
    expect(cursorAt(line, 23, 10)).toEqual({ x: 3, y: 2 });
    expect(cursorAt(line, 30, 10)).toEqual({ x: 0, y: 3 });
    expect(cursorAt('', 0, 10)).toEqual({ x: 0, y: 0 });
  });

  it('keeps the live line within the rows given, around the cursor', () => {
    const line = 'x'.repeat(50);
    expect(liveWindow(line, 50, 10, 2)).toEqual({ text: 'xxxxxxxxxx\n', x: 0, y: 1 });
    expect(liveWindow(line, 5, 10, 2)).toEqual({ text: 'xxxxxxxxxx\nxxxxxxxxxx', x: 5, y: 0 });
    expect(liveWindow('$ ab', 4, 80, 10)).toEqual({ text: '$ ab', x: 4, y: 0 });
  });

  it('lists candidates down then across', () => {
    expect(columns(['a', 'bb', 'c', 'd', 'e'], 8)).toBe('a   d\nbb  e\nc');
    expect(columns(['a', 'bb', 'c', 'd', 'e'], 10)).toBe('a   c   e\nbb  d');
    expect(columns(['server_2', 'server_3'], 80)).toBe('server_2  server_3');
  });

  it('wraps wide characters by the columns they take', () => {
    expect(hardWrap('漢字かな', 4)).toBe('漢字\nかな');
    // Two columns left would fit; one would split 漢 across the edge, so it moves down.
    expect(hardWrap('ab漢字', 3)).toBe('ab\n漢\n字');
    expect(hardWrap('👍🏽👍🏽x', 4)).toBe('👍🏽👍🏽\nx');
    // A combining accent takes no column of its own.
    expect(hardWrap('e\u0301e\u0301e\u0301', 2)).toBe('e\u0301e\u0301\ne\u0301');
  });

  it('puts the cursor after wide characters by their columns', () => {
    // offsets 0..3 are `$`, ` `, 漢, 字; 4 is x, at column 6.
    expect(cursorAt('$ 漢字x', 4, 80)).toEqual({ x: 6, y: 0 });
    expect(cursorAt('$ 漢字x', 5, 80)).toEqual({ x: 7, y: 0 });
    expect(cursorAt('ab漢字', 2, 3)).toEqual({ x: 0, y: 1 });
    expect(cursorAt('ab漢字', 4, 3)).toEqual({ x: 2, y: 2 });
    // 👍 is two UTF-16 units: an offset between them shows on the emoji.
    expect(cursorAt('👍ok', 1, 80)).toEqual({ x: 0, y: 0 });
    expect(cursorAt('👍ok', 2, 80)).toEqual({ x: 2, y: 0 });
    expect(liveWindow('$ 漢字漢字', 6, 6, 5)).toEqual({ text: '$ 漢字\n漢字', x: 4, y: 1 });
    expect(liveWindow('$ 漢字漢字x', 6, 6, 5)).toEqual({ text: '$ 漢字\n漢字x', x: 4, y: 1 });
  });

  it('lines up columns of candidates with wide names', () => {
    expect(columns(['漢字', 'ab', 'かなカナ'], 20)).toBe('漢字      かなカナ\nab');
    expect(columns(['漢字', 'ab', 'かなカナ'], 17)).toBe('漢字\nab\nかなカナ');
  });
});
