import { describe, expect, it } from 'vitest';
import { tokenize, TokenizeError } from '../../src/shell/tokenize.js';

const words = (line: string) => tokenize(line).map((p) => p.segments.map((s) => s.words));

describe('tokenize', () => {
  it('splits words, commands and pipelines', () => {
    expect(words('nas_fs -list')).toEqual([[['nas_fs', '-list']]]);
    expect(words('export NAS_DB=/nas;nas_fs -list')).toEqual([[['export', 'NAS_DB=/nas']], [['nas_fs', '-list']]]);
    expect(words("nas_fs -list | grep pfs | awk '{print $6}'")).toEqual([
      [
        ['nas_fs', '-list'],
        ['grep', 'pfs'],
        ['awk', '{print $6}'],
      ],
    ]);
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

  it('joins commands with && and || and remembers how', () => {
    const ps = tokenize('a && b || c; d');
    expect(ps.map((p) => [p.op, p.segments[0]!.words[0]])).toEqual([
      [';', 'a'],
      ['&&', 'b'],
      ['||', 'c'],
      [';', 'd'],
    ]);
    expect(() => tokenize('&& a')).toThrow(TokenizeError);
    expect(() => tokenize('a &&')).toThrow(TokenizeError);
    expect(() => tokenize('a & b')).toThrow(TokenizeError);
    expect(() => tokenize('a < f')).toThrow(TokenizeError);
    expect(() => tokenize('export X=a\0b')).toThrow(TokenizeError);
  });

  it('takes redirections out of the words', () => {
    const [p] = tokenize('nas_fs -list > out.txt 2>&1');
    expect(p!.segments[0]!.words).toEqual(['nas_fs', '-list']);
    expect(p!.segments[0]!.redirects).toEqual([
      { fd: 1, append: false, target: 'out.txt', dup: null },
      { fd: 2, append: false, target: null, dup: 1 },
    ]);
    const [q] = tokenize('a >>log 2>/dev/null &>all');
    expect(q!.segments[0]!.redirects.map((r) => [r.fd, r.append, r.target])).toEqual([
      [1, true, 'log'],
      [2, false, '/dev/null'],
      [1, false, 'all'],
    ]);
    expect(tokenize('echo a2>f')[0]!.segments[0]!.words).toEqual(['echo', 'a2']);
    expect(() => tokenize('a >')).toThrow(TokenizeError);
    expect(() => tokenize('a > > b')).toThrow(TokenizeError);
  });

  it('expands $NAME and ${NAME} outside single quotes', () => {
    const env = { NAS_DB: '/nas', X: 'a b' };
    const w = (line: string) => tokenize(line, env)[0]!.segments[0]!.words;
    expect(w('$NAS_DB/bin/nas_fs')).toEqual(['/nas/bin/nas_fs']);
    expect(w('"${NAS_DB}x" \'$NAS_DB\' \\$NAS_DB $UNSET. $ $1')).toEqual(['/nasx', '$NAS_DB', '$NAS_DB', '.', '$', '$1']);
    expect(w('"$X"')).toEqual(['a b']);
    expect(() => tokenize('${1x}', env)).toThrow(TokenizeError);
  });
});
