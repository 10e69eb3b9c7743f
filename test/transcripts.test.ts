// Replays every test/transcripts/*.txt: a session as the terminal shows it, prompts
// included. Each command runs on a fresh default lab shared by the whole file, and its
// output must match the text up to the next prompt byte for byte. A command line may end
// in `#=> N` to expect exit status N (else 0). UPDATE_TRANSCRIPTS=1 rewrites the files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prompt } from '../src/shell/session.js';
import { freshShell } from './helpers.js';
import { parseTranscript as parse, TRANSCRIPT_DIR as DIR, transcriptFiles, type Step } from './transcript-file.js';

function replay(steps: Step[]): { actual: string; results: { text: string; status: number }[] } {
  const shell = freshShell();
  let actual = '';
  const results = steps.map((s) => {
    const before = prompt(shell.lab.session);
    const r = shell.exec(s.line);
    // Notices (alerts) go to stderr after the output, as batch mode prints them; the transcript shows them there.
    actual += `${before}${s.line}\n${r.text}${(r.notices ?? []).map((n) => `${n}\n`).join('')}`;
    return { text: r.text, status: r.status };
  });
  return { actual, results };
}

const files = transcriptFiles();

describe('transcripts', () => {
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(file, () => {
      const path = join(DIR, file);
      const text = readFileSync(path, 'utf8');
      const steps = parse(text);
      expect(steps.length).toBeGreaterThan(0);
      const { actual, results } = replay(steps);
      if (process.env.UPDATE_TRANSCRIPTS) {
        writeFileSync(path, actual);
        return;
      }
      expect(actual).toBe(text);
      steps.forEach((s, i) => expect({ line: s.line, status: results[i]!.status }).toEqual({ line: s.line, status: s.status }));
    });
  }
});
