// The shape of a benchmark's outcome and the table `npm run bench` prints: one row per
// figure (value, baseline from the same run, ratio, aim, met?) and notes below it.
import { table as layTable } from '../src/render/table.js';

export interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  aim: string;
  met: 'yes' | 'no' | 'n/a';
}

export interface Outcome {
  rows: Row[];
  /** Warnings, reasons for an n/a, and facts that explain a figure. */
  notes: string[];
}

export type Unit = 'ms' | 'MB';

/** What a figure must stay under: its own value, or its ratio to the baseline. */
export interface Aim {
  max: number;
  on: 'value' | 'ratio';
}

export interface Timed {
  figure: string;
  unit: Unit;
  /** Null when it could not be measured (the notes say why). */
  value: number | null;
  baseline: { label: string; value: number } | null;
  aim: Aim;
}

function show(v: number, unit: Unit): string {
  const digits = v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${v.toFixed(digits)} ${unit}`;
}

function showAim(aim: Aim, unit: Unit): string {
  return aim.on === 'ratio' ? `<= ${aim.max}x` : `< ${aim.max} ${unit}`;
}

export function timedRow(t: Timed): Row {
  const ratio = t.value !== null && t.baseline ? t.value / t.baseline.value : null;
  const judged = t.aim.on === 'ratio' ? ratio : t.value;
  const met = judged === null ? 'n/a' : (t.aim.on === 'ratio' ? judged <= t.aim.max : judged < t.aim.max) ? 'yes' : 'no';
  return {
    figure: t.figure,
    value: t.value === null ? 'n/a' : show(t.value, t.unit),
    baseline: t.baseline ? `${show(t.baseline.value, t.unit)} (${t.baseline.label})` : '-',
    ratio: ratio === null ? '-' : `${ratio.toFixed(2)}x`,
    aim: showAim(t.aim, t.unit),
    met,
  };
}

/** A yes/no property (e.g. "batch mode loads no ink"); `ok` null when it could not be checked. */
export function checkRow(figure: string, value: string, aim: string, ok: boolean | null): Row {
  return { figure, value, baseline: '-', ratio: '-', aim, met: ok === null ? 'n/a' : ok ? 'yes' : 'no' };
}

const HEADERS: Row = { figure: 'figure', value: 'value', baseline: 'baseline', ratio: 'ratio', aim: 'aim', met: 'met?' as Row['met'] };
const COLUMNS: (keyof Row)[] = ['figure', 'value', 'baseline', 'ratio', 'aim', 'met'];

export function table(rows: Row[]): string {
  const cells = [HEADERS, ...rows].map((r) => COLUMNS.map((c) => r[c]));
  return layTable(cells, { rule: true, trimEnd: true }).join('\n');
}
