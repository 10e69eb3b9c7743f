// Reading a lab file too large for one string (lab-write.ts says why there are such files):
// the file is read a chunk at a time, and every "$u32" text in it is decoded from base64
// into its words as it goes by, leaving "#<k>" in its place; the rest of the file (the lab
// without its block tables: small) is one string, parsed with codec.ts's reviver, which
// takes "#<k>" for the k-th words decoded. The result is what JSON.parse with the reviver
// makes of the whole text, for every file the writer makes and every valid JSON besides,
// with one exception: a "$u32" text is taken as base64 without JSON's escapes (the writer
// never writes one; a backslash in one is reported).
//
// A "$u32" text is recognised by its key: `"$u32"`, blanks, a colon, blanks and an opening
// quote. Inside a JSON string every quote is escaped, so the key cannot be a string's
// contents; anything else that starts like it (a "$u32" string value, a key and a number)
// stays in the text as it is.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 16 * 2 ** 20;
const KEY = Buffer.from('"$u32"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Blanks between the key and its text past which it is not taken as one (the writer puts one). */
const MAX_GAP = 256;

export interface LabPieces {
  /** The file's text with each "$u32" text's base64 replaced by "#<k>". */
  text: string;
  /** The k-th "$u32" text's words. */
  hoisted: Uint32Array[];
  /** Line and column in the file of a position in `text` (for JSON.parse's errors). */
  locate(pos: number): { line: number; column: number };
}

export class PiecesError extends Error {}

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * After a key at `at`: the index of its text's opening quote; -1 when it is not followed by
 * one (not a "$u32" text); undefined when `buf` ends before that can be told.
 */
function openingQuote(buf: Buffer, at: number, end: number): number | undefined {
  let i = at + KEY.length;
  let colon = false;
  for (; i < end; i++) {
    if (i - at > KEY.length + MAX_GAP) return -1;
    const b = buf[i]!;
    if (isBlank(b)) continue;
    if (b === 0x3a && !colon) {
      colon = true;
      continue;
    }
    return colon && b === QUOTE ? i : -1;
  }
  return undefined;
}

/** Decodes base64 text arriving in pieces of any length into one Uint32Array. */
class WordsDecoder {
  private carry = '';
  private readonly parts: Buffer[] = [];
  private bytes = 0;
  /** Characters of base64 taken so far. */
  chars = 0;

  /** Takes the base64 characters buf[from..to). */
  add(buf: Buffer, from: number, to: number): void {
    this.chars += to - from;
    let at = from;
    if (this.carry !== '') {
      // Complete the quad the last piece left open, then decode the rest in place.
      const take = Math.min(4 - this.carry.length, to - at);
      this.carry += buf.toString('latin1', at, at + take);
      at += take;
      if (this.carry.length < 4) return;
      this.push(Buffer.from(this.carry, 'base64'));
      this.carry = '';
    }
    const whole = at + (to - at) - ((to - at) % 4);
    if (whole > at) this.push(Buffer.from(buf.toString('latin1', at, whole), 'base64'));
    this.carry = buf.toString('latin1', whole, to);
  }

  /** The words; with `room`, a view of the first words of an array that has `room` zero words after them. */
  finish(room = 0): Uint32Array {
    if (this.carry !== '') this.push(Buffer.from(this.carry, 'base64'));
    if (this.bytes % 4 !== 0) throw new PiecesError(`$u32: ${this.bytes} bytes is not a whole number of 32-bit words`);
    const words = this.bytes / 4;
    const out = new Uint32Array(words + room);
    const view = new Uint8Array(out.buffer);
    let at = 0;
    for (const p of this.parts) {
      view.set(p, at);
      at += p.length;
    }
    if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
      for (let i = 0; i < out.length; i++) {
        const x = out[i]!;
        out[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
      }
    }
    return room > 0 ? out.subarray(0, words) : out;
  }

  private push(b: Buffer): void {
    this.parts.push(b);
    this.bytes += b.length;
  }
}

/** Reads lab file `file` in chunks of `chunkBytes`. */
export function readLabPieces(file: string, chunkBytes = CHUNK_BYTES): LabPieces {
  const fd = openSync(file, 'r');
  try {
    return readPieces(fd, chunkBytes);
  } finally {
    closeSync(fd);
  }
}

function readPieces(fd: number, chunkBytes: number): LabPieces {
  const decoder = new StringDecoder('utf8');
  const textParts: string[] = [];
  let textLength = 0;
  const emit = (s: string): void => {
    textParts.push(s);
    textLength += s.length;
  };
  const emitBytes = (buf: Buffer, from: number, to: number): void => {
    if (to > from) emit(decoder.write(buf.subarray(from, to)));
  };
  const hoisted: Uint32Array[] = [];
  /** Per "$u32" text: its place in `text` and the characters of base64 it stood for there. */
  const cuts: { at: number; chars: number; tag: number }[] = [];
  let words: WordsDecoder | null = null;

  // The window: what a key found near a chunk's end left over, then the next chunk.
  let buf = Buffer.allocUnsafe(chunkBytes + KEY.length + MAX_GAP + 16);
  let kept = 0;
  for (;;) {
    if (buf.length < kept + chunkBytes) {
      const bigger = Buffer.allocUnsafe(kept + chunkBytes);
      buf.copy(bigger, 0, 0, kept);
      buf = bigger;
    }
    const n = readSync(fd, buf, kept, chunkBytes, null);
    const end = kept + n;
    const eof = n === 0;
    // Past `end` lie bytes of earlier chunks: every search looks only at the window.
    const win = buf.subarray(0, end);
    let pos = 0;
    kept = 0;
    while (pos < end) {
      if (words !== null) {
        const close = win.indexOf(QUOTE, pos);
        const stop = close < 0 ? end : close;
        const slash = win.indexOf(BACKSLASH, pos);
        if (slash >= 0 && slash < stop) throw new PiecesError('$u32: an escape in base64 text');
        words.add(win, pos, stop);
        pos = stop;
        if (stop === close) {
          const cut = cuts[cuts.length - 1]!;
          cut.chars = words.chars;
          hoisted.push(words.finish(zerosAfter(win, close)));
          words = null;
        }
        continue;
      }
      const key = win.indexOf(KEY, pos);
      if (key < 0) {
        // Bytes that may start a key go round again with the next chunk.
        const keep = eof ? 0 : Math.min(end - pos, KEY.length - 1);
        emitBytes(buf, pos, end - keep);
        buf.copy(buf, 0, end - keep, end);
        kept = keep;
        pos = end;
        break;
      }
      const quote = openingQuote(win, key, end);
      if (quote === undefined && !eof) {
        emitBytes(buf, pos, key);
        buf.copy(buf, 0, key, end);
        kept = end - key;
        pos = end;
        break;
      }
      if (quote === undefined || quote < 0) {
        emitBytes(buf, pos, key + KEY.length);
        pos = key + KEY.length;
        continue;
      }
      emitBytes(buf, pos, quote + 1);
      const tag = `#${cuts.length}`;
      // The quote ended whatever the decoder held: `textLength` is the tag's place.
      cuts.push({ at: textLength, chars: 0, tag: tag.length });
      emit(tag);
      words = new WordsDecoder();
      pos = quote + 1;
    }
    if (eof) break;
  }
  emit(decoder.end());
  if (words !== null) {
    // The file ends inside a "$u32" text: the text ends there too, and JSON.parse says so.
    cuts[cuts.length - 1]!.chars = words.chars;
  }
  const text = textParts.join('');
  return { text, hoisted, locate: (pos) => locate(text, cuts, pos) };
}

const ZEROS = /^"[ \t\r\n]*,[ \t\r\n]*"\$zeros"[ \t\r\n]*:[ \t\r\n]*([0-9]{1,10})[^0-9]/;

/**
 * The "$zeros" count written right after a "$u32" text closing at `close`, when the window
 * shows it whole, else 0: the words are then decoded into an array with that room, which
 * codec.ts takes as it is instead of copying them into one.
 */
function zerosAfter(win: Buffer, close: number): number {
  const m = ZEROS.exec(win.toString('latin1', close, Math.min(win.length, close + 64)));
  const n = m === null ? 0 : Number(m[1]);
  return n <= 2 ** 31 ? n : 0;
}

function locate(text: string, cuts: { at: number; chars: number; tag: number }[], pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  let column = pos - start + 1;
  // Base64 has no line breaks: only a cut on this line, before pos, moves the column.
  for (const c of cuts) if (c.at >= start && c.at + c.tag <= pos) column += c.chars - c.tag;
  return { line, column };
}
