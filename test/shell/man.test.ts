// Every command has a man page whose SYNOPSIS is its grammar's synopsis, the pages render
// with the system's man(1) and with drshell's own roff reader, and the `man` built-in
// shows them through the dispatcher.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { roffToText } from '../../src/render/roff.js';
import { synopsis } from '../../src/shell/grammar.js';
import { commands } from '../../src/shell/registry.js';
import { manDir } from '../../src/store/paths.js';
import { freshShell, run } from '../helpers.js';

const DIR = manDir();
const pageOf = (name: string) => join(DIR, `${name}.1`);

/** Removes the roff escapes that only change the font or print as the same character. */
function plain(line: string): string {
  return line.replace(/\\f[BIRP]/g, '').replace(/\\-/g, '-');
}

/** The lines of the .nf/.fi block that follows `.SH SYNOPSIS`, escapes removed. */
function synopsisBlock(roff: string): string[] | string {
  const lines = roff.split('\n');
  const sh = lines.findIndex((l) => /^\.SH\s+"?SYNOPSIS"?\s*$/.test(l));
  if (sh < 0) return 'no .SH SYNOPSIS';
  let k = sh + 1;
  while (k < lines.length && /^\.(PP|LP|P|sp)?\s*$/.test(lines[k]!) && lines[k] !== '.nf') k++;
  if (lines[k] !== '.nf') return `.SH SYNOPSIS is not followed by .nf (line ${k + 1}: ${JSON.stringify(lines[k])})`;
  const end = lines.indexOf('.fi', k + 1);
  if (end < 0) return 'the SYNOPSIS .nf block has no .fi';
  return lines.slice(k + 1, end).map(plain);
}

/** The NAME section's line as a reader sees it: `nas_fs - manage file systems`. */
function nameLine(roff: string): string {
  const lines = roff.split('\n');
  const sh = lines.findIndex((l) => /^\.SH\s+"?NAME"?\s*$/.test(l));
  return sh < 0 ? '' : plain(lines[sh + 1] ?? '').replace(/\\/g, '');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('man pages', () => {
  const all = commands();

  it('the registry is not empty and its names are unique', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
  });

  for (const cmd of all) {
    describe(cmd.name, () => {
      it('has a page whose SYNOPSIS is the grammar synopsis, line for line', () => {
        expect(existsSync(pageOf(cmd.name)), `${pageOf(cmd.name)} is missing`).toBe(true);
        const roff = readFileSync(pageOf(cmd.name), 'utf8');
        expect(synopsisBlock(roff)).toEqual(synopsis(cmd.name, cmd.forms));
      });

      it('names itself in its NAME and .TH lines', () => {
        const roff = readFileSync(pageOf(cmd.name), 'utf8');
        expect(roff.split('\n')[0]).toMatch(new RegExp(`^\\.TH "?${cmd.name.toUpperCase()}"? 1 `));
        expect(nameLine(roff)).toMatch(new RegExp(`^${cmd.name} - \\S`));
      });

      it('renders with the fallback roff reader, NAME line and SYNOPSIS included', () => {
        const roff = readFileSync(pageOf(cmd.name), 'utf8');
        const text = roffToText(roff, 80);
        expect(text).toContain('NAME');
        expect(text).toContain('SYNOPSIS');
        expect(squash(text.join('\n'))).toContain(squash(nameLine(roff)));
        const trimmed = text.map((l) => l.trim());
        for (const l of synopsis(cmd.name, cmd.forms)) expect(trimmed).toContain(l.trim());
        expect(text.join('\n')).not.toMatch(/\\f|^\./m);
      });
    });
  }

  it('has no page for a command the registry lacks', () => {
    const names = new Set(all.map((c) => c.name));
    const orphans = readdirSync(DIR).filter((f) => f.endsWith('.1') && !names.has(f.slice(0, -2)));
    expect(orphans).toEqual([]);
  });
});

describe('man(1) renders the pages', () => {
  const hasMan = spawnSync('sh', ['-c', 'command -v man']).status === 0;

  it.skipIf(!hasMan)('man -l man/man1/nas_fs.1', () => {
    const r = spawnSync('man', ['-l', '-P', 'cat', pageOf('nas_fs')], {
      encoding: 'utf8',
      env: { ...process.env, MANWIDTH: '80', LANG: 'C.UTF-8' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('NAME');
    expect(r.stdout).toContain('SYNOPSIS');
    expect(r.stdout).toMatch(/^\s+nas_fs - /m);
  });

  it.skipIf(!hasMan)('every page renders without a warning from man(1)', () => {
    for (const cmd of commands()) {
      if (!existsSync(pageOf(cmd.name))) continue; // reported by the SYNOPSIS test
      const r = spawnSync('man', ['--warnings', '-l', '-P', 'cat', pageOf(cmd.name)], {
        encoding: 'utf8',
        env: { ...process.env, MANWIDTH: '80', LANG: 'C.UTF-8' },
      });
      expect({ page: cmd.name, status: r.status, stderr: r.stderr }).toEqual({ page: cmd.name, status: 0, stderr: '' });
    }
  });
});

describe('the man built-in', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('shows a page through the dispatcher', () => {
    const r = run(freshShell(), 'man nas_server');
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/^NAS_SERVER\(1\)/);
    // man(1) justifies the NAME line to the terminal's width: compare it word by word.
    expect(r.text).toMatch(/^NAME\n\s+nas_server\s+-\s+list\s+and\s+show\s+the\s+data\s+movers;\s+create,\s+load,\s+move\s+and\s+check\s+virtual\s+data\s+movers$/m);
    expect(r.text).toMatch(/^SYNOPSIS\n\s+nas_server -list \[\{-all\|-vdm\}\]\n\s+\| -info -vdm \{-all\|<vdm_name>\}$/m);
    expect(r.text).not.toMatch(/\x1b|.\x08/);
  });

  it('falls back to its own reader when the system has no man(1)', () => {
    process.env.PATH = '/nonexistent';
    const r = run(freshShell(), 'man sim');
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/^SIM\(1\)/);
    expect(r.text).toMatch(/^NAME\n\s+sim - show or move the virtual clock$/m);
    expect(r.text).toContain('  | advance <duration>');
  });

  it('says so for a page that does not exist, and reads nothing outside man/man1', () => {
    const shell = freshShell();
    expect(run(shell, 'man no_such_command')).toEqual({ text: 'No manual entry for no_such_command\n', status: 16 });
    expect(run(shell, 'man ../../package').status).toBe(16);
    expect(run(shell, 'man /etc/passwd').status).toBe(16);
  });

  it('pipes into the system tools', () => {
    const r = run(freshShell(), 'man nas_server | grep -c nas_server');
    expect(r.status).toBe(0);
    expect(Number(r.text.trim())).toBeGreaterThan(2);
  });
});
