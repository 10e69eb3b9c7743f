// Runs typed lines: tokenizes, resolves the invocation forms scripts send, dispatches to
// a command, and turns its result or error into the reply text and exit status, once.
//
// Whether a command changed anything is what its run reports (Effects): a world change
// logs the line and saves the lab; a session change or a lab replaced saves it. Around a
// command whose form may change the world, the dispatcher keeps an undo point (src/store/
// world-print.ts: the world's JSON without file system contents and large typed arrays, and
// a hash of each of those), used only when the command throws something other than a
// NasError or a UsageError: that is a bug, and what it did is undone from the point. That
// undo is exact in a lab whose contents and tables hold up to UNDO_COPY_BYTES (copies of
// them are kept for it). A larger lab keeps no copies (they would double its memory and cost
// more than most commands), so a bug that changed some file system's blocks (or another
// large table) in place before it threw cannot be undone: the world is then left as the
// error found it, the error says so, and it is kept (logged and saved) like any change,
// since every later command sees it. A bug that changed none of them is undone exactly at
// any size.
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { findCell } from '../engine/cluster.js';
import { isNasError } from '../engine/errors.js';
import { cellUp } from '../engine/site.js';
import { systemReason } from '../store/files.js';
import { undo, undoPoint } from '../store/world-print.js';
import { envLines } from './builtins/env.js';
import type { Command, Ctx, Effects, Host, Output, WatchRequest } from './command.js';
import { UsageError } from './command.js';
import { errorLine } from './error-table.js';
import { matchForms, synopsis } from './grammar.js';
import { commandName, findInvocation } from './invocation.js';
import { COMMAND_LOG_LIMIT, type LabDoc } from '../store/lab-doc.js';
import { findCommand } from './registry.js';
import { tokenize, TokenizeError, type Segment } from './tokenize.js';

export interface Reply {
  text: string;
  status: number;
  exit: boolean;
  /** The lab must be written: a command said it changed the world or the session, or replaced the lab. */
  changed: boolean;
  /** Status of the last command that failed with no `||` to rescue it, else 0. */
  failed?: number;
  /** The line ended in `watch`: what to re-run (an interactive front end does; `text` is the refusal for one that cannot). */
  watch?: WatchRequest;
  /** Alert notices raised while the line ran, as lines to print (Shell.exec fills it). */
  notices?: string[];
}

export const STATUS_ERROR = 1;
export const STATUS_USAGE = 2;
export const STATUS_NOT_FOUND = 127;
export const STATUS_INTERNAL = 70;

export function usageLines(cmd: Command, message = ''): string[] {
  const syn = synopsis(cmd.name, cmd.forms);
  return [...(message ? [`${cmd.name}: ${message}`] : []), `usage: ${syn[0]}`, ...syn.slice(1).map((l) => `      ${l}`)];
}

const reply = (text: string, status: number, changed = false): Reply => ({ text, status, exit: false, changed });

/**
 * Runs every command of a line, joined as sh joins them (`;`, `&&`, `||`). Without
 * keepGoing it stops after a failing command that nothing joins with `||`. `lab` is asked
 * for before each command, since `load` and `reset` replace the document.
 */
export function execLine(lab: () => LabDoc, host: Host, line: string, keepGoing = true): Reply {
  let pipelines;
  try {
    pipelines = tokenize(line, lab().session.env);
  } catch (e) {
    if (e instanceof TokenizeError) return { ...reply(`-bash: ${e.message}\n`, STATUS_USAGE), failed: STATUS_USAGE };
    throw e;
  }
  const out: Reply = reply('', 0);
  for (let i = 0; i < pipelines.length; i++) {
    const p = pipelines[i]!;
    if ((p.op === '&&' && out.status !== 0) || (p.op === '||' && out.status === 0)) continue;
    let r = guarded(() => execPipeline(lab(), host, p.segments, p.raw));
    if (r.watch) {
      // watch takes the terminal until `q`: nothing can run after it on the line or read its output.
      const alone = pipelines.length === 1 && p.segments.length === 1 && p.segments[0]!.redirects.length === 0;
      if (alone) out.watch = r.watch;
      else r = reply('watch: it takes over the terminal until q: run it on a line of its own, not joined, piped or redirected\n', STATUS_USAGE);
    }
    out.text += r.text;
    out.status = r.status;
    out.changed ||= r.changed;
    if (r.exit) {
      out.exit = true;
      break;
    }
    if (r.status !== 0 && pipelines[i + 1]?.op !== '||') {
      out.failed = r.status;
      if (!keepGoing) break;
    }
  }
  return out;
}

/** No input may throw out of the dispatcher: a bug becomes a reply with status 70. */
function guarded(run: () => Reply): Reply {
  try {
    return run();
  } catch (e) {
    return reply(`drshell: internal error: ${e instanceof Error ? e.message : String(e)}\n`, STATUS_INTERNAL);
  }
}

function execPipeline(lab: LabDoc, host: Host, segments: Segment[], raw: string): Reply {
  const first = execSegment(lab, host, segments[0]!.words, raw);
  if (first.exit) return first;
  const written = redirect(segments[0]!, first.text);
  if (segments.length === 1) {
    return written.error ? { ...first, text: written.error, status: STATUS_ERROR } : { ...first, text: written.text };
  }
  const rest = segments
    .slice(1)
    .map((s) => s.raw)
    .join(' | ');
  const r = spawnSync('/bin/sh', ['-c', rest], { input: written.text, encoding: 'utf8', env: { ...process.env, ...lab.session.env } });
  if (r.error) return { ...first, text: `${written.error ?? ''}-bash: ${r.error.message}\n`, status: STATUS_INTERNAL };
  return { ...first, text: (written.error ?? '') + (r.stdout ?? '') + (r.stderr ?? ''), status: r.status ?? STATUS_INTERNAL };
}

/** Applies a segment's output redirections: `> file`, `>> file`, `>/dev/null`; `2>&1` is moot. */
function redirect(segment: Segment, text: string): { text: string; error?: string } {
  let out = text;
  for (const r of segment.redirects) {
    if (r.fd !== 1 || r.target === null) continue;
    try {
      if (r.append) appendFileSync(r.target, out);
      else writeFileSync(r.target, out);
    } catch (e) {
      return { text: '', error: `-bash: ${r.target}: ${systemReason(e)}\n` };
    }
    out = '';
  }
  return { text: out };
}

function execSegment(lab: LabDoc, host: Host, words: string[], raw: string): Reply {
  const inv = findInvocation(words);
  if (inv.at === words.length) {
    // `env A=1` with no command prints the environment it would give one, as env(1) does.
    if (inv.viaEnv) return reply(joinLines(envLines({ ...lab.session.env, ...inv.env })), 0);
    // Bare assignments set shell variables, as in sh; the session (and so the lab) changed.
    Object.assign(lab.session.env, inv.env);
    return reply('', 0, true);
  }
  const name = commandName(words[inv.at]!);
  const cmd = findCommand(name);
  if (!cmd) return reply(`-bash: ${name}: command not found (type 'help' for the commands drshell knows)\n`, STATUS_NOT_FOUND);
  // A Control Station that is down (sim disaster) runs nothing; the shell's built-ins still answer.
  const here = lab.world.cells.find((c) => c.name === lab.session.cel);
  if (cmd.kind === 'celerra' && here !== undefined && !cellUp(here)) {
    return reply(joinLines([errorLine('cs_down', { name: here.name, netPath: here.netPath })]), STATUS_ERROR);
  }
  const m = matchForms(cmd.forms, words.slice(inv.at + 1));
  if (!m) return reply(joinLines(usageLines(cmd)), STATUS_USAGE);
  const mayMutate = cmd.forms.find((f) => f.id === m.form)?.mayMutate === true;
  // Only for undoing a run a bug broke off midway: what a run changed, it reports.
  const before = mayMutate ? undoPoint(lab.world) : null;
  let target: string | undefined;
  let req: unknown;
  try {
    const ctx: Ctx = { world: lab.world, session: lab.session, cell: findCell(lab.world, lab.session.cel), host };
    req = cmd.parse(m, ctx);
    target = cmd.target?.(req);
    const { result, effects } = cmd.run(ctx, req);
    const o: Output = cmd.format(result);
    if (effects.world) logCommand(lab, raw);
    const text = o.noNewline ? joinLines(o.lines).replace(/\n$/, '') : joinLines(o.lines);
    return { text, status: o.status ?? 0, exit: effects.exit === true, changed: savesLab(effects), ...(effects.watch ? { watch: effects.watch } : {}) };
  } catch (e) {
    if (isNasError(e)) return reply(joinLines([cmd.errorText?.(e, req) ?? errorLine(e.code, e.data, target)]), STATUS_ERROR);
    if (e instanceof UsageError) return reply(joinLines(usageLines(cmd, e.message)), STATUS_USAGE);
    const msg = e instanceof Error ? e.message : String(e);
    if (before === null) return reply(`drshell: internal error in ${cmd.name}: ${msg}\n`, STATUS_INTERNAL);
    const back = undo(before);
    if ('world' in back) {
      lab.world = back.world;
      return reply(`drshell: internal error in ${cmd.name}: ${msg} (nothing was changed)\n`, STATUS_INTERNAL);
    }
    logCommand(lab, raw);
    const which = back.changed.join(', ');
    return reply(
      `drshell: internal error in ${cmd.name}: ${msg} (not undone: it had changed ${which}, and a lab this large keeps no copy to undo from; the lab is kept as the error left it)\n`,
      STATUS_INTERNAL,
      true,
    );
  }
}

/** Whether the lab must be written after a run with these effects. */
function savesLab(e: Effects): boolean {
  return e.world === true || e.session === true || e.replaced === true;
}

/** The lab keeps the lines that changed its world, so a customer's state can be replayed. */
function logCommand(lab: LabDoc, line: string): void {
  lab.commands.push({ at: lab.world.clock.now, cel: lab.session.cel, line });
  if (lab.commands.length > COMMAND_LOG_LIMIT) lab.commands.splice(0, lab.commands.length - COMMAND_LOG_LIMIT);
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
