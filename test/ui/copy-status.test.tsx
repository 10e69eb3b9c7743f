// The interactive shell's live fs_copy progress: a bar per running copy under the prompt,
// drawn again as the running clock moves, gone with a notice in the scrollback when the
// copy ends; and the bar's own wording (progress, sizes, rate, time left, a stall, fitting
// the width, more copies than lines).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { advanceBy } from '../../src/engine/clock.js';
import { changeLink } from '../../src/engine/links.js';
import { jobBarLines } from '../../src/render/job-progress.js';
import { App } from '../../src/ui/app.js';
import { createClockFeed } from '../../src/ui/clock-feed.js';
import { freshShell, run } from '../helpers.js';

afterEach(() => cleanup());

/** A lab with 48 MB on pfs10 and a checkpoint of it. */
function labWithCheckpoint() {
  const shell = freshShell();
  expect(run(shell, 'client write /pfs10/db/orders.dbf 40M').status).toBe(0);
  expect(run(shell, 'client write /pfs10/reports/q3.xls 8M').status).toBe(0);
  expect(run(shell, 'fs_ckpt pfs10 -Create').status).toBe(0);
  return shell;
}

/** The app's last frame, and a wait until it satisfies a predicate. */
function framesOf(r: ReturnType<typeof render>) {
  const frame = () => r.lastFrame() ?? '';
  const until = (pred: (f: string) => boolean) => vi.waitFor(() => expect(pred(frame())).toBe(true), { timeout: 3000, interval: 5 });
  return { frame, until };
}

describe('live fs_copy status in the interactive shell', () => {
  it('shows progress under the prompt as the clock runs, then a notice when the copy ends', async () => {
    const shell = labWithCheckpoint();
    const clock = createClockFeed();
    const r = render(<App shell={shell} clock={clock} />);
    const { frame, until } = framesOf(r);
    await until((f) => f.includes('$'));
    r.stdin.write('fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs');
    r.stdin.write('\r');
    await until((f) => f.includes('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs ['));
    expect(frame()).toMatch(/\[nasadmin@cel_pfs ~\]\$\ncopy_1 pfs10_ckpt1 -> sfs10:cel_sfs \[-{13}\] 0% about 5s left \(0 bytes of 48\.0 MB, 11\.9 MB\/s\)$/);

    advanceBy(shell.lab.world, 2000);
    clock.emit();
    await until((f) => f.includes('24%'));
    expect(frame()).toMatch(/\ncopy_1 pfs10_ckpt1 -> sfs10:cel_sfs \[##-{10}\] 24% about 4s left \(11\.9 MB of 48\.0 MB, 11\.9 MB\/s\)$/);

    changeLink(shell.lab.world, 'cel_pfs', 'cel_sfs', { up: false });
    advanceBy(shell.lab.world, 1000);
    clock.emit();
    await until((f) => f.includes('stalled'));
    expect(frame()).toMatch(/\ncopy_1 pfs10_ckpt1 -> sfs10:cel_sfs \[###-{13}\] 24% stalled: link cel_pfs <-> cel_sfs is down$/);

    changeLink(shell.lab.world, 'cel_pfs', 'cel_sfs', { up: true });
    advanceBy(shell.lab.world, 10_000);
    clock.emit();
    await until((f) => f.includes('completed'));
    const f = frame();
    expect(f).toContain('\ncopy_1 pfs10_ckpt1 -> sfs10:cel_sfs: completed, 48.0 MB in 6s\n[nasadmin@cel_pfs ~]$');
    expect(f).not.toContain('24%');
    expect(f.trimEnd().endsWith('[nasadmin@cel_pfs ~]$')).toBe(true);
  });

  it('a copy stopped by a command gets no notice; the status line goes', async () => {
    const shell = labWithCheckpoint();
    const clock = createClockFeed();
    const r = render(<App shell={shell} clock={clock} />);
    const { frame, until } = framesOf(r);
    await until((f) => f.includes('$'));
    r.stdin.write('fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs >/dev/null\r');
    await until((f) => f.includes('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs ['));
    r.stdin.write('fs_copy -abort copy_1 | grep state\r');
    await until((f) => f.includes('copy_state            = aborted'));
    clock.emit();
    await new Promise((res) => setTimeout(res, 30));
    expect(frame()).not.toContain('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs');
  });

  it('a copy that a command (sim advance) lets finish gets its notice after the output', async () => {
    const shell = labWithCheckpoint();
    const r = render(<App shell={shell} clock={createClockFeed()} />);
    const { frame, until } = framesOf(r);
    await until((f) => f.includes('$'));
    r.stdin.write('fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs >/dev/null\r');
    await until((f) => f.includes('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs ['));
    r.stdin.write('sim advance 1m\r');
    await until((f) => f.includes('completed'));
    // sim's own progress lines tell the jump; the notice follows the output, as a background job's would.
    expect(frame()).toMatch(
      /\$ sim advance 1m\nadvanced 1m; \d+ events? ran\n(progress: .*\n){4}.*\ncopy_1 pfs10_ckpt1 -> sfs10:cel_sfs: completed, 48\.0 MB in 4s\n\[nasadmin@cel_pfs ~\]\$$/,
    );
  });

  it('shows the copies of the Control Station the session is on', async () => {
    const shell = labWithCheckpoint();
    run(shell, 'fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs');
    const r = render(<App shell={shell} clock={createClockFeed()} />);
    const { frame, until } = framesOf(r);
    await until((f) => f.includes('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs ['));
    r.stdin.write('cs cel_sfs\r');
    await until((f) => f.includes('[nasadmin@cel_sfs ~]$'));
    expect(frame()).toMatch(/\[nasadmin@cel_sfs ~\]\$\ncopy_1 pfs10_ckpt1:cel_pfs -> sfs10 \[-+\] 0%/);
    r.stdin.write('cs cel_pfs\r');
    await until((f) => f.trimEnd().endsWith('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs [-------------] 0% about 5s left (0 bytes of 48.0 MB, 11.9 MB/s)'));
  });
});

describe('progress bars', () => {
  it('fit the width (the bar narrows, then the sizes go, then the line is cut) and count the copies beyond three', () => {
    const shell = labWithCheckpoint();
    for (const n of [1, 2, 3, 4]) {
      expect(run(shell, `nas_fs -name bak${n} -type rawfs -create samesize=pfs10 pool=clar_r5_performance`).status).toBe(0);
      expect(run(shell, `fs_copy -start pfs10_ckpt1 bak${n} -option qos=1000`).status).toBe(0);
    }
    const world = shell.lab.world;
    expect(jobBarLines(world, 'cel_pfs')).toEqual([
      'copy_1 pfs10_ckpt1 -> bak1 [--------------------] 0% about 6m 50s left (0 bytes of 48.0 MB, 122 KB/s)',
      'copy_2 pfs10_ckpt1 -> bak2 [--------------------] 0% about 6m 50s left (0 bytes of 48.0 MB, 122 KB/s)',
      '2 more long jobs running',
    ]);
    expect(jobBarLines(world, 'cel_pfs', 80)[0]).toBe('copy_1 pfs10_ckpt1 -> bak1 [--------------------] 0% about 6m 50s left');
    expect(jobBarLines(world, 'cel_pfs', 30)[0]).toBe('copy_1 pfs10_ckpt1 -> bak1 [--');
    expect(jobBarLines(world, 'cel_pfs', 10)[2]).toBe('2 more lon');
    expect(jobBarLines(world, 'cel_sfs')).toEqual([]);
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    // Copies within a cell need no link.
    advanceBy(world, 60_000);
    expect(jobBarLines(world, 'cel_pfs')[0]).toBe('copy_1 pfs10_ckpt1 -> bak1 [##------------------] 14% about 5m 50s left (7.1 MB of 48.0 MB, 122 KB/s)');
  });
});
