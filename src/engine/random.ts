// Seeded PRNG (mulberry32). The world's generator keeps its whole state in one number,
// world.rng; benchmarks and tests use a free-standing one with the same step.
import type { World } from './types.js';

export function seedState(seed: number): number {
  return seed >>> 0;
}

/** One mulberry32 step: the next state and a float in [0, 1). */
function step(state: number): [number, number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = Math.imul(next ^ (next >>> 15), next | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [next, ((t ^ (t >>> 14)) >>> 0) / 4294967296];
}

/** Next float in [0, 1); advances world.rng. */
export function nextRandom(world: World): number {
  const [next, value] = step(world.rng);
  world.rng = next;
  return value;
}

export function nextInt(world: World, below: number): number {
  return Math.floor(nextRandom(world) * below);
}

/** A generator of floats in [0, 1) from `seed`, outside any world. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    const [next, value] = step(state);
    state = next;
    return value;
  };
}
