// File writing shared by the lab, `save`, the history file and output redirections.
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
};

/** A system error as the C library words it, without Node's call and path details. */
export function systemReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && SYSTEM_ERRORS[code]) || (e as Error).message;
}

/**
 * Writes `text` to `file` atomically: a temp file in the same folder, then a rename, so a
 * crash leaves the old file or the new one, never half of one. Throws the system error.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = tempFor(file);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    // A target that cannot be replaced (a folder, no permission) must not leave the temp behind.
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The temp file writeFileAtomic uses for `file`: this process's own, in the same folder. */
export function tempFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

/** Bytes gathered before a write to the file: fewer, larger writes. */
const GATHER_BYTES = 4 * 2 ** 20;

/** Sends text on; `ascii` when it has no character above 0x7f (base64), which is then copied as it is. */
export type TextSink = (text: string, ascii?: boolean) => void;

/**
 * writeFileAtomic for text too large for one string: `fill` sends it to its `write` in
 * pieces, which go to `tmp` as they come, synchronously, so the text is of one moment even
 * while other code (the running clock) waits to change the lab; then `tmp` is renamed over
 * `file`.
 */
export function writeFileAtomicWith(file: string, fill: (write: TextSink) => void, tmp = tempFor(file)): void {
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    const out = fd;
    const gather = Buffer.allocUnsafe(GATHER_BYTES);
    let used = 0;
    const flush = (): void => {
      writeAll(out, gather.subarray(0, used));
      used = 0;
    };
    fill((text, ascii = false) => {
      const most = ascii ? text.length : 3 * text.length;
      if (used + most > gather.length) flush();
      if (most > gather.length) writeAll(out, Buffer.from(text, ascii ? 'latin1' : 'utf8'));
      else used += gather.write(text, used, ascii ? 'latin1' : 'utf8');
    });
    flush();
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}
