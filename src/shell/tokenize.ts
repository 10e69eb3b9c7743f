// Splits a typed line as sh would: commands joined by `;`, newlines, `&&` or `||`, each a
// pipeline (`|`) of segments, each segment words and redirections. Honours '...', "...",
// backslash escapes and `#` comments, and expands `$NAME` / `${NAME}` from the session.

export interface Redirect {
  /** The descriptor redirected: 1 for stdout, 2 for stderr. */
  fd: number;
  append: boolean;
  /** A file name, or null when the descriptor is duplicated (`2>&1`). */
  target: string | null;
  /** The descriptor duplicated, for `N>&M`. */
  dup: number | null;
}

export interface Segment {
  words: string[];
  redirects: Redirect[];
  /** The segment as typed, for handing the rest of a pipeline to the system shell. */
  raw: string;
}

export interface Pipeline {
  /** How it joins the one before: always `;` for the first. */
  op: ';' | '&&' | '||';
  segments: Segment[];
  raw: string;
}

export class TokenizeError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function tokenize(line: string, env: Record<string, string> = {}): Pipeline[] {
  // No word of a command line can hold one (C strings end there), nor can a variable.
  if (line.includes('\0')) throw new TokenizeError('a command line cannot hold a NUL character');
  const pipelines: Pipeline[] = [];
  let segments: Segment[] = [];
  let words: string[] = [];
  let redirects: Redirect[] = [];
  let pending: Redirect | null = null;
  let word = '';
  let inWord = false;
  let segStart = 0;
  let pipeStart = 0;
  let op: Pipeline['op'] = ';';
  let i = 0;

  const endWord = () => {
    if (inWord) {
      if (pending) {
        redirects.push({ ...pending, target: word });
        pending = null;
      } else words.push(word);
    }
    word = '';
    inWord = false;
  };
  const endSegment = (end: number) => {
    endWord();
    if (pending) throw new TokenizeError("syntax error near unexpected token `newline'");
    segments.push({ words, redirects, raw: line.slice(segStart, end).trim() });
    words = [];
    redirects = [];
  };
  const endPipeline = (end: number, next: Pipeline['op'], width: number) => {
    endSegment(end);
    const nonEmpty = segments.filter((s) => s.words.length > 0 || s.redirects.length > 0);
    if (nonEmpty.length !== segments.length && nonEmpty.length > 0) throw new TokenizeError("syntax error near unexpected token `|'");
    if (nonEmpty.length === 0 && (next !== ';' || op !== ';')) throw new TokenizeError(`syntax error near unexpected token \`${next === ';' ? op : next}'`);
    if (nonEmpty.length > 0) pipelines.push({ op, segments: nonEmpty, raw: line.slice(pipeStart, end).trim() });
    segments = [];
    op = next;
    segStart = pipeStart = end + width;
  };
  const expand = (from: number): number => {
    // `$NAME` or `${NAME}`; anything else after `$` stays literal, as in sh.
    if (line[from + 1] === '{') {
      const close = line.indexOf('}', from + 2);
      const name = close > 0 ? line.slice(from + 2, close) : '';
      if (!NAME.test(name) || NAME.exec(name)![0] !== name) throw new TokenizeError(`${line.slice(from, close + 1 || undefined)}: bad substitution`);
      word += env[name] ?? '';
      inWord = true;
      return close + 1;
    }
    const m = NAME.exec(line.slice(from + 1));
    if (!m) {
      word += '$';
      inWord = true;
      return from + 1;
    }
    word += env[m[0]] ?? '';
    inWord = true;
    return from + 1 + m[0].length;
  };

  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      if (i + 1 < line.length && line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new TokenizeError("unexpected EOF while looking for matching `''");
      word += line.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      inWord = true;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) {
          word += line[j + 1];
          j += 2;
        } else if (line[j] === '$') {
          j = expand(j);
        } else word += line[j++];
      }
      if (j >= line.length) throw new TokenizeError('unexpected EOF while looking for matching `"\'');
      i = j + 1;
    } else if (c === '$') {
      i = expand(i);
    } else if (c === '#' && !inWord) {
      const nl = line.indexOf('\n', i);
      i = nl < 0 ? line.length : nl;
    } else if (c === ';' || c === '\n') {
      endPipeline(i, ';', 1);
      i++;
    } else if (c === '&' && line[i + 1] === '&') {
      endPipeline(i, '&&', 2);
      i += 2;
    } else if (c === '|' && line[i + 1] === '|') {
      endPipeline(i, '||', 2);
      i += 2;
    } else if (c === '|') {
      endSegment(i);
      segStart = i + 1;
      i++;
    } else if (c === '>' || (c === '&' && line[i + 1] === '>')) {
      i = redirect(i);
    } else if (c === '&') {
      throw new TokenizeError('background jobs (&) are not supported');
    } else if (c === '<') {
      throw new TokenizeError('input redirection (<) is not supported');
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endPipeline(line.length, ';', 1);
  return pipelines;

  /** `>`, `>>`, `N>`, `N>>`, `N>&M`, `&>`: the target is the next word. */
  function redirect(at: number): number {
    if (pending) throw new TokenizeError("syntax error near unexpected token `>'");
    let fd = 1;
    let both = false;
    if (line[at] === '&') {
      both = true;
      at++;
    } else if (inWord && /^\d$/.test(word) && line[at - 1] === word) {
      fd = Number(word);
      word = '';
      inWord = false;
    } else endWord();
    at++;
    const append = line[at] === '>';
    if (append) at++;
    const dup = /^&(\d)/.exec(line.slice(at));
    if (dup && !both) {
      redirects.push({ fd, append, target: null, dup: Number(dup[1]) });
      return at + 2;
    }
    // Everything drshell prints goes to stdout (errors too, as on the real CLI), so `&>` is `>`.
    pending = { fd: both ? 1 : fd, append, target: null, dup: null };
    return at;
  }
}
