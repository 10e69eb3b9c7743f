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

/** For JSON.stringify(value, replacer). */
export function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Map) return { [MAP]: [...value] };
  if (value instanceof Uint32Array) {
    let end = value.length;
    while (end > 0 && value[end - 1] === 0) end--;
    const zeros = value.length - end;
    if (zeros >= ZERO_RUN) return { [U32]: u32ToBase64(value.subarray(0, end)), [ZEROS]: zeros };
    return { [U32]: u32ToBase64(value) };
  }
  return value;
}

/** For JSON.parse(text, reviver). Children are revived first, so Map values may be arrays or Maps. */
export function reviver(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  if (MAP in o) {
    const entries = o[MAP];
    if (Object.keys(o).length === 1 && Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2)) {
      return new Map(entries as [unknown, unknown][]);
    }
  } else if (U32 in o) {
    const text = o[U32];
    const keys = Object.keys(o).length;
    if (keys === 1 && typeof text === 'string') return base64ToU32(text);
    const zeros = o[ZEROS];
    if (keys === 2 && typeof text === 'string' && Number.isSafeInteger(zeros) && (zeros as number) >= 0) {
      const words = base64ToU32(text);
      const out = new Uint32Array(words.length + (zeros as number));
      out.set(words);
      return out;
    }
  }
  return value;
}

export function encode(value: unknown, space?: number): string {
  return JSON.stringify(value, replacer, space);
}

export function decode(text: string): unknown {
  return JSON.parse(text, reviver);
}
