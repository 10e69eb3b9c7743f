// The keyboard, in raw mode, as a queue: ink's raw input events (keys.ts decodes them; not
// useInput, whose flags lose Backspace vs Delete and whose pastes arrive as one string) are
// queued and handled one at a time, each after the last one's work (a submitted line's lab
// write included), so a pasted block runs its lines in order. Nothing is handled once the
// shell is leaving.
import { useCallback, useEffect, useRef } from 'react';
import { useStdin } from 'ink';
import type { EditKey } from '../shell/line-editor.js';
import { decodeKeys } from './keys.js';

export function useKeyQueue(step: (key: EditKey) => Promise<void>, hasLeft: () => boolean): void {
  const { setRawMode, isRawModeSupported, internal_eventEmitter: events } = useStdin();
  const queue = useRef<EditKey[]>([]);
  const running = useRef(false);

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      while (queue.current.length > 0 && !hasLeft()) await step(queue.current.shift()!);
    } finally {
      running.current = false;
    }
  }, [step, hasLeft]);

  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    const onInput = (data: string | Buffer) => {
      if (hasLeft()) return;
      queue.current.push(...decodeKeys(String(data)));
      void pump();
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      setRawMode(false);
    };
  }, [events, setRawMode, isRawModeSupported, pump, hasLeft]);
}
