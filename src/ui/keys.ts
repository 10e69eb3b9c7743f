// Decodes what the terminal sends into editor keys. We read ink's raw input events rather
// than useInput's flags because ink 6 reports Backspace (\x7f) and Delete (ESC[3~) both as
// `delete`, and delivers a paste ("cmd\rcmd2\r") as one string: here every CR/LF in it
// becomes an Enter, so pasted lines run one by one.
import type { EditKey } from '../shell/line-editor.js';

const ESC = '\x1b';

const SEQUENCES: Record<string, EditKey> = {
  '[A': { t: 'up' },
  '[B': { t: 'down' },
  '[C': { t: 'right' },
  '[D': { t: 'left' },
  OA: { t: 'up' },
  OB: { t: 'down' },
  OC: { t: 'right' },
  OD: { t: 'left' },
  '[H': { t: 'home' },
  OH: { t: 'home' },
  '[1~': { t: 'home' },
  '[7~': { t: 'home' },
  '[F': { t: 'end' },
  OF: { t: 'end' },
  '[4~': { t: 'end' },
  '[8~': { t: 'end' },
  '[3~': { t: 'delete' },
  '[1;5C': { t: 'wordRight' },
  '[1;5D': { t: 'wordLeft' },
  '[1;3C': { t: 'wordRight' },
  '[1;3D': { t: 'wordLeft' },
  b: { t: 'wordLeft' },
  f: { t: 'wordRight' },
  '\x7f': { t: 'killWordLeft' },
  '\b': { t: 'killWordLeft' },
};

/** Length of the escape sequence starting at `i` (after ESC), CSI, SS3 or ESC+char. */
function sequenceEnd(s: string, i: number): number {
  const c = s[i];
  if (c === '[') {
    let j = i + 1;
    while (j < s.length && /[0-9;:?<=>$^ !"#%&'()*+,\-./[]/.test(s[j]!)) j++;
    return Math.min(j + 1, s.length);
  }
  if (c === 'O') return Math.min(i + 2, s.length);
  return Math.min(i + 1, s.length);
}

export function decodeKeys(input: string): EditKey[] {
  const keys: EditKey[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ t: 'text', text });
    text = '';
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === ESC) {
      flush();
      if (i + 1 >= input.length) {
        keys.push({ t: 'escape' });
        continue;
      }
      // ESC ESC [A is Alt+Up from some terminals: read it as the key itself.
      if (input[i + 1] === ESC) continue;
      const end = sequenceEnd(input, i + 1);
      const seq = input.slice(i + 1, end);
      const key = SEQUENCES[seq];
      if (key) keys.push(key);
      i = end - 1;
      continue;
    }
    const code = c.charCodeAt(0);
    if (c === '\r' || c === '\n') {
      flush();
      keys.push({ t: 'enter' });
      if (c === '\r' && input[i + 1] === '\n') i++;
    } else if (c === '\t') {
      flush();
      keys.push({ t: 'tab' });
    } else if (c === '\x7f' || c === '\b') {
      flush();
      keys.push({ t: 'backspace' });
    } else if (code >= 1 && code <= 26) {
      flush();
      keys.push({ t: 'ctrl', key: String.fromCharCode(code + 96) });
    } else if (code < 32) {
      // other control characters (Ctrl+\, Ctrl+], ...) mean nothing at this prompt
    } else {
      text += c;
    }
  }
  flush();
  return keys;
}
