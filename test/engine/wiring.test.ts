// Explicit wiring (src/engine/wiring.ts): a saved lab advanced in a process that loads only the
// store and the clock runs every event the full shell runs (its replication keeps polling,
// sending and playing back); an event kind nobody handles is refused by the lab schema and,
// if one gets past it, by the clock, instead of being dropped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceBy } from '../../src/engine/clock.js';
import type { SimEvent } from '../../src/engine/types.js';
import { LabFileError, parseLab, stringifyLab } from '../../src/store/lab-store.js';
import { freshShell, REPLICATION_READY, run } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HALF_HOUR = 30 * 60_000;

/** The default lab replicating pfs10 to sfs10 under a steady write, saved as text. */
function replicatingLab(): string {
  const shell = freshShell();
  for (const line of [
    ...REPLICATION_READY,
    'client write /pfs10/base.dat 8M',
    'fs_replicate -start pfs10 sfs10:cel=cel_sfs -option to=60',
    'sim advance 2m',
    'client mkdir /pfs10/load',
    'client fill /pfs10/load --rate 64K/s --file-size 1M',
  ]) {
    expect(run(shell, line).status, line).toBe(0);
  }
  return stringifyLab(shell.lab);
}

describe('the engine wiring', () => {
  it('a lab advanced with only the store and the clock loaded runs every event the whole shell runs', () => {
    const text = replicatingLab();
    const full = parseLab(text, 'lab.json');
    const ranHere = advanceBy(full.world, HALF_HOUR);
    const pendingHere = full.world.events.map((e) => e.kind).sort();
    expect(pendingHere).toContain('repl.poll');

    const file = join(mkdtempSync(join(tmpdir(), 'drshell-wiring-')), 'lab.json');
    writeFileSync(file, text);
    const script = `
      const { parseLab } = await import('./dist/src/store/lab-store.js');
      const { advanceBy } = await import('./dist/src/engine/clock.js');
      const fs = await import('node:fs');
      const doc = parseLab(fs.readFileSync(${JSON.stringify(file)}, 'utf8'), 'lab.json');
      const ran = advanceBy(doc.world, ${HALF_HOUR});
      console.log(JSON.stringify({ ran, pending: doc.world.events.map((e) => e.kind).sort(), played: doc.world.replications[0].played }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const alone = JSON.parse(r.stdout) as { ran: number; pending: string[]; played: number };
    expect(alone).toEqual({ ran: ranHere, pending: pendingHere, played: full.world.replications![0]!.played });
    expect(alone.ran).toBeGreaterThan(100);
  });

  it('a lab with an event kind nobody handles is refused on load, naming the field', () => {
    const doc = JSON.parse(replicatingLab()) as { world: { events: { kind: string }[] } };
    doc.world.events[0]!.kind = 'repl.pol';
    expect(() => parseLab(JSON.stringify(doc), 'lab.json')).toThrow(LabFileError);
    expect(() => parseLab(JSON.stringify(doc), 'lab.json')).toThrow(/world\.events\[0\]\.kind/);
  });

  it('the clock refuses to drop an event kind it has no handler for', () => {
    const world = freshShell().lab.world;
    world.events.push({ at: world.clock.now + 1, seq: world.seq++, kind: 'repl.pol', data: { id: 1 } } as unknown as SimEvent);
    expect(() => advanceBy(world, 10)).toThrow(/no handler for clock event kind "repl.pol"/);
  });
});
