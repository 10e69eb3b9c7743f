// Seeded PRNG (mulberry32) whose whole state is one number stored in the world.
import type { World } from './types.js';

export function seedState(seed: number): number {
  return seed >>> 0;
}

/** Next float in [0, 1); advances world.rng. */
export function nextRandom(world: World): number {
  let t = (world.rng = (world.rng + 0x6d2b79f5) >>> 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function nextInt(world: World, below: number): number {
  return Math.floor(nextRandom(world) * below);
}
