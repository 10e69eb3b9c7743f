// Text layout for the terminal: hard wrapping at the terminal width (as the terminal
// itself wraps, never at word boundaries, so table columns keep their spacing), where the
// cursor lands in wrapped text, and bash's column listing of candidates. Widths are
// columns (width.ts): a wide character that would straddle the right edge starts
// the next row, as the terminal puts it there.
import { graphemes, padEndWidth, textWidth } from './width.js';

/** Printable ASCII only: one column per UTF-16 unit, so rows are plain slices (the common case, and big outputs stay fast). */
const NARROW = /^[\x20-\x7e]*$/;

/** A control character (a tab) is counted as one column, as before widths were measured: string-width says none. */
function charWidth(g: string): number {
  return g.length === 1 && g <= '~' ? 1 : textWidth(g);
}

/** A row of a wrapped line: its text, its width, and per character its UTF-16 offset in the line and its column. */
interface Row {
  text: string;
  width: number;
  cells: { at: number; x: number }[];
}

function wrapRows(line: string, w: number): Row[] {
  const rows: Row[] = [];
  let row: Row = { text: '', width: 0, cells: [] };
  let at = 0;
  for (const g of graphemes(line)) {
    const gw = charWidth(g);
    if (row.width + gw > w && row.cells.length > 0) {
      rows.push(row);
      row = { text: '', width: 0, cells: [] };
    }
    row.cells.push({ at, x: row.width });
    row.text += g;
    row.width += gw;
    at += g.length;
  }
  rows.push(row);
  return rows;
}

/** Splits every line into rows of at most `width` columns. */
export function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}

/** One line (no newline in it) as the rows the terminal shows it in. */
export function wrapLine(line: string, width: number): string[] {
  const w = Math.max(1, width);
  if (!NARROW.test(line)) return wrapRows(line, w).map((r) => r.text);
  if (line.length <= w) return [line];
  const rows: string[] = [];
  for (let i = 0; i < line.length; i += w) rows.push(line.slice(i, i + w));
  return rows;
}

/**
 * Row and column of UTF-16 offset `offset` of a one-line `text` hard-wrapped at `width`.
 * An offset inside a character (half of a surrogate pair) is shown on that character.
 * Past a full last row, the cursor sits at the start of a row not drawn yet.
 */
export function cursorAt(text: string, offset: number, width: number): { x: number; y: number } {
  const w = Math.max(1, width);
  if (NARROW.test(text)) return { x: offset % w, y: Math.floor(offset / w) };
  const rows = wrapRows(text, w);
  for (let y = 0; y < rows.length; y++) {
    const cells = rows[y]!.cells;
    for (let i = 0; i < cells.length; i++) {
      const next = i + 1 < cells.length ? cells[i + 1]!.at : y + 1 < rows.length ? rows[y + 1]!.cells[0]!.at : text.length;
      if (offset < next) return { x: cells[i]!.x, y };
    }
  }
  const last = rows[rows.length - 1]!;
  return last.width >= w ? { x: 0, y: rows.length } : { x: last.width, y: rows.length - 1 };
}

/**
 * The window of a wrapped live line that fits in `maxRows` rows and shows the cursor's
 * row, so the live area stays shorter than the terminal (ink redraws everything, and
 * wipes the scrollback, once a frame is as tall as the terminal).
 */
export function liveWindow(text: string, cursor: number, width: number, maxRows: number): { text: string; x: number; y: number } {
  const rows = wrapLine(text, width);
  const at = cursorAt(text, cursor, width);
  // A cursor just past a full last row sits at the start of a row not drawn yet.
  while (rows.length <= at.y) rows.push('');
  const n = Math.max(1, maxRows);
  const first = Math.max(0, Math.min(at.y - n + 1, rows.length - n));
  return { text: rows.slice(first, first + n).join('\n'), x: at.x, y: at.y - first };
}

/** Candidates in columns, filled down then across, two spaces apart (bash's listing). */
export function columns(items: string[], width: number): string {
  if (items.length === 0) return '';
  const colWidth = Math.max(...items.map(textWidth)) + 2;
  const perRow = Math.max(1, Math.floor((width + 2) / colWidth));
  const rows = Math.ceil(items.length / perRow);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c * rows + r < items.length; c++) {
      const item = items[c * rows + r]!;
      line += c * rows + r + rows < items.length ? padEndWidth(item, colWidth) : item;
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}
