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
    // afresh for each of 90 files cost more CPU than many of the files' tests. So what a file
    // registers in a module (a progress provider, an event handler) stays for the worker's
    // next files, and must not act on worlds other than its own.
    isolate: false,
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
