// `watch` in a real terminal (tmux, 80x24): with the clock at 10x, `watch -n 5 server_date
// server_2` shows procps's header and the mover's time, redrawn in place as the virtual time
// moves 5 s at a time (one header, one output line, never a frame left behind), keys other
// than q do nothing, and q gives the prompt back with the watch screen gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, openTerminal, type Terminal } from './tmux.js';

let term: Terminal;
const PROMPT = '[nasadmin@cel_pfs ~]$';
const rows = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
const headers = (s: string) => rows(s).filter((l) => l.startsWith('Every 5.0s: server_date server_2'));
const times = (s: string) => rows(s).filter((l) => /^server_2 : /.test(l));
/** Virtual seconds of a `server_2 : Mon Jan 12 09:00:05 GMT 2026` line. */
const secondsOf = (line: string) => {
  const m = / (\d\d):(\d\d):(\d\d) GMT /.exec(line)!;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
};

describe.skipIf(!hasTmux)('watch in a terminal', () => {
  beforeAll(() => {
    term = openTerminal('watch');
  });

  afterAll(() => term?.close());

  it('redraws the command as the virtual clock runs, and q gives the prompt back', async () => {
    await term.waitFor((s) => rows(s).at(-1) === PROMPT, 'the first prompt');
    term.typeText('sim speed 10');
    term.keys('Enter');
    await term.waitFor((s) => rows(s).some((r) => r.startsWith('Mon Jan 12') && r.endsWith('(speed 10x, running)')), 'the speed set');

    term.typeText('watch -n 5 server_date server_2');
    term.keys('Enter');
    const first = await term.waitFor((s) => headers(s).length === 1 && times(s).length === 1, 'the watch screen');
    expect(rows(first).at(-1)).toMatch(/^server_2 : Mon Jan 12 09:\d\d:\d\d GMT 2026$/);
    const header = headers(first)[0]!;
    expect(header).toHaveLength(80);
    expect(header).toMatch(/^Every 5\.0s: server_date server_2 +cel_pfs: Mon Jan 12 09:\d\d:\d\d GMT 2026$/);
    // The line typed stays in the scrollback above the screen; no prompt under it.
    expect(rows(first).at(-3)).toBe(`${PROMPT} watch -n 5 server_date server_2`);
    expect(rows(first).filter((r) => r === PROMPT)).toEqual([]);

    // Typed keys are ignored while the screen is up.
    term.typeText('nas_server -list');
    term.keys('Enter');

    const seen = [secondsOf(times(first)[0]!)];
    const later = await term.waitFor(
      (s) => {
        const t = times(s);
        if (t.length === 1 && secondsOf(t[0]!) !== seen.at(-1)) seen.push(secondsOf(t[0]!));
        return seen.length >= 3;
      },
      'two redraws',
      30_000,
    );
    // Redrawn in place: one header, one time, each run at least 5 virtual seconds after the last.
    expect(headers(later)).toHaveLength(1);
    expect(times(later)).toHaveLength(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]! - seen[i - 1]!).toBeGreaterThanOrEqual(5);
    // The header's time is the run's.
    expect(headers(later)[0]!.slice(-28)).toBe(times(later)[0]!.slice(-28));
    expect(later).not.toContain('nas_server');

    term.typeText('q');
    const back = await term.waitFor((s) => rows(s).at(-1) === PROMPT, 'the prompt back');
    expect(headers(back)).toEqual([]);
    expect(times(back)).toEqual([]);
    expect(rows(back).at(-2)).toBe(`${PROMPT} watch -n 5 server_date server_2`);

    term.keys('C-d');
    await term.waitFor((s) => s.includes('logout'), 'logout');
  });
});
