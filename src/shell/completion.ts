// Tab completion, pure: from the line, the cursor, the world and the session to the
// candidates for the word ending at the cursor. Command names come from the registry;
// options and values from the command's grammar (expectedAfter on the complete words);
// object names from the world, by the kind of value the grammar expects there.
import type { Cell, Mover, World } from '../engine/types.js';
import { expectedAfter, type Form, type Node, type ValueKind } from './grammar.js';
import type { CompletionResult } from './line-editor.js';
import { ASSIGNMENT, commandName, findInvocation, NAS_BIN } from './invocation.js';
import { commands, findCommand } from './registry.js';
import type { Session } from './session.js';

interface Word {
  text: string;
  start: number;
  /** Started with a quote or held a backslash: we do not complete inside those. */
  quoted: boolean;
}

/** The words of the command the cursor is in, the last one being the word under completion. */
function wordsBeforeCursor(before: string): { words: Word[]; piped: boolean } {
  let words: Word[] = [];
  let piped = false;
  let cur: Word | null = null;
  let quote: string | null = null;
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else cur!.text += c;
      continue;
    }
    if (c === "'" || c === '"') {
      cur ??= { text: '', start: i, quoted: true };
      cur.quoted = true;
      quote = c;
    } else if (c === '\\') {
      cur ??= { text: '', start: i, quoted: true };
      cur.quoted = true;
      if (i + 1 < before.length) cur.text += before[++i];
    } else if (c === ' ' || c === '\t') {
      if (cur) words.push(cur);
      cur = null;
    } else if (c === ';' || c === '\n' || c === '|') {
      if (cur) words.push(cur);
      cur = null;
      words = [];
      piped = c === '|';
    } else {
      cur ??= { text: '', start: i, quoted: false };
      cur.text += c;
    }
  }
  words.push(cur ?? { text: '', start: before.length, quoted: false });
  return { words, piped };
}


function matching(candidates: Iterable<string>, partial: string): string[] {
  const lower = partial.toLowerCase();
  const out = new Set<string>();
  for (const c of candidates) if (c.startsWith(partial) || c.toLowerCase().startsWith(lower)) out.add(c);
  return [...out].sort();
}

/** The first earlier word naming a data mover of this cell: interfaces and paths are its. */
function moverNamed(cell: Cell | undefined, args: string[]): Mover | undefined {
  if (!cell) return undefined;
  for (const a of args) {
    const m = cell.movers.find((mv) => mv.name === a);
    if (m) return m;
  }
  return undefined;
}

function valuesOf(kind: ValueKind, world: World, cell: Cell | undefined, args: string[]): string[] {
  const movers = cell ? cell.movers : [];
  const mover = moverNamed(cell, args);
  const scope = mover ? [mover] : movers;
  switch (kind) {
    case 'mover':
      return movers.map((m) => m.name);
    case 'mover_all':
      return ['ALL', ...movers.map((m) => m.name)];
    case 'fs':
      return cell ? cell.fileSystems.map((f) => f.name) : [];
    case 'pool':
      return cell ? cell.pools.map((p) => p.name) : [];
    case 'cel':
      return [...world.cells.map((c) => c.name), ...(cell ? cell.remotes.map((r) => r.name) : [])];
    case 'interface':
      return scope.flatMap((m) => m.interfaces.map((i) => i.name));
    case 'device':
      return scope.flatMap((m) => m.devices.map((d) => d.name));
    case 'path':
      return scope.flatMap((m) => [...m.mountpoints, ...m.mounts.map((x) => x.path)]);
    case 'command':
      return commands().map((c) => c.name);
    default:
      return [];
  }
}

function candidatesFor(node: Node, partial: string, world: World, cell: Cell | undefined, args: string[]): string[] {
  switch (node.t) {
    case 'flag': {
      const byName = matching([node.name], partial);
      if (byName.length > 0) return byName;
      // `-l` typed in full is already a word the grammar takes: complete it as it is.
      return node.aliases.some((a) => a.toLowerCase() === partial.toLowerCase()) && partial !== '' ? [partial] : [];
    }
    case 'key':
      return matching([node.word], partial);
    case 'val':
    case 'rest':
      return matching(valuesOf(node.kind, world, cell, args), partial);
    case 'kv': {
      const eqAt = partial.indexOf('=');
      if (eqAt < 0) return matching([`${node.key}=`], partial);
      if (partial.slice(0, eqAt).toLowerCase() !== node.key.toLowerCase()) return [];
      const head = partial.slice(0, eqAt + 1);
      return matching(valuesOf(node.kind, world, cell, args).map((v) => head + v), partial);
    }
    default:
      return [];
  }
}

export function complete(line: string, cursor: number, world: World, session: Session): CompletionResult {
  const { words, piped } = wordsBeforeCursor(line.slice(0, cursor));
  const partial = words[words.length - 1]!;
  const none = { from: partial.start, candidates: [] };
  if (piped || partial.quoted) return none;
  // The partial word stands in as '' so it is never taken for an assignment.
  const k = findInvocation([...words.slice(0, -1).map((w) => w.text), '']).at;
  if (k === words.length - 1) {
    if (ASSIGNMENT.test(partial.text)) return none;
    const dir = NAS_BIN.exec(partial.text)?.[0] ?? '';
    const names = commands().map((c) => dir + c.name);
    return { from: partial.start, candidates: matching(names, partial.text) };
  }
  const cmd = findCommand(commandName(words[k]!.text));
  if (!cmd) return none;
  const args = words.slice(k + 1, -1).map((w) => w.text);
  return { from: partial.start, candidates: completeArgs(cmd.forms, args, partial.text, world, session) };
}

/** Candidates for the word `partial` after the complete words `args` of a command with these forms. */
export function completeArgs(forms: Form[], args: string[], partial: string, world: World, session: Session): string[] {
  const cell = world.cells.find((c) => c.name === session.cel);
  const out = new Set<string>();
  for (const node of expectedAfter(forms, args)) {
    for (const c of candidatesFor(node, partial, world, cell, args)) out.add(c);
  }
  return [...out].sort();
}
