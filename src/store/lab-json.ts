// A lab as JSON text: the codec's forms for Maps and typed arrays (codec.ts), and no contents
// for a file system nothing was ever written to: the loader makes them again (contents.ts
// fillMissingContents), so an untouched file system costs its record in the file, not its
// empty block tables. lab-write.ts writes a lab file in this form, a piece at a time.
import { fillMissingContents, isPristine } from '../engine/contents.js';
import type { FsContents, World } from '../engine/types.js';
import { decode, makeReplacer } from './codec.js';

/** The lab's replacer for JSON.stringify; `hoist` as codec.ts's makeReplacer takes it. */
export function labReplacer(hoist?: (words: Uint32Array) => string | null) {
  const base = makeReplacer(hoist);
  return function (this: unknown, key: string, value: unknown): unknown {
    if (key === 'contents' && value !== null && typeof value === 'object' && isPristine(value as FsContents)) return null;
    return base.call(this, key, value);
  };
}

const plain = labReplacer();

export function encodeLab(value: unknown, space?: number): string {
  return JSON.stringify(value, plain, space);
}

/** A world from encodeLab's text, its left-out contents made again. */
export function decodeWorld(text: string): World {
  const world = decode(text) as World;
  fillMissingContents(world);
  return world;
}
