// The fs_copy progress bar in a real terminal (tmux, 80x24): as the running clock advances
// the copy, the one line under the prompt is redrawn in place, never repeated below itself
// (ink's writer must move back over the whole live area), and a long line being typed that
// wraps is redrawn in place too. ink-testing-library only sees the last frame, so this is
// where a writer that leaves old rows behind shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, openTerminal, type Terminal } from './tmux.js';

let term: Terminal;
const keys = (...k: string[]) => term.keys(...k);
const typeText = (text: string) => term.typeText(text);
const waitFor = (pred: (s: string) => boolean, what: string, timeoutMs?: number) => term.waitFor(pred, what, timeoutMs);

const rows = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
const statusRows = (s: string) => rows(s).filter((l) => /^copy_1 pfs10_ckpt1 -> sfs10:cel_sfs \[/.test(l));

describe.skipIf(!hasTmux)('fs_copy progress bar in a terminal', () => {
  beforeAll(() => {
    term = openTerminal('copy');
  });

  afterAll(() => term?.close());

  it('redraws the bar in place as the copy runs, and a wrapped line as it is typed', async () => {
    await waitFor((s) => rows(s).at(-1) === '[nasadmin@cel_pfs ~]$', 'the first prompt');
    for (const line of ['client write /pfs10/db/orders.dbf 200M', 'fs_ckpt pfs10 -Create >/dev/null', 'sim speed 4', 'fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs >/dev/null']) {
      typeText(line);
      keys('Enter');
      await waitFor((s) => rows(s).some((r) => r.endsWith(line)), line);
    }
    const first = await waitFor((s) => statusRows(s).length > 0, 'a progress bar');
    const seen = new Set<string>(statusRows(first));
    const later = await waitFor((s) => {
      for (const r of statusRows(s)) seen.add(r);
      return seen.size >= 3;
    }, 'the bar to change twice');
    expect(statusRows(later)).toHaveLength(1);
    // 80 columns leave no room for the sizes and rate: the bar, the percentage and the time left.
    expect(rows(later).at(-1)).toMatch(/^copy_1 pfs10_ckpt1 -> sfs10:cel_sfs \[#*-*\] \d+% about \d+s left$/);
    expect(rows(later).at(-1)!.length).toBeLessThanOrEqual(80);
    expect(rows(later).at(-2)).toBe('[nasadmin@cel_pfs ~]$');

    // A line longer than the terminal, typed while the status line is drawn under it.
    const long = `echo ${'x'.repeat(90)}`;
    typeText(long);
    const typed = await waitFor((s) => s.includes('x'.repeat(20)) && rows(s).some((r) => r === 'x'.repeat(long.length + 22 - 80)), 'the wrapped line');
    expect(statusRows(typed)).toHaveLength(1);
    keys('Enter');
    const done = await waitFor((s) => rows(s).some((r) => r.startsWith('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs: completed, 200 MB in ')), 'the notice', 40_000);
    expect(statusRows(done)).toEqual([]);
    keys('C-d');
    await waitFor((s) => s.includes('logout'), 'logout');
  });
});
