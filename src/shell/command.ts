// What a command is: its grammar, a parse from matched words to a typed request, a run
// against the world that reports what it changed, and a format from the result to the
// lines the real CLI prints.
import type { AnyNasError } from '../engine/errors.js';
import type { Cell, World } from '../engine/types.js';
import type { Form, MatchOf } from './grammar.js';
import type { Session } from './session.js';

/** What the shell around the dispatcher offers built-ins (persistence, history). */
export interface Host {
  /** Writes the lab now; to `file` when given (the lab keeps its own file). */
  save(file?: string): string;
  /** Replaces the world and session with a lab file's. */
  load(file: string): string;
  /** Starts the lab over from its fixture. */
  reset(): string;
  history(): string[];
  /** Where labs and history are kept, for messages. */
  describe(): string;
}

export interface Ctx {
  world: World;
  session: Session;
  /** The cell of the Control Station the session is on. */
  cell: Cell;
  host: Host;
}

/** What a command prints: presentation only (what it changed is in its run's Effects). */
export interface Output {
  lines: string[];
  /** The last line has no newline after it (`echo -n`). */
  noNewline?: boolean;
  /** Exit status; 0 when absent. */
  status?: number;
}

/**
 * What a run changed, as it alone knows: the dispatcher logs and saves from this and nothing
 * else (no comparison of the world before and after).
 */
export interface Effects {
  /** The world changed: the line goes in the lab's command log and the lab is saved. */
  world?: true;
  /** The session changed (its Control Station, its variables): the lab is saved, the line not logged. */
  session?: true;
  /** The lab was replaced (load, reset): saved as it now is, the line not logged. */
  replaced?: true;
  /** The shell should leave after printing. */
  exit?: true;
  /**
   * `watch`: the interactive shell takes over the live area and re-runs this line as the
   * clock runs; a front end that cannot (batch mode) prints the output instead.
   */
  watch?: WatchRequest;
}

/** A run's answer: the data format prints, and what the run changed. */
export interface Ran<Res> {
  result: Res;
  effects: Effects;
}

/** A run that changed nothing. */
export const unchanged = <Res>(result: Res): Ran<Res> => ({ result, effects: {} });

/** A run that changed the world when `did` (a mutating run that succeeded, by default). */
export const changedWorld = <Res>(result: Res, did = true): Ran<Res> => ({ result, effects: did ? { world: true } : {} });

export const withEffects = <Res>(result: Res, effects: Effects): Ran<Res> => ({ result, effects });

/**
 * Runs `edit`, and whether it changed `part`: the small record of the world it alone edits,
 * where setting what is already set (an idempotent repeat) must not count as a change.
 */
export function edits<T>(part: () => unknown, edit: () => T): { value: T; changed: boolean } {
  const was = JSON.stringify(part());
  const value = edit();
  return { value, changed: JSON.stringify(part()) !== was };
}

/** A line to re-run every `intervalMs` of virtual time, with procps watch's header unless `title` is false. */
export interface WatchRequest {
  line: string;
  intervalMs: number;
  title: boolean;
}

export interface Command<Req = any, Res = any, Fs extends readonly Form[] = readonly Form[]> {
  name: string;
  kind: 'celerra' | 'builtin';
  summary: string;
  forms: Fs;
  /** Turns matched words (typed by the forms: MatchOf) into a request; throws UsageError or NasError. */
  parse(m: MatchOf<Fs>, ctx: Ctx): Req;
  /** Validates against the world, then mutates; returns data and what it changed. */
  run(ctx: Ctx, req: Req): Ran<Res>;
  /** The result's presentation, made from the result alone (which may hold world objects it names, as the run left them); it changes nothing. */
  format(res: Res): Output;
  /** The data mover an error line names by default (server_* commands). */
  target?(req: Req): string | undefined;
  /**
   * A host tool words its own errors (coreutils style, not `Error N:`): the line for an
   * engine error (its code narrows its data), or undefined for the shared table's. `req` is
   * undefined when parse failed.
   */
  errorText?(e: AnyNasError, req: Req | undefined): string | undefined;
}

/** Bad words for a grammar: the dispatcher prints the message (if any) and the usage. */
export class UsageError extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A command, its parse's match typed by its forms (so a misspelled option name does not
 * compile); the registry holds it with the forms' types erased, as the dispatcher matches
 * the words against those very forms before it calls parse.
 */
export function defineCommand<Req, Res, const Fs extends readonly Form[]>(c: Command<Req, Res, Fs>): Command<Req, Res> {
  return c as unknown as Command<Req, Res>;
}

/** `<mover> : done`, the reply of a mutating server_* command. */
export function done(target: string): Output {
  return { lines: [`${target} : done`] };
}
