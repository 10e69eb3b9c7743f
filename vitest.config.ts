import { defineConfig } from 'vitest/config';
import { HeavyFirstSequencer } from './test/heavy-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    testTimeout: 60_000,
    // Both cores: vitest's default (cores minus one) leaves one of two idle.
    maxWorkers: 2,
    // A worker runs file after file with the modules it already loaded: importing the engine
    // afresh for each of 90 files cost more CPU than many of the files' tests. No test file
    // depends on a fresh module state (they build their worlds with freshShell and friends).
    isolate: false,
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
