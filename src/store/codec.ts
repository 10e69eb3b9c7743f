// JSON for the parts of a lab JSON has no form for, so a lab stays one JSON file: a Map
// becomes {"$map": [[key, value], ...]} (entries in the Map's order, keys keep their type)
// and a Uint32Array becomes {"$u32": "<base64 of its little-endian bytes>"}, a third the
// size of a number list and read back with one copy. A Uint32Array ending in ZERO_RUN or
// more zero words is written without them, their count beside: {"$u32": "<base64 of the
// words before>", "$zeros": n}. The block engine's growing arrays (pages, block maps, save
// volumes: src/engine/blocks) keep room at their ends as zeros, up to a third of them,
// which a lab file need not spell out. `replacer` and `reviver` plug into JSON.stringify
// and JSON.parse; a round trip gives back equal Maps and arrays.
//
// An object whose only key is "$map" or "$u32", or whose only keys are "$u32" and "$zeros",
// is read as one of these: a lab has no such keys of its own, so the tags cannot be mistaken.
//
// A lab too large for one string is written and read a piece at a time (lab-write.ts,
// lab-read.ts), in this same form: its large arrays pass the JSON text as "#<k>" in place
// of their base64, which makeReplacer's `hoist` and makeReviver's `hoisted` stand for.

const MAP = '$map';
const U32 = '$u32';
const ZEROS = '$zeros';
/** Trailing zero words from which a Uint32Array is written without them (the tag costs about 14 characters; 16 zero words, 88). */
export const ZERO_RUN = 16;

/** Typed arrays are stored little-endian whatever the host, so a lab file moves between machines. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function swapWords(a: Uint32Array): void {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    a[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
}

export function u32ToBase64(a: Uint32Array): string {
  if (HOST_LITTLE_ENDIAN) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  const le = a.slice();
  swapWords(le);
  return Buffer.from(le.buffer).toString('base64');
}

export function base64ToU32(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new Error(`${U32}: ${bytes.length} bytes is not a whole number of 32-bit words`);
  // Buffer.from may return a slice of a shared pool at any offset: copy into an aligned buffer.
  const out = new Uint32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  if (!HOST_LITTLE_ENDIAN) swapWords(out);
  return out;
}

/**
 * A Uint32Array as the file writes it: its words up to the trailing zeros and their count
 * when there are ZERO_RUN or more of them, else all its words and no count.
 */
export function u32Parts(value: Uint32Array): { words: Uint32Array; zeros: number } {
  let end = value.length;
  while (end > 0 && value[end - 1] === 0) end--;
  const zeros = value.length - end;
  return zeros >= ZERO_RUN ? { words: value.subarray(0, end), zeros } : { words: value, zeros: 0 };
}

/**
 * A replacer for JSON.stringify. With `hoist`, a Uint32Array whose words `hoist` takes is
 * written with the text `hoist` returns in place of its base64 (lab-write.ts streams those
 * words into the file itself, so that no string ever holds them all).
 */
export function makeReplacer(hoist?: (words: Uint32Array) => string | null) {
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (value instanceof Map) return { [MAP]: [...value] };
    if (value instanceof Uint32Array) {
      const { words, zeros } = u32Parts(value);
      const text = hoist?.(words) ?? u32ToBase64(words);
      return zeros > 0 ? { [U32]: text, [ZEROS]: zeros } : { [U32]: text };
    }
    return value;
  };
}

/** For JSON.stringify(value, replacer). */
export const replacer = makeReplacer();

/** What a "$u32" text stands for: base64, or with `hoisted`, "#<k>" for hoisted[k]. */
function wordsOf(hoisted: readonly Uint32Array[]) {
  return (text: string): Uint32Array => {
    if (!text.startsWith('#')) return base64ToU32(text);
    const w = hoisted[Number(text.slice(1))];
    if (w === undefined) throw new Error(`${U32}: no words for ${text}`);
    return w;
  };
}

/** The Map or Uint32Array a tagged object stands for, or the object itself. */
function untag(o: Record<string, unknown>, words: (text: string) => Uint32Array): unknown {
  if (MAP in o) {
    const entries = o[MAP];
    if (Object.keys(o).length === 1 && Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2)) {
      return new Map(entries as [unknown, unknown][]);
    }
  } else if (U32 in o) {
    const text = o[U32];
    const keys = Object.keys(o).length;
    if (keys === 1 && typeof text === 'string') return words(text);
    const zeros = o[ZEROS];
    if (keys === 2 && typeof text === 'string' && Number.isSafeInteger(zeros) && (zeros as number) >= 0) {
      const w = words(text);
      const length = w.length + (zeros as number);
      // Words lab-read.ts decoded with their room after them already: the whole array.
      if (w.byteOffset === 0 && w.buffer.byteLength === length * 4 && w.buffer instanceof ArrayBuffer) return new Uint32Array(w.buffer);
      const out = new Uint32Array(length);
      out.set(w);
      return out;
    }
  }
  return o;
}

/**
 * A reviver for JSON.parse. Children are revived first, so Map values may be arrays or Maps.
 * With `hoisted`, a "$u32" text "#<k>" (never base64, whose alphabet has no "#") stands for
 * hoisted[k]: the words lab-read.ts decoded from the file apart from the rest of its text.
 */
export function makeReviver(hoisted: readonly Uint32Array[] = []) {
  const words = wordsOf(hoisted);
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return untag(value as Record<string, unknown>, words);
  };
}

/** For JSON.parse(text, reviver). */
export const reviver = makeReviver();

/**
 * What JSON.parse(text, makeReviver(hoisted)) gives, from JSON.parse(text): the tagged
 * objects replaced, children first, by a walk of the objects and arrays alone. A reviver is
 * called for every value, each number of a long list too, which made a large lab's
 * parse several times slower.
 */
export function revive(value: unknown, hoisted: readonly Uint32Array[] = []): unknown {
  return walk(value, wordsOf(hoisted));
}

function walk(value: unknown, words: (text: string) => Uint32Array): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      if (typeof x !== 'object' || x === null) continue;
      const y = walk(x, words);
      if (y !== x) value[i] = y;
    }
    return value;
  }
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (typeof x !== 'object' || x === null) continue;
    const y = walk(x, words);
    if (y === x) continue;
    // JSON.parse makes "__proto__" an own property; an assignment would set the prototype.
    // (Only there: redefining properties could leave the engine's hot objects slow.)
    if (k === '__proto__') Object.defineProperty(o, k, { value: y, writable: true, enumerable: true, configurable: true });
    else o[k] = y;
  }
  return untag(o, words);
}

export function encode(value: unknown, space?: number): string {
  return JSON.stringify(value, replacer, space);
}

export function decode(text: string): unknown {
  return revive(JSON.parse(text));
}
