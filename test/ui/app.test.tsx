// The ink app through ink-testing-library: commands and their output in the scrollback,
// the prompt following `cs`, completion listings, Ctrl+C, pasted lines, leaving.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { freshShell } from '../helpers.js';

afterEach(() => cleanup());

function start(history: string[] = []) {
  const shell = freshShell();
  shell.lines.push(...history);
  const added: string[] = [];
  const exits: number[] = [];
  const r = render(<App shell={shell} onHistory={(l) => added.push(l)} onExit={(s) => exits.push(s)} />);
  const frame = () => r.lastFrame() ?? '';
  const until = (pred: (f: string) => boolean) => vi.waitFor(() => expect(pred(frame())).toBe(true), { timeout: 3000, interval: 5 });
  const type = async (data: string, expectText?: string) => {
    r.stdin.write(data);
    if (expectText !== undefined) await until((f) => f.includes(expectText));
    else await new Promise((res) => setTimeout(res, 20));
  };
  return { shell, r, frame, until, type, added, exits };
}

describe('interactive app', () => {
  it('shows the prompt, runs a command and keeps its output in the scrollback', async () => {
    const t = start();
    await t.until((f) => f.includes('[nasadmin@cel_pfs ~]$'));
    await t.type('nas_server -list');
    await t.type('\r', 'server_4');
    const f = t.frame();
    expect(f).toContain('[nasadmin@cel_pfs ~]$ nas_server -list\nid      type  acl  slot groupID  state  name\n');
    expect(f).toMatch(/3 +4 +0 +4 +0 +server_4\n\[nasadmin@cel_pfs ~\]\$$/);
    expect(t.added).toEqual(['nas_server -list']);
    expect(t.shell.lines).toEqual(['nas_server -list']);
  });

  it('never cuts long output', async () => {
    const t = start();
    await t.until((f) => f.includes('$'));
    const many = Array.from({ length: 60 }, (_, i) => `cmd${i}`);
    t.shell.lines.push(...many);
    await t.type('history');
    await t.type('\r', '   61  history');
    for (let i = 1; i <= 61; i++) expect(t.frame()).toContain(`${String(i).padStart(5)}  `);
  });

  it('changes the prompt after cs', async () => {
    const t = start();
    await t.until((f) => f.includes('$'));
    await t.type('cs cel_sfs');
    await t.type('\r', '[nasadmin@cel_sfs ~]$');
    expect(t.frame()).toContain('[nasadmin@cel_pfs ~]$ cs cel_sfs\ncel_sfs : Control Station');
    expect(t.frame().trimEnd().endsWith('[nasadmin@cel_sfs ~]$')).toBe(true);
  });

  it('completes with Tab and lists several candidates in the scrollback', async () => {
    const t = start();
    await t.until((f) => f.includes('$'));
    await t.type('nas_ser');
    await t.type('\t', 'nas_server');
    await t.type('-l');
    await t.type('\t', 'nas_server -list');
    await t.type('\x15'); // Ctrl+U
    await t.type('server_u');
    await t.type('\t');
    expect(t.frame()).not.toMatch(/server_umount +server_uptime +server_usermapper/);
    await t.type('\t', 'server_umount');
    expect(t.frame()).toMatch(/\[nasadmin@cel_pfs ~\]\$ server_u\nserver_umount +server_uptime +server_usermapper\n/);
    await t.type('\x15nas_server -i');
    await t.type('\t', 'nas_server -info');
    await t.type('\t');
    await t.type('\t', 'server_4');
    expect(t.frame()).toMatch(/\[nasadmin@cel_pfs ~\]\$ nas_server -info ?\n-all +-vdm +server_2 +server_3 +server_4\n\[nasadmin@cel_pfs ~\]\$ nas_server -info$/);
  });

  it('Ctrl+C abandons the line with ^C; the line is not run', async () => {
    const t = start();
    await t.until((f) => f.includes('$'));
    await t.type('nas_server -list');
    await t.type('\x03', '^C');
    expect(t.frame()).toContain('[nasadmin@cel_pfs ~]$ nas_server -list^C\n[nasadmin@cel_pfs ~]$');
    expect(t.frame()).not.toContain('server_4');
    expect(t.shell.lines).toEqual([]);
  });

  it('runs pasted lines one by one', async () => {
    const t = start();
    await t.until((f) => f.includes('$'));
    await t.type('cs cel_sfs\rnas_server -list\r', '[nasadmin@cel_sfs ~]$ nas_server -list');
    await t.until((f) => /server_4\n\[nasadmin@cel_sfs ~\]\$$/.test(f));
    expect(t.shell.lines).toEqual(['cs cel_sfs', 'nas_server -list']);
  });

  it('recalls history with Up and searches it with Ctrl+R', async () => {
    const t = start(['nas_server -list', 'cs cel_sfs']);
    await t.until((f) => f.includes('$'));
    await t.type('\x1b[A', '$ cs cel_sfs');
    await t.type('\x1b[A', '$ nas_server -list');
    await t.type('\x1b[B\x1b[B');
    await t.until((f) => f.trimEnd().endsWith('[nasadmin@cel_pfs ~]$'));
    await t.type('\x12');
    await t.type('list', "(reverse-i-search)`list': nas_server -list");
    await t.type('\r', 'server_4');
    expect(t.shell.lines[t.shell.lines.length - 1]).toBe('nas_server -list');
  });

  it('leaves on Ctrl+D with logout, and on exit with its status', async () => {
    const a = start();
    await a.until((f) => f.includes('$'));
    await a.type('\x04');
    await vi.waitFor(() => expect(a.exits).toEqual([0]));
    expect(a.frame()).toContain('[nasadmin@cel_pfs ~]$ logout');
    cleanup();
    const b = start();
    await b.until((f) => f.includes('$'));
    await b.type('exit 3\r');
    await vi.waitFor(() => expect(b.exits).toEqual([3]));
    expect(b.frame()).toContain('[nasadmin@cel_pfs ~]$ exit 3\nlogout');
  });
});
