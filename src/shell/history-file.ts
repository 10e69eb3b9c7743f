// The interactive shell's history file (bash's ~/.bash_history): one line per command,
// appended as each line runs, read back at start so Up, Ctrl+R and `history` see earlier
// sessions. Kept to the last HISTORY_LIMIT lines, as bash's HISTFILESIZE does.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../store/files.js';

export const HISTORY_LIMIT = 1000;

/** The last `limit` lines of the file; none when it does not exist yet. */
export function loadHistory(file: string, limit = HISTORY_LIMIT): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 2 * limit) {
    // Trimmed now and then rather than on every append, so appends stay one write.
    const kept = lines.slice(-limit);
    writeFileAtomic(file, kept.join('\n') + '\n');
    return kept;
  }
  return lines.slice(-limit);
}

export function appendHistory(file: string, line: string): void {
  if (line.trim() === '' || line.includes('\n')) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, line + '\n');
}
