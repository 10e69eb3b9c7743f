// The document a lab file holds: the world, the session and the log of commands that
// changed the world (so a customer's state can be replayed and shared as one file).
import type { World } from '../engine/types.js';

/** Which Control Station the shell is on and as whom, and its environment; kept with the lab. */
export interface Session {
  cel: string;
  user: string;
  env: Record<string, string>;
}

export interface CommandLogEntry {
  at: number;
  cel: string;
  line: string;
}

export interface LabDoc {
  world: World;
  session: Session;
  commands: CommandLogEntry[];
}

/** The lab format version this drshell writes (migrations.ts reads the older ones). */
export const LAB_VERSION = 2;

/** Oldest entries are dropped past this many, so a long-lived lab stays small. */
export const COMMAND_LOG_LIMIT = 10_000;
