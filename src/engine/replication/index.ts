// Replication (fs_replicate): the operations the command calls.
export { restartReplication, startReplication, type StartRequest } from './start.js';
export { failover, type FailoverMode, type FailoverReport, type FailoverRequest } from './failover.js';
export { resync, type ResyncReport, type ResyncRequest } from './resync.js';
export { failback, type FailbackReport, type FailbackRequest } from './failback.js';
export { abortReplication, findSession, modifyReplication, refreshReplication, replicationStatus, type StatusReport } from './control.js';
export { describeReplication, sessionsAt, type ReplReport, type EndReport } from './report.js';
export { parseOptions, type ReplOptions } from './settings.js';
export { liveMount, replications, sessionOfFs } from './sessions.js';
export { sessionEvents } from './events.js';
