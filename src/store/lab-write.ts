// A lab file's text, produced a piece at a time: exactly encodeLab(doc, 1) + '\n'
// (lab-json.ts), but never as one string. V8's strings end at 2^29 - 24 characters (about
// 512 MB), and a lab holding tens of millions of written blocks has more than that in
// base64 block tables (52M blocks: about 280 MB of stamps alone; the 2^27 blocks a lab may
// hold, contents.ts's LAB_BLOCK_BUDGET, over 700 MB). So JSON.stringify lays the lab out
// with every large Uint32Array (HOIST_BYTES and up: clone stamps, bit maps, save volumes)
// left as a placeholder, "#<k>" for its "$u32" text, and the writer sends that small text
// with each placeholder's base64 written in its place, PIECE_BYTES of words at a time.
import { u32ToBase64 } from './codec.js';
import type { TextSink } from './files.js';
import { labReplacer } from './lab-json.js';

/** Typed arrays from this size on are written in pieces; smaller ones inline, as JSON.stringify would. */
export const HOIST_BYTES = 64 * 1024;
/** A multiple of 3 (base64 pieces of whole 3-byte groups join into one base64 text) and of 4 (whole words). */
const PIECE_BYTES = 3 * 2 ** 18;
/** How JSON.stringify with an indent of 1 writes a "$u32" key before its text's opening quote. */
const U32_KEY = '"$u32": "';

/**
 * Sends the text of lab file `doc` to `write`, in order, in pieces. The placeholders are
 * found in the laid-out text in the order JSON.stringify made them: a user's string holding
 * the same characters would have its quotes escaped, and "$u32" is a key no lab has of its
 * own (codec.ts).
 */
export function writeLabText(doc: unknown, write: TextSink, hoistBytes = HOIST_BYTES): void {
  const hoisted: Uint32Array[] = [];
  const hoist = (words: Uint32Array): string | null => {
    if (words.byteLength < hoistBytes) return null;
    hoisted.push(words);
    return `#${hoisted.length - 1}`;
  };
  const text = JSON.stringify(doc, labReplacer(hoist), 1) + '\n';
  let at = 0;
  for (let k = 0; k < hoisted.length; k++) {
    const mark = `${U32_KEY}#${k}"`;
    const found = text.indexOf(mark, at);
    if (found < 0) throw new Error(`lab writer: placeholder ${k} not found`);
    const open = found + U32_KEY.length;
    write(text.slice(at, open));
    writeBase64(hoisted[k]!, write);
    at = found + mark.length - 1; // the closing quote is the laid-out text's again
  }
  write(text.slice(at));
}

function writeBase64(words: Uint32Array, write: TextSink): void {
  const step = PIECE_BYTES / 4;
  for (let w = 0; w < words.length; w += step) write(u32ToBase64(words.subarray(w, Math.min(words.length, w + step))), true);
}
