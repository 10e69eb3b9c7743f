// A lab on disk: a lowdb document written atomically (temp file + rename) after each
// change, validated on every read. A broken file is reported and never overwritten.
//
// The file is JSON (lab-json.ts). A lab may hold more block tables than fit in one string,
// so it is written a piece at a time (lab-write.ts), and a file from PIECES_FROM_BYTES on
// is read a chunk at a time (lab-read.ts); smaller ones are read and parsed whole, as any
// JSON file. Either way the same file gives the same lab.
import { existsSync, fstatSync, mkdirSync, openSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { seedState } from '../engine/random.js';
import type { LabDoc } from './lab-doc.js';
import { decode, revive } from './codec.js';
import { systemReason, writeFileAtomicWith } from './files.js';
import { PiecesError, readLabPieces } from './lab-read.js';
import { encodeLab } from './lab-json.js';
import { writeLabText } from './lab-write.js';
import { acquireLock } from './lock.js';
import { migrateLab } from './migrations.js';
import { LabFormatError, validateLab } from './schema.js';

/** Lab files from this size on are read in chunks, their block tables decoded as they pass. */
export const PIECES_FROM_BYTES = 32 * 2 ** 20;

export class LabFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'LabFileError';
  }
}

type Locate = (pos: number) => { line: number; column: number };

/** Parses and validates lab text; errors name the file and the place. */
export function parseLab(text: string, file: string): LabDoc {
  return fromJson(
    () => decode(text),
    text.length,
    (pos) => lineColumn(text, pos),
    file,
  );
}

/** A lab from a file read in chunks of `chunkBytes` (lab-read.ts), as readLabFile reads a large one. */
export function readLabFileInPieces(file: string, chunkBytes?: number): LabDoc {
  let pieces;
  try {
    pieces = readLabPieces(file, chunkBytes);
  } catch (e) {
    if (e instanceof PiecesError) throw new LabFileError(file, `not valid JSON (${e.message})`);
    throw new LabFileError(file, readProblem(e));
  }
  const { text, hoisted, locate } = pieces;
  return fromJson(() => revive(JSON.parse(text), hoisted), text.length, locate, file);
}

function fromJson(parse: () => unknown, length: number, locate: Locate, file: string): LabDoc {
  let data: unknown;
  try {
    data = parse();
  } catch (e) {
    // V8 quotes a piece of the text in its message: keep the report on one line.
    const message = (e as Error).message.replace(/\r?\n/g, '\\n');
    throw new LabFileError(file, `not valid JSON (${where(message, length, locate)})`);
  }
  try {
    return validateLab(migrateLab(data));
  } catch (e) {
    if (e instanceof LabFormatError) throw new LabFileError(file, `invalid lab: ${e.where}: ${e.problem}`);
    throw e;
  }
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

function where(message: string, length: number, locate: Locate): string {
  const m = /position (\d+)/.exec(message);
  // A file cut short (an empty or half-copied file) has no position: its end is the place.
  if (!m && !/end of JSON input/.test(message)) return message;
  const { line, column } = locate(m ? Number(m[1]) : length);
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/** The lab file's text, whole: for labs small enough to be one string (tests, small files). */
export function stringifyLab(doc: LabDoc): string {
  return encodeLab(doc, 1) + '\n';
}

/** Writes lab `doc` to `file` atomically through `tmp`, a piece at a time. Throws the system error. */
function writeLab(file: string, doc: LabDoc, tmp?: string): void {
  writeFileAtomicWith(file, (write) => writeLabText(doc, write), tmp);
}

/** Writes a copy of a lab to `file` atomically (`save <file>`), naming that file on failure. */
export function writeLabFileAtomic(file: string, doc: LabDoc): void {
  try {
    writeLab(file, doc);
  } catch (e) {
    throw new LabFileError(file, systemReason(e));
  }
}

/** Reads a lab file (fixture or saved state) without taking it over. */
export function readLabFile(file: string): LabDoc {
  let size: number;
  try {
    const fd = openSync(file, 'r');
    try {
      size = fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
    if (size < PIECES_FROM_BYTES) return parseLab(readFileSync(file, 'utf8'), file);
  } catch (e) {
    if (e instanceof LabFileError) throw e;
    throw new LabFileError(file, readProblem(e));
  }
  return readLabFileInPieces(file);
}

function readProblem(e: unknown): string {
  return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such lab file' : systemReason(e);
}

/** A fresh copy of a fixture, its PRNG started from `seed` when given. */
export function labFromFixture(fixtureFile: string, seed?: number): LabDoc {
  const doc = readLabFile(fixtureFile);
  if (seed !== undefined) {
    doc.world.seed = seed;
    doc.world.rng = seedState(seed);
  }
  return doc;
}

export interface OpenOptions {
  /** Where the lab is kept. */
  stateFile: string;
  /** The fixture a fresh lab starts from. */
  fixtureFile: string;
  fresh?: boolean;
  seed?: number;
}

export class LabStore {
  private readonly db: Low<LabDoc>;
  private constructor(
    readonly file: string,
    doc: LabDoc,
    private readonly unlock: () => void,
  ) {
    this.db = new Low(new LabFileAdapter(file), doc);
    this.db.data = doc;
  }

  /** Opens (or creates from the fixture) the lab kept in `stateFile`, locking it. */
  static async open(opts: OpenOptions): Promise<{ store: LabStore; created: boolean }> {
    mkdirSync(dirname(opts.stateFile), { recursive: true });
    const unlock = acquireLock(opts.stateFile);
    try {
      cleanStaleTemp(opts.stateFile);
      const created = opts.fresh === true || !existsSync(opts.stateFile);
      const doc = created ? labFromFixture(opts.fixtureFile, opts.seed) : readLabFile(opts.stateFile);
      const store = new LabStore(opts.stateFile, doc, unlock);
      if (created) await store.write();
      return { store, created };
    } catch (e) {
      unlock();
      throw e;
    }
  }

  get doc(): LabDoc {
    return this.db.data;
  }

  /**
   * Writes the lab, or `doc` when given (the shell's document after `load` or `reset`).
   * Atomic: a temp file in the same folder, renamed over the lab.
   */
  async write(doc?: LabDoc): Promise<void> {
    if (doc) this.db.data = doc;
    await this.db.write();
  }

  close(): void {
    this.unlock();
  }
}

/**
 * lowdb's adapter for a lab file. It writes synchronously, a piece at a time: a write is
 * whole before anything can change the lab again, and a lab too large for one string is
 * never made into one. The temp file is steno's (lowdb's writer), which a lab's opener
 * cleans up after a crash.
 */
class LabFileAdapter implements Adapter<LabDoc> {
  constructor(private readonly file: string) {}

  async read(): Promise<LabDoc | null> {
    return existsSync(this.file) ? readLabFile(this.file) : null;
  }

  async write(doc: LabDoc): Promise<void> {
    writeLab(this.file, doc, staleTemp(this.file));
  }
}

function staleTemp(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

function cleanStaleTemp(file: string): void {
  try {
    unlinkSync(staleTemp(file));
  } catch {
    // none left behind
  }
}
