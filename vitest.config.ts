import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { HeavyFirstSequencer } from './test/heavy-first-sequencer.js';

const TESTS = 'test/**/*.test.{ts,tsx}';

/** Test files that mock a module: they need a fresh module graph of their own (see below). */
function mockingFiles(): string[] {
  return readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.test\.tsx?$/.test(f) && readFileSync(join('test', f), 'utf8').includes('vi.mock('))
    .map((f) => `test/${f.split('\\').join('/')}`);
}
const mocking = mockingFiles();

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    testTimeout: 60_000,
    // Both cores: vitest's default (cores minus one) leaves one of two idle.
    maxWorkers: 2,
    sequence: { sequencer: HeavyFirstSequencer },
    projects: [
      {
        extends: true,
        // A worker runs file after file with the modules it already loaded: importing the engine
        // afresh for each of 90 files cost more CPU than many of the files' tests. So what a file
        // registers in a module stays for the worker's next files, and must not act on worlds
        // other than its own.
        test: { name: 'shared', include: [TESTS], exclude: mocking, isolate: false },
      },
      {
        extends: true,
        // A module mock applies only to a graph that has not loaded the module yet, and must not
        // reach the files after it: these files load everything afresh.
        test: { name: 'mocking', include: mocking, isolate: true },
      },
    ],
  },
});
