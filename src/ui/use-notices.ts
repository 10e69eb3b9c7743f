// What the shell tells between commands, as bash reports a background job that finished:
// a long job that has ended since it was last seen (whether the running clock or a command
// such as `sim advance` moved it on), and alert notices raised by a command or by the clock.
import { useCallback, useRef } from 'react';
import type { Shell } from '../shell/shell.js';
import { jobEnded, jobsAt, type JobProgress } from '../engine/progress.js';
import type { World } from '../engine/types.js';
import { jobEndedLine } from '../render/job-progress.js';
import type { Print } from './use-scrollback.js';

export interface Notices {
  /** Prints a notice for each job seen running before and no longer running. */
  noteEndedJobs: () => void;
  /** Prints alert notices: the command's, or else those the lab holds. */
  printNotices: (lines?: string[]) => void;
  /** Whether jobs were running when last looked at (their bars are on the screen). */
  jobsRunning: () => boolean;
}

/** The long jobs the session's Control Station shows, by key. */
function jobsShown(shell: Shell): Map<string, JobProgress> {
  return new Map(jobsAt(shell.lab.world, shell.lab.session.cel).map((j) => [j.key, j]));
}

export function useNotices(shell: Shell, print: Print): Notices {
  // Jobs are compared only within one world at one cell: after `load`, `reset` or `cs` the
  // jobs that vanished did not end.
  const seen = useRef<{ world: World; cel: string; jobs: Map<string, JobProgress> }>({ world: shell.lab.world, cel: shell.lab.session.cel, jobs: jobsShown(shell) });

  const noteEndedJobs = useCallback(() => {
    const world = shell.lab.world;
    const cel = shell.lab.session.cel;
    const now = jobsShown(shell);
    const last = seen.current;
    if (last.world === world && last.cel === cel) {
      for (const [key, job] of last.jobs) {
        if (now.has(key)) continue;
        const end = jobEnded(world, key);
        // An abort is the command's own doing and its output already tells it.
        if (end?.outcome === 'aborted') continue;
        print(jobEndedLine(job, end), end?.outcome === 'failed' ? 'alert' : 'plain');
      }
    }
    seen.current = { world, cel, jobs: now };
  }, [shell, print]);

  const printNotices = useCallback(
    (lines: string[] = shell.takeNotices()) => {
      if (lines.length > 0) print(lines.join('\n'), 'alert');
    },
    [shell, print],
  );

  const jobsRunning = useCallback(() => seen.current.jobs.size > 0, []);

  return { noteEndedJobs, printNotices, jobsRunning };
}
