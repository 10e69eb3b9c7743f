// Batch mode: commands from -c, a script file or stdin; plain text out; the exit status
// is that of the failing command (stopping there unless --keep-going), else 0. Alert
// notices raised by a command go to standard error, after its output, so that a script's
// output stays what the commands print. `watch` needs a terminal: the dispatcher's reply
// already says so (status 2), as for a transcript.
import { readFileSync } from 'node:fs';
import type { CliOptions } from './cli.js';
import { openShell, type LabOptions } from './open-lab.js';

/** Set when the reader of our output went away (`drshell ... | head`): stop, quietly. */
let readerGone = false;

function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (readerGone) return resolve();
    process.stdout.write(text, () => resolve());
  });
}

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
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    readerGone = true;
  });
  let status = 0;
  try {
    for (const line of text.split('\n')) {
      const r = shell.exec(line, o.keepGoing);
      if (r.text) await write(r.text);
      if (r.notices) process.stderr.write(r.notices.map((n) => `${n}\n`).join(''));
      await shell.flush();
      if (readerGone) break;
      if (r.exit) {
        status = r.status;
        break;
      }
      if (r.failed) {
        status = r.failed;
        if (!o.keepGoing) break;
      }
    }
  } finally {
    await shell.flush();
    store.close();
  }
  return status;
}
