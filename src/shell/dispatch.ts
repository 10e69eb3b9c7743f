// Runs typed lines: tokenizes, resolves the invocation forms scripts send, dispatches to
// a command, and turns its result or error into the reply text and exit status, once.
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { NasError } from '../engine/errors.js';
import { findCell } from '../engine/cluster.js';
import type { Command, Ctx, Host, Output } from './command.js';
import { UsageError } from './command.js';
import { errorLine } from './error-table.js';
import { matchForms, synopsis } from './grammar.js';
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

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function usageLines(cmd: Command, message = ''): string[] {
  const syn = synopsis(cmd.name, cmd.forms);
  return [...(message ? [`${cmd.name}: ${message}`] : []), `usage: ${syn[0]}`, ...syn.slice(1).map((l) => `      ${l}`)];
}

/**
 * Runs every command of a line, joined as sh joins them (`;`, `&&`, `||`). Without
 * keepGoing it stops after a failing command that nothing joins with `||`.
 */
export function execLine(lab: LabDoc, host: Host, line: string, keepGoing = true): Reply {
  let pipelines;
  try {
    pipelines = tokenize(line, lab.session.env);
  } catch (e) {
    if (e instanceof TokenizeError) return { text: `-bash: ${e.message}\n`, status: STATUS_USAGE, exit: false, changed: false, failed: STATUS_USAGE };
    throw e;
  }
  const out: Reply = { text: '', status: 0, exit: false, changed: false };
  for (let i = 0; i < pipelines.length; i++) {
    const p = pipelines[i]!;
    if ((p.op === '&&' && out.status !== 0) || (p.op === '||' && out.status === 0)) continue;
    const r = execPipeline(lab, host, p.segments, p.raw);
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

function execPipeline(lab: LabDoc, host: Host, segments: Segment[], raw: string): Reply {
  const first = execSegment(lab, host, segments[0]!.words, raw);
  if (first.exit) return first;
  let text = first.text;
  let status = first.status;
  if (segments.length > 1) {
    const rest = segments.slice(1).map((s) => s.raw).join(' | ');
    const r = spawnSync('/bin/sh', ['-c', rest], { input: redirect(segments[0]!, text).text, encoding: 'utf8', env: { ...process.env, ...lab.session.env } });
    if (r.error) return { ...first, text: `-bash: ${r.error.message}\n`, status: STATUS_INTERNAL };
    return { ...first, text: (r.stdout ?? '') + (r.stderr ?? ''), status: r.status ?? STATUS_INTERNAL };
  }
  const written = redirect(segments[0]!, text);
  text = written.text;
  if (written.error) {
    text += written.error;
    status = STATUS_ERROR;
  }
  return { ...first, text, status };
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
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EISDIR' ? 'Is a directory' : err.code === 'EACCES' ? 'Permission denied' : err.message;
      return { text: '', error: `-bash: ${r.target}: ${why}\n` };
    }
    out = '';
  }
  return { text: out };
}

function execSegment(lab: LabDoc, host: Host, words: string[], raw: string): Reply {
  const env: Record<string, string> = {};
  let k = 0;
  if (words[0] === 'env' && words.length > 1) k = 1;
  while (k < words.length && ASSIGNMENT.test(words[k]!)) {
    const w = words[k]!;
    env[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    k++;
  }
  if (k === words.length) {
    // `env A=1` with no command prints the environment it would give one, as env(1) does.
    if (words[0] === 'env') {
      const text = joinLines(Object.entries({ ...lab.session.env, ...env }).map(([n, v]) => `${n}=${v}`));
      return { text, status: 0, exit: false, changed: false };
    }
    // Bare assignments set shell variables, as in sh; the session (and so the lab) changed.
    Object.assign(lab.session.env, env);
    return { text: '', status: 0, exit: false, changed: true };
  }
  const name = words[k]!.replace(/^\/nas\/s?bin\//, '');
  const args = words.slice(k + 1);
  const cmd = findCommand(name);
  if (!cmd) {
    return { text: `-bash: ${name}: command not found (type 'help' for the commands drshell knows)\n`, status: STATUS_NOT_FOUND, exit: false, changed: false };
  }
  const ctx: Ctx = { world: lab.world, session: lab.session, cell: findCell(lab.world, lab.session.cel), host };
  const m = matchForms(cmd.forms, args);
  if (!m) return reply(usageLines(cmd), STATUS_USAGE);
  let target: string | undefined = m.values.mover ?? m.values.movername;
  try {
    const req = cmd.parse(m, ctx);
    target = cmd.target?.(req) ?? target;
    const res = cmd.run(ctx, req);
    const o: Output = cmd.format(res, ctx);
    const status = o.status ?? 0;
    const mutated = status === 0 && cmd.forms.find((f) => f.id === m.form)?.mutates === true;
    if (mutated) {
      lab.commands.push({ at: lab.world.clock.now, cel: lab.session.cel, line: raw });
      if (lab.commands.length > COMMAND_LOG_LIMIT) lab.commands.splice(0, lab.commands.length - COMMAND_LOG_LIMIT);
    }
    const text = o.noNewline ? joinLines(o.lines).replace(/\n$/, '') : joinLines(o.lines);
    return { text, status, exit: o.exit === true, changed: mutated || o.changed === true };
  } catch (e) {
    if (e instanceof NasError) return reply([errorLine(e.code, e.data, target)], STATUS_ERROR);
    if (e instanceof UsageError) return reply(usageLines(cmd, e.message), STATUS_USAGE);
    const msg = e instanceof Error ? e.message : String(e);
    return reply([`drshell: internal error in ${cmd.name}: ${msg}`], STATUS_INTERNAL);
  }
}

function reply(lines: string[], status: number): Reply {
  return { text: joinLines(lines), status, exit: false, changed: false };
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
