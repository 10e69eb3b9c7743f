// The interactive shell's screen: finished commands go to <Static> once (each entry is
// the prompt line and its output as one <Text>, never cut); below it a live area holding
// only the prompt line, kept shorter than the terminal. Keys are queued and handled one
// at a time, so a paste of several lines runs them in order, each after the last one's
// lab write. Tab with several candidates inserts their common prefix; a second Tab in a
// row lists them in the scrollback under the line, as bash does. While fs_copy sessions run,
// a status line per session sits under the prompt, drawn again whenever the running clock
// runs events (the clock feed); a session that ends meanwhile leaves a notice in the
// scrollback, as bash reports a background job that finished.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Static, Text, useApp, useCursor, useStdin, useStdout } from 'ink';
import type { Shell } from '../shell/shell.js';
import { prompt } from '../shell/session.js';
import { complete } from '../shell/completion.js';
import { applyCompletion, initialEditor, liveLine, reduce, withHistory, type EditKey, type EditorState } from '../shell/line-editor.js';
import { decodeKeys } from './keys.js';
import { columns, hardWrap, liveWindow } from './layout.js';
import type { ClockFeed } from './clock-feed.js';
import { activeCopies, describeCopy, sessionsOf } from '../engine/copy/sessions.js';
import { copyEndedLine, copyStatusLines } from '../render/copy-progress.js';

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

/** Ids of the copies running or stalled that the session's Control Station is an end of. */
function runningCopies(shell: Shell): Set<number> {
  const cell = shell.lab.world.cells.find((c) => c.name === shell.lab.session.cel);
  return new Set(cell === undefined ? [] : activeCopies(shell.lab.world, cell).map((s) => s.id));
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

  // Copies seen running (in which world): one no longer running has ended, and says so,
  // whether the running clock or a command (sim advance) moved it on; an abort is the
  // command's own doing and its output already tells it.
  const copiesRef = useRef({ world: shell.lab.world, ids: runningCopies(shell) });
  const noteEndedCopies = useCallback(() => {
    const world = shell.lab.world;
    const now = runningCopies(shell);
    const cell = world.cells.find((c) => c.name === shell.lab.session.cel);
    if (cell !== undefined && copiesRef.current.world === world) {
      for (const s of sessionsOf(world, cell)) {
        if (copiesRef.current.ids.has(s.id) && !now.has(s.id) && s.state !== 'aborted') print(copyEndedLine(describeCopy(world, s), cell.name));
      }
    }
    copiesRef.current = { world, ids: now };
  }, [shell, print]);
  const [, setClockTurns] = useState(0);
  useEffect(() => {
    if (!clock) return;
    return clock.subscribe(() => {
      noteEndedCopies();
      setClockTurns((n) => n + 1);
    });
  }, [clock, noteEndedCopies]);

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
      try {
        const r = shell.exec(line);
        text = r.text;
        exit = r.exit;
        status = r.status;
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
      print(entry);
      noteEndedCopies();
      try {
        await shell.flush();
      } catch (e) {
        print(`drshell: cannot write the lab: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [shell, print, onHistory, leave, noteEndedCopies],
  );

  const step = useCallback(
    async (key: EditKey) => {
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
    [shell, print, runLine, leave],
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

  const live = liveLine(editor, prompt(shell.lab.session));
  // Status lines are cut to the width (never wrapped), so each takes one row.
  const status = exitStatus !== null ? [] : copyStatusLines(shell.lab.world, shell.lab.session.cel, size.columns);
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
