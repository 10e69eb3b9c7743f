// What a key does: while a watch runs, only whether it leaves the watch; otherwise the line
// editor's reducer (shell/line-editor.ts) and the effects it asks for: Tab's completion
// (a second Tab lists the candidates in the scrollback, as bash does), Ctrl+C's `^C`,
// Ctrl+D's logout, Enter running the line. The editor is kept in a ref as well as in state:
// keys arriving in one chunk are handled before React renders, each after the last.
import { useCallback, useRef, useState } from 'react';
import type { Shell } from '../shell/shell.js';
import { prompt } from '../shell/session.js';
import { complete } from '../shell/completion.js';
import { applyCompletion, initialEditor, liveLine, reduce, withHistory, type EditKey, type EditorState } from '../shell/line-editor.js';
import { columns } from './layout.js';
import type { Print } from './use-scrollback.js';
import type { Watch } from './use-watch.js';
import { leavesWatch } from './watch-view.js';

export interface EditorKeysDeps {
  print: Print;
  runLine: (line: string) => Promise<void>;
  leave: (status: number, text: string) => void;
  watch: Pick<Watch, 'current' | 'stop'>;
  /** The terminal's width, for the listing of candidates. */
  width: number;
}

export function useEditorKeys(shell: Shell, deps: EditorKeysDeps): { editor: EditorState; step: (key: EditKey) => Promise<void> } {
  const { print, runLine, leave, width } = deps;
  const { current: watching, stop: stopWatch } = deps.watch;
  const [editor, setEditor] = useState<EditorState>(() => initialEditor(shell.lines));
  const editorRef = useRef(editor);
  const widthRef = useRef(width);
  widthRef.current = width;

  const step = useCallback(
    async (key: EditKey) => {
      if (watching() !== null) {
        if (leavesWatch(key)) stopWatch();
        return;
      }
      const before = editorRef.current;
      let s = reduce(before, key);
      const effect = s.effect;
      if (effect?.t === 'complete') {
        const { state, list } = applyCompletion(s, complete(s.text, s.cursor, shell.lab.world, shell.lab.session));
        s = state;
        if (list.length > 0) print(`${prompt(shell.lab.session)}${s.text}\n${columns(list, widthRef.current)}`);
      } else if (effect?.t === 'cancel') {
        print(`${liveLine(before, prompt(shell.lab.session)).text}^C`);
      } else if (effect?.t === 'eof') {
        leave(0, `${prompt(shell.lab.session)}logout`);
      } else if (effect?.t === 'submit') {
        editorRef.current = s;
        setEditor(s);
        await runLine(effect.line);
        s = withHistory(editorRef.current, shell.lines);
      }
      editorRef.current = s;
      setEditor(s);
    },
    [shell, print, runLine, leave, watching, stopWatch],
  );

  return { editor, step };
}
