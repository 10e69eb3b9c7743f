// One shell per lab: a lock file beside the lab holds the owner's pid, since two writers
// of one lowdb file would lose each other's changes.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

export class LabLockedError extends Error {
  constructor(readonly file: string, readonly pid: number) {
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
      const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) throw new LabLockedError(labFile, pid);
      unlinkSync(lock); // stale: its owner is gone
    }
  }
  throw new LabLockedError(labFile, -1);
}
