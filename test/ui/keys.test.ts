// Terminal bytes to editor keys: Backspace and Delete apart, escape sequences, control
// keys, and pastes whose line ends become Enters.
import { describe, expect, it } from 'vitest';
import { decodeKeys } from '../../src/ui/keys.js';

describe('decodeKeys', () => {
  it('tells Backspace from Delete', () => {
    expect(decodeKeys('\x7f')).toEqual([{ t: 'backspace' }]);
    expect(decodeKeys('\b')).toEqual([{ t: 'backspace' }]);
    expect(decodeKeys('\x1b[3~')).toEqual([{ t: 'delete' }]);
  });

  it('arrows, Home and End in their common encodings', () => {
    expect(decodeKeys('\x1b[A\x1b[B\x1b[C\x1b[D')).toEqual([{ t: 'up' }, { t: 'down' }, { t: 'right' }, { t: 'left' }]);
    expect(decodeKeys('\x1bOA')).toEqual([{ t: 'up' }]);
    for (const s of ['\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~']) expect(decodeKeys(s)).toEqual([{ t: 'home' }]);
    for (const s of ['\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~']) expect(decodeKeys(s)).toEqual([{ t: 'end' }]);
    expect(decodeKeys('\x1b[1;5D\x1bf')).toEqual([{ t: 'wordLeft' }, { t: 'wordRight' }]);
  });

  it('control keys by letter; Tab, Enter and a lone Esc by name', () => {
    expect(decodeKeys('\x01\x05\x12\x03\x04')).toEqual(['a', 'e', 'r', 'c', 'd'].map((key) => ({ t: 'ctrl', key })));
    expect(decodeKeys('\t')).toEqual([{ t: 'tab' }]);
    expect(decodeKeys('\r')).toEqual([{ t: 'enter' }]);
    expect(decodeKeys('\x1b')).toEqual([{ t: 'escape' }]);
  });

  it('a paste of several lines becomes text and Enter in turn', () => {
    expect(decodeKeys('nas_fs -list\r\ncs cel_sfs\nnas_pool -l')).toEqual([
      { t: 'text', text: 'nas_fs -list' },
      { t: 'enter' },
      { t: 'text', text: 'cs cel_sfs' },
      { t: 'enter' },
      { t: 'text', text: 'nas_pool -l' },
    ]);
  });

  it('drops unknown sequences and control characters', () => {
    expect(decodeKeys('a\x1b[200~b\x1c')).toEqual([
      { t: 'text', text: 'a' },
      { t: 'text', text: 'b' },
    ]);
    expect(decodeKeys('\x1b\x1b[A')).toEqual([{ t: 'up' }]);
  });
});
