// A running `watch`: its last output as state (it is drawn) and in a ref (the key queue and
// the clock read it between renders), run again by the clock when due (use-clock-redraws.ts)
// and stopped by q or Ctrl+C (use-editor-keys.ts).
import { useCallback, useRef, useState } from 'react';
import type { Shell } from '../shell/shell.js';
import type { WatchRequest } from '../shell/command.js';
import type { WatchState } from './watch-view.js';

export interface Watch {
  /** The watch being drawn, or null. */
  watching: WatchState | null;
  /** The watch as of now, for callers between renders. */
  current: () => WatchState | null;
  /** Runs the watched command (again) and draws its output. */
  run: (req: WatchRequest) => void;
  stop: () => void;
}

export function useWatch(shell: Shell, printNotices: (lines?: string[]) => void): Watch {
  const [watching, setWatching] = useState<WatchState | null>(null);
  const ref = useRef<WatchState | null>(null);

  const run = useCallback(
    (req: WatchRequest) => {
      let output: string;
      try {
        const r = shell.exec(req.line);
        output = r.text;
        printNotices(r.notices);
        // The next run or command reports a lasting problem writing the lab.
        if (r.changed) shell.flush().catch(() => {});
      } catch (e) {
        output = `drshell: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
      }
      const w = { req, output, ranAt: shell.lab.world.clock.now };
      ref.current = w;
      setWatching(w);
    },
    [shell, printNotices],
  );

  const stop = useCallback(() => {
    ref.current = null;
    setWatching(null);
  }, []);

  const current = useCallback(() => ref.current, []);

  return { watching, current, run, stop };
}
