// The scrollback: what has been printed, append-only (ink's <Static> prints each entry once,
// by index, so entries are never changed or dropped), each with the tone it is painted in.
import { useCallback, useRef, useState } from 'react';
import type { Entry, Tone } from './paint.js';

export type Print = (text: string, tone?: Tone) => void;

export function useScrollback(): { entries: Entry[]; print: Print } {
  const [entries, setEntries] = useState<Entry[]>([]);
  const nextId = useRef(0);
  const print = useCallback<Print>((text, tone = 'plain') => {
    const entry = { id: nextId.current++, text, tone };
    setEntries((es) => [...es, entry]);
  }, []);
  return { entries, print };
}
