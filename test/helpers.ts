// Shared test helpers: a fresh in-memory shell on the default lab, and running lines.
import { join } from 'node:path';
import { expect } from 'vitest';
import { NasError, type NasErrorCode } from '../src/engine/errors.js';
import type { World } from '../src/engine/types.js';
import { memoryShell, type Shell } from '../src/shell/shell.js';
import { encode } from '../src/store/codec.js';
import { packageRoot } from '../src/store/paths.js';

export const FIXTURE = join(packageRoot(), 'fixtures', 'two-site-dr.json');

export function freshShell(): Shell {
  return memoryShell(FIXTURE);
}

/** The default lab made ready to replicate pfs10 to sfs10: both Control Stations trust each other, sfs10 mounted read-only, back at cel_pfs. */
export const REPLICATION_READY = [
  'nas_cel -create cel_sfs -ip 10.2.1.10 -passphrase nasadmin',
  'cs cel_sfs',
  'nas_cel -create cel_pfs -ip 10.1.1.10 -passphrase nasadmin',
  'server_mount server_2 -o ro sfs10 /sfs10',
  'cs cel_pfs',
] as const;

/** Runs one line on a shell and returns its text and status. */
export function run(shell: Shell, line: string): { text: string; status: number } {
  const r = shell.exec(line);
  return { text: r.text, status: r.status };
}

/** Runs `f`, expects a NasError with `code`, and that the world is byte-identical after. */
export function refused<C extends NasErrorCode>(world: World, code: C, f: () => unknown): NasError<C> {
  const before = encode(world);
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(NasError);
  expect((err as NasError).code).toBe(code);
  expect(encode(world)).toBe(before);
  return err as NasError<C>;
}
