// Colour in the interactive shell: with chalk's level forced up (as on a colour terminal),
// a failed command's error lines are red and nothing else in its reply is painted, alert
// notices are yellow, a job's bar is green and dim, a hint dim; with NO_COLOR (any
// non-empty value) the same screen has no escape codes at all.
import chalk from 'chalk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { raiseAlert } from '../../src/engine/alerts.js';
import { App } from '../../src/ui/app.js';
import { createClockFeed } from '../../src/ui/clock-feed.js';
import { respectNoColor } from '../../src/ui/colour.js';
import { entryRows, paintLeadingHint, paintStatusLine } from '../../src/ui/paint.js';
import { freshShell, run } from '../helpers.js';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const GREEN = '\x1b[32m';
const DIM = '\x1b[2m';
const PROMPT = '[nasadmin@cel_pfs ~]$';

let level: typeof chalk.level;
beforeEach(() => {
  level = chalk.level;
  chalk.level = 1;
});
afterEach(() => {
  cleanup();
  chalk.level = level;
});

/** Types lines into the app; resolves once the last one's prompt is back under its output. */
async function session(lines: string[]) {
  const shell = freshShell();
  expect(run(shell, 'client write /pfs10/db/orders.dbf 40M').status).toBe(0);
  expect(run(shell, 'fs_ckpt pfs10 -Create').status).toBe(0);
  raiseAlert(shell.lab.world, 'cel_pfs', 'server_2', 'rep_savvol_full', { fs: 'pfs10', pct: 92 });
  const r = render(<App shell={shell} clock={createClockFeed()} />);
  const frame = () => r.lastFrame() ?? '';
  const until = (pred: (f: string) => boolean) => vi.waitFor(() => expect(pred(frame())).toBe(true), { timeout: 3000, interval: 5 });
  await until((f) => f.includes(PROMPT));
  for (const line of lines) {
    const before = frame().split(PROMPT).length;
    r.stdin.write(line);
    r.stdin.write('\r');
    await until((f) => f.split(PROMPT).length > before);
  }
  return frame;
}

const LINES = ['nas_fs -info nope', 'nas_server -list', 'fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs', 'nosuchcmd'];

describe('colour in the interactive shell', () => {
  it('paints error replies red, alerts yellow and bars when chalk has colour', async () => {
    const frame = await session(LINES);
    const f = frame();
    expect(f).toContain(`${RED}Error 3105: nope : invalid filesystem specified`);
    expect(f).toContain(`${RED}-bash: nosuchcmd: command not found`);
    expect(f).toContain(`${YELLOW}drshell: alert: cel_pfs server_2: save volume of pfs10 is 92% full`);
    // The echoed line and a successful reply stay as the Control Station prints them.
    expect(f).toContain(`${PROMPT} nas_fs -info nope\n`);
    expect(f).toMatch(/\nid {6}type {2}acl {2}slot groupID {2}state {2}name\n/);
    // The bar under the prompt: nothing done yet, so only its dim part.
    expect(f).toMatch(new RegExp(`copy_1 pfs10_ckpt1 -> sfs10:cel_sfs \\[${DIM.replace('[', '\\[')}-+`));
  });

  it('paints nothing with NO_COLOR, even when chalk would colour', async () => {
    respectNoColor({ NO_COLOR: '1' });
    const frame = await session(LINES);
    const f = frame();
    expect(f).toContain('Error 3105: nope : invalid filesystem specified');
    expect(f).toContain('drshell: alert: cel_pfs server_2');
    expect(f).toContain('copy_1 pfs10_ckpt1 -> sfs10:cel_sfs [');
    expect(f).not.toContain('\x1b');
  });

  it('leaves colour alone when NO_COLOR is empty or unset', () => {
    respectNoColor({ NO_COLOR: '' });
    respectNoColor({});
    expect(chalk.level).toBe(1);
  });
});

describe('painting', () => {
  it('paints error lines of a failed reply only, every row of a wrapped one', () => {
    const text = '$ nas_fs -info nope; nas_fs -list\nError 3105: nope : invalid filesystem specified\nid inuse';
    expect(entryRows({ id: 0, text, tone: 'plain' }, 80)).toBe(text);
    const rows = entryRows({ id: 0, text, tone: 'failed' }, 30).split('\n');
    expect(rows[0]).toBe('$ nas_fs -info nope; nas_fs -l');
    expect(rows.slice(2, 4)).toEqual([`${RED}Error 3105: nope : invalid fil\x1b[39m`, `${RED}esystem specified\x1b[39m`]);
    expect(rows[4]).toBe('id inuse');
  });

  it('paints a bar green where done, dim where not, a stall yellow, and hints dim', () => {
    expect(paintStatusLine('copy_1 a -> b [##--] 50% about 4s left')).toBe(`copy_1 a -> b [${GREEN}##\x1b[39m${DIM}--\x1b[22m] 50% about 4s left`);
    expect(paintStatusLine('copy_1 a -> b [##--] 50% stalled: link x <-> y is down')).toBe(
      `copy_1 a -> b [${GREEN}##\x1b[39m${DIM}--\x1b[22m] 50%${YELLOW} stalled: link x <-> y is down\x1b[39m`,
    );
    expect(paintStatusLine('copy_1 a -> b [##--] 50% stalled: server_2 at cel_sfs is down (1.0 MB of 2.0 MB)')).toBe(
      `copy_1 a -> b [${GREEN}##\x1b[39m${DIM}--\x1b[22m] 50%${YELLOW} stalled: server_2 at cel_sfs is down\x1b[39m (1.0 MB of 2.0 MB)`,
    );
    expect(paintStatusLine('2 more long jobs running')).toBe(`${DIM}2 more long jobs running\x1b[22m`);
    expect(paintLeadingHint("(reverse-i-search)`ls': nas_fs -list", "(reverse-i-search)`ls': ")).toBe(`${DIM}(reverse-i-search)\`ls': \x1b[22mnas_fs -list`);
    // A window scrolled past the label has nothing to paint.
    expect(paintLeadingHint('-list', "(reverse-i-search)`ls': ")).toBe('-list');
    chalk.level = 0;
    expect(paintStatusLine('copy_1 a -> b [##--] 50%')).toBe('copy_1 a -> b [##--] 50%');
  });
});
