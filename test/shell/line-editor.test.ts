// The prompt's line editor as a pure reducer: every key it handles, history with the
// draft kept, reverse-i-search, and how completions are applied.
import { describe, expect, it } from 'vitest';
import { applyCompletion, initialEditor, liveLine, reduce, withHistory, type EditKey, type EditorState } from '../../src/shell/line-editor.js';

const text = (t: string): EditKey => ({ t: 'text', text: t });
const ctrl = (k: string): EditKey => ({ t: 'ctrl', key: k });
const K = (t: Exclude<EditKey, { t: 'text' } | { t: 'ctrl' }>['t']): EditKey => ({ t }) as EditKey;

function keys(s: EditorState, ...ks: EditKey[]): EditorState {
  return ks.reduce(reduce, s);
}

function typed(line: string, cursor = line.length, history: string[] = []): EditorState {
  return { ...initialEditor(history), text: line, cursor };
}

describe('editing', () => {
  it('inserts text at the cursor', () => {
    const s = keys(typed('nas_fs', 4), text('XY'));
    expect([s.text, s.cursor]).toEqual(['nas_XYfs', 6]);
  });

  it('moves left and right within the line', () => {
    expect(keys(typed('abc'), K('left'), K('left')).cursor).toBe(1);
    expect(keys(typed('abc', 0), K('left')).cursor).toBe(0);
    expect(keys(typed('abc', 1), K('right')).cursor).toBe(2);
    expect(keys(typed('abc'), K('right')).cursor).toBe(3);
    expect(keys(typed('abc', 2), ctrl('b')).cursor).toBe(1);
    expect(keys(typed('abc', 1), ctrl('f')).cursor).toBe(2);
  });

  it('Home/End and Ctrl+A/Ctrl+E', () => {
    expect(keys(typed('nas_fs -list', 5), K('home')).cursor).toBe(0);
    expect(keys(typed('nas_fs -list', 5), K('end')).cursor).toBe(12);
    expect(keys(typed('nas_fs -list', 5), ctrl('a')).cursor).toBe(0);
    expect(keys(typed('nas_fs -list', 5), ctrl('e')).cursor).toBe(12);
  });

  it('Backspace deletes left of the cursor, Delete under it', () => {
    let s = keys(typed('abcd', 2), K('backspace'));
    expect([s.text, s.cursor]).toEqual(['acd', 1]);
    s = keys(typed('abcd', 2), K('delete'));
    expect([s.text, s.cursor]).toEqual(['abd', 2]);
    expect(keys(typed('abcd', 0), K('backspace')).text).toBe('abcd');
    expect(keys(typed('abcd'), K('delete')).text).toBe('abcd');
    expect(keys(typed('abcd', 2), ctrl('h')).text).toBe('acd');
  });

  it('Ctrl+U kills to the start, Ctrl+K to the end, Ctrl+Y yanks it back', () => {
    let s = keys(typed('nas_fs -list', 7), ctrl('u'));
    expect([s.text, s.cursor, s.killed]).toEqual(['-list', 0, 'nas_fs ']);
    s = keys(s, K('end'), ctrl('y'));
    expect(s.text).toBe('-listnas_fs ');
    s = keys(typed('nas_fs -list', 6), ctrl('k'));
    expect([s.text, s.cursor, s.killed]).toEqual(['nas_fs', 6, ' -list']);
  });

  it('Ctrl+W kills the whitespace-delimited word before the cursor', () => {
    let s = keys(typed('server_mount server_2 -o ro '), ctrl('w'));
    expect(s.text).toBe('server_mount server_2 -o ');
    s = keys(s, ctrl('w'), ctrl('w'));
    expect(s.text).toBe('server_mount ');
    s = keys(typed('nas_fs -info pfs10', 12), ctrl('w'));
    expect([s.text, s.cursor]).toEqual(['nas_fs  pfs10', 7]);
  });

  it('word motions stop at word characters', () => {
    expect(keys(typed('nas_fs -list'), K('wordLeft')).cursor).toBe(8);
    expect(keys(typed('nas_fs -list', 0), K('wordRight')).cursor).toBe(6);
    expect(keys(typed('nas_fs -list'), K('killWordLeft')).text).toBe('nas_fs -');
  });
});

describe('what keys ask of the shell', () => {
  it('Enter submits the line and starts an empty one', () => {
    const s = keys(typed('nas_fs -list', 3), K('enter'));
    expect(s.effect).toEqual({ t: 'submit', line: 'nas_fs -list' });
    expect([s.text, s.cursor]).toEqual(['', 0]);
  });

  it('Ctrl+C abandons the line', () => {
    const s = keys(typed('nas_fs -li'), ctrl('c'));
    expect(s.effect).toEqual({ t: 'cancel' });
    expect(s.text).toBe('');
  });

  it('Ctrl+D leaves on an empty line and deletes under the cursor otherwise', () => {
    expect(keys(typed(''), ctrl('d')).effect).toEqual({ t: 'eof' });
    const s = keys(typed('abc', 1), ctrl('d'));
    expect([s.text, s.effect]).toEqual(['ac', null]);
  });

  it('Tab asks for completion; the next key clears the request', () => {
    const s = keys(typed('nas_'), K('tab'));
    expect(s.effect).toEqual({ t: 'complete' });
    expect(keys(s, K('left')).effect).toBeNull();
  });
});

describe('history', () => {
  const hist = ['nas_server -list', 'nas_fs -list', 'cs cel_sfs'];

  it('Up walks back, Down forward, and the draft comes back', () => {
    let s = typed('nas_po', 6, hist);
    s = keys(s, K('up'));
    expect([s.text, s.cursor]).toEqual(['cs cel_sfs', 10]);
    s = keys(s, K('up'), K('up'));
    expect(s.text).toBe('nas_server -list');
    s = keys(s, K('up'));
    expect(s.text).toBe('nas_server -list');
    s = keys(s, K('down'));
    expect(s.text).toBe('nas_fs -list');
    s = keys(s, K('down'), K('down'));
    expect([s.text, s.cursor]).toEqual(['nas_po', 6]);
    s = keys(s, K('down'));
    expect(s.text).toBe('nas_po');
  });

  it('Ctrl+P / Ctrl+N are Up / Down', () => {
    const s = keys(typed('', 0, hist), ctrl('p'), ctrl('p'), ctrl('n'));
    expect(s.text).toBe('cs cel_sfs');
  });

  it('withHistory takes the new history and an empty draft', () => {
    const s = withHistory(keys(typed('x', 1, hist), K('up')), [...hist, 'nas_pool -list']);
    expect(keys(s, K('up')).text).toBe('nas_pool -list');
  });
});

describe('reverse-i-search (Ctrl+R)', () => {
  const hist = ['nas_server -list', 'nas_fs -list', 'server_mount server_2', 'cs cel_sfs'];

  it('shows the newest match as the query grows', () => {
    let s = keys(typed('draft', 5, hist), ctrl('r'));
    expect(liveLine(s, '$ ').text).toBe("(reverse-i-search)`': draft");
    s = keys(s, text('l'), text('i'));
    expect(liveLine(s, '$ ')).toEqual({ text: "(reverse-i-search)`li': nas_fs -list", cursor: 24 + 8 });
    s = keys(s, text('st'));
    expect(s.text).toBe('nas_fs -list');
  });

  it('Ctrl+R again finds older matches; past the oldest it fails', () => {
    let s = keys(typed('', 0, hist), ctrl('r'), text('list'), ctrl('r'));
    expect(s.text).toBe('nas_server -list');
    s = keys(s, ctrl('r'));
    expect(s.search!.failed).toBe(true);
    expect(liveLine(s, '$ ').text).toBe("(failed reverse-i-search)`list': nas_server -list");
  });

  it('an unmatched query fails and keeps the last match', () => {
    const s = keys(typed('', 0, hist), ctrl('r'), text('cs'), text('zz'));
    expect(liveLine(s, '$ ').text).toBe("(failed reverse-i-search)`cszz': cs cel_sfs");
  });

  it('Backspace shortens the query', () => {
    const s = keys(typed('', 0, hist), ctrl('r'), text('mountx'), K('backspace'));
    expect([s.search!.query, s.text, s.search!.failed]).toEqual(['mount', 'server_mount server_2', false]);
  });

  it('Enter runs the match', () => {
    const s = keys(typed('', 0, hist), ctrl('r'), text('fs -'), K('enter'));
    expect(s.effect).toEqual({ t: 'submit', line: 'nas_fs -list' });
    expect(s.search).toBeNull();
  });

  it('Esc / Ctrl+G give the line back as it was', () => {
    for (const k of [K('escape'), ctrl('g')]) {
      const s = keys(typed('draft', 2, hist), ctrl('r'), text('cs'), k);
      expect([s.search, s.text, s.cursor]).toEqual([null, 'draft', 2]);
    }
  });

  it('another key keeps the match for editing and does its job', () => {
    const s = keys(typed('', 0, hist), ctrl('r'), text('server_2'), K('end'), text(' -o ro'));
    expect([s.search, s.text]).toEqual([null, 'server_mount server_2 -o ro']);
    // history now continues from the match
    expect(keys(s, K('up')).text).toBe('nas_fs -list');
  });

  it('Ctrl+C abandons the search and the line', () => {
    const s = keys(typed('x', 1, hist), ctrl('r'), text('cs'), ctrl('c'));
    expect([s.effect, s.search, s.text]).toEqual([{ t: 'cancel' }, null, '']);
  });
});

describe('applyCompletion', () => {
  it('one candidate replaces the word and adds a space', () => {
    const { state, list } = applyCompletion(typed('nas_ser'), { from: 0, candidates: ['nas_server'] });
    expect([state.text, state.cursor, list]).toEqual(['nas_server ', 11, []]);
  });

  it('no space after key=, so the value completes next', () => {
    const { state } = applyCompletion(typed('nas_fs -create x po'), { from: 17, candidates: ['pool='] });
    expect(state.text).toBe('nas_fs -create x pool=');
  });

  it('no space after a directory’s /, so the next Tab goes on inside it; a file takes one', () => {
    const dir = applyCompletion(typed('client read /pf'), { from: 12, candidates: ['/pfs10/'] });
    expect([dir.state.text, dir.state.cursor]).toEqual(['client read /pfs10/', 19]);
    const file = applyCompletion(typed('client read /pfs10/reports/q'), { from: 12, candidates: ['/pfs10/reports/q3.xls'] });
    expect([file.state.text, file.state.cursor]).toEqual(['client read /pfs10/reports/q3.xls ', 34]);
    // In the middle of a line the directory's text is still not followed by a space.
    const mid = applyCompletion(typed('client read /pf 1M', 15), { from: 12, candidates: ['/pfs10/'] });
    expect([mid.state.text, mid.state.cursor]).toEqual(['client read /pfs10/ 1M', 19]);
  });

  it('a listing shows what the candidates display as, when given (file names without their directory)', () => {
    const c = { from: 12, candidates: ['/pfs10/reports/', '/pfs10/q3.xls'], display: ['reports/', 'q3.xls'] };
    const a = applyCompletion(keys(typed('client read /pfs10/'), K('tab')), c);
    expect([a.state.text, a.list]).toEqual(['client read /pfs10/', []]);
    const b = applyCompletion(keys(a.state, K('tab')), c);
    expect([b.state.text, b.list]).toEqual(['client read /pfs10/', ['reports/', 'q3.xls']]);
  });

  it('keeps the text after the cursor and steps over a following space', () => {
    const { state } = applyCompletion(typed('nas_fs -i pfs', 9), { from: 7, candidates: ['-info'] });
    expect([state.text, state.cursor]).toEqual(['nas_fs -info pfs', 13]);
  });

  it('several candidates insert their common prefix, and list on a second Tab when nothing is left to insert', () => {
    const both = { from: 0, candidates: ['server_mount', 'server_mountpoint'] };
    const a = applyCompletion(keys(typed('server_m'), K('tab')), both);
    expect([a.state.text, a.list]).toEqual(['server_mount', []]);
    const b = applyCompletion(keys(a.state, K('tab')), both);
    expect([b.state.text, b.list]).toEqual(['server_mount', ['server_mount', 'server_mountpoint']]);
    // A single Tab that has nothing to add lists nothing.
    const c = applyCompletion(keys(keys(b.state, K('left')), K('tab')), { from: 0, candidates: ['server_mount', 'server_mountpoint'] });
    expect(c.list).toEqual([]);
  });

  it('case differences take the candidate’s spelling', () => {
    const { state } = applyCompletion(typed('x -dev'), { from: 2, candidates: ['-Device'] });
    expect(state.text).toBe('x -Device ');
  });

  it('no candidates change nothing', () => {
    const s = typed('zzz');
    expect(applyCompletion(s, { from: 0, candidates: [] })).toEqual({ state: { ...s, effect: null }, list: [] });
  });
});
