// An alert notice (src/engine/alerts.ts) as the shell prints it, between commands or while
// the interactive clock runs: `drshell: alert: cel_pfs server_2: save volume of pfs10 is 92% full`.
// The text after the mover is the mover's log entry's, so the notice and server_log agree.
import type { Notice } from '../engine/types.js';
import { logText } from './log-messages.js';

export function noticeLine(n: Notice): string {
  return `drshell: alert: ${n.cel} ${n.mover}: ${logText({ at: n.at, facility: '', severity: 0, msg: n.code, data: n.data })}`;
}
