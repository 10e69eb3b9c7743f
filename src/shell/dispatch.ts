// Runs typed lines: tokenizes, resolves the invocation forms scripts send, dispatches to
// a command, and turns its result or error into the reply text and exit status, once.
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { findCell } from '../engine/cluster.js';
import { NasError } from '../engine/errors.js';
import { decodeWorld, encodeLab } from '../store/lab-json.js';
import { systemReason } from '../store/files.js';
import { envLines } from './builtins/env.js';
import type { Command, Ctx, Host, Output } from './command.js';
import { UsageError } from './command.js';
import { errorLine } from './error-table.js';
import { matchForms, synopsis } from './grammar.js';
import { commandName, findInvocation } from './invocation.js';
import { COMMAND_LOG_LIMIT, type LabDoc } from './lab.js';
import { findCommand } from './registry.js';
import { tokenize, TokenizeError, type Segment } from './tokenize.js';

export interface Reply {
  text: string;
  status: number;
  exit: boolean;
  /** The world changed: the lab must be written. */
  changed: boolean;
  /** Status of the last command that failed with no `||` to rescue it, else 0. */
  failed?: number;
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
    const r = guarded(() => execPipeline(lab(), host, p.segments, p.raw));
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
  const rest = segments.slice(1).map((s) => s.raw).join(' | ');
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
  const m = matchForms(cmd.forms, words.slice(inv.at + 1));
  if (!m) return reply(joinLines(usageLines(cmd)), STATUS_USAGE);
  const mutates = cmd.forms.find((f) => f.id === m.form)?.mutates === true;
  // What the world was, for a command that can change it: whether a run changed anything
  // (a failed one may have, e.g. one mover of ALL refusing; a read may start an update)
  // decides the log and the save, and a run a bug broke off midway is undone.
  const before = mutates ? encodeLab(lab.world) : '';
  let target: string | undefined;
  let req: unknown;
  try {
    const ctx: Ctx = { world: lab.world, session: lab.session, cell: findCell(lab.world, lab.session.cel), host };
    req = cmd.parse(m, ctx);
    target = cmd.target?.(req);
    const o: Output = cmd.format(cmd.run(ctx, req), ctx);
    const status = o.status ?? 0;
    const mutated = (mutates && encodeLab(lab.world) !== before) || o.worldChanged === true;
    if (mutated) logCommand(lab, raw);
    const text = o.noNewline ? joinLines(o.lines).replace(/\n$/, '') : joinLines(o.lines);
    return { text, status, exit: o.exit === true, changed: mutated || o.changed === true };
  } catch (e) {
    if (e instanceof NasError) return reply(joinLines([cmd.errorText?.(e.code, e.data, req) ?? errorLine(e.code, e.data, target)]), STATUS_ERROR);
    if (e instanceof UsageError) return reply(joinLines(usageLines(cmd, e.message)), STATUS_USAGE);
    if (mutates) lab.world = decodeWorld(before);
    const msg = e instanceof Error ? e.message : String(e);
    return reply(`drshell: internal error in ${cmd.name}: ${msg}${mutates ? ' (nothing was changed)' : ''}\n`, STATUS_INTERNAL);
  }
}

/** The lab keeps the lines that changed its world, so a customer's state can be replayed. */
function logCommand(lab: LabDoc, line: string): void {
  lab.commands.push({ at: lab.world.clock.now, cel: lab.session.cel, line });
  if (lab.commands.length > COMMAND_LOG_LIMIT) lab.commands.splice(0, lab.commands.length - COMMAND_LOG_LIMIT);
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
