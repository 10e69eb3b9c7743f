// Command grammars declared as data. One declaration drives parsing, the usage text, the
// man page synopsis check and tab completion. Celerra words are single-dash options
// (`-list`, `-Device`), bare keywords (`up`, `IP`), values (`<fs_name>`), `key=value`,
// comma-separated option lists (`qos=8192,convert=no`) and file systems or data movers
// that may live at another Celerra (`sfs10:cel=cel_sfs`). The node constructors keep their
// literal names in their types, so a command's parse gets a match typed by its forms
// (MatchOf): a misspelled option or value name does not compile.

/**
 * What a value names, so completion can offer objects of the world. `server` is a data
 * mover or a VDM (server_* commands take either, [000245]); `path` is a data mover's mount point; `hostpath` a path as the client host sees it (`/<mount path>/<path
 * in the fs>`), completed entry by entry as bash completes file names.
 */
export type ValueKind =
  | 'mover'
  | 'mover_all'
  | 'vdm'
  | 'server'
  | 'server_all'
  | 'fs'
  | 'pool'
  | 'path'
  | 'hostpath'
  | 'cel'
  | 'interface'
  | 'device'
  | 'command'
  | 'file'
  | 'name'
  | 'size'
  | 'ip'
  | 'number'
  | 'duration'
  | 'text';

export interface FlagNode<N extends string = string> {
  readonly t: 'flag';
  readonly name: N;
  readonly aliases: readonly string[];
}
export interface KeyNode<W extends string = string> {
  readonly t: 'key';
  readonly word: W;
}
export interface ValNode<N extends string = string> {
  readonly t: 'val';
  readonly name: N;
  readonly kind: ValueKind;
}
/** `key=<name>`: the value is found under its key. */
export interface KvNode<K extends string = string> {
  readonly t: 'kv';
  readonly key: K;
  readonly name: string;
  readonly kind: ValueKind;
}
/**
 * A file system or data mover here (`<name>`) or at another Celerra (`<name>:cel=<cel_name>`),
 * one word, optionally after `key=` (`samesize=pfs10:cel=cel_pfs`). `shown` is how the
 * synopsis writes it: bare, always remote, or either; every one of them takes both spellings,
 * since commands that name a pair take the remote end in either position.
 */
export interface AtNode<S extends string = string> {
  readonly t: 'at';
  /** Where the match keeps it: the key when there is one, else the name. */
  readonly slot: S;
  readonly key: string | null;
  readonly name: string;
  readonly kind: 'fs' | 'mover';
  readonly shown: 'bare' | 'remote' | 'either';
}
/** One entry an option list takes: a bare word (`ro`, `sync`) or `key=<value>`. */
export interface ListEntry<K extends string = string> {
  readonly key: K;
  /** null for a bare word; else what the value is, or the words it may be (for completion). */
  readonly value: ValueKind | readonly string[] | null;
}
/** A comma-separated list of entries as one word (`to=60,dto=60`), shown as `<name>`. */
export interface ListNode<N extends string = string, K extends string = string> {
  readonly t: 'list';
  readonly name: N;
  readonly entries: readonly ListEntry<K>[];
  /** Keys are recognised whatever their case (the commands that always did so). */
  readonly caseless: boolean;
}
export interface SeqNode<I extends readonly Node[] = readonly Node[]> {
  readonly t: 'seq';
  readonly items: I;
}
export interface OptNode<I extends Node = Node> {
  readonly t: 'opt';
  readonly item: I;
}
export interface AltNode<I extends readonly Node[] = readonly Node[]> {
  readonly t: 'alt';
  readonly items: I;
}
/** Its items in any order; those under opt may be left out. */
export interface AnyNode<I extends readonly Node[] = readonly Node[]> {
  readonly t: 'any';
  readonly items: I;
}
export interface RestNode {
  readonly t: 'rest';
  readonly name: string;
  readonly kind: ValueKind;
}

export type Node = FlagNode | KeyNode | ValNode | KvNode | AtNode | ListNode | SeqNode | OptNode | AltNode | AnyNode | RestNode;

export interface Form<Id extends string = string, N extends readonly Node[] = readonly Node[]> {
  readonly id: Id;
  readonly nodes: N;
  /**
   * A run of this form may change the world: the dispatcher keeps an undo point against a bug
   * breaking it off midway, and watch will not re-run it. Whether a run did is its Effects'.
   */
  readonly mayMutate?: boolean;
}

/** A file system or data mover as typed: `name` here, or `name` at the Celerra `cel`. */
export interface At {
  word: string;
  name: string;
  cel?: string;
  /**
   * Not `<name>` nor `<name>:cel=<cel_name>` (an empty part, a second `:` or `=`): `name` is
   * then the whole word, and the command says what it wanted.
   */
  malformed: boolean;
}

/** One item of an option list as typed. */
export interface ListItem<K extends string = string> {
  /** The item as typed, between its commas. */
  text: string;
  /** What comes before `=` (all of it for a bare word). */
  name: string;
  /** The entry it is, or null when the list takes no such key. */
  key: K | null;
  /** What comes after the first `=`, or null when there is none. */
  value: string | null;
}

export interface OptionList<K extends string = string> {
  /** The whole word, for messages about the list as a whole. */
  text: string;
  items: ListItem<K>[];
}

/** A match of any form: what the dispatcher holds before the command reads it through MatchOf. */
export interface Match {
  form: string;
  /** Option and keyword words present, by canonical spelling (`-list`, `up`). */
  flags: Record<string, true | undefined>;
  /** Values by their name (`fs_name`) or key (`size`): strings, At or OptionList by node. */
  values: Record<string, unknown>;
  rest: string[];
}

// The match typed by a command's forms lives in grammar-match.ts.
export type { FormMatch, MatchOf } from './grammar-match.js';

// ---- constructors ----

export const flag = <const N extends string>(name: N, ...aliases: string[]): FlagNode<N> => ({ t: 'flag', name, aliases });
export const key = <const W extends string>(word: W): KeyNode<W> => ({ t: 'key', word });
export const val = <const N extends string>(name: N, kind: ValueKind = 'text'): ValNode<N> => ({ t: 'val', name, kind });
export const kv = <const K extends string>(k: K, name: string, kind: ValueKind = 'text'): KvNode<K> => ({ t: 'kv', key: k, name, kind });
/** `<name>` or `<name>:cel=<cel_name>`, kept under `slot` (two ends shown alike keep apart). */
export const at = <const S extends string>(slot: S, kind: 'fs' | 'mover', shown: AtNode['shown'], name: string = slot): AtNode<S> => ({
  t: 'at',
  slot,
  key: null,
  name,
  kind,
  shown,
});
/** `key=<name>` or `key=<name>:cel=<cel_name>`, kept under `key` and shown `key=<name>`. */
export const kvAt = <const K extends string>(k: K, name: string, kind: 'fs' | 'mover'): AtNode<K> => ({ t: 'at', slot: k, key: k, name, kind, shown: 'bare' });
/** A bare word of an option list (`ro`). */
export const word = <const K extends string>(k: K): ListEntry<K> => ({ key: k, value: null });
/** `key=<value>` in an option list: a kind of value, or the words it may be. */
export const setting = <const K extends string>(k: K, value: ValueKind | readonly string[] = 'text'): ListEntry<K> => ({ key: k, value });
/** A comma-separated option list, shown `<name>`. */
export const list = <const N extends string, const K extends string>(name: N, entries: readonly ListEntry<K>[], caseless = false): ListNode<N, K> => ({
  t: 'list',
  name,
  entries,
  caseless,
});
export const seq = <const I extends readonly Node[]>(...items: I): SeqNode<I> => ({ t: 'seq', items });
export function opt<const I extends readonly Node[]>(...items: I): OptNode<I extends readonly [infer One extends Node] ? One : SeqNode<I>> {
  return { t: 'opt', item: (items.length === 1 ? items[0]! : seq(...items)) as I extends readonly [infer One extends Node] ? One : SeqNode<I> };
}
export const alt = <const I extends readonly Node[]>(...items: I): AltNode<I> => ({ t: 'alt', items });
export const any = <const I extends readonly Node[]>(...items: I): AnyNode<I> => ({ t: 'any', items });
export const rest = (name: string, kind: ValueKind = 'text'): RestNode => ({ t: 'rest', name, kind });
export const form = <const Id extends string, const N extends readonly Node[]>(id: Id, nodes: N, mayMutate = false): Form<Id, N> => ({ id, nodes, mayMutate });

// ---- reading words ----

const AT = /^([^:,=]+)(?::cel=([^:,=]+))?$/;

/** `<name>` or `<name>:cel=<cel_name>`, or the word marked malformed. */
export function parseAt(word: string): At {
  const m = AT.exec(word);
  if (m === null) return { word, name: word, malformed: true };
  return m[2] === undefined ? { word, name: m[1]!, malformed: false } : { word, name: m[1]!, cel: m[2], malformed: false };
}

/** Splits an option list into its items, naming the entry each one is. */
export function parseList<K extends string>(node: ListNode<string, K>, text: string): OptionList<K> {
  const same = (a: string, b: string) => (node.caseless ? a.toLowerCase() === b.toLowerCase() : a === b);
  const items = text.split(',').map((item): ListItem<K> => {
    const eqAt = item.indexOf('=');
    const name = eqAt < 0 ? item : item.slice(0, eqAt);
    const value = eqAt < 0 ? null : item.slice(eqAt + 1);
    const entry = node.entries.find((e) => same(e.key, name));
    return { text: item, name, key: entry ? entry.key : null, value };
  });
  return { text, items };
}

interface Binding {
  flags: Record<string, true>;
  values: Record<string, unknown>;
  rest: string[];
}

/** Terminal nodes that could come next where the words run out (for completion). */
export type Expect = Set<Node>;

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function* matchNode(node: Node, words: string[], i: number, b: Binding, ex?: Expect): Generator<[number, Binding]> {
  const word = words[i];
  switch (node.t) {
    case 'flag':
      if (word === undefined) ex?.add(node);
      else if (eq(word, node.name) || node.aliases.some((a) => eq(word, a))) {
        yield [i + 1, { ...b, flags: { ...b.flags, [node.name]: true } }];
      }
      return;
    case 'key':
      if (word === undefined) ex?.add(node);
      else if (eq(word, node.word)) yield [i + 1, { ...b, flags: { ...b.flags, [node.word]: true } }];
      return;
    case 'val':
      if (word === undefined) ex?.add(node);
      else if (acceptsValue(node.kind, word)) yield [i + 1, { ...b, values: { ...b.values, [node.name]: word } }];
      return;
    case 'kv': {
      if (word === undefined) {
        ex?.add(node);
        return;
      }
      const v = keyed(node.key, word);
      if (v !== null) yield [i + 1, { ...b, values: { ...b.values, [node.key]: v } }];
      return;
    }
    case 'at': {
      if (word === undefined) {
        ex?.add(node);
        return;
      }
      const v = node.key === null ? word : keyed(node.key, word);
      // A comma joins two ends (fs_replicate -abort), a dash starts an option: neither is one name.
      if (v !== null && !v.startsWith('-') && !v.includes(',')) yield [i + 1, { ...b, values: { ...b.values, [node.slot]: parseAt(v) } }];
      return;
    }
    case 'list':
      if (word === undefined) ex?.add(node);
      else yield [i + 1, { ...b, values: { ...b.values, [node.name]: parseList(node, word) } }];
      return;
    case 'rest':
      if (word === undefined) ex?.add(node);
      for (let j = words.length; j >= i; j--) yield [j, { ...b, rest: [...b.rest, ...words.slice(i, j)] }];
      return;
    case 'seq':
      yield* matchSeq(node.items, 0, words, i, b, ex);
      return;
    case 'opt':
      yield* matchNode(node.item, words, i, b, ex);
      yield [i, b];
      return;
    case 'alt':
      for (const item of node.items) yield* matchNode(item, words, i, b, ex);
      return;
    case 'any':
      yield* matchAny(node.items, new Array<boolean>(node.items.length).fill(false), words, i, b, ex);
      return;
  }
}

function* matchSeq(items: readonly Node[], k: number, words: string[], i: number, b: Binding, ex?: Expect): Generator<[number, Binding]> {
  if (k === items.length) {
    yield [i, b];
    return;
  }
  for (const [j, b2] of matchNode(items[k]!, words, i, b, ex)) yield* matchSeq(items, k + 1, words, j, b2, ex);
}

function* matchAny(items: readonly Node[], used: boolean[], words: string[], i: number, b: Binding, ex?: Expect): Generator<[number, Binding]> {
  if (items.every((it, k) => used[k] || it.t === 'opt' || it.t === 'rest')) yield [i, b];
  for (let k = 0; k < items.length; k++) {
    if (used[k]) continue;
    const item = items[k]!;
    const inner = item.t === 'opt' ? item.item : item;
    for (const [j, b2] of matchNode(inner, words, i, b, ex)) {
      if (j === i) continue;
      const next = used.slice();
      next[k] = true;
      yield* matchAny(items, next, words, j, b2, ex);
    }
  }
}

/** The value of `key=value` (the key in any case), or null when the word is not one. */
function keyed(k: string, word: string): string | null {
  const eqAt = word.indexOf('=');
  return eqAt > 0 && eq(word.slice(0, eqAt), k) && eqAt < word.length - 1 ? word.slice(eqAt + 1) : null;
}

function acceptsValue(kind: ValueKind, word: string): boolean {
  if (kind === 'text' || kind === 'command' || kind === 'file') return true;
  if (kind === 'number' && /^-?\d/.test(word)) return true;
  if ((kind === 'mover' || kind === 'vdm') && /^id=\d+$/.test(word)) return true;
  return !word.startsWith('-') && !word.includes('=');
}

/** The first form that consumes every word, or null. */
export function matchForms(forms: readonly Form[], words: string[]): Match | null {
  for (const f of forms) {
    for (const [j, b] of matchSeq(f.nodes, 0, words, 0, { flags: {}, values: {}, rest: [] })) {
      if (j === words.length) return { form: f.id, ...b };
    }
  }
  return null;
}

/** Terminal nodes any form accepts right after `words` (which must all be complete). */
export function expectedAfter(forms: readonly Form[], words: string[]): Node[] {
  const ex: Expect = new Set();
  for (const f of forms) {
    for (const _ of matchSeq(f.nodes, 0, words, 0, { flags: {}, values: {}, rest: [] }, ex)) {
      // exhausting the generator records every node expected at the end of the words
    }
  }
  return [...ex];
}

export function renderNode(node: Node): string {
  switch (node.t) {
    case 'flag':
      return node.name;
    case 'key':
      return node.word;
    case 'val':
      return `<${node.name}>`;
    case 'kv':
      return `${node.key}=<${node.name}>`;
    case 'at':
      return renderAt(node);
    case 'list':
      return `<${node.name}>`;
    case 'rest':
      return `[<${node.name}> ...]`;
    case 'seq':
    case 'any':
      return node.items.map(renderNode).join(' ');
    case 'opt':
      return `[${renderNode(node.item)}]`;
    case 'alt':
      return `{${node.items.map(renderNode).join('|')}}`;
  }
}

/** Synopsis lines: `name <form 1>` then `  | <form n>` for each other form. */
export function synopsis(name: string, forms: readonly Form[]): string[] {
  return forms.map((f, k) => {
    const body = f.nodes.map(renderNode).join(' ');
    return k === 0 ? `${name} ${body}`.trimEnd() : `  | ${body}`.trimEnd();
  });
}

/** As the man pages write it: `<pfs>:cel=<cel_name>`, `{<fs>|<fs>:cel=<cel_name>}`, `samesize=<fs_name>`. */
function renderAt(node: AtNode): string {
  const bare = `<${node.name}>`;
  const remote = `${bare}:cel=<cel_name>`;
  const shown = node.shown === 'bare' ? bare : node.shown === 'remote' ? remote : `{${bare}|${remote}}`;
  return node.key === null ? shown : `${node.key}=${shown}`;
}
