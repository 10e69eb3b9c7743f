// Layout helpers: hard wrapping like the terminal, the live line's window and cursor,
// and bash's column listing of candidates.
import { describe, expect, it } from 'vitest';
import { columns, cursorAt, hardWrap, liveWindow } from '../../src/ui/layout.js';

describe('layout', () => {
  it('hard-wraps at the width without touching spaces', () => {
    expect(hardWrap('abcdefgh\nxy', 3)).toBe('abc\ndef\ngh\nxy');
    expect(hardWrap('a   b', 2)).toBe('a \n  \nb');
  });

  it('puts the cursor on the right row and column', () => {
    expect(cursorAt(0, 10)).toEqual({ x: 0, y: 0 });
    expect(cursorAt(23, 10)).toEqual({ x: 3, y: 2 });
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
});
