// Text layout for the terminal: hard wrapping at the terminal width (as the terminal
// itself wraps, never at word boundaries, so table columns keep their spacing), where the
// cursor lands in wrapped text, and bash's column listing of completion candidates.

/** Splits every line into pieces of at most `width` characters. */
export function hardWrap(text: string, width: number): string {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const chars = Array.from(line);
    if (chars.length <= w) {
      out.push(line);
      continue;
    }
    for (let i = 0; i < chars.length; i += w) out.push(chars.slice(i, i + w).join(''));
  }
  return out.join('\n');
}

/** Row and column of character `offset` of a one-line `text` hard-wrapped at `width`. */
export function cursorAt(offset: number, width: number): { x: number; y: number } {
  const w = Math.max(1, width);
  return { x: offset % w, y: Math.floor(offset / w) };
}

/**
 * The window of a wrapped live line that fits in `maxRows` rows and shows the cursor's
 * row, so the live area stays shorter than the terminal (ink redraws everything, and
 * wipes the scrollback, once a frame is as tall as the terminal).
 */
export function liveWindow(text: string, cursor: number, width: number, maxRows: number): { text: string; x: number; y: number } {
  const rows = hardWrap(text, width).split('\n');
  // A cursor just past a full last row sits at the start of a row not drawn yet.
  const at = cursorAt(cursor, width);
  while (rows.length <= at.y) rows.push('');
  const n = Math.max(1, maxRows);
  const first = Math.max(0, Math.min(at.y - n + 1, rows.length - n));
  return { text: rows.slice(first, first + n).join('\n'), x: at.x, y: at.y - first };
}

/** Candidates in columns, filled down then across, two spaces apart (bash's listing). */
export function columns(items: string[], width: number): string {
  if (items.length === 0) return '';
  const colWidth = Math.max(...items.map((s) => s.length)) + 2;
  const perRow = Math.max(1, Math.floor((width + 2) / colWidth));
  const rows = Math.ceil(items.length / perRow);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c * rows + r < items.length; c++) {
      const item = items[c * rows + r]!;
      line += (c * rows + r + rows < items.length ? item.padEnd(colWidth) : item);
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}
