// One shell per lab: a lock file beside the lab holds the owner's pid, since two writers
// of one lowdb file would lose each other's changes.
import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';

export class LabLockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`${file} is open in another drshell (pid ${pid}); close that one first`);
    this.name = 'LabLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

export function acquireLock(labFile: string): () => void {
  const lock = `${labFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        try {
          unlinkSync(lock);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Only a positive pid names an owner: kill(0) and kill(-1) would signal whole groups
      // and so always look alive, and an empty file is an owner killed before writing.
      // The owner may let go between our open and this read: then the lock is free.
      const text = readIfThere(lock).trim();
      const pid = /^\d+$/.test(text) ? Number(text) : 0;
      if (pid > 0 && pid !== process.pid && alive(pid)) throw new LabLockedError(labFile, pid);
      rmSync(lock, { force: true }); // stale: its owner is gone
    }
  }
  throw new LabLockedError(labFile, -1);
}
