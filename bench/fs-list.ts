// Figure 3: `nas_fs -list` on a lab with 5,000 more file systems, per command through
// Shell.exec (warm, mean of many runs), against a plain map/join over the same records.
import type { FileSystem } from '../src/engine/types.js';
import { Shell } from '../src/shell/shell.js';
import { FIXTURE, type BigLab } from './big-lab.js';
import { timedRow, type Outcome } from './report.js';
import { meanPerCall } from './stats.js';

const LINE = 'nas_fs -list';
const MAX_RUNS = 200;

function memoryShellOn(lab: BigLab): Shell {
  return new Shell(lab.doc, { file: null, fixtureFile: FIXTURE, write: async () => {} });
}

/** What a listing minimally does: one formatted line per record, joined. */
function plainListing(fss: FileSystem[]): string {
  return fss.map((f) => `${f.id} y 1 ${f.acl} ${f.volume} ${f.name}`).join('\n');
}

/** Checks the command really lists them all: a header plus one line per file system. */
function checkOutput(shell: Shell, lab: BigLab, runs: number, notes: string[]): void {
  const r = shell.exec(LINE);
  const lines = r.text.split('\n').filter((l) => l !== '').length;
  const want = lab.cell.fileSystems.length + 1;
  if (r.status !== 0 || lines < 5_001) {
    notes.push(
      `WARNING nas_fs -list: status ${r.status}, ${lines} lines (want ${want}: a header and ${want - 1} file systems); the figure does not measure a real listing yet. First line: ${r.text.split('\n')[0]}`,
    );
  } else {
    notes.push(`nas_fs -list: ${lines} lines out (${want - 1} file systems at ${lab.cell.name}), mean of ${runs} warm runs; baseline maps and joins the same records`);
  }
}

export function benchFsList(lab: BigLab): Outcome {
  const shell = memoryShellOn(lab);
  const notes: string[] = [];
  let sink = 0; // used, so the optimiser cannot drop the work
  const value = meanPerCall(() => {
    sink += shell.exec(LINE).text.length;
  }, MAX_RUNS);
  const baseline = meanPerCall(() => {
    sink += plainListing(lab.cell.fileSystems).length;
  }, value.runs);
  checkOutput(shell, lab, value.runs, notes);
  if (sink === 0) notes.push('nas_fs -list printed nothing');
  const row = timedRow({
    figure: `${LINE} on ${lab.cell.fileSystems.length} file systems`,
    unit: 'ms',
    value: value.ms,
    baseline: { label: 'Array.map().join', value: baseline.ms },
    aim: { max: 5, on: 'value' },
  });
  return { rows: [row], notes };
}
