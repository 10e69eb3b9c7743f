// The terminal's size, kept current: ink 6 re-lays out the last frame on resize but does
// not re-render the components, so a component that fits its text to the width would keep
// the old width until something else drew it again.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

const sizeOf = (out: NodeJS.WriteStream): TerminalSize => ({ columns: out.columns || 80, rows: out.rows || 24 });

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const update = () => setSize(sizeOf(stdout));
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return size;
}
