// The dispatcher on a lab whose block tables are past UNDO_COPY_BYTES (about 9 million
// written blocks): changes still told from non-changes, a bug's change undone exactly when
// it left the contents alone, and when it did not, the world kept as the error left it and
// the error saying so.
import { afterEach, describe, expect, it } from 'vitest';
import { findCell, findFs } from '../../src/engine/cluster.js';
import { applyFileOp } from '../../src/engine/contents.js';
import { changedWorld, type Ctx } from '../../src/shell/command.js';
import { findCommand } from '../../src/shell/registry.js';
import { printWorld, samePrint, UNDO_COPY_BYTES } from '../../src/store/world-print.js';
import { freshShell, run } from '../helpers.js';

const GiB = 2 ** 30;
const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((f) => f()));

function patchRun(name: string, run: (ctx: Ctx) => unknown): void {
  const cmd = findCommand(name)!;
  const original = cmd.run;
  cmd.run = run as typeof cmd.run;
  restore.push(() => (cmd.run = original));
}

function bigLab() {
  const shell = freshShell();
  const { world } = shell.lab;
  const cell = findCell(world, 'cel_pfs');
  applyFileOp(world, cell, findFs(cell, 'home'), { op: 'write', path: '/big', bytes: 48 * GiB });
  applyFileOp(world, cell, findFs(cell, 'pfs10'), { op: 'write', path: '/big', bytes: 19 * GiB });
  expect(printWorld(world).bytes).toBeGreaterThan(UNDO_COPY_BYTES);
  return shell;
}

describe('the dispatcher on a large lab', () => {
  const shell = bigLab();

  it('tells a command that changed nothing from one that did', () => {
    expect(shell.exec('nas_fs -delete no_such_fs')).toMatchObject({ status: 1, changed: false });
    expect(shell.exec('sim advance 1s')).toMatchObject({ status: 0, changed: true });
    const cell = findCell(shell.lab.world, 'cel_pfs');
    // A client write through the shell changes blocks only where they already were.
    expect(run(shell, 'client write /pfs10/big 8K').status).toBe(0);
    patchRun('nas_fs', (ctx) => {
      const v = findFs(ctx.cell, 'home').contents!.volume;
      v.data[100] = v.data[100]! + 1; // a stamp changed and nothing else
      return changedWorld({ op: 'list', rows: [] });
    });
    const before = printWorld(shell.lab.world);
    expect(shell.exec('nas_fs -delete home')).toMatchObject({ status: 0, changed: true });
    expect(samePrint(before, printWorld(shell.lab.world))).toBe(false);
    expect(findFs(cell, 'home').contents!.volume.data[100]).toBeGreaterThan(0);
  });

  it('undoes a bug that left the contents alone, exactly', () => {
    const before = printWorld(shell.lab.world);
    patchRun('nas_fs', (ctx) => {
      ctx.cell.fileSystems.pop();
      ctx.world.clock.now += 1;
      throw new TypeError('boom');
    });
    const r = shell.exec('nas_fs -delete scratch');
    expect(r).toMatchObject({ status: 70, text: 'drshell: internal error in nas_fs: boom (nothing was changed)\n', changed: false });
    expect(samePrint(before, printWorld(shell.lab.world))).toBe(true);
  });

  it('keeps, and says so, what a bug did to blocks before it threw', () => {
    const logged = shell.lab.commands.length;
    patchRun('nas_fs', (ctx) => {
      applyFileOp(ctx.world, ctx.cell, findFs(ctx.cell, 'pfs10'), { op: 'write', path: '/new', bytes: 8192 });
      throw new TypeError('boom');
    });
    const r = shell.exec('nas_fs -delete scratch');
    expect(r).toMatchObject({ status: 70, changed: true });
    expect(r.text).toBe(
      'drshell: internal error in nas_fs: boom (not undone: it had changed the blocks of pfs10, and a lab this large keeps no copy to undo from; the lab is kept as the error left it)\n',
    );
    expect(run(shell, 'client ls /pfs10').text).toMatch(/\bnew\b/);
    expect(shell.lab.commands.slice(logged).map((c) => c.line)).toEqual(['nas_fs -delete scratch']);
  });
});
