// save, load and reset on a lab kept in a file: copies that load, bad targets reported
// without leftovers, a bad file never replacing the lab, and each change written.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openShell } from '../../src/open-lab.js';
import { labFromFixture, readLabFile, stringifyLab } from '../../src/store/lab-store.js';
import type { Shell } from '../../src/shell/shell.js';
import type { LabStore } from '../../src/store/lab-store.js';
import { FIXTURE } from '../helpers.js';

let dir: string;
let lab: string;
let shell: Shell;
let store: LabStore;
const T0 = labFromFixture(FIXTURE).world.clock.now;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drshell-files-'));
  lab = join(dir, 'lab.json');
  const o = await openShell({ stateFile: lab, fixtureFile: FIXTURE, fresh: false, seed: 7 });
  if ('error' in o) throw new Error(o.error);
  ({ shell, store } = o);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(line: string): Promise<{ text: string; status: number }> {
  const r = shell.exec(line);
  await shell.flush();
  return { text: r.text, status: r.status };
}

describe('save', () => {
  it('writes a copy that loads, and keeps working in the lab file', async () => {
    await run('sim advance 1h; cs cel_sfs');
    const copy = join(dir, 'copy.json');
    expect(await run(`save ${copy}`)).toEqual({ text: `saved to ${copy}\n`, status: 0 });
    expect(readLabFile(copy)).toEqual(shell.lab);
    expect(readFileSync(copy, 'utf8')).toBe(stringifyLab(shell.lab));
    await run('sim advance 1h');
    expect(readLabFile(copy).world.clock.now).toBe(T0 + 3_600_000);
    expect(readLabFile(lab).world.clock.now).toBe(T0 + 7_200_000);
  });

  it('without a file, writes the lab now', async () => {
    shell.lab.world.clock.now += 5; // a change no command made, as the running clock makes
    expect(await run('save')).toEqual({ text: `saved to ${lab}\n`, status: 0 });
    expect(readLabFile(lab).world.clock.now).toBe(T0 + 5);
  });

  it('reports a place it cannot write, leaving nothing there', async () => {
    mkdirSync(join(dir, 'adir'));
    const before = readFileSync(lab, 'utf8');
    expect(await run(`save ${join(dir, 'none', 'x.json')}`)).toEqual({ text: `save: ${join(dir, 'none', 'x.json')}: No such file or directory\n`, status: 1 });
    expect(await run(`save ${join(dir, 'adir')}`)).toEqual({ text: `save: ${join(dir, 'adir')}: Is a directory\n`, status: 1 });
    expect(readdirSync(dir).sort()).toEqual(['adir', 'lab.json', 'lab.json.lock']);
    expect(readdirSync(join(dir, 'adir'))).toEqual([]);
    expect(readFileSync(lab, 'utf8')).toBe(before);
  });
});

describe('load', () => {
  it('replaces the world and session with a saved lab, and writes it', async () => {
    await run('sim advance 2d; cs cel_sfs');
    const copy = join(dir, 'drill.json');
    await run(`save ${copy}`);
    await run('reset');
    expect(shell.lab.world.clock.now).toBe(T0);
    const r = await run(`load ${copy}`);
    expect(r).toEqual({ text: `loaded ${copy} (two-site-dr: cel_pfs, cel_sfs)\n`, status: 0 });
    expect(shell.lab.session.cel).toBe('cel_sfs');
    expect(readLabFile(lab).world.clock.now).toBe(T0 + 2 * 86_400_000);
    expect(readLabFile(lab).session.cel).toBe('cel_sfs');
  });

  it('refuses a broken file, naming the field, and keeps the lab as it was', async () => {
    await run('sim advance 1h');
    const before = JSON.stringify(shell.lab);
    const onDisk = readFileSync(lab, 'utf8');
    const bad = join(dir, 'bad.json');
    const doc = JSON.parse(stringifyLab(labFromFixture(FIXTURE)));
    doc.world.cells[0].movers[0].mounts[0].fsId = 999;
    writeFileSync(bad, JSON.stringify(doc));
    expect(await run(`load ${bad}`)).toEqual({ text: `load: ${bad}: invalid lab: world.cells[0].movers[0].mounts[0].fsId: no file system with id 999\n`, status: 1 });
    writeFileSync(bad, '{\n "a": 1\n "b": 2}');
    expect(await run(`load ${bad}`)).toEqual({ text: `load: ${bad}: not valid JSON (Expected ',' or '}' after property value at line 3, column 2)\n`, status: 1 });
    expect(await run(`load ${join(dir, 'missing.json')}`)).toEqual({ text: `load: ${join(dir, 'missing.json')}: no such lab file\n`, status: 1 });
    expect(JSON.stringify(shell.lab)).toBe(before);
    expect(readFileSync(lab, 'utf8')).toBe(onDisk);
  });
});

describe('reset', () => {
  it('starts over from the fixture with the run seed, and writes it', async () => {
    await run('sim advance 1h; cs cel_sfs; export A=1');
    expect(await run('reset')).toEqual({ text: `reset to ${FIXTURE}\n`, status: 0 });
    const expected = labFromFixture(FIXTURE, 7);
    expect(shell.lab).toEqual(expected);
    expect(readLabFile(lab)).toEqual(expected);
  });
});
