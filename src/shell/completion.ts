// Tab completion, pure: from the line, the cursor, the world and the session to the
// candidates for the word ending at the cursor. Command names come from the registry;
// options and values from the command's grammar (expectedAfter on the complete words);
// object names from the world, by the kind of value the grammar expects there; host paths
// entry by entry, as bash completes file names (host-path-completion.ts). It only reads the
// world. Candidates are inserted escaped, so a name with a space stays one word.
import { vdmsOf } from '../engine/vdm/vdms.js';
import type { Cell, Mover, World } from '../engine/types.js';
import { expectedAfter, parseList, type AtNode, type Form, type ListNode, type Node, type ValueKind } from './grammar.js';
import { hostPathCandidates } from './host-path-completion.js';
import type { CompletionResult } from './line-editor.js';
import { ASSIGNMENT, commandName, findInvocation, NAS_BIN } from './invocation.js';
import { commands, findCommand } from './registry.js';
import type { Session } from './session.js';

interface Word {
  /** The word as the command will get it: quotes removed, backslash escapes undone. */
  text: string;
  start: number;
  /** Held a quote: we do not complete inside those (escapes are fine: candidates are escaped alike). */
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
      cur ??= { text: '', start: i, quoted: false };
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

/** A candidate: the word it makes (unescaped) and, when a listing shows less, what it shows. */
interface Offer {
  word: string;
  shown?: string;
}

const offers = (words: string[]): Offer[] => words.map((word) => ({ word }));

/** Characters the tokenizer (tokenize.ts) would take for syntax inside a bare word. */
const SPECIAL = /[\s\\'"$;|&<>#`]/g;

/** A word as typed so that it reaches the command unchanged: specials behind a backslash. */
function escapeWord(word: string): string {
  return word.replace(SPECIAL, (c) => `\\${c}`);
}

function matching(candidates: Iterable<string>, partial: string): string[] {
  const lower = partial.toLowerCase();
  const out = new Set<string>();
  for (const c of candidates) if (c.startsWith(partial) || c.toLowerCase().startsWith(lower)) out.add(c);
  return [...out].sort();
}

/** The first earlier word naming a data mover of this cell, or a VDM on one: interfaces and paths are its. */
function moverNamed(cell: Cell | undefined, args: string[]): Mover | undefined {
  if (!cell) return undefined;
  for (const a of args) {
    const m = cell.movers.find((mv) => mv.name === a);
    if (m) return m;
    const v = vdmsOf(cell).find((x) => x.name === a);
    if (v) return cell.movers.find((mv) => mv.name === v.mover);
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
    case 'vdm':
      return cell ? vdmsOf(cell).map((v) => v.name) : [];
    case 'server':
      return [...movers.map((m) => m.name), ...(cell ? vdmsOf(cell).map((v) => v.name) : [])];
    case 'server_all':
      return ['ALL', ...movers.map((m) => m.name), ...(cell ? vdmsOf(cell).map((v) => v.name) : [])];
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

/** The mover the host asks (`-s <mover>` earlier on the line), or null for the default. */
function serverNamed(args: string[]): string | null {
  for (let i = args.length - 2; i >= 0; i--) {
    const a = args[i]!.toLowerCase();
    if (a === '-s' || a === '--server') return args[i + 1]!;
  }
  return null;
}

/** Values of a kind that start with `partial`. */
function valueOffers(kind: ValueKind, partial: string, world: World, cell: Cell | undefined, args: string[]): Offer[] {
  if (kind === 'hostpath') return cell ? hostPathCandidates(world, cell, partial, serverNamed(args)) : [];
  return offers(matching(valuesOf(kind, world, cell, args), partial));
}

function candidatesFor(node: Node, partial: string, world: World, cell: Cell | undefined, args: string[]): Offer[] {
  switch (node.t) {
    case 'flag': {
      const byName = matching([node.name], partial);
      if (byName.length > 0) return offers(byName);
      // `-l` typed in full is already a word the grammar takes: complete it as it is.
      return node.aliases.some((a) => a.toLowerCase() === partial.toLowerCase()) && partial !== '' ? offers([partial]) : [];
    }
    case 'key':
      return offers(matching([node.word], partial));
    case 'val':
    case 'rest':
      return valueOffers(node.kind, partial, world, cell, args);
    case 'kv':
      return afterKey(node.key, partial, (rest) => valueOffers(node.kind, rest, world, cell, args));
    case 'at':
      if (node.key === null) return atOffers(node, partial, world, cell, args);
      return afterKey(node.key, partial, (rest) => atOffers(node, rest, world, cell, args));
    case 'list':
      return listOffers(node, partial, world, cell, args);
    default:
      return [];
  }
}

/** `key=` first, then what `value` offers after it. */
function afterKey(k: string, partial: string, value: (rest: string) => Offer[]): Offer[] {
  const eqAt = partial.indexOf('=');
  if (eqAt < 0) return offers(matching([`${k}=`], partial));
  if (partial.slice(0, eqAt).toLowerCase() !== k.toLowerCase()) return [];
  return prefixed(partial.slice(0, eqAt + 1), value(partial.slice(eqAt + 1)));
}

const prefixed = (head: string, list: Offer[]): Offer[] => list.map((o) => ({ ...o, word: head + o.word }));

const CEL = ':cel=';

/** A name here, or after `:cel=` the Celerras this one knows. */
function atOffers(node: AtNode, partial: string, world: World, cell: Cell | undefined, args: string[]): Offer[] {
  const celAt = partial.indexOf(CEL);
  if (celAt < 0) return valueOffers(node.kind, partial, world, cell, args);
  return prefixed(partial.slice(0, celAt + CEL.length), valueOffers('cel', partial.slice(celAt + CEL.length), world, cell, args));
}

/** The entries not yet in the list after its last comma (`key=` for a setting), then a setting's values. */
function listOffers(node: ListNode, partial: string, world: World, cell: Cell | undefined, args: string[]): Offer[] {
  const comma = partial.lastIndexOf(',');
  const head = partial.slice(0, comma + 1);
  const item = partial.slice(comma + 1);
  const same = (a: string, b: string) => (node.caseless ? a.toLowerCase() === b.toLowerCase() : a === b);
  const eqAt = item.indexOf('=');
  if (eqAt >= 0) {
    const entry = node.entries.find((e) => e.value !== null && same(e.key, item.slice(0, eqAt)));
    if (entry === undefined || entry.value === null) return [];
    const rest = item.slice(eqAt + 1);
    const values = typeof entry.value === 'string' ? valueOffers(entry.value, rest, world, cell, args) : offers(matching(entry.value, rest));
    return prefixed(head + item.slice(0, eqAt + 1), values);
  }
  const used = comma < 0 ? [] : parseList(node, partial.slice(0, comma)).items.map((i) => i.name);
  const free = node.entries.filter((e) => !used.some((u) => same(u, e.key)));
  return prefixed(
    head,
    offers(
      matching(
        free.map((e) => (e.value === null ? e.key : `${e.key}=`)),
        item,
      ),
    ),
  );
}

/** The result for the word starting at `from`: candidates escaped and sorted, what a listing shows beside them. */
function result(from: number, list: Offer[]): CompletionResult {
  const byWord = new Map<string, Offer>();
  for (const o of list) if (!byWord.has(o.word)) byWord.set(o.word, o);
  const sorted = [...byWord.values()].sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  const candidates = sorted.map((o) => escapeWord(o.word));
  if (!sorted.some((o) => o.shown !== undefined)) return { from, candidates };
  return { from, candidates, display: sorted.map((o) => o.shown ?? o.word) };
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
    return result(partial.start, offers(matching(names, partial.text)));
  }
  const cmd = findCommand(commandName(words[k]!.text));
  if (!cmd) return none;
  const args = words.slice(k + 1, -1).map((w) => w.text);
  return result(partial.start, argOffers(cmd.forms, args, partial.text, world, session));
}

function argOffers(forms: readonly Form[], args: string[], partial: string, world: World, session: Session): Offer[] {
  const cell = world.cells.find((c) => c.name === session.cel);
  return expectedAfter(forms, args).flatMap((node) => candidatesFor(node, partial, world, cell, args));
}

/** Candidates (unescaped) for the word `partial` after the complete words `args` of a command with these forms. */
export function completeArgs(forms: readonly Form[], args: string[], partial: string, world: World, session: Session): string[] {
  return [...new Set(argOffers(forms, args, partial, world, session).map((o) => o.word))].sort();
}
