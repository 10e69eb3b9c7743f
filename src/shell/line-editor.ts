// The prompt's line editor as a pure reducer: (state, key) -> state. Readline's keys
// (cursor motion, kills, history with the draft kept, Ctrl+R reverse-i-search); what a
// key asks of the shell around it (run the line, abandon it, leave, complete) comes back
// as the state's `effect`, so the editor is tested without a terminal.

/** A decoded key press, independent of how the terminal encoded it. */
export type EditKey =
  | { t: 'text'; text: string }
  | { t: 'ctrl'; key: string }
  | {
      t: 'enter' | 'tab' | 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' | 'up' | 'down' | 'wordLeft' | 'wordRight' | 'killWordLeft' | 'escape';
    };

export type Effect =
  /** Run this line. */
  | { t: 'submit'; line: string }
  /** Ctrl+C: the line was abandoned (the shell echoes it with `^C`). */
  | { t: 'cancel' }
  /** Ctrl+D on an empty line. */
  | { t: 'eof' }
  /** Tab: the shell computes candidates and calls applyCompletion. */
  | { t: 'complete' };

export interface Search {
  query: string;
  /** History index of the current match, or null before anything matched. */
  at: number | null;
  failed: boolean;
  /** The line as it was when the search began, restored by Ctrl+G / Esc. */
  saved: { text: string; cursor: number; histIndex: number };
}

export interface EditorState {
  text: string;
  cursor: number;
  /** Earlier lines, oldest first. */
  history: string[];
  /** Which history line is shown; history.length means the draft (the line being typed). */
  histIndex: number;
  /** The line being typed before Up moved into the history. */
  draft: string;
  search: Search | null;
  /** Text removed by the last kill (Ctrl+U/K/W), for Ctrl+Y. */
  killed: string;
  /** Tab presses in a row: bash lists the candidates on the second one. */
  tabs: number;
  effect: Effect | null;
}

export function initialEditor(history: string[] = []): EditorState {
  return { text: '', cursor: 0, history: history.slice(), histIndex: history.length, draft: '', search: null, killed: '', tabs: 0, effect: null };
}

/** Replaces the history (after a line was run) and goes back to an empty draft. */
export function withHistory(s: EditorState, history: string[]): EditorState {
  return { ...s, history: history.slice(), histIndex: history.length, draft: '' };
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

function wordLeft(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && !isWordChar(text[i - 1])) i--;
  while (i > 0 && isWordChar(text[i - 1])) i--;
  return i;
}

function wordRight(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && !isWordChar(text[i])) i++;
  while (i < text.length && isWordChar(text[i])) i++;
  return i;
}

/** Ctrl+W: back over spaces, then over non-spaces (readline's unix-word-rubout). */
function unixWordLeft(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return i;
}

function edit(s: EditorState, text: string, cursor: number): EditorState {
  return { ...s, text, cursor };
}

function kill(s: EditorState, from: number, to: number): EditorState {
  if (from === to) return s;
  return { ...s, text: s.text.slice(0, from) + s.text.slice(to), cursor: from, killed: s.text.slice(from, to) };
}

function insert(s: EditorState, text: string): EditorState {
  return edit(s, s.text.slice(0, s.cursor) + text + s.text.slice(s.cursor), s.cursor + text.length);
}

/** A fresh empty line after the current one was run or abandoned. */
function cleared(s: EditorState): EditorState {
  return { ...s, text: '', cursor: 0, histIndex: s.history.length, draft: '', search: null };
}

export function reduce(state: EditorState, key: EditKey): EditorState {
  const s: EditorState = { ...state, effect: null, tabs: key.t === 'tab' ? state.tabs + 1 : 0 };
  if (s.search) return reduceSearch(s, key);
  switch (key.t) {
    case 'text':
      return insert(s, key.text);
    case 'enter':
      return { ...cleared(s), effect: { t: 'submit', line: s.text } };
    case 'tab':
      return { ...s, effect: { t: 'complete' } };
    case 'backspace':
      return s.cursor === 0 ? s : edit(s, s.text.slice(0, s.cursor - 1) + s.text.slice(s.cursor), s.cursor - 1);
    case 'delete':
      return s.cursor >= s.text.length ? s : edit(s, s.text.slice(0, s.cursor) + s.text.slice(s.cursor + 1), s.cursor);
    case 'left':
      return { ...s, cursor: Math.max(0, s.cursor - 1) };
    case 'right':
      return { ...s, cursor: Math.min(s.text.length, s.cursor + 1) };
    case 'home':
      return { ...s, cursor: 0 };
    case 'end':
      return { ...s, cursor: s.text.length };
    case 'wordLeft':
      return { ...s, cursor: wordLeft(s.text, s.cursor) };
    case 'wordRight':
      return { ...s, cursor: wordRight(s.text, s.cursor) };
    case 'killWordLeft':
      return kill(s, wordLeft(s.text, s.cursor), s.cursor);
    case 'up':
      return historyUp(s);
    case 'down':
      return historyDown(s);
    case 'escape':
      return s;
    case 'ctrl':
      return reduceCtrl(s, key.key);
  }
}

function reduceCtrl(s: EditorState, k: string): EditorState {
  switch (k) {
    case 'a':
      return reduce(s, { t: 'home' });
    case 'e':
      return reduce(s, { t: 'end' });
    case 'b':
      return reduce(s, { t: 'left' });
    case 'f':
      return reduce(s, { t: 'right' });
    case 'p':
      return historyUp(s);
    case 'n':
      return historyDown(s);
    case 'h':
      return reduce(s, { t: 'backspace' });
    case 'u':
      return kill(s, 0, s.cursor);
    case 'k':
      return kill(s, s.cursor, s.text.length);
    case 'w':
      return kill(s, unixWordLeft(s.text, s.cursor), s.cursor);
    case 'y':
      return s.killed ? insert(s, s.killed) : s;
    case 'c':
      return { ...cleared(s), effect: { t: 'cancel' } };
    case 'd':
      if (s.text === '') return { ...s, effect: { t: 'eof' } };
      return reduce(s, { t: 'delete' });
    case 'r':
      return {
        ...s,
        search: { query: '', at: null, failed: false, saved: { text: s.text, cursor: s.cursor, histIndex: s.histIndex } },
      };
    default:
      return s;
  }
}

function historyUp(s: EditorState): EditorState {
  if (s.histIndex === 0) return s;
  const draft = s.histIndex === s.history.length ? s.text : s.draft;
  const i = s.histIndex - 1;
  const text = s.history[i]!;
  return { ...s, draft, histIndex: i, text, cursor: text.length };
}

function historyDown(s: EditorState): EditorState {
  if (s.histIndex >= s.history.length) return s;
  const i = s.histIndex + 1;
  const text = i === s.history.length ? s.draft : s.history[i]!;
  return { ...s, histIndex: i, text, cursor: text.length };
}

/** The newest history line at or before `from` containing `query`. */
function findBack(history: string[], query: string, from: number): number | null {
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i]!.includes(query)) return i;
  return null;
}

function showMatch(s: EditorState, search: Search): EditorState {
  if (search.at === null) return { ...s, search, text: search.saved.text, cursor: search.saved.cursor };
  const text = s.history[search.at]!;
  return { ...s, search, text, cursor: Math.max(0, text.indexOf(search.query)) };
}

function searchFor(s: EditorState, search: Search, query: string, from: number): EditorState {
  const at = findBack(s.history, query, from);
  if (at === null) return { ...s, search: { ...search, query, failed: true } };
  return showMatch(s, { ...search, query, at, failed: false });
}

/** Leaves the search keeping the match as the line being edited. */
function acceptSearch(s: EditorState): EditorState {
  const search = s.search!;
  const fromDraft = search.saved.histIndex === s.history.length;
  return {
    ...s,
    search: null,
    histIndex: search.at ?? search.saved.histIndex,
    draft: search.at !== null && fromDraft ? search.saved.text : s.draft,
  };
}

function reduceSearch(s: EditorState, key: EditKey): EditorState {
  const search = s.search!;
  if (key.t === 'text') {
    const query = search.query + key.text;
    if (search.failed) return { ...s, search: { ...search, query } };
    return searchFor(s, search, query, search.at ?? s.history.length - 1);
  }
  if (key.t === 'backspace' || (key.t === 'ctrl' && key.key === 'h')) {
    const query = search.query.slice(0, -1);
    if (query === '') return showMatch(s, { ...search, query, at: null, failed: false });
    return searchFor(s, search, query, s.history.length - 1);
  }
  if (key.t === 'ctrl' && key.key === 'r') {
    if (search.query === '' || search.at === null) return s;
    const at = findBack(s.history, search.query, search.at - 1);
    if (at === null) return { ...s, search: { ...search, failed: true } };
    return showMatch(s, { ...search, at, failed: false });
  }
  if (key.t === 'escape' || (key.t === 'ctrl' && key.key === 'g')) {
    const { text, cursor, histIndex } = search.saved;
    return { ...s, search: null, text, cursor, histIndex };
  }
  if (key.t === 'ctrl' && key.key === 'c') return { ...cleared(s), effect: { t: 'cancel' } };
  // Any other key ends the search on the match and then does its own job, as in bash.
  return reduce(acceptSearch(s), key);
}

/** What the live line shows: the prompt and the line, or the search's own prompt. */
export function liveLine(s: EditorState, prompt: string): { text: string; cursor: number } {
  if (!s.search) return { text: prompt + s.text, cursor: prompt.length + s.cursor };
  const head = `(${s.search.failed ? 'failed ' : ''}reverse-i-search)\`${s.search.query}': `;
  return { text: head + s.text, cursor: head.length + s.cursor };
}

/** What Tab offers for the word ending at the cursor (see completion.ts). */
export interface CompletionResult {
  /** Where the word being completed starts; it ends at the cursor. */
  from: number;
  /** Whole words, as they are to be typed. */
  candidates: string[];
  /** What a listing shows for each candidate, when not the candidate itself (file names: without their directory, as bash lists them). */
  display?: string[];
}

export function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let p = words[0]!;
  for (const w of words) {
    let i = 0;
    while (i < p.length && i < w.length && p[i] === w[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}

/**
 * One candidate: it replaces the word, followed by a space (none after `key=`, so the
 * value can be completed next, nor after a directory's `/`, so the next Tab goes on inside
 * it, as bash does). Several: their common prefix is inserted; when that adds nothing, the
 * candidates (or what they display as) are returned for listing on the second Tab in a row.
 */
export function applyCompletion(s: EditorState, c: CompletionResult): { state: EditorState; list: string[] } {
  const base = { ...s, effect: null };
  if (c.candidates.length === 0) return { state: base, list: [] };
  const word = s.text.slice(c.from, s.cursor);
  const after = s.text.slice(s.cursor);
  if (c.candidates.length === 1) {
    const cand = c.candidates[0]!;
    const space = cand.endsWith('=') || cand.endsWith('/') ? '' : ' ';
    if (space && after.startsWith(' ')) {
      const text = s.text.slice(0, c.from) + cand + after;
      return { state: { ...base, text, cursor: c.from + cand.length + 1 }, list: [] };
    }
    const text = s.text.slice(0, c.from) + cand + space + after;
    return { state: { ...base, text, cursor: c.from + cand.length + space.length }, list: [] };
  }
  const prefix = commonPrefix(c.candidates);
  if (prefix.length >= word.length && prefix !== word && prefix.toLowerCase().startsWith(word.toLowerCase())) {
    const text = s.text.slice(0, c.from) + prefix + after;
    return { state: { ...base, text, cursor: c.from + prefix.length }, list: [] };
  }
  return { state: base, list: s.tabs >= 2 ? (c.display ?? c.candidates) : [] };
}
