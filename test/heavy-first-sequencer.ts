// Starts the slowest test files first, so that the two workers of a two-core machine finish
// together instead of one of them running a long file alone at the end. Vitest's own order
// puts the files it has timings for longest first, but on a clean clone (CI) it has none
// and goes by file size, which runs the replication trials (five-line files) last.
import { relative, sep } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first, as measured; a file matching none keeps vitest's order, after these. */
const SLOWEST = [
  /^test\/store\/kill\.test\.ts$/,
  /^test\/shell\/fuzz\.test\.ts$/,
  /^test\/cli\.test\.ts$/,
  /^test\/engine\/replication\/trials\//,
  /^test\/engine\/distribution\/oracle\.test\.ts$/,
  /^test\/engine\/ckpt\.test\.ts$/,
  /^test\/transcripts\.test\.ts$/,
];

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const path = relative(f.project.config.root, f.moduleId).split(sep).join('/');
      const i = SLOWEST.findIndex((re) => re.test(path));
      return i < 0 ? SLOWEST.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i, rank: rank(f) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.f);
  }
}
