// Runs a submitted line: the prompt and the line echoed with its reply in the scrollback
// (painted as failed when a command in it failed), the history told, then notices, a watch
// taken over if the line asked for one, and the lab written before the next key is handled.
import { useCallback } from 'react';
import type { Shell } from '../shell/shell.js';
import type { WatchRequest } from '../shell/command.js';
import type { Reply } from '../shell/dispatch.js';
import { prompt } from '../shell/session.js';
import type { Tone } from './paint.js';
import type { Print } from './use-scrollback.js';

export interface LineRunnerDeps {
  print: Print;
  onHistory?: (line: string) => void;
  leave: (status: number, text: string, tone?: Tone) => void;
  noteEndedJobs: () => void;
  printNotices: (lines?: string[]) => void;
  runWatch: (req: WatchRequest) => void;
}

type Outcome = Pick<Reply, 'text' | 'exit' | 'status' | 'watch' | 'notices'> & { failed: boolean };

function execute(shell: Shell, line: string): Outcome {
  try {
    const r = shell.exec(line);
    return { text: r.text, exit: r.exit, status: r.status, watch: r.watch, notices: r.notices, failed: r.status !== 0 || (r.failed ?? 0) !== 0 };
  } catch (e) {
    return { text: `drshell: internal error: ${e instanceof Error ? e.message : String(e)}\n`, exit: false, status: 0, failed: true };
  }
}

export function useLineRunner(shell: Shell, deps: LineRunnerDeps): (line: string) => Promise<void> {
  const { print, onHistory, leave, noteEndedJobs, printNotices, runWatch } = deps;
  return useCallback(
    async (line: string) => {
      const shown = prompt(shell.lab.session) + line;
      if (line.trim() === '') {
        print(shown);
        return;
      }
      const before = shell.lines.length;
      shell.remember(line);
      if (shell.lines.length > before) onHistory?.(line);
      const r = execute(shell, line);
      const tone: Tone = r.failed ? 'failed' : 'plain';
      const entry = r.text ? `${shown}\n${r.text.replace(/\n$/, '')}` : shown;
      if (r.exit) {
        // runInteractive writes the lab once ink has let go of the terminal. A login
        // shell says `logout` as it leaves; batch mode does not.
        leave(r.status, `${entry}\nlogout`, tone);
        return;
      }
      // A watch's text is what a front end without a terminal prints instead; this one draws it.
      print(r.watch ? shown : entry, tone);
      noteEndedJobs();
      printNotices(r.notices);
      if (r.watch) runWatch(r.watch);
      try {
        await shell.flush();
      } catch (e) {
        print(`drshell: cannot write the lab: ${e instanceof Error ? e.message : String(e)}`, 'error');
      }
    },
    [shell, print, onHistory, leave, noteEndedJobs, printNotices, runWatch],
  );
}
