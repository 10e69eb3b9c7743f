// `npm run bench`: measures the figures, each against a baseline taken in the same
// run, and prints one table. It reports; it never fails on a time.
import { performance } from 'node:perf_hooks';
import { buildBigLab } from './big-lab.js';
import { benchBigLabSave } from './big-lab-save.js';
import { benchBlocksScan } from './blocks-scan.js';
import { benchFsList } from './fs-list.js';
import { benchMemory } from './memory.js';
import { benchReplicationDay } from './replication-day.js';
import { table, type Outcome } from './report.js';
import { benchSave } from './save.js';
import { benchSnapshotWrite } from './snapshot-write.js';
import { benchBatchStartup } from './startup-batch.js';
import { benchInteractiveStartup } from './startup-interactive.js';

let last = performance.now();

/** Progress on stderr, with the time the previous step took, so stdout is the report. */
function progress(what: string): void {
  const now = performance.now();
  process.stderr.write(`bench: ${what}... (${((now - last) / 1000).toFixed(1)} s since last step)\n`);
  last = now;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const outcomes: Outcome[] = [];
  // Process start-ups first, while this process is still small and the machine quiet.
  progress('batch start-up');
  outcomes.push(benchBatchStartup());
  progress('interactive start-up');
  outcomes.push(await benchInteractiveStartup());
  progress('building a lab with 5,000 more file systems');
  const lab = buildBigLab();
  progress('nas_fs -list');
  outcomes.push(benchFsList(lab));
  progress('lab save');
  outcomes.push(await benchSave(lab));
  progress('memory of 1,000 file systems (child process)');
  outcomes.push(benchMemory());
  progress('snapshot writes');
  outcomes.push(benchSnapshotWrite());
  // Four labs of 20 file systems of 20 GB (or 10 without their replicas), each in a child process of its own: minutes, and this process stays small.
  progress('a day of replication (2 child processes)');
  outcomes.push(benchReplicationDay());
  // Last: its 256 MiB dense baseline would otherwise weigh on the figures above.
  progress('differential copy scan');
  outcomes.push(benchBlocksScan());
  // After everything else: the lab of 51 million blocks takes about 1.5 GB while it is saved and loaded.
  progress('save and load of a lab of 51 million written blocks');
  outcomes.push(await benchBigLabSave());
  progress('done');

  console.log(`\ndrshell benchmarks (node ${process.version}, ${process.platform}/${process.arch})\n`);
  console.log(table(outcomes.flatMap((o) => o.rows)));
  console.log('');
  for (const note of outcomes.flatMap((o) => o.notes)) console.log(`- ${note}`);
  console.log(`\n(${((performance.now() - t0) / 1000).toFixed(1)} s in all)`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
