// The shell session: which Control Station it is on and as whom, and its environment.
import type { World } from '../engine/types.js';
import type { Session } from '../store/lab-doc.js';

export type { Session };

export function newSession(world: World): Session {
  return { cel: world.cells[0]!.name, user: 'nasadmin', env: { NAS_DB: '/nas' } };
}

/** `[nasadmin@cel_pfs ~]$ `, the real Control Station's bash prompt. */
export function prompt(session: Session): string {
  return `[${session.user}@${session.cel} ~]$ `;
}
