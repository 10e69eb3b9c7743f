// The transcripts of test/transcripts/*.txt read into steps: a session as the terminal
// shows it, prompts included. A command line may end in `#=> N` to expect exit status N.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const TRANSCRIPT_DIR = join(import.meta.dirname, 'transcripts');
const PROMPT = /^\[[\w.-]+@[\w.-]+ ~\]\$ (.*)$/;
const STATUS = /\s+#=> (\d+)\s*$/;

export interface Step {
  line: string;
  expected: string;
  status: number;
}

export function transcriptFiles(): string[] {
  return readdirSync(TRANSCRIPT_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

export function parseTranscript(text: string): Step[] {
  const steps: Step[] = [];
  for (const row of text.split('\n')) {
    const m = PROMPT.exec(row);
    if (m) {
      const s = STATUS.exec(m[1]!);
      steps.push({ line: m[1]!, expected: '', status: s ? Number(s[1]) : 0 });
    } else if (steps.length > 0) steps[steps.length - 1]!.expected += `${row}\n`;
  }
  // The file's final newline leaves one empty row after the last output.
  if (steps.length) steps[steps.length - 1]!.expected = steps[steps.length - 1]!.expected.replace(/\n$/, '');
  return steps;
}
