import { describe, expect, it } from 'vitest';
import { tokenize, TokenizeError } from '../../src/shell/tokenize.js';

const words = (line: string) => tokenize(line).map((p) => p.segments.map((s) => s.words));

describe('tokenize', () => {
  it('splits words, commands and pipelines', () => {
    expect(words('nas_fs -list')).toEqual([[['nas_fs', '-list']]]);
    expect(words('export NAS_DB=/nas;nas_fs -list')).toEqual([[['export', 'NAS_DB=/nas']], [['nas_fs', '-list']]]);
    expect(words("nas_fs -list | grep pfs | awk '{print $6}'")).toEqual([[['nas_fs', '-list'], ['grep', 'pfs'], ['awk', '{print $6}']]]);
    expect(words('a\nb')).toEqual([[['a']], [['b']]]);
  });

  it('keeps the raw text of pipeline segments for the system shell', () => {
    const [p] = tokenize("nas_fs -list | awk '{print $6}'");
    expect(p!.segments[1]!.raw).toBe("awk '{print $6}'");
  });

  it('honours quotes, escapes and comments like sh', () => {
    expect(words(`nas_pool -create -description 'Replication Destination' -name "a b" c\\ d`)).toEqual([
      [['nas_pool', '-create', '-description', 'Replication Destination', '-name', 'a b', 'c d']],
    ]);
    expect(words('a "x\\"y" # comment; not run')).toEqual([[['a', 'x"y']]]);
    expect(words("a 'semi;colon|pipe'")).toEqual([[['a', 'semi;colon|pipe']]]);
    expect(words('"" x')).toEqual([[['', 'x']]]);
  });

  it('drops empty commands and rejects broken syntax', () => {
    expect(words(' ; ;; ')).toEqual([]);
    expect(() => tokenize("a 'open")).toThrow(TokenizeError);
    expect(() => tokenize('a "open')).toThrow(TokenizeError);
    expect(() => tokenize('a | | b')).toThrow(TokenizeError);
    expect(() => tokenize('a |')).toThrow(TokenizeError);
  });
});
