// Text helpers shared by the commands' formats: padding, key = value blocks.

/** Left-aligns `s` in `width` columns (never cuts; callers cut where the real CLI does). */
export function pad(s: string | number, width: number): string {
  const t = String(s);
  return t.length >= width ? t : t + ' '.repeat(width - t.length);
}

export function padLeft(s: string | number, width: number): string {
  const t = String(s);
  return t.length >= width ? t : ' '.repeat(width - t.length) + t;
}

/** `key       = value` lines with keys padded to `width` (the nas_* info style). */
export function keyValues(rows: [string, string | number][], width: number): string[] {
  return rows.map(([k, v]) => `${pad(k, width)}= ${v}`.trimEnd());
}

/** Blocks (one per object) separated by a blank line, as the `-info -all` forms print them. */
export function joinBlocks(blocks: string[][]): string[] {
  return blocks.flatMap((b, i) => (i === 0 ? b : ['', ...b]));
}
