import { describe, expect, it } from 'vitest';
import { findCell, findFs } from '../../src/engine/cluster.js';
import { applyFileOp, LAB_BLOCK_BUDGET, storedBlocks } from '../../src/engine/contents.js';
import { freshShell, refused, run } from '../helpers.js';

const GiB = 2 ** 30;

describe('the lab block budget', () => {
  it('refuses a write that would take the lab past its budget, changing nothing, and counts before images', () => {
    const shell = freshShell();
    const { world } = shell.lab;
    const cell = findCell(world, 'cel_pfs');
    const home = findFs(cell, 'home');
    const pfs10 = findFs(cell, 'pfs10');
    // A lab 64 GiB short of its budget without writing the rest of a terabyte: the written
    // count the budget reads is raised on a file system this test does not touch again.
    const pad = LAB_BLOCK_BUDGET - 64 * 131072;
    findFs(cell, 'scratch').contents!.volume.written += pad;
    applyFileOp(world, cell, home, { op: 'write', path: '/big', bytes: 48 * GiB });
    expect(storedBlocks(world)).toBe(pad + 48 * 131072);
    refused(world, 'lab_quota', () => applyFileOp(world, cell, pfs10, { op: 'write', path: '/more', bytes: 17 * GiB }));
    applyFileOp(world, cell, pfs10, { op: 'write', path: '/more', bytes: 15 * GiB });
    expect(storedBlocks(world)).toBeLessThanOrEqual(LAB_BLOCK_BUDGET);
    // Through a host: the quota as a client sees it, and the fill job that meets it stops.
    expect(run(shell, 'client write /pfs11/x 2G')).toEqual({ status: 1, text: "client: error writing '/pfs11/x': Disk quota exceeded\n" });
    expect(run(shell, 'client fill /pfs11 --rate 512M/s').status).toBe(0);
    run(shell, 'sim advance 10s');
    expect(run(shell, 'client jobs').text).toMatch(/Exit 1 .*Disk quota exceeded/);
  });
});
