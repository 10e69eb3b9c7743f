// What the running clock changes on the screen: each time it moves, jobs that ended and
// alerts it raised are printed, a watch that is due runs again, and the progress bars are
// drawn again (their figures and time left move with the clock alone).
import { useEffect, useState } from 'react';
import type { Shell } from '../shell/shell.js';
import type { ClockFeed } from './clock-feed.js';
import type { Notices } from './use-notices.js';
import type { Watch } from './use-watch.js';
import { watchDue } from './watch-view.js';

export function useClockRedraws(clock: ClockFeed | undefined, shell: Shell, notices: Notices, watch: Pick<Watch, 'current' | 'run'>): void {
  const { noteEndedJobs, printNotices, jobsRunning } = notices;
  const { current, run } = watch;
  const [, setTurns] = useState(0);
  useEffect(() => {
    if (!clock) return;
    return clock.subscribe(() => {
      const hadJobs = jobsRunning();
      noteEndedJobs();
      printNotices();
      const w = current();
      if (w !== null && watchDue(w, shell.lab.world.clock.now)) run(w.req);
      // Drawn again only when something drawn may have changed, not on every tick at an idle prompt.
      else if (hadJobs || jobsRunning()) setTurns((n) => n + 1);
    });
  }, [clock, shell, noteEndedJobs, printNotices, jobsRunning, current, run]);
}
