// watch: re-runs a command every N simulated seconds as the clock runs, as procps watch(1)
// does with wall-clock seconds. The interactive shell draws it (src/ui/watch-view.ts); here
// the words are parsed and the line is checked once, up front: an unknown command, words the
// command does not take, or a command that changes the lab (re-running `fs_ckpt -Create`
// every 2 s would make a checkpoint every 2 s) is reported once instead of being looped.
// The command words are joined with spaces and run as a line, as procps hands them to
// `sh -c`, so `watch 'fs_copy -list | grep copying'` pipes on every run.
import { parseDuration } from '../../render/time.js';
import { defineCommand, unchanged, UsageError, withEffects, type Output, type Ran, type WatchRequest } from '../command.js';
import { usageLines } from '../dispatch.js';
import { flag, form, matchForms, opt, rest, val, type Form } from '../grammar.js';
import { commandName, findInvocation } from '../invocation.js';
import { findCommand } from '../registry.js';
import { tokenize, TokenizeError } from '../tokenize.js';

/** procps watch's default interval. */
export const DEFAULT_INTERVAL_MS = 2000;
/** procps watch runs no more often than every 0.1 s and takes a shorter interval as that. */
export const MIN_INTERVAL_MS = 100;

/** Built-ins that change the session or the shell rather than the lab, and so cannot be re-run either. */
const UNWATCHABLE: Record<string, string> = {
  watch: 'watch cannot watch itself',
  exit: 'exit leaves the shell',
  cs: 'cs changes the Control Station the session is on',
  export: 'export changes the shell variables',
  save: 'save writes the lab to a file',
  load: 'load replaces the lab',
  reset: 'reset starts the lab over',
};

interface Req {
  intervalMs: number;
  title: boolean;
  line: string;
}

type Res = { kind: 'watch'; watch: WatchRequest } | { kind: 'refused'; lines: string[]; status: number };

const STATUS_NOT_FOUND = 127;
const STATUS_USAGE = 2;

export function parseInterval(word: string): number {
  const ms = parseDuration(word);
  if (ms === null || !Number.isFinite(ms)) throw new UsageError(`bad interval '${word}' (simulated seconds, e.g. 5 or 0.5, or a duration such as 10m)`);
  return Math.max(MIN_INTERVAL_MS, ms);
}

/** Why `line` cannot be watched (the lines to print once, and the status), or null when it can. */
export function checkWatchable(line: string, env: Record<string, string>): { lines: string[]; status: number } | null {
  let pipelines;
  try {
    pipelines = tokenize(line, env);
  } catch (e) {
    if (e instanceof TokenizeError) return { lines: [`watch: ${e.message}`], status: STATUS_USAGE };
    throw e;
  }
  if (pipelines.length === 0) return { lines: ['watch: nothing to watch: give a command'], status: STATUS_USAGE };
  for (const p of pipelines) {
    // Later segments of a pipeline are the system's tools (grep, wc), run by /bin/sh.
    const words = p.segments[0]!.words;
    const inv = findInvocation(words);
    if (inv.at === words.length) {
      if (inv.viaEnv) continue;
      return { lines: [`watch: ${p.segments[0]!.raw}: sets shell variables, which watch does not re-run`], status: STATUS_USAGE };
    }
    const name = commandName(words[inv.at]!);
    const cmd = findCommand(name);
    if (!cmd) return { lines: [`watch: ${name}: command not found (type 'help' for the commands drshell knows)`], status: STATUS_NOT_FOUND };
    if (UNWATCHABLE[cmd.name] !== undefined) return { lines: [`watch: ${UNWATCHABLE[cmd.name]}: it cannot be re-run`], status: STATUS_USAGE };
    const m = matchedForm(cmd.forms, words.slice(inv.at + 1));
    if (m === null) return { lines: usageLines(cmd), status: STATUS_USAGE };
    if (m.mayMutate === true) {
      const typed = words.slice(inv.at).join(' ');
      return { lines: [`watch: '${typed}' changes the lab: watch re-runs only commands that show it`], status: STATUS_USAGE };
    }
  }
  return null;
}

function matchedForm(forms: readonly Form[], words: string[]): Form | null {
  const m = matchForms(forms, words);
  return m === null ? null : (forms.find((f) => f.id === m.form) ?? null);
}

/** `Every 2.0s:`, procps's header, in simulated seconds. */
export function everyText(intervalMs: number): string {
  return `Every ${(intervalMs / 1000).toFixed(1)}s:`;
}

export const watchCommand = defineCommand({
  name: 'watch',
  kind: 'builtin',
  summary: 'run a command again every few simulated seconds, full screen',
  forms: [form('watch', [opt(flag('-n', '--interval'), val('seconds', 'duration')), opt(flag('-t', '--no-title')), rest('command', 'command')])],
  parse: (m): Req => {
    const req: Req = {
      intervalMs: m.values.seconds === undefined ? DEFAULT_INTERVAL_MS : parseInterval(m.values.seconds),
      title: m.flags['-t'] !== true,
      line: '',
    };
    // As procps (getopt with `+`): options in any order, glued (`-n5`, `--interval=5`), up to the command.
    const words = [...m.rest];
    for (let w = words[0]; w?.startsWith('-'); w = words[0]) {
      words.shift();
      if (w === '-t' || w === '--no-title') req.title = false;
      else if (w === '-n' || w === '--interval') {
        const v = words.shift();
        if (v === undefined) throw new UsageError(`option '${w}' needs a number of seconds`);
        req.intervalMs = parseInterval(v);
      } else if (/^-n./.test(w)) req.intervalMs = parseInterval(w.slice(2));
      else if (w.startsWith('--interval=')) req.intervalMs = parseInterval(w.slice('--interval='.length));
      else if (w === '--') break;
      else throw new UsageError(`unknown option '${w}'`);
    }
    if (words.length === 0) throw new UsageError('nothing to watch: give a command');
    return { ...req, line: words.join(' ') };
  },
  run: (ctx, req: Req): Ran<Res> => {
    const refused = checkWatchable(req.line, ctx.session.env);
    if (refused) return unchanged<Res>({ kind: 'refused', ...refused });
    const watch = { line: req.line, intervalMs: req.intervalMs, title: req.title };
    return withEffects<Res>({ kind: 'watch', watch }, { watch });
  },
  format: (r: Res): Output => {
    if (r.kind === 'refused') return { lines: r.lines, status: r.status };
    // What a front end that cannot draw the watch (batch mode, a transcript) prints instead.
    const w = r.watch;
    return { lines: [`watch: needs a terminal; in a script, run '${w.line}' after each sim advance instead`], status: STATUS_USAGE };
  },
});
