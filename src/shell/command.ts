// What a command is: its grammar, a parse from matched words to a typed request, a run
// against the world, and a format from the result to the lines the real CLI prints.
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

export interface Output {
  lines: string[];
  /** The last line has no newline after it (`echo -n`). */
  noNewline?: boolean;
  /** Exit status; 0 when absent. */
  status?: number;
  /** The shell should leave after printing. */
  exit?: boolean;
  /** The world was replaced or changed outside the form's own `mutates` (built-ins). */
  changed?: boolean;
  /**
   * This run changed the world though its form is not marked `mutates` (a read that made a
   * local updatable file system ask for an update): logged and saved as a changing command,
   * without the before/after comparison a `mutates` form pays on every run.
   */
  worldChanged?: boolean;
  /**
   * `watch`: the interactive shell takes over the live area and re-runs this line as the
   * clock runs; a front end that cannot (batch mode) prints `lines` and `status` instead.
   */
  watch?: WatchRequest;
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
  /** Validates against the world, then mutates; returns data. */
  run(ctx: Ctx, req: Req): Res;
  format(res: Res, ctx: Ctx): Output;
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
