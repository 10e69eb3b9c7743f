// The fs_copy status line in a real terminal (tmux, 80x24): as the running clock advances
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
const statusRows = (s: string) => rows(s).filter((l) => /^fs_copy copy_1: \d+%/.test(l));

describe.skipIf(!hasTmux)('fs_copy status in a terminal', () => {
  beforeAll(() => {
    term = openTerminal('copy');
  });

  afterAll(() => term?.close());

  it('redraws the status line in place as the copy runs, and a wrapped line as it is typed', async () => {
    await waitFor((s) => rows(s).at(-1) === '[nasadmin@cel_pfs ~]$', 'the first prompt');
    for (const line of ['client write /pfs10/db/orders.dbf 200M', 'fs_ckpt pfs10 -Create >/dev/null', 'sim speed 4', 'fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs >/dev/null']) {
      typeText(line);
      keys('Enter');
      await waitFor((s) => rows(s).some((r) => r.endsWith(line)), line);
    }
    const first = await waitFor((s) => statusRows(s).length > 0, 'a status line');
    const seen = new Set<string>(statusRows(first));
    const later = await waitFor((s) => {
      for (const r of statusRows(s)) seen.add(r);
      return seen.size >= 3;
    }, 'the status line to change twice');
    expect(statusRows(later)).toHaveLength(1);
    expect(rows(later).at(-1)).toMatch(/^fs_copy copy_1: \d+% \([\d.]+ \w+ of 200 MB\) 11\.9 MB\/s eta \d+s$/);
    expect(rows(later).at(-2)).toBe('[nasadmin@cel_pfs ~]$');

    // A line longer than the terminal, typed while the status line is drawn under it.
    const long = `echo ${'x'.repeat(90)}`;
    typeText(long);
    const typed = await waitFor((s) => s.includes('x'.repeat(20)) && rows(s).some((r) => r === 'x'.repeat(long.length + 22 - 80)), 'the wrapped line');
    expect(statusRows(typed)).toHaveLength(1);
    keys('Enter');
    const done = await waitFor((s) => rows(s).some((r) => r.startsWith('fs_copy copy_1: completed, pfs10_ckpt1 -> sfs10:cel_sfs, 200 MB in ')), 'the notice', 40_000);
    expect(statusRows(done)).toEqual([]);
    keys('C-d');
    await waitFor((s) => s.includes('logout'), 'logout');
  });
});
