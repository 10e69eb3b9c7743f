// Every arrow from an engine mechanism to the modules that react to it, as literal tables the
// compiler checks: what each kind of clock event does, who hears of a site change, who is asked
// before a remote Celerra's entry goes, who hears that an fs_copy session it started ended, and
// where the long jobs come from. Importing the mechanism is enough to have all of them: nothing
// is filled as a side effect of importing some other module, so a lab advanced with only the
// clock loaded runs every event it holds.
//
// The tables name functions of modules that themselves import clock.ts, site.ts, trust.ts or
// copy/job.ts, so they are import circles; each table is built on first use, when every module
// has loaded, instead of while this one loads.
import { copyJobEnd, copyJobs } from './copy/progress.js';
import { stepEvent } from './copy/job.js';
import { fillTick } from './client/fill.js';
import { randwriteTick } from './client/randwrite.js';
import { updateEnded } from './distribution/ended.js';
import type { JobEnd, JobProgress } from './progress.js';
import { playEvent } from './replication/playback.js';
import { replicationNeedsTrust, replicationSiteChange } from './replication/recovery.js';
import { sendEvent } from './replication/send.js';
import { pollEvent } from './replication/source.js';
import { replicationCopyEnded } from './replication/start.js';
import { bootEvent, type SiteChange } from './site.js';
import type { Cell, CopyOwner, CopySession, EventKind, SimEvent, SimEventOf, TrustUse, World } from './types.js';
import { vdmSiteChange } from './vdm/boot.js';

type EventTable = { [K in EventKind]: (world: World, event: SimEventOf<K>) => void };

let events: EventTable | undefined;
const eventTable = (): EventTable =>
  (events ??= {
    'repl.poll': pollEvent,
    'repl.send': sendEvent,
    'repl.play': playEvent,
    'fs_copy.step': stepEvent,
    'site.boot': bootEvent,
    client_fill: fillTick,
    client_randwrite: randwriteTick,
  } satisfies EventTable);

/** Runs one event's handler; a kind nobody handles is a bug (the lab schema admits none). */
export function runEvent(world: World, event: SimEvent): void {
  const handler = eventTable()[event.kind] as ((world: World, event: SimEvent) => void) | undefined;
  if (handler === undefined) throw new Error(`no handler for clock event kind ${JSON.stringify(event.kind)}`);
  handler(world, event);
}

type SiteListener = (world: World, change: SiteChange) => void;

let siteListeners: readonly SiteListener[] | undefined;

/** Tells every module that keeps state across sites of a change, once it is made, in this order. */
export function tellSiteChange(world: World, change: SiteChange): void {
  for (const listener of (siteListeners ??= [replicationSiteChange, vdmSiteChange])) listener(world, change);
}

/** What still needs the remote `remoteName` at `cell`, so its entry may not go; null when nothing does. */
type TrustCheck = (world: World, cell: Cell, remoteName: string) => TrustUse | null;

let trustChecks: readonly TrustCheck[] | undefined;

/** The first use a module names for keeping the trust of `remoteName`, or null. */
export function trustNeeded(world: World, cell: Cell, remoteName: string): TrustUse | null {
  for (const check of (trustChecks ??= [replicationNeedsTrust])) {
    const reason = check(world, cell, remoteName);
    if (reason !== null) return reason;
  }
  return null;
}

type CopyEndTable = Record<CopyOwner, (world: World, s: CopySession) => void>;

let copyEnds: CopyEndTable | undefined;

/** The module that started `s` for its own ends hears, at the virtual time it happens, that it ended. */
export function copyEnded(world: World, owner: CopyOwner, s: CopySession): void {
  (copyEnds ??= { fs_replicate: replicationCopyEnded, fs_dist: updateEnded } satisfies CopyEndTable)[owner](world, s);
}

export interface JobSource {
  /** The jobs running (or waiting) now; reads the world, never changes it. */
  jobs(world: World): JobProgress[];
  /** How the job `key` ended, or null when the key is not this source's or it has not ended. */
  ended(world: World, key: string): JobEnd | null;
}

let sources: readonly JobSource[] | undefined;

/** Where the long jobs come from: fs_copy sessions (replication's copies among them). */
export const jobSources = (): readonly JobSource[] => (sources ??= [{ jobs: copyJobs, ended: copyJobEnd }]);
