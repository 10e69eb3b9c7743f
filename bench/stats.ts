// Small numeric helpers the benchmarks share: timing with a monotonic clock and the
// summaries (median, mean) their figures report.
import { performance } from 'node:perf_hooks';

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function mean(xs: number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Milliseconds one call of `fn` takes. */
export function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function timeMsAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Mean milliseconds per call of `fn`, warm: a few untimed calls first, then up to
 * `maxRuns` timed ones, fewer when a call is slow so the whole stays near `budgetMs`.
 */
export function meanPerCall(fn: () => void, maxRuns: number, budgetMs = 2_000): { ms: number; runs: number } {
  const first = timeMs(fn);
  const runs = Math.max(10, Math.min(maxRuns, Math.floor(budgetMs / Math.max(first, 1e-3))));
  for (let i = 0; i < Math.ceil(runs / 10); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return { ms: (performance.now() - t0) / runs, runs };
}
