// The interactive shell's screen: finished commands go to <Static> once (each entry is
// the prompt line and its output as one <Text>, never cut); below it a live area holding
// only the prompt line, kept shorter than the terminal, and a progress bar per long job
// (copies, replication's initial copy or resync: src/engine/progress.ts) drawn again as the
// running clock moves. `watch` takes the live area over (watch-view.ts) until q or Ctrl+C.
// The work is in hooks, one job each: the scrollback, notices between commands, the watch,
// the clock's redraws, leaving, running a line, what a key does, and the key queue.
import { Box, Static, Text, useCursor } from 'ink';
import type { Shell } from '../shell/shell.js';
import { prompt } from '../shell/session.js';
import { liveLine } from '../shell/line-editor.js';
import { jobBarLines } from '../render/job-progress.js';
import type { ClockFeed } from './clock-feed.js';
import { liveWindow, hardWrap } from './layout.js';
import { entryRows, paintLeadingHint, paintStatusLine } from './paint.js';
import { useClockRedraws } from './use-clock-redraws.js';
import { useEditorKeys } from './use-editor-keys.js';
import { useKeyQueue } from './use-key-queue.js';
import { useLeave } from './use-leave.js';
import { useLineRunner } from './use-line-runner.js';
import { useNotices } from './use-notices.js';
import { useScrollback } from './use-scrollback.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useWatch } from './use-watch.js';
import { watchFrame } from './watch-view.js';
import { COLUMNS } from './width.js';

export interface AppProps {
  shell: Shell;
  /** Hears each line added to the history (the history file appends it). */
  onHistory?: (line: string) => void;
  /** Called once, with the exit status, when the shell leaves (Ctrl+D or `exit`). */
  onExit?: (status: number) => void;
  /** Hears when the running clock changed the world (live views are drawn again). */
  clock?: ClockFeed;
}

export function App({ shell, onHistory, onExit, clock }: AppProps) {
  const { setCursorPosition } = useCursor();
  const size = useTerminalSize();
  const { entries, print } = useScrollback();
  const notices = useNotices(shell, print);
  const watch = useWatch(shell, notices.printNotices);
  useClockRedraws(clock, shell, notices, watch);
  const { leaving, leave, hasLeft } = useLeave(print, onExit);
  const runLine = useLineRunner(shell, { print, onHistory, leave, noteEndedJobs: notices.noteEndedJobs, printNotices: notices.printNotices, runWatch: watch.run });
  const { editor, step } = useEditorKeys(shell, { print, runLine, leave, watch, width: size.columns });
  useKeyQueue(step, hasLeft);

  const scrollback = <Static items={entries}>{(e) => <Text key={e.id}>{entryRows(e, size.columns)}</Text>}</Static>;

  if (watch.watching !== null && leaving === null) {
    setCursorPosition(undefined);
    return (
      <>
        {scrollback}
        <Text>{watchFrame(watch.watching, shell.lab.session.cel, size.columns, size.rows)}</Text>
      </>
    );
  }

  if (leaving !== null) {
    setCursorPosition(undefined);
    return (
      <>
        {scrollback}
        <Text>{hardWrap(leaving.finalLine, size.columns)}</Text>
      </>
    );
  }

  const live = liveLine(editor, prompt(shell.lab.session));
  // While searching, what stands before the line is the search's label, not the prompt.
  const hint = editor.search ? live.text.slice(0, live.text.length - editor.text.length) : '';
  // Bars are fitted to the width (never wrapped), so each takes one row.
  const status = jobBarLines(shell.lab.world, shell.lab.session.cel, size.columns, COLUMNS);
  const win = liveWindow(live.text, live.cursor, size.columns, Math.max(1, size.rows - 2 - status.length));
  setCursorPosition({ x: win.x, y: win.y });

  return (
    <>
      {scrollback}
      <Box flexDirection="column">
        <Text>{paintLeadingHint(win.text, hint)}</Text>
        {status.length > 0 ? <Text>{status.map(paintStatusLine).join('\n')}</Text> : null}
      </Box>
    </>
  );
}
