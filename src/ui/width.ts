// Widths as the terminal draws them: a CJK character or an emoji takes two columns, a
// combining mark none, so lines are measured, cut and padded by string-width over
// grapheme clusters, never by `.length` (which counts UTF-16 code units). ink measures
// with the same string-width, so what we fit to the width is what it lays out. Only the
// interactive shell loads this: string-width's tables and segmenter would slow batch start-up.
import stringWidth from 'string-width';
import type { Measure } from '../render/job-progress.js';

let segmenter: Intl.Segmenter | undefined;

/** The grapheme clusters of `s` (what the terminal draws as one character each). */
export function graphemes(s: string): string[] {
  segmenter ??= new Intl.Segmenter();
  return Array.from(segmenter.segment(s), (g) => g.segment);
}

/** Columns `s` takes on the terminal. */
export function textWidth(s: string): number {
  return stringWidth(s);
}

/** The longest head of `s` that fits in `width` columns (a wide character that would straddle the edge is left out). */
export function cutToWidth(s: string, width: number): string {
  if (stringWidth(s) <= width) return s;
  let out = '';
  let used = 0;
  for (const g of graphemes(s)) {
    const w = stringWidth(g);
    if (used + w > width) break;
    out += g;
    used += w;
  }
  return out;
}

/** `s` with spaces after it up to `width` columns (never cut). */
export function padEndWidth(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - stringWidth(s)));
}

/** `s` with spaces before it up to `width` columns (never cut). */
export function padStartWidth(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(s))) + s;
}

/** Terminal columns, for the progress bars (render/job-progress.ts measures in UTF-16 units unless told). */
export const COLUMNS: Measure = { widthOf: textWidth, cut: cutToWidth };
