// The dispatcher's guarantees that no single command owns: a bug's half-made change is
// undone, a partly failed change is still kept, what a run reports (and only that) is
// logged and saved, and `load` takes effect for the rest of the line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changedWorld, unchanged, withEffects } from '../../src/shell/command.js';
import { findCommand } from '../../src/shell/registry.js';
import { freshShell, run } from '../helpers.js';

const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((f) => f()));

function patchRun(name: string, run: (...a: any[]) => unknown): void {
  const cmd = findCommand(name)!;
  const original = cmd.run;
  cmd.run = run as typeof cmd.run;
  restore.push(() => (cmd.run = original));
}

describe('dispatcher', () => {
  it('undoes what a changing command did before an unexpected exception, and says so', () => {
    const shell = freshShell();
    const before = JSON.stringify(shell.lab.world);
    patchRun('nas_fs', (ctx) => {
      ctx.cell.fileSystems.pop();
      throw new TypeError('boom');
    });
    const r = shell.exec('nas_fs -delete scratch');
    expect(r.status).toBe(70);
    expect(r.text).toBe('drshell: internal error in nas_fs: boom (nothing was changed)\n');
    expect(JSON.stringify(shell.lab.world)).toBe(before);
    expect(r.changed).toBe(false);
  });

  it('never lets an exception out, even from outside a command', () => {
    const shell = freshShell();
    shell.lab.session.cel = 'nowhere';
    const r = shell.exec('nas_fs -list; echo still here');
    expect(r.text).toBe('Error 3001: nowhere : celerra not found\n'.repeat(2));
    expect(r.status).toBe(1);
  });

  it('keeps and logs a change that ended with a non-zero status', () => {
    const shell = freshShell();
    const s4 = shell.lab.world.cells[0]!.movers.find((m) => m.name === 'server_4')!;
    s4.status = 'faulted';
    const r = shell.exec('server_umount ALL -perm -all');
    expect(r.status).toBe(1);
    expect(r.changed).toBe(true);
    expect(shell.lab.commands.map((c) => c.line)).toEqual(['server_umount ALL -perm -all']);
    expect(run(shell, 'server_mount server_2').text).toBe('server_2 :\nroot_fs_2 on / uxfs,perm,rw\nroot_fs_common on /.etc_common uxfs,perm,ro\n');
  });

  it('logs and saves from what a run reports, not from the world', () => {
    const shell = freshShell();
    patchRun('nas_fs', () => changedWorld({ op: 'list', rows: [] }));
    expect(shell.exec('nas_fs -list')).toMatchObject({ status: 0, changed: true });
    patchRun('echo', () => withEffects({ words: [], noNewline: false }, { session: true }));
    expect(shell.exec('echo')).toMatchObject({ status: 0, changed: true });
    patchRun('server_mount', (ctx) => {
      ctx.world.clock.now += 1;
      return unchanged({ op: 'list', tables: [] });
    });
    expect(shell.exec('server_mount ALL')).toMatchObject({ status: 0, changed: false });
    expect(shell.lab.commands.map((c) => c.line)).toEqual(['nas_fs -list']);
  });

  it('runs the rest of a line on the lab that load brought in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drshell-dispatch-'));
    try {
      const a = freshShell();
      run(a, 'nas_fs -name only_in_saved -create size=1G pool=clar_r5_performance');
      expect(run(a, `save ${join(dir, 'saved.json')}`).status).toBe(0);
      const b = freshShell();
      const r = b.exec(`load ${join(dir, 'saved.json')}; nas_fs -list | grep -c only_in_saved; nas_fs -name later -create size=1G pool=clar_r5_performance >/dev/null`);
      expect(r.text.split('\n')[1]).toBe('1');
      expect(b.lab.world.cells[0]!.fileSystems.map((f) => f.name)).toContain('later');
      expect(b.lab.world.cells[0]!.fileSystems.map((f) => f.name)).toContain('only_in_saved');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
