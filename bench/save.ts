// Figure 4: saving a lab with 5,000 more file systems through LabStore (lowdb, atomic
// write to a temp file and rename) against a plain writeFileSync(JSON.stringify(doc)).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabStore, readLabFile } from '../src/store/lab-store.js';
import { FIXTURE, type BigLab } from './big-lab.js';
import { timedRow, type Outcome } from './report.js';
import { median, timeMs, timeMsAsync } from './stats.js';

const RUNS = 30;
const WARM = 3;

async function measure(store: LabStore, plainFile: string, doc: BigLab['doc']): Promise<{ store: number; plain: number }> {
  const s: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < WARM + RUNS; i++) {
    const a = await timeMsAsync(() => store.write());
    const b = timeMs(() => writeFileSync(plainFile, JSON.stringify(doc)));
    if (i >= WARM) {
      s.push(a);
      p.push(b);
    }
  }
  return { store: median(s), plain: median(p) };
}

/** The saved lab must load back whole, or the write time means nothing. */
function checkSaved(file: string, lab: BigLab, notes: string[]): void {
  try {
    const back = readLabFile(file).world.cells.find((c) => c.name === lab.cell.name);
    const n = back?.fileSystems.length ?? 0;
    const size = (statSync(file).size / 1_048_576).toFixed(1);
    const ok = n === lab.cell.fileSystems.length;
    notes.push(
      `lab save: median of ${RUNS} writes (after ${WARM}), ${size} MB file; it reloads ${ok ? 'whole' : `with ${n} file systems, not ${lab.cell.fileSystems.length}: WARNING`}`,
    );
  } catch (e) {
    notes.push(`WARNING lab save: the saved file does not load back: ${(e as Error).message}`);
  }
}

export async function benchSave(lab: BigLab): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'drshell-bench-save-'));
  const notes: string[] = [];
  const { store } = await LabStore.open({ stateFile: join(dir, 'lab.json'), fixtureFile: FIXTURE });
  try {
    await store.write(lab.doc);
    const m = await measure(store, join(dir, 'plain.json'), lab.doc);
    checkSaved(store.file, lab, notes);
    const row = timedRow({
      figure: `save a lab of ${lab.cell.fileSystems.length} file systems (LabStore)`,
      unit: 'ms',
      value: m.store,
      baseline: { label: 'writeFileSync(JSON.stringify)', value: m.plain },
      aim: { max: 50, on: 'value' },
    });
    return { rows: [row], notes };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
