// The watch screen without a terminal: procps's header rules as the width shrinks, the
// output cut to the width and to fewer rows than the terminal, tabs, -t, when a run is due,
// and the keys that leave.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { leavesWatch, watchDue, watchFrame, watchHeader, type WatchState } from '../../src/ui/watch-view.js';

const T = Date.UTC(2026, 0, 12, 9, 0, 5);
const req = { line: 'fs_replicate -info sfs10', intervalMs: 2000, title: true };
const TS = 'cel_pfs: Mon Jan 12 09:00:05 GMT 2026';

describe('watchHeader', () => {
  it('puts the interval and command at the left and the host and time at the right edge', () => {
    const h = watchHeader(req, 'cel_pfs', T, 80);
    expect(h).toBe(`Every 2.0s: fs_replicate -info sfs10${' '.repeat(80 - 36 - TS.length)}${TS}`);
    expect(h).toHaveLength(80);
  });

  it('cuts the command with ..., then drops it, then the interval, then everything, as procps does', () => {
    // 12 columns of `Every 2.0s: `, the time's 37, one space: 50 leave none for the command.
    expect(watchHeader(req, 'cel_pfs', T, 60)).toBe(`Every 2.0s: fs_repl... ${TS}`);
    expect(watchHeader(req, 'cel_pfs', T, 60)).toHaveLength(60);
    expect(watchHeader(req, 'cel_pfs', T, 54)).toBe(`Every 2.0s: f... ${TS}`);
    expect(watchHeader(req, 'cel_pfs', T, 52)).toBe(`Every 2.0s: .. ${TS}`);
    expect(watchHeader(req, 'cel_pfs', T, 50)).toBe(`Every 2.0s:  ${TS}`);
    expect(watchHeader(req, 'cel_pfs', T, 49)).toBe(`${' '.repeat(12)}${TS}`);
    expect(watchHeader(req, 'cel_pfs', T, 37)).toBe(TS);
    expect(watchHeader(req, 'cel_pfs', T, 36)).toBe('');
  });
});

describe('watchHeader with wide characters', () => {
  it('measures the command in columns and cuts it before a character that would not fit', () => {
    const wide = { ...req, line: 'cat /nas/報告書/月次.txt' };
    const h = watchHeader(wide, 'cel_pfs', T, 80);
    expect(h).toBe(`Every 2.0s: cat /nas/報告書/月次.txt${' '.repeat(80 - 12 - 24 - TS.length)}${TS}`);
    expect(stringWidth(h)).toBe(80);
    // Room for 13 columns: 10 for the command, where 報 would take the 10th and 11th, so
    // the command stops before it and a space fills the column.
    expect(watchHeader(wide, 'cel_pfs', T, 63)).toBe(`Every 2.0s: cat /nas/...  ${TS}`);
    expect(stringWidth(watchHeader(wide, 'cel_pfs', T, 62))).toBe(62);
  });
});

describe('watchFrame', () => {
  const w = (output: string, title = true): WatchState => ({ req: { ...req, title }, output, ranAt: T });

  it('is the header, a blank line and the output', () => {
    expect(watchFrame(w('a\nb\n'), 'cel_pfs', 80, 24).split('\n')).toEqual([watchHeader(req, 'cel_pfs', T, 80), '', 'a', 'b']);
    expect(watchFrame(w('a\nb\n', false), 'cel_pfs', 80, 24)).toBe('a\nb');
  });

  it('cuts each line at the width (tabs as eight spaces) and keeps fewer rows than the terminal', () => {
    const out = Array.from({ length: 40 }, (_, i) => `${i}\t${'x'.repeat(100)}`).join('\n');
    const rows = watchFrame(w(out), 'cel_pfs', 50, 24).split('\n');
    expect(rows).toHaveLength(23);
    expect(rows[2]).toBe(`0        ${'x'.repeat(41)}`);
    expect(rows.every((r) => r.length <= 50)).toBe(true);
    expect(watchFrame(w(out, false), 'cel_pfs', 50, 24).split('\n')).toHaveLength(23);
    expect(watchFrame(w(out), 'cel_pfs', 50, 2).split('\n')).toHaveLength(3);
  });

  it('cuts lines of wide characters at the width in columns', () => {
    const rows = watchFrame(w('漢字漢字漢字\n👍🏽👍🏽👍🏽👍🏽', false), 'cel_pfs', 7, 24).split('\n');
    expect(rows).toEqual(['漢字漢', '👍🏽👍🏽👍🏽']);
  });
});

describe('watch timing and keys', () => {
  it('is due once the interval of virtual time has passed', () => {
    const s: WatchState = { req, output: '', ranAt: T };
    expect(watchDue(s, T + 1999)).toBe(false);
    expect(watchDue(s, T + 2000)).toBe(true);
  });

  it('leaves on q, Q and Ctrl+C only', () => {
    expect(leavesWatch({ t: 'text', text: 'q' })).toBe(true);
    expect(leavesWatch({ t: 'text', text: 'xQ' })).toBe(true);
    expect(leavesWatch({ t: 'ctrl', key: 'c' })).toBe(true);
    expect(leavesWatch({ t: 'ctrl', key: 'd' })).toBe(false);
    expect(leavesWatch({ t: 'enter' })).toBe(false);
    expect(leavesWatch({ t: 'text', text: 'nas_server' })).toBe(false);
  });
});
