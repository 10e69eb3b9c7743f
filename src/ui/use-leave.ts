// Leaving the shell (Ctrl+D, `exit`): a state, so that the last entry is drawn before ink
// unmounts. Its last line is drawn as the final live frame, which ink leaves on the screen:
// an empty live area would leave a blank line under `logout`.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from 'ink';
import type { Tone } from './paint.js';
import type { Print } from './use-scrollback.js';

export interface Leaving {
  status: number;
  finalLine: string;
}

export interface Leave {
  leaving: Leaving | null;
  /** Prints `text` (its last line as the final frame) and leaves with `status`. */
  leave: (status: number, text: string, tone?: Tone) => void;
  /** Whether leaving has begun: keys after it are not handled. */
  hasLeft: () => boolean;
}

export function useLeave(print: Print, onExit?: (status: number) => void): Leave {
  const app = useApp();
  const left = useRef(false);
  const [leaving, setLeaving] = useState<Leaving | null>(null);

  const leave = useCallback(
    (status: number, text: string, tone?: Tone) => {
      left.current = true;
      const lines = text.split('\n');
      if (lines.length > 1) print(lines.slice(0, -1).join('\n'), tone);
      setLeaving({ status, finalLine: lines[lines.length - 1]! });
    },
    [print],
  );

  useEffect(() => {
    if (leaving === null) return;
    onExit?.(leaving.status);
    // After ink has written this frame (its writes are throttled), not within this commit.
    const t = setTimeout(() => app.exit(), 50);
    return () => clearTimeout(t);
  }, [leaving, app, onExit]);

  const hasLeft = useCallback(() => left.current, []);

  return { leaving, leave, hasLeft };
}
