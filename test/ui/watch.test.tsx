// `watch` in the interactive shell (ink-testing-library, 100 columns, 24 rows): the screen
// replaces the prompt, the command runs again once its interval of virtual time has passed
// (not before), keys other than q are ignored, q and Ctrl+C give the prompt back with the
// screen gone, a refused watch is a one-time error, notices and job ends print above the
// screen, and a long output is cut shorter than the terminal.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { advanceBy } from '../../src/engine/clock.js';
import { raiseAlert } from '../../src/engine/alerts.js';
import { App } from '../../src/ui/app.js';
import { createClockFeed } from '../../src/ui/clock-feed.js';
import { freshShell } from '../helpers.js';

afterEach(() => cleanup());

const PROMPT = '[nasadmin@cel_pfs ~]$';

function start() {
  const shell = freshShell();
  const clock = createClockFeed();
  const r = render(<App shell={shell} clock={clock} />);
  const frame = () => r.lastFrame() ?? '';
  const until = (pred: (f: string) => boolean) => vi.waitFor(() => expect(pred(frame())).toBe(true), { timeout: 3000, interval: 5 });
  const tick = (ms: number) => {
    advanceBy(shell.lab.world, ms);
    clock.emit();
  };
  const settle = () => new Promise((res) => setTimeout(res, 30));
  return { shell, r, frame, until, tick, settle };
}

const header = (time: string) => `Every 5.0s: server_date server_2${' '.repeat(100 - 32 - 37)}cel_pfs: Mon Jan 12 ${time} GMT 2026`;

describe('watch in the interactive shell', () => {
  it('redraws the command as the clock runs, ignores other keys, and q gives the prompt back', async () => {
    const t = start();
    await t.until((f) => f.includes(PROMPT));
    t.r.stdin.write('watch -n 5 server_date server_2');
    t.r.stdin.write('\r');
    await t.until((f) => f.includes('Every 5.0s'));
    expect(t.frame()).toBe(`${PROMPT} watch -n 5 server_date server_2\n${header('09:00:00')}\n\nserver_2 : Mon Jan 12 09:00:00 GMT 2026`);

    // Not due yet: the screen stays as it was.
    t.tick(3000);
    await t.settle();
    expect(t.frame()).toContain('server_2 : Mon Jan 12 09:00:00 GMT 2026');
    t.tick(2000);
    await t.until((f) => f.includes('server_2 : Mon Jan 12 09:00:05'));
    expect(t.frame()).toBe(`${PROMPT} watch -n 5 server_date server_2\n${header('09:00:05')}\n\nserver_2 : Mon Jan 12 09:00:05 GMT 2026`);

    // Typing does nothing while the screen is up: no line is being edited.
    t.r.stdin.write('nas_server -list\r');
    await t.settle();
    expect(t.frame()).not.toContain('nas_server');
    t.r.stdin.write('q');
    await t.until((f) => f.endsWith(PROMPT));
    expect(t.frame()).toBe(`${PROMPT} watch -n 5 server_date server_2\n${PROMPT}`);

    // Back at the prompt the clock no longer runs it, and the line editor works.
    t.tick(10_000);
    t.r.stdin.write('server_date server_2\r');
    await t.until((f) => f.includes('09:00:15'));
    expect(t.frame()).toBe(`${PROMPT} watch -n 5 server_date server_2\n${PROMPT} server_date server_2\nserver_2 : Mon Jan 12 09:00:15 GMT 2026\n${PROMPT}`);
    expect(t.shell.lines).toEqual(['watch -n 5 server_date server_2', 'server_date server_2']);
  });

  it('Ctrl+C leaves too; -t draws the output alone; the default interval is 2 s', async () => {
    const t = start();
    await t.until((f) => f.includes(PROMPT));
    t.r.stdin.write('watch -t server_date server_3\r');
    await t.until((f) => f.includes('server_3 : Mon Jan 12 09:00:00'));
    expect(t.frame()).toBe(`${PROMPT} watch -t server_date server_3\nserver_3 : Mon Jan 12 09:00:00 GMT 2026`);
    t.tick(2000);
    await t.until((f) => f.includes('09:00:02'));
    t.r.stdin.write('\x03');
    await t.until((f) => f.endsWith(PROMPT));
    expect(t.frame()).not.toContain('^C');
    expect(t.frame()).not.toContain('server_3 :');
  });

  it('a command it cannot re-run is reported once, at the prompt', async () => {
    const t = start();
    await t.until((f) => f.includes(PROMPT));
    t.r.stdin.write('watch fs_ckpt pfs10 -Create\r');
    await t.until((f) => f.includes('changes the lab'));
    expect(t.frame()).toBe(`${PROMPT} watch fs_ckpt pfs10 -Create\nwatch: 'fs_ckpt pfs10 -Create' changes the lab: watch re-runs only commands that show it\n${PROMPT}`);
    t.r.stdin.write('watch nosuch\r');
    await t.until((f) => f.includes('nosuch: command not found'));
    expect(t.frame().endsWith(PROMPT)).toBe(true);
    expect(t.shell.lab.world.cells[0]!.fileSystems.some((f) => f.name === 'pfs10_ckpt1')).toBe(false);
  });

  it('an error the command gives is its output, run again all the same', async () => {
    const t = start();
    await t.until((f) => f.includes(PROMPT));
    t.r.stdin.write('watch -n 1 nas_fs -info newfs\r');
    await t.until((f) => f.includes('Every 1.0s'));
    expect(t.frame()).toMatch(/\n\nError 3105: newfs : invalid filesystem specified$/);
    // The file system appears (as a script at another terminal would make it): the next run shows it.
    expect(t.shell.exec('nas_fs -name newfs -create size=100M pool=clar_r5_performance').status).toBe(0);
    t.tick(1000);
    await t.until((f) => /\nname += newfs$/m.test(f));
    expect(t.frame()).not.toContain('Error 3105');
    t.r.stdin.write('q');
    await t.until((f) => f.endsWith(PROMPT));
  });

  it('alerts raised while it runs print above the screen, which stays', async () => {
    const t = start();
    await t.until((f) => f.includes(PROMPT));
    t.r.stdin.write('watch -n 5 server_date server_2\r');
    await t.until((f) => f.includes('Every 5.0s'));
    raiseAlert(t.shell.lab.world, 'cel_pfs', 'server_2', 'rep_savvol_full', { fs: 'pfs10', pct: 93 });
    t.tick(1000);
    await t.until((f) => f.includes('drshell: alert'));
    expect(t.frame()).toBe(
      `${PROMPT} watch -n 5 server_date server_2\ndrshell: alert: cel_pfs server_2: save volume of pfs10 is 93% full\n${header('09:00:00')}\n\nserver_2 : Mon Jan 12 09:00:00 GMT 2026`,
    );
  });

  it('cuts a long output so the screen stays shorter than the terminal', async () => {
    const t = start();
    await t.until((f) => f.includes(PROMPT));
    t.r.stdin.write('watch help\r');
    await t.until((f) => f.includes('Every 2.0s'));
    const screen = t.frame().split('\n').slice(1);
    expect(screen).toHaveLength(23);
    expect(screen[0]).toMatch(/^Every 2\.0s: help +cel_pfs: Mon Jan 12 09:00:00 GMT 2026$/);
    expect(screen.every((l) => l.length <= 100)).toBe(true);
  });
});
