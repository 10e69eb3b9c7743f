// What the dispatcher keeps of the world around a command that may change it: enough to
// undo it when a bug broke it off midway, and to tell whether anything changed (the test
// that holds commands to the effects they report compares prints), without laying the file
// systems' block tables out as JSON, which for a lab of tens of millions of written blocks
// costs seconds and hundreds of MB a command.
//
// A print is the world as JSON with its large parts replaced by their index, plus one
// fingerprint per part. The parts: each file system's contents, and every other Uint32Array
// of PART_BYTES or more (a replication's delta sets, say). A contents nothing was written
// to prints as just that (what lab-json.ts leaves out of a lab file), any other as its JSON
// with every Uint32Array replaced by its length and a 128-bit hash of its words, and long
// lists of page numbers by a hash too; a Uint32Array part prints as its hash. Two prints are
// equal when the world's JSON is, up to hash collisions: a change to a single word always
// changes its hash (each step of the hash is a bijection of the lane it feeds), and
// different word sequences share a hash with a chance of about 2^-128. Hashing is what a
// print costs: about 1 ns a word, so 55-70 ms for the 70 million words (51 million written
// blocks and the tables' room to grow) of issue 4's benchmark lab (bench/big-lab-save.ts).
//
// Undoing: the world is made again from the print's JSON, with the parts put back: each one
// the command left as it was (its fingerprint says so) is put back as it is. Of the others,
// contents nothing had been written to are made again empty (as the lab loader makes those
// a file leaves out); the rest, in a lab whose parts hold up to UNDO_COPY_BYTES of typed
// arrays, come from the copies an undo point keeps (the codec's JSON of a contents: a
// structuredClone of the many small typed arrays of a lab with 5,000 file systems took half
// a second; a slice of a Uint32Array). A larger lab keeps no copies, so when a command
// changed such a part in place, its world cannot be undone, and `undo` says which parts
// those were.
import { fillMissingContents, isPristine } from '../engine/contents.js';
import type { FsContents, World } from '../engine/types.js';
import { decode, encode, makeReplacer, makeReviver } from './codec.js';

/** Parts up to this many bytes of typed arrays in all are copied, so that a change to them can be undone. */
export const UNDO_COPY_BYTES = 32 * 2 ** 20;
/** A Uint32Array outside the contents is a part of its own from this size on. */
export const PART_BYTES = 4096;

const SLOT = '$part';
const PRISTINE = 'pristine';

type Part = FsContents | Uint32Array;

export interface WorldPrint {
  /** The world's JSON, each part as {"$part": index}. */
  json: string;
  /** The parts, by index. */
  parts: Part[];
  /** What each part is, for messages: "the blocks of pfs10", "a table of stamps". */
  owners: string[];
  /** Each part's fingerprint, by index. */
  prints: string[];
  /** Bytes of typed arrays in the parts (their room to grow included). */
  bytes: number;
}

export interface UndoPoint extends WorldPrint {
  /**
   * By index, a copy of each part (the codec's JSON of a contents, null for one nothing had
   * been written to); or null when the lab is too large to keep them.
   */
  copies: (string | Uint32Array | null)[] | null;
}

function isContents(key: string, value: unknown): value is FsContents {
  return key === 'contents' && typeof value === 'object' && value !== null && 'volume' in value && 'files' in value;
}

export function printWorld(world: World): WorldPrint {
  const parts: Part[] = [];
  const owners: string[] = [];
  const codec = makeReplacer();
  const json = JSON.stringify(world, function (this: unknown, key: string, value: unknown): unknown {
    if (isContents(key, value)) {
      owners.push(`the blocks of ${String((this as { name?: unknown }).name)}`);
    } else if (value instanceof Uint32Array && value.byteLength >= PART_BYTES) {
      owners.push(`a table of ${key}`);
    } else {
      return codec.call(this, key, value);
    }
    parts.push(value);
    return { [SLOT]: parts.length - 1 };
  });
  const counter = { bytes: 0 };
  const prints = parts.map((p) => fingerprint(p, counter));
  return { json, parts, owners, prints, bytes: counter.bytes };
}

/** A print to undo from, with copies of the parts when they hold up to `copyBytes` of typed arrays. */
export function undoPoint(world: World, copyBytes = UNDO_COPY_BYTES): UndoPoint {
  const p = printWorld(world);
  const copy = (part: Part, i: number): string | Uint32Array | null => {
    if (part instanceof Uint32Array) return part.slice();
    return p.prints[i]!.startsWith(PRISTINE) ? null : encode(part);
  };
  return { ...p, copies: p.bytes <= copyBytes ? p.parts.map(copy) : null };
}

export function samePrint(a: WorldPrint, b: WorldPrint): boolean {
  return a.json === b.json && a.prints.length === b.prints.length && a.prints.every((p, i) => p === b.prints[i]);
}

/**
 * The world as it was at `point`; or, when the lab kept no copies and the command changed
 * parts in place, `changed`: what those parts are (the world is then left alone).
 */
export function undo(point: UndoPoint): { world: World } | { changed: string[] } {
  const put: (Part | null)[] = [];
  const changed: string[] = [];
  point.parts.forEach((part, i) => {
    const was = point.prints[i]!;
    if (fingerprint(part, { bytes: 0 }) === was) put.push(part);
    else if (was.startsWith(PRISTINE)) put.push(null);
    else if (point.copies !== null) {
      const c = point.copies[i]!;
      put.push(typeof c === 'string' ? (decode(c) as FsContents) : c);
    } else changed.push(point.owners[i]!);
  });
  if (changed.length > 0) return { changed };
  const codec = makeReviver();
  const world = JSON.parse(point.json, function (this: unknown, key: string, value: unknown): unknown {
    if (typeof value === 'object' && value !== null && SLOT in value && Object.keys(value).length === 1) {
      return put[(value as Record<string, number>)[SLOT]!];
    }
    return codec.call(this, key, value);
  }) as World;
  // Contents nothing had been written to, and that the command changed: empty again.
  fillMissingContents(world);
  return { world };
}

function fingerprint(part: Part, counter: { bytes: number }): string {
  if (part instanceof Uint32Array) {
    counter.bytes += part.byteLength;
    return `u32 ${hashWords(part)}`;
  }
  if (isPristine(part)) return `${PRISTINE} ${part.volume.size} ${part.volume.meta.shift}`;
  return JSON.stringify(part, (_key, value: unknown) => {
    if (value instanceof Uint32Array) {
      counter.bytes += value.byteLength;
      return `u32 ${hashWords(value)}`;
    }
    if (value instanceof Map) return { $map: [...value] };
    // Long lists of page numbers (a volume's dirty and settled pages: one per page written
    // lately) cost more as JSON than their words hashed.
    if (Array.isArray(value) && value.length >= LONG_LIST) return hashList(value) ?? value;
    return value;
  });
}

const LONG_LIST = 64;
const M1 = -1640531535; // 0x9e3779b1 as an int32: Math.imul takes it as is
const M2 = -2048144777; // 0x85ebca77

/**
 * Length and four 32-bit lanes, each fed every fourth word through a bijection of the lane
 * (xor the word, multiply by an odd constant, xor-shift), so that the four run side by side.
 */
export function hashWords(a: Uint32Array): string {
  let h0 = 1;
  let h1 = 2;
  let h2 = 3;
  let h3 = 4;
  const n = a.length;
  const m = n - (n & 3);
  let i = 0;
  for (; i < m; i += 4) {
    h0 = Math.imul(h0 ^ a[i]!, M1);
    h0 ^= h0 >>> 15;
    h1 = Math.imul(h1 ^ a[i + 1]!, M1);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ a[i + 2]!, M1);
    h2 ^= h2 >>> 15;
    h3 = Math.imul(h3 ^ a[i + 3]!, M1);
    h3 ^= h3 >>> 15;
  }
  for (; i < n; i++) {
    h0 = Math.imul(h0 ^ a[i]!, M2);
    h0 ^= h0 >>> 13;
  }
  return `${n}:${(h0 >>> 0).toString(36)}.${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${(h3 >>> 0).toString(36)}`;
}

/** hashWords for a list of numbers that are all 32-bit words (two lanes), or null when one is not. */
function hashList(a: unknown[]): string | null {
  let h0 = 5;
  let h1 = 6;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (typeof x !== 'number' || x >>> 0 !== x) return null;
    if ((i & 1) === 0) {
      h0 = Math.imul(h0 ^ x, M1);
      h0 ^= h0 >>> 15;
    } else {
      h1 = Math.imul(h1 ^ x, M1);
      h1 ^= h1 >>> 15;
    }
  }
  return `list ${n}:${(h0 >>> 0).toString(36)}.${(h1 >>> 0).toString(36)}`;
}
