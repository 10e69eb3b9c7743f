// Splits a typed line into commands (`;` or newlines), each a pipeline (`|`) of segments,
// each segment into words, honouring '...', "..." and backslash escapes like sh does.

export interface Segment {
  words: string[];
  /** The segment as typed, for handing the rest of a pipeline to the system shell. */
  raw: string;
}

export interface Pipeline {
  segments: Segment[];
  raw: string;
}

export class TokenizeError extends Error {}

export function tokenize(line: string): Pipeline[] {
  const pipelines: Pipeline[] = [];
  let segments: Segment[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let segStart = 0;
  let pipeStart = 0;
  let i = 0;

  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endSegment = (end: number) => {
    endWord();
    segments.push({ words, raw: line.slice(segStart, end).trim() });
    words = [];
    segStart = end + 1;
  };
  const endPipeline = (end: number) => {
    endSegment(end);
    const nonEmpty = segments.filter((s) => s.words.length > 0);
    if (nonEmpty.length !== segments.length && nonEmpty.length > 0) throw new TokenizeError('syntax error near unexpected token `|\'');
    if (nonEmpty.length > 0) pipelines.push({ segments: nonEmpty, raw: line.slice(pipeStart, end).trim() });
    segments = [];
    pipeStart = end + 1;
  };

  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      if (i + 1 < line.length && line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new TokenizeError('unexpected EOF while looking for matching `\'\'');
      word += line.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        word += line[j];
        j++;
      }
      if (j >= line.length) throw new TokenizeError('unexpected EOF while looking for matching `"\'');
      inWord = true;
      i = j + 1;
    } else if (c === '#' && !inWord) {
      const nl = line.indexOf('\n', i);
      i = nl < 0 ? line.length : nl;
    } else if (c === ';' || c === '\n') {
      endPipeline(i);
      i++;
    } else if (c === '|') {
      endSegment(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endPipeline(line.length);
  return pipelines;
}
