// Tables whose columns are as wide as their widest cell: the listings drshell lays out for
// itself (fs_copy, fs_replicate and fs_dist -list, sim links, the client's ls -ln and df, the
// bench report). Listings that copy the real CLI's fixed columns pad by hand instead.
import { pad, padLeft } from './text.js';

export type Align = 'left' | 'right';

export interface TableStyle {
  /** Per column; left unless said. */
  align?: readonly Align[];
  /** Per column, the least width: the reference's, or what the usual values take. */
  min?: readonly number[];
  /** Between columns; two spaces unless said. */
  gap?: string;
  /** A rule of dashes under each table's first row (its heading), as wide as the columns. */
  rule?: boolean;
  /** Drops the blanks an empty last cell leaves. */
  trimEnd?: boolean;
}

type Rows = readonly (readonly string[])[];

/** The widest cell of each column over all the rows, and at least `min`. */
function columnWidths(rows: Rows, min: readonly number[]): number[] {
  const widths = [...min];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return widths;
}

/**
 * Several tables measured together, so that their columns line up one under the other.
 * A left-aligned last column is not padded: lines carry no blanks after their text.
 */
export function tables(groups: readonly Rows[], style: TableStyle = {}): string[][] {
  const { align = [], gap = '  ', rule = false, trimEnd = false } = style;
  const widths = columnWidths(groups.flat(), style.min ?? []);
  const line = (row: readonly string[]): string => {
    const text = row
      .map((cell, i) => {
        if (align[i] === 'right') return padLeft(cell, widths[i]!);
        return i === row.length - 1 ? cell : pad(cell, widths[i]!);
      })
      .join(gap);
    return trimEnd ? text.trimEnd() : text;
  };
  const dashes = widths.map((w) => '-'.repeat(w)).join(gap);
  return groups.map((rows) => {
    const lines = rows.map(line);
    if (rule && lines.length > 0) lines.splice(1, 0, dashes);
    return lines;
  });
}

/** One table: rows of cells (the heading first, when it has one). */
export function table(rows: Rows, style: TableStyle = {}): string[] {
  return tables([rows], style)[0]!;
}
