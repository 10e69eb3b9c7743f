// Alert notices in the interactive shell: one raised while a command runs prints after its
// output, above the next prompt; one raised while the clock runs prints above the prompt
// and the line being typed, which stays; each is printed once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { raiseAlert } from '../../src/engine/alerts.js';
import { advanceBy, schedule } from '../../src/engine/clock.js';
import { App } from '../../src/ui/app.js';
import { createClockFeed } from '../../src/ui/clock-feed.js';
import { freshShell } from '../helpers.js';
import { onTestEvent } from '../wiring-seam.js';

afterEach(() => cleanup());

vi.mock('../../src/engine/wiring.js', { spy: true });
const PROMPT = '[nasadmin@cel_pfs ~]$';

describe('alert notices in the interactive shell', () => {
  it('print after the output of the command that raised them, and above the prompt as the clock raises them', async () => {
    const shell = freshShell();
    const clock = createClockFeed();
    const r = render(<App shell={shell} clock={clock} />);
    const frame = () => r.lastFrame() ?? '';
    const until = (pred: (f: string) => boolean) => vi.waitFor(() => expect(pred(frame())).toBe(true), { timeout: 3000, interval: 5 });
    await until((f) => f.includes(PROMPT));

    onTestEvent((w, count) => raiseAlert(w, 'cel_pfs', 'server_2', 'rep_outstanding', { fs: 'pfs10', count: Number(count) }));
    schedule(shell.lab.world, shell.lab.world.clock.now + 1000, 'site.boot', { cel: 'test', mover: '4' });
    r.stdin.write('sim advance 2s\r');
    await until((f) => f.includes('drshell: alert'));
    expect(frame()).toBe(
      `${PROMPT} sim advance 2s\nadvanced 2s; 1 event ran\nMon Jan 12 09:00:02 GMT 2026 (speed 1x, running)\ndrshell: alert: cel_pfs server_2: 4 delta sets of pfs10 outstanding\n${PROMPT}`,
    );

    r.stdin.write('nas_ser');
    await until((f) => f.endsWith(`${PROMPT} nas_ser`));
    schedule(shell.lab.world, shell.lab.world.clock.now + 1000, 'site.boot', { cel: 'test', mover: '9' });
    advanceBy(shell.lab.world, 1000);
    clock.emit();
    await until((f) => f.includes('9 delta sets'));
    expect(frame().endsWith(`outstanding\ndrshell: alert: cel_pfs server_2: 9 delta sets of pfs10 outstanding\n${PROMPT} nas_ser`)).toBe(true);
    clock.emit();
    await new Promise((res) => setTimeout(res, 30));
    expect(frame().split('9 delta sets')).toHaveLength(2);
    expect(shell.lab.world.alerts?.notices).toEqual([]);
  });
});
