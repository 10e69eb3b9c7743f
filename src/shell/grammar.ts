// Command grammars declared as data. One declaration drives parsing, the usage text, the
// man page synopsis check and tab completion. Celerra words are single-dash options
// (`-list`, `-Device`), bare keywords (`up`, `IP`), values (`<fs_name>`) and `key=value`.

/**
 * What a value names, so completion can offer objects of the world. `server` is a data
 * mover or a VDM (server_* commands take either, [000245]); `path` is a data mover's mount point; `hostpath` a path as the client host sees it (`/<mount path>/<path
 * in the fs>`), completed entry by entry as bash completes file names.
 */
export type ValueKind =
  | 'mover' | 'mover_all' | 'vdm' | 'server' | 'server_all' | 'fs' | 'pool' | 'path' | 'hostpath' | 'cel' | 'interface' | 'device'
  | 'command' | 'file' | 'name' | 'size' | 'ip' | 'number' | 'duration' | 'text';

export type Node =
  | { t: 'flag'; name: string; aliases: string[] }
  | { t: 'key'; word: string }
  | { t: 'val'; name: string; kind: ValueKind }
  | { t: 'kv'; key: string; name: string; kind: ValueKind }
  | { t: 'seq'; items: Node[] }
  | { t: 'opt'; item: Node }
  | { t: 'alt'; items: Node[] }
  | { t: 'any'; items: Node[] }
  | { t: 'rest'; name: string; kind: ValueKind };

export interface Form {
  id: string;
  nodes: Node[];
  /**
   * A run of this form may change the world: the dispatcher keeps an undo point against a bug
   * breaking it off midway, and watch will not re-run it. Whether a run did is its Effects'.
   */
  mayMutate?: boolean;
}

export interface Match {
  form: string;
  /** Option and keyword words present, by canonical spelling (`-list`, `up`). */
  flags: Record<string, true>;
  /** Values by their name (`fs_name`) or key (`size`). */
  values: Record<string, string>;
  rest: string[];
}

export const flag = (name: string, ...aliases: string[]): Node => ({ t: 'flag', name, aliases });
export const key = (word: string): Node => ({ t: 'key', word });
export const val = (name: string, kind: ValueKind = 'text'): Node => ({ t: 'val', name, kind });
export const kv = (k: string, name: string, kind: ValueKind = 'text'): Node => ({ t: 'kv', key: k, name, kind });
export const seq = (...items: Node[]): Node => ({ t: 'seq', items });
export const opt = (...items: Node[]): Node => ({ t: 'opt', item: items.length === 1 ? items[0]! : seq(...items) });
export const alt = (...items: Node[]): Node => ({ t: 'alt', items });
export const any = (...items: Node[]): Node => ({ t: 'any', items });
export const rest = (name: string, kind: ValueKind = 'text'): Node => ({ t: 'rest', name, kind });
export const form = (id: string, nodes: Node[], mayMutate = false): Form => ({ id, nodes, mayMutate });

interface Binding {
  flags: Record<string, true>;
  values: Record<string, string>;
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
      const eqAt = word.indexOf('=');
      if (eqAt > 0 && eq(word.slice(0, eqAt), node.key) && eqAt < word.length - 1) {
        yield [i + 1, { ...b, values: { ...b.values, [node.key]: word.slice(eqAt + 1) } }];
      }
      return;
    }
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

function* matchSeq(items: Node[], k: number, words: string[], i: number, b: Binding, ex?: Expect): Generator<[number, Binding]> {
  if (k === items.length) {
    yield [i, b];
    return;
  }
  for (const [j, b2] of matchNode(items[k]!, words, i, b, ex)) yield* matchSeq(items, k + 1, words, j, b2, ex);
}

function* matchAny(items: Node[], used: boolean[], words: string[], i: number, b: Binding, ex?: Expect): Generator<[number, Binding]> {
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

function acceptsValue(kind: ValueKind, word: string): boolean {
  if (kind === 'text' || kind === 'command' || kind === 'file') return true;
  if (kind === 'number' && /^-?\d/.test(word)) return true;
  if ((kind === 'mover' || kind === 'vdm') && /^id=\d+$/.test(word)) return true;
  return !word.startsWith('-') && !word.includes('=');
}

/** The first form that consumes every word, or null. */
export function matchForms(forms: Form[], words: string[]): Match | null {
  for (const f of forms) {
    for (const [j, b] of matchSeq(f.nodes, 0, words, 0, { flags: {}, values: {}, rest: [] })) {
      if (j === words.length) return { form: f.id, ...b };
    }
  }
  return null;
}

/** Terminal nodes any form accepts right after `words` (which must all be complete). */
export function expectedAfter(forms: Form[], words: string[]): Node[] {
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
export function synopsis(name: string, forms: Form[]): string[] {
  return forms.map((f, k) => {
    const body = f.nodes.map(renderNode).join(' ');
    return k === 0 ? `${name} ${body}`.trimEnd() : `  | ${body}`.trimEnd();
  });
}
