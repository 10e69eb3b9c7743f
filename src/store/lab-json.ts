// A lab as JSON text: the codec's forms for Maps and typed arrays (codec.ts), and no contents
// for a file system nothing was ever written to: the loader makes them again (contents.ts
// fillMissingContents), so an untouched file system costs its record in the file, not its
// empty block tables. The dispatcher compares worlds in this form too.
import { fillMissingContents, isPristine } from '../engine/contents.js';
import type { FsContents, World } from '../engine/types.js';
import { decode, replacer } from './codec.js';

function labReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key === 'contents' && value !== null && typeof value === 'object' && isPristine(value as FsContents)) return null;
  return replacer.call(this, key, value);
}

export function encodeLab(value: unknown, space?: number): string {
  return JSON.stringify(value, labReplacer, space);
}

/** A world from encodeLab's text, its left-out contents made again. */
export function decodeWorld(text: string): World {
  const world = decode(text) as World;
  fillMissingContents(world);
  return world;
}
