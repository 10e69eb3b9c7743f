// How the interactive shell paints what it prints. The command formats and the dispatcher
// give plain text (batch mode prints it as it is, as the real Control Station does); only
// here, knowing what an entry is (a failed command's reply, an alert notice, a progress bar),
// are a few lines coloured: error replies red, alerts yellow, bars green, hints dim (the
// count of jobs not shown, reverse-i-search's label). Each row is painted after wrapping,
// so a wrapped line keeps its colour on every row and widths are measured on plain text.
// chalk's level (colour.ts) turns all of it off.
import chalk from 'chalk';
import { wrapLine } from './layout.js';

/**
 * What a scrollback entry is, for its colour: `plain` as printed; `failed` the echo and
 * reply of a line where a command failed (its error lines red); `alert` a notice a person
 * must see (yellow); `error` the shell's own failure (red).
 */
export type Tone = 'plain' | 'failed' | 'alert' | 'error';

export interface Entry {
  id: number;
  text: string;
  tone: Tone;
}

/** The error replies of the Control Station and of bash, and the shell's own. */
const ERROR_LINE = /^(Error \d+: |-bash: |drshell: internal error: )/;

type Paint = (row: string) => string;

function paintOf(tone: Tone, line: string): Paint | null {
  switch (tone) {
    case 'plain':
      return null;
    case 'failed':
      return ERROR_LINE.test(line) ? chalk.red : null;
    case 'alert':
      return chalk.yellow;
    case 'error':
      return chalk.red;
  }
}

/** An entry as the rows the terminal shows at `width` columns, painted by its tone. */
export function entryRows(e: Entry, width: number): string {
  return e.text
    .split('\n')
    .flatMap((line) => {
      const rows = wrapLine(line, width);
      const paint = paintOf(e.tone, line);
      return paint ? rows.map((r) => (r === '' ? r : paint(r))) : rows;
    })
    .join('\n');
}

/** `[####------]` as render/job-progress.ts draws it, and a stalled job's reason after it. */
const BAR = /^(.*? )\[(#*)(-*)\]( .*)$/;
/** Up to the sizes in brackets, which stay plain. */
const STALLED = / stalled: .*?(?= \(|$)/;

/**
 * A line under the prompt: a job's bar (the done part green, the rest dim, why it is
 * stalled yellow), or a hint (`2 more long jobs running`) dim.
 */
export function paintStatusLine(line: string): string {
  const m = BAR.exec(line);
  if (!m) return chalk.dim(line);
  const [, label, done, todo, rest] = m as unknown as [string, string, string, string, string];
  const stalled = STALLED.exec(rest);
  const after = stalled ? rest.slice(0, stalled.index) + chalk.yellow(stalled[0]) + rest.slice(stalled.index + stalled[0].length) : rest;
  return `${label}[${chalk.green(done)}${chalk.dim(todo)}]${after}`;
}

/** The live line's window with its leading hint (reverse-i-search's label) dim, when the window starts with it. */
export function paintLeadingHint(text: string, hint: string): string {
  return hint !== '' && text.startsWith(hint) ? chalk.dim(hint) + text.slice(hint.length) : text;
}
