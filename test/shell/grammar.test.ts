import { describe, expect, it } from 'vitest';
import { alt, any, expectedAfter, flag, form, key, kv, matchForms, opt, renderNode, rest, seq, synopsis, val } from '../../src/shell/grammar.js';

const forms = [
  form('list', [flag('-list', '-l'), opt(flag('-all'))]),
  form('create', [any(seq(flag('-name'), val('name', 'name')), opt(flag('-type'), alt(key('uxfs'), key('rawfs'))), flag('-create'), kv('size', 'size', 'size'), kv('pool', 'pool', 'pool'))], true),
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
    expect(synopsis('nas_fs', forms)).toEqual([
      'nas_fs -list [-all]',
      '  | -name <name> [-type {uxfs|rawfs}] -create size=<size> pool=<pool>',
      '  | -rename <old> <new>',
    ]);
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
