// The watch built-in's words and checks: the interval (default, seconds, durations, glued
// and long options, in either order, procps's 0.1 s floor), -t, the command line joined
// from its words; what cannot be watched and how it is reported (once, with its status);
// the reply a front end gets (the request, and the refusal text a front end without a
// terminal prints); and the dispatcher refusing a watch that is not alone on its line.
import { describe, expect, it } from 'vitest';
import { checkWatchable, DEFAULT_INTERVAL_MS, everyText, watchCommand } from '../../src/shell/builtins/watch.js';
import { matchForms } from '../../src/shell/grammar.js';
import { UsageError, type Ctx } from '../../src/shell/command.js';
import { freshShell } from '../helpers.js';

function parse(args: string) {
  const words = args === '' ? [] : args.split(' ');
  const m = matchForms(watchCommand.forms, words);
  if (m === null) throw new Error(`no form matches ${args}`);
  const shell = freshShell();
  const ctx = { world: shell.lab.world, session: shell.lab.session } as Ctx;
  return watchCommand.parse(m, ctx);
}

describe('watch words', () => {
  it('take -n in seconds or as a duration, -t, and the command', () => {
    expect(parse('server_date server_2')).toEqual({ intervalMs: DEFAULT_INTERVAL_MS, title: true, line: 'server_date server_2' });
    expect(parse('-n 5 fs_copy -list')).toEqual({ intervalMs: 5000, title: true, line: 'fs_copy -list' });
    expect(parse('-n 0.5 -t fs_copy -list')).toEqual({ intervalMs: 500, title: false, line: 'fs_copy -list' });
    expect(parse('-n 10m nas_fs -info pfs10')).toEqual({ intervalMs: 600_000, title: true, line: 'nas_fs -info pfs10' });
  });

  it('as procps: options in either order, glued values, long names, -- before a command', () => {
    expect(parse('-t -n 3 server_date ALL')).toEqual({ intervalMs: 3000, title: false, line: 'server_date ALL' });
    expect(parse('-n3 server_date ALL').intervalMs).toBe(3000);
    expect(parse('--interval=1m --no-title server_date ALL')).toEqual({ intervalMs: 60_000, title: false, line: 'server_date ALL' });
    expect(parse('--interval 7 server_date ALL').intervalMs).toBe(7000);
    expect(parse('-- server_date ALL').line).toBe('server_date ALL');
    // Options of the command stay the command's.
    expect(parse('fs_copy -list -n 5').line).toBe('fs_copy -list -n 5');
  });

  it('take an interval under 0.1 s as 0.1 s, and refuse a malformed one or none', () => {
    expect(parse('-n 0 server_date ALL').intervalMs).toBe(100);
    expect(parse('-n 50ms server_date ALL').intervalMs).toBe(100);
    expect(() => parse('-n x server_date ALL')).toThrow(/bad interval 'x'/);
    expect(() => parse('-t -n -5 server_date ALL')).toThrow(/bad interval '-5'/);
    expect(() => parse('-t -n')).toThrow(/option '-n' needs a number of seconds/);
    expect(() => parse('-x server_date ALL')).toThrow(/unknown option '-x'/);
    expect(() => parse('')).toThrow(UsageError);
    expect(() => parse('-t')).toThrow(/nothing to watch/);
  });

  it('show the interval as procps does', () => {
    expect(everyText(2000)).toBe('Every 2.0s:');
    expect(everyText(500)).toBe('Every 0.5s:');
    expect(everyText(600_000)).toBe('Every 600.0s:');
  });
});

describe('what can be watched', () => {
  it('commands that show the lab, pipes and redirections included', () => {
    for (const line of [
      'fs_copy -list',
      'server_date ALL',
      'nas_fs -info nosuchfs',
      'fs_copy -list | grep copy',
      'client ls /pfs10',
      'sim',
      'sim link',
      'env A=1 nas_server -list',
      'help',
      'nas_server -list; server_date ALL',
    ]) {
      expect(checkWatchable(line, {}), line).toBeNull();
    }
  });

  it('not a command that changes the lab, the session or the shell: each reported once, with its status', () => {
    expect(checkWatchable('fs_ckpt pfs10 -Create', {})).toEqual({ lines: ["watch: 'fs_ckpt pfs10 -Create' changes the lab: watch re-runs only commands that show it"], status: 2 });
    expect(checkWatchable('sim advance 1m', {})?.status).toBe(2);
    expect(checkWatchable('server_date ALL; nas_fs -name x -create size=1G pool=p', {})?.lines[0]).toMatch(/changes the lab/);
    expect(checkWatchable('cs cel_sfs', {})?.lines).toEqual(['watch: cs changes the Control Station the session is on: it cannot be re-run']);
    for (const line of ['watch date', 'exit', 'export A=1', 'save', 'load x', 'reset', 'A=1']) expect(checkWatchable(line, {})?.status, line).toBe(2);
    expect(checkWatchable('nosuch -x', {})).toEqual({ lines: ["watch: nosuch: command not found (type 'help' for the commands drshell knows)"], status: 127 });
    const usage = checkWatchable('nas_fs -bogus', {})!;
    expect(usage.status).toBe(2);
    expect(usage.lines[0]).toBe('usage: nas_fs -list');
    expect(checkWatchable("echo 'unclosed", {})?.lines[0]).toMatch(/^watch: /);
  });

  it('expands the session variables as the line will be when it runs', () => {
    expect(checkWatchable('$CMD pfs10 -Create', { CMD: 'fs_ckpt' })?.lines[0]).toMatch(/changes the lab/);
  });
});

describe('watch through the dispatcher', () => {
  it('replies with the request, and the refusal text and status 2 for a front end without a terminal', () => {
    const shell = freshShell();
    const r = shell.exec('watch -n 5 server_date server_2');
    expect(r.watch).toEqual({ line: 'server_date server_2', intervalMs: 5000, title: true });
    expect(r.text).toBe("watch: needs a terminal; in a script, run 'server_date server_2' after each sim advance instead\n");
    expect([r.status, r.failed, r.changed]).toEqual([2, 2, false]);
  });

  it('a refused command gets no request', () => {
    const r = freshShell().exec('watch fs_ckpt pfs10 -Create');
    expect(r.watch).toBeUndefined();
    expect(r.status).toBe(2);
  });

  it('must be alone on its line: not joined, piped or redirected; the rest of the line runs as sh would', () => {
    const shell = freshShell();
    const refusal = 'watch: it takes over the terminal until q: run it on a line of its own, not joined, piped or redirected\n';
    for (const line of ['watch server_date ALL | grep x', 'watch server_date ALL > /dev/null', 'watch server_date ALL && echo no']) {
      const r = shell.exec(line);
      expect([r.watch, r.text, r.status], line).toEqual([undefined, refusal, 2]);
    }
    const r = shell.exec('watch server_date ALL; echo after');
    expect([r.watch, r.text, r.status]).toEqual([undefined, `${refusal}after\n`, 0]);
  });
});
