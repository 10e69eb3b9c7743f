// The EXAMPLES of every man page are sessions a reader can type: each page's `$ <command>`
// lines replay on a fresh default lab, in order, and print exactly the output the page shows.
// A page may elide output with a line holding only `...`, if its EXAMPLES text says so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manDir } from '../../src/store/paths.js';
import { freshShell, run } from '../helpers.js';

const DIR = manDir();

/** Pages whose examples cannot replay in an in-memory test lab, and why. */
const SKIP: Record<string, string> = {
  exit: 'the example is a host shell running `drshell -c ...; echo $?`, not a drshell session',
  man: 'the output is man(1) formatting the page, which depends on the system man and the terminal width',
  save: 'writes a file outside the lab (/tmp/before-failover.json)',
  load: 'reads a file that `save` wrote outside the lab (/tmp/before-failover.json)',
  reset: 'prints the fixture path of an installed drshell, which differs from the test checkout',
};

/** Roff escapes as they print: font changes vanish, `\-` is a minus, `\e` a backslash. */
function plain(line: string): string {
  return line
    .replace(/\\f(\[[^\]]*\]|\(..|.)/g, '')
    .replace(/\\\(aq/g, "'")
    .replace(/\\\(dq/g, '"')
    .replace(/\\\(em/g, '—')
    .replace(/\\\(en/g, '–')
    .replace(/\\[&|^]/g, '')
    .replace(/\\ /g, ' ')
    .replace(/\\-/g, '-')
    .replace(/\\e/g, '\\');
}

interface Example {
  /** Prose of the EXAMPLES section outside its .nf block, escapes removed. */
  prose: string;
  /** The block's lines, escapes removed. */
  block: string[];
}

/** The EXAMPLES section's .nf/.fi block, or why the section is not of that form. */
function examplesOf(roff: string): Example | string {
  const lines = roff.split('\n');
  const sh = lines.findIndex((l) => /^\.SH\s+"?EXAMPLES?"?\s*$/.test(l));
  if (sh < 0) return 'no .SH EXAMPLES';
  let end = lines.findIndex((l, i) => i > sh && /^\.SH\b/.test(l));
  if (end < 0) end = lines.length;
  const section = lines.slice(sh + 1, end);
  const nf = section.indexOf('.nf');
  const fi = section.indexOf('.fi', nf + 1);
  if (nf < 0 || fi < 0) return 'EXAMPLES has no .nf/.fi block';
  if (section.indexOf('.nf', fi + 1) >= 0) return 'EXAMPLES has more than one .nf block';
  const block = section.slice(nf + 1, fi).filter((l) => !l.startsWith('.\\"'));
  const request = block.find((l) => /^[.']/.test(l));
  if (request !== undefined) return `the EXAMPLES block holds a roff request: ${request}`;
  const prose = [...section.slice(0, nf), ...section.slice(fi + 1)]
    .filter((l) => !/^[.']/.test(l))
    .map(plain)
    .join(' ');
  return { prose, block: block.map(plain) };
}

/** `$ cmd` or `[nasadmin@cel_pfs ~]$ cmd`: the command typed, or null for an output line. */
const PROMPT = /^(?:\[[^\]\n]*\])?\$(?: (.*))?$/;
const ELIDED = '...';

/** Replays the block's commands and returns the session as the terminal shows it. */
function replay(block: string[]): string[] {
  const shell = freshShell();
  const out: string[] = [];
  for (const line of block) {
    const m = PROMPT.exec(line);
    if (!m) continue;
    out.push(line);
    const command = m[1] ?? '';
    if (!command.trim()) continue;
    // As the interactive front end does, so `history` sees the lines typed before it.
    shell.remember(command);
    const { text } = run(shell, command);
    // Trailing blanks are dropped: roff and man(1) do not keep them, so no page can show them.
    if (text)
      out.push(
        ...text
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => l.trimEnd()),
      );
  }
  return out;
}

/**
 * `expected` with each `...` line replaced by the run of actual lines it stands for (zero or
 * more), when such a replacement makes the two equal; else `expected` unchanged, for the diff.
 */
function fillElisions(expected: string[], actual: string[]): string[] {
  const memo = new Map<string, string[][] | null>();
  const go = (i: number, j: number): string[][] | null => {
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    let r: string[][] | null = null;
    if (i === expected.length) r = j === actual.length ? [] : null;
    else if (expected[i] === ELIDED) {
      for (let k = j; k <= actual.length && !r; k++) {
        const rest = go(i + 1, k);
        if (rest) r = [actual.slice(j, k), ...rest];
      }
    } else if (j < actual.length && expected[i] === actual[j]) {
      const rest = go(i + 1, j + 1);
      if (rest) r = [[actual[j]!], ...rest];
    }
    memo.set(key, r);
    return r;
  };
  const parts = go(0, 0);
  return parts ? parts.flat() : expected;
}

const pages = readdirSync(DIR)
  .filter((f) => f.endsWith('.1'))
  .map((f) => f.slice(0, -2))
  .sort();

describe('man page EXAMPLES replay on a fresh lab', () => {
  it('the skip list names only pages that exist', () => {
    expect(Object.keys(SKIP).filter((p) => !pages.includes(p))).toEqual([]);
  });

  // Pages in SKIP get no test at all (rather than a skipped one): the reason is recorded there.
  for (const page of pages.filter((p) => !(p in SKIP))) {
    it(`${page}.1`, () => {
      const ex = examplesOf(readFileSync(join(DIR, `${page}.1`), 'utf8'));
      expect(typeof ex === 'string' ? ex : null, `${page}.1: list it in SKIP with the reason, or fix the page`).toBeNull();
      const { prose, block } = ex as Example;
      expect(
        block.some((l) => PROMPT.exec(l)?.[1]),
        `${page}.1 EXAMPLES shows no command`,
      ).toBe(true);
      expect(PROMPT.test(block[0] ?? ''), `${page}.1 EXAMPLES does not start with a command`).toBe(true);
      if (block.includes(ELIDED)) {
        expect(prose, `${page}.1 elides output with "..." but its EXAMPLES text does not say so`).toMatch(/\belided\b/);
      }
      const actual = replay(block);
      expect(actual.join('\n')).toBe(fillElisions(block, actual).join('\n'));
    });
  }
});
