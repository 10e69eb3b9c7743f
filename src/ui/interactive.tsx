// The interactive front end: opens the lab (with the history file, so `history` sees
// earlier sessions), draws the shell with ink, runs the virtual clock while it is open,
// and on leaving writes the lab and releases its lock. Loaded only on a terminal, the one
// place colour is decided (colour.ts, paint.ts): batch mode prints plain text.
import { render } from 'ink';
import type { CliOptions } from '../cli.js';
import { openShell, type LabOptions } from '../open-lab.js';
import { appendHistory, loadHistory } from '../shell/history-file.js';
import { historyPath } from '../store/paths.js';
import { App } from './app.js';
import { createClockFeed } from './clock-feed.js';
import { startClock } from './clock-ticker.js';
import { respectNoColor } from './colour.js';

export async function runInteractive(o: CliOptions & LabOptions): Promise<number> {
  respectNoColor();
  const historyFile = historyPath();
  let history: string[] = [];
  try {
    history = loadHistory(historyFile);
  } catch (e) {
    process.stderr.write(`drshell: cannot read the history file ${historyFile}: ${(e as Error).message}\n`);
  }
  const opened = await openShell(o, history);
  if ('error' in opened) {
    process.stderr.write(`${opened.error}\n`);
    return 1;
  }
  const { shell, store } = opened;
  const startedAt = shell.lab.world.clock.now;
  let historyBroken = false;
  const onHistory = (line: string) => {
    if (historyBroken) return;
    try {
      appendHistory(historyFile, line);
    } catch (e) {
      // One warning, then the session goes on without a history file.
      historyBroken = true;
      process.stderr.write(`drshell: cannot write the history file ${historyFile}: ${(e as Error).message}\n`);
    }
  };
  const clock = createClockFeed();
  const ticker = startClock(() => shell.lab.world, {
    onAdvance: () => clock.emit(),
    onEvents: () => {
      shell.markChanged();
      shell.flush().catch(() => {
        // the next command's write reports a lasting problem
      });
    },
  });
  let status = 0;
  try {
    const instance = render(<App shell={shell} onHistory={onHistory} onExit={(s) => (status = s)} clock={clock} />, {
      exitOnCtrlC: false,
      // Not incremental: ink 6.8's incremental writer moves up one row too few over a live area
      // of more than one row (a wrapped line being typed, the fs_copy status lines) and leaves
      // every changed row one row lower each frame. The whole (small) live area is redrawn
      // instead, inside synchronized output on terminals that have it, so without flicker.
      incrementalRendering: false,
    });
    await instance.waitUntilExit();
  } finally {
    ticker.stop();
    try {
      // The clock moved while the shell was open: keep where it got to.
      if (shell.lab.world.clock.now !== startedAt) shell.markChanged();
      await shell.flush();
    } catch (e) {
      process.stderr.write(`drshell: cannot write the lab: ${(e as Error).message}\n`);
      status ||= 1;
    } finally {
      store.close();
    }
  }
  return status;
}
