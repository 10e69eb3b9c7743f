// A lab on disk: a lowdb document written atomically (temp file + rename) after each
// change, validated on every read. A broken file is reported and never overwritten.
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { seedState } from '../engine/random.js';
import type { LabDoc } from '../shell/lab.js';
import { decode } from './codec.js';
import { encodeLab } from './lab-json.js';
import { systemReason, writeFileAtomic } from './files.js';
import { acquireLock } from './lock.js';
import { LabFormatError, validateLab } from './schema.js';

export class LabFileError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'LabFileError';
  }
}

/** Parses and validates lab text; errors name the file and the place. */
export function parseLab(text: string, file: string): LabDoc {
  let data: unknown;
  try {
    data = decode(text);
  } catch (e) {
    // V8 quotes a piece of the text in its message: keep the report on one line.
    const message = (e as Error).message.replace(/\r?\n/g, '\\n');
    throw new LabFileError(file, `not valid JSON (${where(text, message)})`);
  }
  try {
    return validateLab(data);
  } catch (e) {
    if (e instanceof LabFormatError) throw new LabFileError(file, `invalid lab: ${e.where}: ${e.problem}`);
    throw e;
  }
}

function where(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  // A file cut short (an empty or half-copied file) has no position: its end is the place.
  if (!m && !/end of JSON input/.test(message)) return message;
  const before = m ? text.slice(0, Number(m[1])) : text;
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${col}`;
}

export function stringifyLab(doc: LabDoc): string {
  return encodeLab(doc, 1) + '\n';
}

/** Writes a copy of a lab to `file` atomically (`save <file>`), naming that file on failure. */
export function writeLabFileAtomic(file: string, doc: LabDoc): void {
  try {
    writeFileAtomic(file, stringifyLab(doc));
  } catch (e) {
    throw new LabFileError(file, systemReason(e));
  }
}

/** Reads a lab file (fixture or saved state) without taking it over. */
export function readLabFile(file: string): LabDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LabFileError(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such lab file' : systemReason(e));
  }
  return parseLab(text, file);
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
    this.db = new Low(new DataFile<LabDoc>(file, { parse: (s) => parseLab(s, file), stringify: stringifyLab }), doc);
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
   * Atomic: steno writes a temp file in the same folder and renames it over the lab.
   */
  async write(doc?: LabDoc): Promise<void> {
    if (doc) this.db.data = doc;
    await this.db.write();
  }

  close(): void {
    this.unlock();
  }
}

function cleanStaleTemp(file: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.tmp`);
  try {
    unlinkSync(tmp);
  } catch {
    // none left behind
  }
}
