// Batch mode: commands from -c, a script file or stdin; plain text out; the exit status
// is that of the failing command (stopping there unless --keep-going), else 0.
import { readFileSync } from 'node:fs';
import type { CliOptions } from './cli.js';
import { openShell, type LabOptions } from './open-lab.js';
import { tokenize } from './shell/tokenize.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runBatch(o: CliOptions & LabOptions): Promise<number> {
  let text: string;
  try {
    text = o.command ?? (o.script ? readFileSync(o.script, 'utf8') : await readStdin());
  } catch (e) {
    process.stderr.write(`drshell: ${(e as Error).message}\n`);
    return 2;
  }
  const opened = await openShell(o);
  if ('error' in opened) {
    // drshell's own trouble, not a command's reply: keep it out of what scripts parse.
    process.stderr.write(`${opened.error}\n`);
    return 1;
  }
  const { shell, store } = opened;
  let status = 0;
  try {
    for (const line of splitCommands(text)) {
      const r = shell.exec(line);
      if (r.text) process.stdout.write(r.text);
      await shell.flush();
      if (r.status !== 0) {
        status = r.status;
        if (!o.keepGoing) break;
      }
      if (r.exit) {
        status = r.status;
        break;
      }
    }
  } finally {
    await shell.flush();
    store.close();
  }
  return status;
}

/** One entry per command, so a failure stops at the right one; bad quoting is its own line. */
function splitCommands(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    try {
      for (const p of tokenize(line)) out.push(p.raw);
    } catch {
      out.push(line);
    }
  }
  return out;
}
