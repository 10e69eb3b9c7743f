// A snapshot's save volume ([000159]): the before images saved for it, block Si holding the
// stamp block Bi had before the write that saved it (0: Bi had never been written). Blocks
// are appended and never rewritten; the block map (blockmap.ts) says which Si holds which Bi.
// One growing Uint32Array (zero past `length`), a quarter of a JS array of numbers' cost.
import { grown } from './pagetable.js';

export interface SaveVolume {
  /** Si -> the saved stamp, Si < length; zero after. */
  stamps: Uint32Array;
  /** Blocks used. */
  length: number;
}

export function createSaveVolume(): SaveVolume {
  return { stamps: new Uint32Array(0), length: 0 };
}

/** Appends a before image; returns its Si. */
export function appendStamp(sv: SaveVolume, stamp: number): number {
  const si = sv.length;
  if (sv.stamps.length <= si) sv.stamps = grown(sv.stamps, si + 1);
  sv.stamps[si] = stamp;
  sv.length = si + 1;
  return si;
}

/** The stamps saved, in Si order (tests, reports). */
export function savedStamps(sv: SaveVolume): number[] {
  return [...sv.stamps.subarray(0, sv.length)];
}

/** What is wrong with a decoded save volume, or null (shape.ts). */
export function saveVolumeProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'not an object';
  const o = v as Record<string, unknown>;
  if (!(o.stamps instanceof Uint32Array)) return 'stamps: not a Uint32Array';
  const n = o.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > o.stamps.length) return `length: ${String(n)} for ${o.stamps.length} stamps`;
  for (let i = n; i < o.stamps.length; i++) if (o.stamps[i] !== 0) return `stamps[${i}]: not zero past the last block`;
  return null;
}
