// File writing shared by the lab, `save`, the history file and output redirections.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
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
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    // A target that cannot be replaced (a folder, no permission) must not leave the temp behind.
    rmSync(tmp, { force: true });
    throw e;
  }
}
