// The history file: appended line by line, read back at start, trimmed when long.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendHistory, loadHistory } from '../../src/shell/history-file.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('history file', () => {
  it('is empty before the first run and keeps lines across runs', () => {
    dir = mkdtempSync(join(tmpdir(), 'drshell-hist-'));
    const file = join(dir, 'state', 'drshell', 'history');
    expect(loadHistory(file)).toEqual([]);
    appendHistory(file, 'nas_server -list');
    appendHistory(file, '   ');
    appendHistory(file, 'cs cel_sfs');
    expect(readFileSync(file, 'utf8')).toBe('nas_server -list\ncs cel_sfs\n');
    expect(loadHistory(file)).toEqual(['nas_server -list', 'cs cel_sfs']);
  });

  it('loads the last lines only and trims a long file', () => {
    dir = mkdtempSync(join(tmpdir(), 'drshell-hist-'));
    const file = join(dir, 'history');
    writeFileSync(file, Array.from({ length: 25 }, (_, i) => `l${i}`).join('\n') + '\n');
    expect(loadHistory(file, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `l${i + 5}`));
    expect(loadHistory(file, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `l${i + 15}`));
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(10);
  });
});
