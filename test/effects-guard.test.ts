// The guard on what commands say they changed: every transcript is replayed with each
// command's parse, run and format watched, and the world's print (src/store/world-print.ts)
// taken around them. A run that changed the world must say so (its line is logged and the lab
// saved only then), and one that says so must have changed it (else a line that did nothing
// is logged); a session change must be said too. A parse, a format or a refusal (NasError,
// UsageError) changes nothing. This is what keeps a command's Effects honest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NasError } from '../src/engine/errors.js';
import { UsageError, type Command, type Ctx, type Ran } from '../src/shell/command.js';
import { commands } from '../src/shell/registry.js';
import { printWorld, samePrint } from '../src/store/world-print.js';
import { freshShell } from './helpers.js';
import { parseTranscript, TRANSCRIPT_DIR, transcriptFiles } from './transcript-file.js';

/** What the watched commands did wrong on the line being replayed. */
const problems: string[] = [];
let line = '';
/** The context of the last run: format, which follows it, is given none. */
let lastCtx: Ctx | undefined;

const session = (ctx: Ctx) => JSON.stringify(ctx.session);

/** `f` must leave the world (and the session) as it found them. */
function pure<T>(what: string, cmd: Command, ctx: Ctx, f: () => T): T {
  const before = printWorld(ctx.world);
  const was = session(ctx);
  try {
    return f();
  } finally {
    if (!samePrint(before, printWorld(ctx.world))) problems.push(`${line}: ${cmd.name} ${what} changed the world`);
    if (session(ctx) !== was) problems.push(`${line}: ${cmd.name} ${what} changed the session`);
  }
}

function watched(cmd: Command): Command {
  return {
    ...cmd,
    parse: (m, ctx) => pure('parse', cmd, ctx, () => cmd.parse(m, ctx)),
    format: (res) => pure('format', cmd, lastCtx!, () => cmd.format(res)),
    run: (ctx, req): Ran<unknown> => {
      lastCtx = ctx;
      const before = printWorld(ctx.world);
      const was = session(ctx);
      let ran: Ran<unknown>;
      try {
        ran = cmd.run(ctx, req);
      } catch (e) {
        if ((e instanceof NasError || e instanceof UsageError) && !samePrint(before, printWorld(ctx.world))) {
          problems.push(`${line}: ${cmd.name} refused (${e instanceof NasError ? e.code : e.message}) after changing the world`);
        }
        throw e;
      }
      const changed = !samePrint(before, printWorld(ctx.world));
      const said = ran.effects.world === true;
      if (changed && !said) problems.push(`${line}: ${cmd.name} changed the world without saying so`);
      if (said && !changed) problems.push(`${line}: ${cmd.name} said it changed the world, and did not`);
      if (session(ctx) !== was && ran.effects.session !== true) problems.push(`${line}: ${cmd.name} changed the session without saying so`);
      return ran;
    },
  };
}

describe('what commands say they changed, on every transcript', () => {
  const all = commands();
  const originals = [...all];
  beforeAll(() => all.splice(0, all.length, ...originals.map(watched)));
  afterAll(() => all.splice(0, all.length, ...originals));

  for (const file of transcriptFiles()) {
    it(file, () => {
      const shell = freshShell();
      const found: string[] = [];
      for (const step of parseTranscript(readFileSync(join(TRANSCRIPT_DIR, file), 'utf8'))) {
        line = step.line;
        shell.exec(step.line);
        found.push(...problems.splice(0));
      }
      expect(found).toEqual([]);
    });
  }
});
