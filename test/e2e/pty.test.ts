// The real interactive shell in a pseudo-terminal (tmux, 80x24): type with Tab
// completion, read the screen, recall with Up, follow `cs`, leave with Ctrl+D, and find
// the lines in the history file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, openTerminal, type Terminal } from './tmux.js';

let term: Terminal;
const keys = (...k: string[]) => term.keys(...k);
const typeText = (text: string) => term.typeText(text);
const waitFor = (pred: (s: string) => boolean, what: string, timeoutMs?: number) => term.waitFor(pred, what, timeoutMs);

/** The last non-empty row: where the prompt and the line being typed are. */
const lastRow = (s: string) =>
  s
    .split('\n')
    .filter((l) => l.trim() !== '')
    .pop() ?? '';

describe.skipIf(!hasTmux)('interactive shell in a terminal', () => {
  beforeAll(() => {
    term = openTerminal('e2e');
  });

  afterAll(() => term?.close());

  it('completes, runs, recalls, follows cs and leaves', async () => {
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$', 'the first prompt');

    typeText('nas_ser');
    keys('Tab');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ nas_server', 'nas_server completed');
    typeText('-l');
    keys('Tab');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ nas_server -list', '-list completed');
    keys('Enter');
    let s = await waitFor((s) => s.includes('server_4') && lastRow(s) === '[nasadmin@cel_pfs ~]$', 'the listing');
    expect(s).toContain('[nasadmin@cel_pfs ~]$ nas_server -list\nid      type  acl  slot groupID  state  name\n');
    expect(s).toMatch(/^1 +1 +0 +2 +0 +server_2$/m);
    expect(s).toMatch(/^3 +4 +0 +4 +0 +server_4$/m);

    keys('Up');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ nas_server -list', 'Up recalling the line');
    keys('Enter');
    s = await waitFor((s) => s.split('server_4').length === 3 && lastRow(s) === '[nasadmin@cel_pfs ~]$', 'the listing again');

    typeText('cs cel_s');
    keys('Tab');
    await waitFor((s) => lastRow(s) === '[nasadmin@cel_pfs ~]$ cs cel_sfs', 'cel_sfs completed');
    keys('Enter');
    s = await waitFor((s) => lastRow(s) === '[nasadmin@cel_sfs ~]$', 'the prompt of cel_sfs');
    expect(s).toContain('cel_sfs : Control Station');

    keys('C-d');
    s = await waitFor((s) => s.includes('[nasadmin@cel_sfs ~]$ logout'), 'logout');
    const history = join(term.dir, 'state', 'drshell', 'history');
    // Leaving released the lab's lock and kept the session's move in the lab.
    await waitFor(() => !existsSync(join(term.dir, 'lab.json.lock')), 'the lab lock released');
    expect(JSON.parse(readFileSync(join(term.dir, 'lab.json'), 'utf8')).session.cel).toBe('cel_sfs');
    expect(readFileSync(history, 'utf8')).toBe('nas_server -list \ncs cel_sfs \n');
  });
});
