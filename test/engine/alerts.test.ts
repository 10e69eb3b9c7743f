// Operator alerts: thresholds (defaults for a lab without them, set, off, kept through a
// save and load), raising one (a WARNING in the mover's log with the code's text, a notice
// queued, bounded), taking the notices, the shell handing them out with a command's reply,
// and the lab schema accepting labs with and without alert state and refusing bad ones.
import { describe, expect, it, vi } from 'vitest';
import { ALERT_FACILITY, alertThresholds, DEFAULT_ALERTS, hasNotices, NOTICE_LIMIT, raiseAlert, setAlertThresholds, takeNotices, WARNING } from '../../src/engine/alerts.js';
import { schedule } from '../../src/engine/clock.js';
import { findCell } from '../../src/engine/cluster.js';
import { logText } from '../../src/render/log-messages.js';
import { noticeLine } from '../../src/render/notices.js';
import { parseLab, stringifyLab } from '../../src/store/lab-store.js';
import { freshShell, run } from '../helpers.js';
import { onTestEvent } from '../wiring-seam.js';

vi.mock('../../src/engine/wiring.js', { spy: true });

const mover = (shell: ReturnType<typeof freshShell>, cel: string, name: string) => findCell(shell.lab.world, cel).movers.find((m) => m.name === name)!;

describe('alert thresholds', () => {
  it('a new lab has the defaults, and showing them changes nothing', () => {
    const world = freshShell().lab.world;
    expect(world.alerts).toEqual(DEFAULT_ALERTS);
    expect(alertThresholds(world)).toEqual({ savvolPct: 90, outstanding: null });
    expect(world.alerts).toEqual(DEFAULT_ALERTS);
  });

  it('are set one at a time or both, turned off, and kept in the lab file', () => {
    const shell = freshShell();
    expect(setAlertThresholds(shell.lab.world, { outstanding: 5 })).toEqual({ savvolPct: 90, outstanding: 5 });
    expect(setAlertThresholds(shell.lab.world, { savvolPct: null })).toEqual({ savvolPct: null, outstanding: 5 });
    expect(setAlertThresholds(shell.lab.world, { savvolPct: 75, outstanding: null })).toEqual({ savvolPct: 75, outstanding: null });
    const again = parseLab(stringifyLab(shell.lab), 'lab.json');
    expect(alertThresholds(again.world)).toEqual({ savvolPct: 75, outstanding: null });
  });

  it('out of range is a bug of the caller, refused before anything changes', () => {
    const world = freshShell().lab.world;
    expect(() => setAlertThresholds(world, { savvolPct: 0 })).toThrow(RangeError);
    expect(() => setAlertThresholds(world, { savvolPct: 101 })).toThrow(RangeError);
    expect(() => setAlertThresholds(world, { outstanding: 1.5 })).toThrow(RangeError);
    expect(world.alerts).toEqual(DEFAULT_ALERTS);
  });
});

describe('raiseAlert', () => {
  it("logs a WARNING with the code's text in the mover's log and queues a notice", () => {
    const shell = freshShell();
    const world = shell.lab.world;
    const before = mover(shell, 'cel_pfs', 'server_2').log.length;
    const n = raiseAlert(world, 'cel_pfs', 'server_2', 'rep_savvol_full', { fs: 'pfs10', pct: 92 });
    const log = mover(shell, 'cel_pfs', 'server_2').log;
    expect(log).toHaveLength(before + 1);
    const entry = log[log.length - 1]!;
    expect([entry.facility, entry.severity, entry.at]).toEqual([ALERT_FACILITY, WARNING, world.clock.now]);
    expect(logText(entry)).toBe('save volume of pfs10 is 92% full');
    expect(n).toEqual({ id: 1, at: world.clock.now, cel: 'cel_pfs', mover: 'server_2', code: 'rep_savvol_full', data: { fs: 'pfs10', pct: 92 } });
    expect(noticeLine(n)).toBe('drshell: alert: cel_pfs server_2: save volume of pfs10 is 92% full');
    const m = raiseAlert(world, 'cel_sfs', 'server_2', 'rep_outstanding', { fs: 'sfs10', count: 12 });
    expect(noticeLine(m)).toBe('drshell: alert: cel_sfs server_2: 12 delta sets of sfs10 outstanding');
    expect(hasNotices(world)).toBe(true);
    expect(takeNotices(world).map((x) => x.id)).toEqual([1, 2]);
    expect(takeNotices(world)).toEqual([]);
    expect(hasNotices(world)).toBe(false);
    // Raising made the alert state with the defaults: the thresholds did not change.
    expect(alertThresholds(world)).toEqual({ savvolPct: 90, outstanding: null });
  });

  it('keeps the newest notices when none is taken, and still numbers them on', () => {
    const world = freshShell().lab.world;
    for (let i = 0; i < NOTICE_LIMIT + 5; i++) raiseAlert(world, 'cel_pfs', 'server_2', 'rep_outstanding', { fs: 'pfs10', count: i });
    const ids = takeNotices(world).map((n) => n.id);
    expect(ids).toHaveLength(NOTICE_LIMIT);
    expect([ids[0], ids[ids.length - 1]]).toEqual([6, NOTICE_LIMIT + 5]);
  });

  it('an unknown mover gets no log entry, the notice is queued all the same', () => {
    const shell = freshShell();
    raiseAlert(shell.lab.world, 'cel_pfs', 'server_9', 'rep_outstanding', { fs: 'pfs10', count: 1 });
    expect(takeNotices(shell.lab.world)).toHaveLength(1);
  });
});

describe('notices through the shell', () => {
  it('an alert raised while a command runs comes with its reply, once, and the lab is to be written', () => {
    const shell = freshShell();
    onTestEvent((w) => raiseAlert(w, 'cel_pfs', 'server_2', 'rep_savvol_full', { fs: 'pfs10', pct: 95 }));
    schedule(shell.lab.world, shell.lab.world.clock.now + 5000, 'site.boot', { cel: 'test', mover: 'alert' });
    const r = shell.exec('sim advance 10s');
    expect(r.status).toBe(0);
    expect(r.notices).toEqual(['drshell: alert: cel_pfs server_2: save volume of pfs10 is 95% full']);
    expect(r.text).not.toContain('alert');
    expect(shell.exec('sim now').notices).toBeUndefined();
    expect(run(shell, 'server_log server_2').text).toMatch(/VRPL: 4: save volume of pfs10 is 95% full\n$/);
  });
});

describe('the lab schema', () => {
  it('accepts alert state, and names a bad field', () => {
    const shell = freshShell();
    setAlertThresholds(shell.lab.world, { outstanding: 3 });
    raiseAlert(shell.lab.world, 'cel_pfs', 'server_2', 'rep_outstanding', { fs: 'pfs10', count: 3 });
    const text = stringifyLab(shell.lab);
    expect(parseLab(text, 'lab.json').world.alerts?.notices).toHaveLength(1);
    const bad = JSON.parse(text);
    bad.world.alerts.savvolPct = 0;
    expect(() => parseLab(JSON.stringify(bad), 'lab.json')).toThrow(/world\.alerts\.savvolPct/);
    delete bad.world.alerts.savvolPct;
    expect(() => parseLab(JSON.stringify(bad), 'lab.json')).toThrow(/world\.alerts/);
  });
});
