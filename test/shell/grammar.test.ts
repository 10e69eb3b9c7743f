import { describe, expect, it } from 'vitest';
import {
  alt,
  any,
  at,
  expectedAfter,
  flag,
  form,
  key,
  kv,
  kvAt,
  list,
  matchForms,
  opt,
  parseAt,
  renderNode,
  rest,
  seq,
  setting,
  synopsis,
  val,
  word,
  type MatchOf,
} from '../../src/shell/grammar.js';

const forms = [
  form('list', [flag('-list', '-l'), opt(flag('-all'))]),
  form(
    'create',
    [any(seq(flag('-name'), val('name', 'name')), opt(flag('-type'), alt(key('uxfs'), key('rawfs'))), flag('-create'), kv('size', 'size', 'size'), kv('pool', 'pool', 'pool'))],
    true,
  ),
  form('rename', [flag('-rename'), val('old', 'fs'), val('new', 'name')], true),
];

describe('grammar', () => {
  it('matches forms, aliases and case-insensitive option words', () => {
    expect(matchForms(forms, ['-list'])?.form).toBe('list');
    expect(matchForms(forms, ['-L', '-all'])).toMatchObject({ form: 'list', flags: { '-list': true, '-all': true } });
    expect(matchForms(forms, ['-rename', 'a', 'b'])).toMatchObject({ form: 'rename', values: { old: 'a', new: 'b' } });
  });

  it('accepts options of an any-group in every order', () => {
    const orders = [
      ['-name', 'f1', '-type', 'rawfs', '-create', 'size=10G', 'pool=p'],
      ['-create', 'size=10G', 'pool=p', '-name', 'f1', '-type', 'rawfs'],
      ['pool=p', '-type', 'rawfs', '-create', '-name', 'f1', 'size=10G'],
    ];
    for (const words of orders) {
      expect(matchForms(forms, words)).toMatchObject({ form: 'create', values: { name: 'f1', size: '10G', pool: 'p' }, flags: { rawfs: true } });
    }
    expect(matchForms(forms, ['-name', 'f1', '-create', 'size=1G', 'pool=p'])?.form).toBe('create');
  });

  it('rejects missing, repeated, unknown and misplaced words', () => {
    expect(matchForms(forms, [])).toBeNull();
    expect(matchForms(forms, ['-list', '-bogus'])).toBeNull();
    expect(matchForms(forms, ['-name', 'f1', '-create', 'size=1G'])).toBeNull();
    expect(matchForms(forms, ['-name', 'f1', '-name', 'f2', '-create', 'size=1G', 'pool=p'])).toBeNull();
    expect(matchForms(forms, ['-rename', '-list', 'b'])).toBeNull();
    expect(matchForms(forms, ['-create', 'size=', 'pool=p', '-name', 'x'])).toBeNull();
  });

  it('renders the synopsis', () => {
    expect(synopsis('nas_fs', forms)).toEqual(['nas_fs -list [-all]', '  | -name <name> [-type {uxfs|rawfs}] -create size=<size> pool=<pool>', '  | -rename <old> <new>']);
    expect(renderNode(rest('file'))).toBe('[<file> ...]');
  });

  it('says what may come next, for completion', () => {
    const next = (words: string[]) => expectedAfter(forms, words).map(renderNode).sort();
    expect(next([])).toEqual(['-create', '-list', '-name', '-rename', '-type', 'pool=<pool>', 'size=<size>'].sort());
    expect(next(['-list'])).toEqual(['-all']);
    expect(next(['-rename'])).toEqual(['<old>']);
    expect(next(['-name', 'x', '-type'])).toEqual(['rawfs', 'uxfs']);
  });
});

describe('option lists', () => {
  const opts = list('options', [setting('qos', 'number'), setting('convert', ['yes', 'no']), word('sync')]);
  const forms = [form('copy', [flag('-start'), val('src'), opt(flag('-option', '-o'), opts)])];

  it('splits the word into items, naming the entry each is, in order', () => {
    const m = matchForms(forms, ['-start', 'a', '-o', 'qos=8192,sync,bogus=1,convert,=x,']);
    expect(m?.values.options).toEqual({
      text: 'qos=8192,sync,bogus=1,convert,=x,',
      items: [
        { text: 'qos=8192', name: 'qos', key: 'qos', value: '8192' },
        { text: 'sync', name: 'sync', key: 'sync', value: null },
        { text: 'bogus=1', name: 'bogus', key: null, value: '1' },
        { text: 'convert', name: 'convert', key: 'convert', value: null },
        { text: '=x', name: '', key: null, value: 'x' },
        { text: '', name: '', key: null, value: null },
      ],
    });
  });

  it('names keys in any case only when the list says so', () => {
    const item = (caseless: boolean) => matchForms([form('x', [list('o', [setting('qos')], caseless)])], ['QOS=1'])?.values.o;
    expect(item(false)).toMatchObject({ items: [{ name: 'QOS', key: null }] });
    expect(item(true)).toMatchObject({ items: [{ name: 'QOS', key: 'qos' }] });
  });

  it('renders as <name>, as the man pages write an option list', () => {
    expect(synopsis('fs_copy', forms)).toEqual(['fs_copy -start <src> [-option <options>]']);
  });

  it('is expected where it may come, for completion', () => {
    expect(expectedAfter(forms, ['-start', 'a', '-option'])).toEqual([opts]);
  });
});

describe('<fs>:cel=<cel_name>', () => {
  it('parses a name here or at another Celerra, and marks anything else malformed', () => {
    expect(parseAt('pfs10')).toEqual({ word: 'pfs10', name: 'pfs10', malformed: false });
    expect(parseAt('pfs10:cel=cel_pfs')).toEqual({ word: 'pfs10:cel=cel_pfs', name: 'pfs10', cel: 'cel_pfs', malformed: false });
    for (const bad of ['pfs10:cel=', ':cel=x', 'a:cel=b:ip=1', 'a=b', 'a:b']) expect(parseAt(bad)).toEqual({ word: bad, name: bad, malformed: true });
  });

  it('matches one word, not an option nor a comma pair, also after key=', () => {
    const forms = [
      form('pair', [flag('-failover'), at('pfs', 'fs', 'remote'), at('sfs', 'fs', 'bare')]),
      form('size', [flag('-create'), kvAt('samesize', 'fs_name', 'fs')]),
      form('abort', [flag('-abort'), alt(at('fs', 'fs', 'bare'), val('pair'))]),
    ];
    expect(matchForms(forms, ['-failover', 'pfs10:cel=cel_pfs', 'sfs10'])?.values).toEqual({
      pfs: { word: 'pfs10:cel=cel_pfs', name: 'pfs10', cel: 'cel_pfs', malformed: false },
      sfs: { word: 'sfs10', name: 'sfs10', malformed: false },
    });
    expect(matchForms(forms, ['-failover', '-x', 'sfs10'])).toBeNull();
    expect(matchForms(forms, ['-create', 'SameSize=f:cel=c'])?.values).toEqual({ samesize: { word: 'f:cel=c', name: 'f', cel: 'c', malformed: false } });
    expect(matchForms(forms, ['-abort', 'a,b:cel=c'])?.values).toEqual({ pair: 'a,b:cel=c' });
  });

  it('renders as the man pages write it: bare, remote or either, after its key', () => {
    expect(renderNode(at('pfs', 'fs', 'remote'))).toBe('<pfs>:cel=<cel_name>');
    expect(renderNode(at('peer', 'fs', 'remote', 'fs'))).toBe('<fs>:cel=<cel_name>');
    expect(renderNode(at('dstfs', 'fs', 'either'))).toBe('{<dstfs>|<dstfs>:cel=<cel_name>}');
    expect(renderNode(at('sfs', 'fs', 'bare'))).toBe('<sfs>');
    expect(renderNode(kvAt('samesize', 'fs_name', 'fs'))).toBe('samesize=<fs_name>');
  });
});

describe('typed matches', () => {
  const forms = [
    form('list', [flag('-list'), opt(flag('-all'))]),
    form('start', [flag('-start'), at('dst', 'fs', 'either'), opt(flag('-option'), list('options', [setting('qos', 'number')]))]),
  ];

  it('types flags and values by the form, optional under opt', () => {
    const read = (m: MatchOf<typeof forms>): string => {
      switch (m.form) {
        case 'list':
          // @ts-expect-error a value the list form does not have
          void m.values.dst;
          return m.flags['-all'] === true ? 'all' : 'list';
        case 'start': {
          // @ts-expect-error a misspelled option
          void m.flags['-strat'];
          const qos = m.values.options?.items.find((i) => i.key === 'qos')?.value;
          return `${m.values.dst.name}@${m.values.dst.cel ?? 'here'} qos=${qos ?? '-'}`;
        }
      }
    };
    expect(read(matchForms(forms, ['-list', '-all']) as MatchOf<typeof forms>)).toBe('all');
    expect(read(matchForms(forms, ['-start', 'sfs10:cel=cel_sfs', '-option', 'qos=5']) as MatchOf<typeof forms>)).toBe('sfs10@cel_sfs qos=5');
  });
});
