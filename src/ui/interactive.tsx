// PLACEHOLDER: the ink shell (issue 2), being written.
import type { CliOptions } from '../cli.js';
import type { LabOptions } from '../open-lab.js';

export async function runInteractive(_o: CliOptions & LabOptions): Promise<number> {
  process.stderr.write('interactive mode is not written yet\n');
  return 1;
}
