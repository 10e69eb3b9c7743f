// The real interactive shell in tmux (80x24) as a person sees it: an error reply in red on a
// colour terminal and no colour at all with NO_COLOR; a line of wide characters (CJK, emoji)
// with the cursor where the terminal draws the end of it, on its row after wrapping.
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, openTerminal, type Terminal } from './tmux.js';

const PROMPT = '[nasadmin@cel_pfs ~]$';
/** The last non-empty row: where the prompt and the line being typed are. */
const lastRow = (s: string) =>
  s
    .split('\n')
    .filter((l) => l.trim() !== '')
    .pop() ?? '';

let term: Terminal | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
});

describe.skipIf(!hasTmux)('colour and wide characters in a terminal', () => {
  it('paints an error reply red, and the prompt line plain', async () => {
    const t = (term = openTerminal('colour', { NO_COLOR: '', FORCE_COLOR: '' }));
    await t.waitFor((s) => lastRow(s) === PROMPT, 'the first prompt');
    t.typeText('nas_fs -info nope');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('Error 3105') && lastRow(s) === PROMPT, 'the error reply');
    const styled = t.styledScreen();
    expect(styled).toContain('\x1b[31mError 3105: nope : invalid filesystem specified');
    expect(styled).toContain(`${PROMPT} nas_fs -info nope\n`);
  });

  it('paints nothing with NO_COLOR', async () => {
    const t = (term = openTerminal('nocolour', { NO_COLOR: '1', FORCE_COLOR: '' }));
    await t.waitFor((s) => lastRow(s) === PROMPT, 'the first prompt');
    t.typeText('nas_fs -info nope');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('Error 3105') && lastRow(s) === PROMPT, 'the error reply');
    expect(t.styledScreen()).not.toContain('\x1b[');
  });

  it('puts the cursor after wide characters and wraps them whole', async () => {
    const t = (term = openTerminal('wide'));
    await t.waitFor((s) => lastRow(s) === PROMPT, 'the first prompt');
    // The prompt and a space take 22 columns; 漢字 4, a space, 👍 2 (columns 27 and 28).
    t.typeText('漢字 👍');
    await t.waitFor((s) => lastRow(s) === `${PROMPT} 漢字 👍`, 'the wide text');
    const row = t.cursor().y;
    expect(t.cursor()).toEqual({ x: 29, y: row });
    t.keys('Left');
    // Left moves one UTF-16 unit, into the emoji: the cursor shows on it, at its first column.
    await t.waitFor(() => t.cursor().x === 27, 'the cursor on the emoji');
    t.keys('End');
    // 29 + 1 + 24 * 2 = 78 columns, then 字 would take the 79th and 80th; the next one
    // straddles the edge, so it starts the next row.
    t.typeText(` ${'漢字'.repeat(12)}字字`);
    await t.waitFor(() => t.cursor().y === row + 1, 'the line wrapped');
    const rows = t.screen().split('\n');
    expect(rows[row]).toBe(`${PROMPT} 漢字 👍 ${'漢字'.repeat(12)}字`);
    expect(rows[row + 1]).toBe('字');
    expect(t.cursor()).toEqual({ x: 2, y: row + 1 });
  });
});
