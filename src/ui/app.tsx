// The interactive shell's screen: finished commands go to <Static> once (each entry is
// the prompt line and its output as one <Text>, never cut); below it a live area holding
// only the prompt line, kept shorter than the terminal. Keys are queued and handled one
// at a time, so a paste of several lines runs them in order, each after the last one's
// lab write. Tab with several candidates inserts their common prefix; a second Tab in a
// row lists them in the scrollback under the line, as bash does. While long jobs run (copies,
// replication's initial copy or resync: src/engine/progress.ts), a progress bar per job sits
// under the prompt, drawn again as the running clock moves (the clock feed); a job that ends
// meanwhile leaves a notice in the scrollback, as bash reports a background job that
// finished, and so does an alert raised by a command or by the running clock. `watch` takes
// the live area over (watch-view.ts) until q or Ctrl+C: the same component re-rendered with
// the command's new output each time its interval of virtual time has passed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Static, Text, useApp, useCursor, useStdin, useStdout } from 'ink';
import type { Shell } from '../shell/shell.js';
import { prompt } from '../shell/session.js';
import { complete } from '../shell/completion.js';
import { applyCompletion, initialEditor, liveLine, reduce, withHistory, type EditKey, type EditorState } from '../shell/line-editor.js';
import { decodeKeys } from './keys.js';
import { columns, hardWrap, liveWindow } from './layout.js';
import type { ClockFeed } from './clock-feed.js';
import { jobEnded, jobsAt, type JobProgress } from '../engine/progress.js';
import type { World } from '../engine/types.js';
import { jobBarLines, jobEndedLine } from '../render/job-progress.js';
import type { WatchRequest } from '../shell/command.js';
import { leavesWatch, watchDue, watchFrame, type WatchState } from './watch-view.js';

export interface Entry {
  id: number;
  text: string;
}

export interface AppProps {
  shell: Shell;
  /** Hears each line added to the history (the history file appends it). */
  onHistory?: (line: string) => void;
  /** Called once, with the exit status, when the shell leaves (Ctrl+D or `exit`). */
  onExit?: (status: number) => void;
  /** Hears when the running clock changed the world (live views are drawn again). */
  clock?: ClockFeed;
}

/** The long jobs the session's Control Station shows, by key. */
function jobsShown(shell: Shell): Map<string, JobProgress> {
  return new Map(jobsAt(shell.lab.world, shell.lab.session.cel).map((j) => [j.key, j]));
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    // ink 6 re-lays out the last frame on resize but does not re-render us.
    const update = () => setSize(read());
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return size;
}

export function App({ shell, onHistory, onExit, clock }: AppProps) {
  const app = useApp();
  const { stdin, setRawMode, isRawModeSupported, internal_eventEmitter: events } = useStdin();
  const { setCursorPosition } = useCursor();
  const size = useTerminalSize();
  const sizeRef = useRef(size);
  sizeRef.current = size;

  const [entries, setEntries] = useState<Entry[]>([]);
  const [editor, setEditor] = useState<EditorState>(() => initialEditor(shell.lines));
  // The queue works on refs: keys arriving in one chunk must each see the last one's state.
  const editorRef = useRef(editor);
  const queue = useRef<EditKey[]>([]);
  const running = useRef(false);
  const finished = useRef(false);
  const nextId = useRef(0);

  const print = useCallback((text: string) => {
    const entry = { id: nextId.current++, text };
    setEntries((es) => [...es, entry]);
  }, []);

  // Jobs seen running (in which world, at which cell): one no longer running has ended, and
  // says so, whether the running clock or a command (sim advance) moved it on; an abort is
  // the command's own doing and its output already tells it.
  const jobsRef = useRef<{ world: World; cel: string; jobs: Map<string, JobProgress> }>({ world: shell.lab.world, cel: shell.lab.session.cel, jobs: jobsShown(shell) });
  const noteEndedJobs = useCallback(() => {
    const world = shell.lab.world;
    const cel = shell.lab.session.cel;
    const now = jobsShown(shell);
    const seen = jobsRef.current;
    if (seen.world === world && seen.cel === cel) {
      for (const [key, last] of seen.jobs) {
        if (now.has(key)) continue;
        const end = jobEnded(world, key);
        if (end?.outcome !== 'aborted') print(jobEndedLine(last, end));
      }
    }
    jobsRef.current = { world, cel, jobs: now };
  }, [shell, print]);
  const printNotices = useCallback(
    (lines: string[] = shell.takeNotices()) => {
      if (lines.length > 0) print(lines.join('\n'));
    },
    [shell, print],
  );

  // The watch, if one runs: a ref for the key queue and the clock, state for drawing.
  const [watching, setWatching] = useState<WatchState | null>(null);
  const watchRef = useRef<WatchState | null>(null);
  const runWatched = useCallback(
    (req: WatchRequest): WatchState => {
      let output: string;
      try {
        const r = shell.exec(req.line);
        output = r.text;
        printNotices(r.notices);
        if (r.changed) shell.flush().catch(() => {});
      } catch (e) {
        output = `drshell: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
      }
      const w = { req, output, ranAt: shell.lab.world.clock.now };
      watchRef.current = w;
      setWatching(w);
      return w;
    },
    [shell, printNotices],
  );
  const stopWatch = useCallback(() => {
    watchRef.current = null;
    setWatching(null);
  }, []);

  const [, setClockTurns] = useState(0);
  useEffect(() => {
    if (!clock) return;
    return clock.subscribe(() => {
      const hadJobs = jobsRef.current.jobs.size > 0;
      noteEndedJobs();
      printNotices();
      const w = watchRef.current;
      if (w !== null && watchDue(w, shell.lab.world.clock.now)) runWatched(w.req);
      // Drawn again only when something drawn may have changed: the bars' figures and time left.
      else if (hadJobs || jobsRef.current.jobs.size > 0) setClockTurns((n) => n + 1);
    });
  }, [clock, shell, noteEndedJobs, printNotices, runWatched]);

  // Leaving is a state so that the last entry is drawn before ink unmounts. Its last line
  // is drawn as the final live frame, which ink leaves on the screen: an empty live area
  // would leave a blank line under `logout`.
  const [exitStatus, setExitStatus] = useState<number | null>(null);
  const [finalLine, setFinalLine] = useState('');
  const leave = useCallback(
    (status: number, text: string) => {
      finished.current = true;
      queue.current = [];
      const lines = text.split('\n');
      if (lines.length > 1) print(lines.slice(0, -1).join('\n'));
      setFinalLine(lines[lines.length - 1]!);
      setExitStatus(status);
    },
    [print],
  );
  useEffect(() => {
    if (exitStatus === null) return;
    onExit?.(exitStatus);
    // After ink has written this frame (its writes are throttled), not within this commit.
    const t = setTimeout(() => app.exit(), 50);
    return () => clearTimeout(t);
  }, [exitStatus, app, onExit]);

  const runLine = useCallback(
    async (line: string) => {
      const shown = prompt(shell.lab.session) + line;
      if (line.trim() === '') {
        print(shown);
        return;
      }
      const before = shell.lines.length;
      shell.remember(line);
      if (shell.lines.length > before) onHistory?.(line);
      let text: string;
      let exit = false;
      let status = 0;
      let watch: WatchRequest | undefined;
      let notices: string[] | undefined;
      try {
        const r = shell.exec(line);
        text = r.text;
        exit = r.exit;
        status = r.status;
        watch = r.watch;
        notices = r.notices;
      } catch (e) {
        text = `drshell: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
      }
      const entry = text ? `${shown}\n${text.replace(/\n$/, '')}` : shown;
      if (exit) {
        // runInteractive writes the lab once ink has let go of the terminal. A login
        // shell says `logout` as it leaves; batch mode does not.
        leave(status, `${entry}\nlogout`);
        return;
      }
      // A watch's text is what a front end without a terminal prints instead; this one draws it.
      print(watch ? shown : entry);
      noteEndedJobs();
      printNotices(notices);
      if (watch) runWatched(watch);
      try {
        await shell.flush();
      } catch (e) {
        print(`drshell: cannot write the lab: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [shell, print, onHistory, leave, noteEndedJobs, printNotices, runWatched],
  );

  const step = useCallback(
    async (key: EditKey) => {
      if (watchRef.current !== null) {
        if (leavesWatch(key)) stopWatch();
        return;
      }
      const before = editorRef.current;
      let s = reduce(before, key);
      const effect = s.effect;
      if (effect?.t === 'complete') {
        const { state, list } = applyCompletion(s, complete(s.text, s.cursor, shell.lab.world, shell.lab.session));
        s = state;
        if (list.length > 0) print(`${prompt(shell.lab.session)}${s.text}\n${columns(list, sizeRef.current.columns)}`);
      } else if (effect?.t === 'cancel') {
        print(`${liveLine(before, prompt(shell.lab.session)).text}^C`);
      } else if (effect?.t === 'eof') {
        leave(0, `${prompt(shell.lab.session)}logout`);
      } else if (effect?.t === 'submit') {
        editorRef.current = s;
        setEditor(s);
        await runLine(effect.line);
        s = withHistory(editorRef.current, shell.lines);
      }
      editorRef.current = s;
      setEditor(s);
    },
    [shell, print, runLine, leave, stopWatch],
  );

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      while (queue.current.length > 0 && !finished.current) await step(queue.current.shift()!);
    } finally {
      running.current = false;
    }
  }, [step]);

  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    const onInput = (data: string | Buffer) => {
      if (finished.current) return;
      queue.current.push(...decodeKeys(String(data)));
      void pump();
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      setRawMode(false);
    };
  }, [stdin, events, setRawMode, isRawModeSupported, pump]);

  if (watching !== null && exitStatus === null) {
    setCursorPosition(undefined);
    return (
      <>
        <Static items={entries}>{(e) => <Text key={e.id}>{hardWrap(e.text, size.columns)}</Text>}</Static>
        <Text>{watchFrame(watching, shell.lab.session.cel, size.columns, size.rows)}</Text>
      </>
    );
  }

  const live = liveLine(editor, prompt(shell.lab.session));
  // Bars are fitted to the width (never wrapped), so each takes one row.
  const status = exitStatus !== null ? [] : jobBarLines(shell.lab.world, shell.lab.session.cel, size.columns);
  const win = liveWindow(live.text, live.cursor, size.columns, Math.max(1, size.rows - 2 - status.length));
  setCursorPosition(exitStatus !== null ? undefined : { x: win.x, y: win.y });

  return (
    <>
      <Static items={entries}>{(e) => <Text key={e.id}>{hardWrap(e.text, size.columns)}</Text>}</Static>
      <Box flexDirection="column">
        <Text>{exitStatus !== null ? hardWrap(finalLine, size.columns) : win.text}</Text>
        {status.length > 0 ? <Text>{status.join('\n')}</Text> : null}
      </Box>
    </>
  );
}
