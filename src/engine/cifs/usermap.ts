// The usermapper ([000256]-[000257]): a service of a site's data movers that gives Windows
// users UNIX identities, a UID for the user and a GID for its group, from a range kept for
// CIFS users, and keeps them for good. The primary usermapper holds the database; the other
// data movers of the site ask it. A data mover or VDM caches each mapping it got in its root
// (ServerConfig.usermap), so a user it knows logs on without asking again, and a VDM moved or
// loaded elsewhere brings the mappings with it.
import { fail } from '../errors.js';
import { cellUp } from '../site.js';
import type { Cell, Mover, ServerConfig, UserMapping, Usermapper } from '../types.js';

/** Usermapper's range for CIFS users: from 32768 ([S2]: Administrator 32768, Guest 32769). */
export const UID_FROM = 32768;
export const UID_TO = 65535;

/** A site's usermapper before anyone changed it: primary on the first primary data mover, by slot. */
export function defaultUsermapper(movers: readonly { name: string; slot: number; type: string }[]): Usermapper {
  const first = [...movers].sort((a, b) => a.slot - b.slot).find((m) => m.type === 'nas');
  return { primary: first?.name ?? null, range: { from: UID_FROM, to: UID_TO }, nextUid: UID_FROM, nextGid: UID_FROM, users: [], groups: [] };
}

export type UsermapperRole = 'primary' | 'secondary' | 'disabled';

/** What a data mover's usermapper service is: the primary, a secondary asking it, or off (no primary at the site, or a standby). */
export function usermapperRole(cell: Cell, mover: Mover): UsermapperRole {
  const um = cell.usermapper;
  if (um.primary === null || mover.type !== 'nas') return 'disabled';
  return um.primary === mover.name ? 'primary' : 'secondary';
}

/** `server_usermapper <mover> -enable`: with no primary at the site, this mover becomes it (with the database kept). */
export function enableUsermapper(cell: Cell, mover: Mover): UsermapperRole {
  if (mover.type !== 'nas') fail('mover_not_primary', { mover: mover.name });
  const um = cell.usermapper;
  if (um.primary === null) um.primary = mover.name;
  return usermapperRole(cell, mover);
}

/** `server_usermapper <mover> -disable`: the primary stops (the site's mappings stay for the next primary); a secondary follows its primary. */
export function disableUsermapper(cell: Cell, mover: Mover): void {
  const role = usermapperRole(cell, mover);
  if (role === 'disabled') fail('usermapper_state', { mover: mover.name, state: 'disabled' });
  if (role === 'secondary') fail('usermapper_state', { mover: mover.name, state: 'secondary', primary: cell.usermapper.primary! });
  cell.usermapper.primary = null;
}

/** The mappings of a site's usermapper, users then groups. */
export function usermapperEntries(cell: Cell): Pick<Usermapper, 'users' | 'groups'> {
  const um = cell.usermapper;
  return { users: um.users, groups: um.groups };
}

/**
 * A Windows user's identity for a server, as [000257] has it: the mapping the server cached,
 * else the usermapper's (it must be up: its data mover online at a site that is up), given
 * now when new; the server caches it in `cfg` (the caller writes the configuration).
 */
export function mapUser(cell: Cell, cfg: ServerConfig, domain: string, user: string, who: string): UserMapping {
  const key = (m: { domain: string; user: string }) => m.domain === domain && m.user.toLowerCase() === user.toLowerCase();
  const cached = cfg.usermap.find(key);
  if (cached !== undefined) return cached;
  const um = cell.usermapper;
  if (um.primary === null) fail('usermapper_disabled', { mover: who, user: `${domain}\\${user}` });
  const primary = cell.movers.find((m) => m.name === um.primary);
  if (primary === undefined || primary.status !== 'online' || !cellUp(cell)) fail('usermapper_unreachable', { mover: who, user: `${domain}\\${user}`, primary: um.primary });
  const known = um.users.find(key);
  let mapping: UserMapping;
  if (known !== undefined) mapping = known;
  else {
    const e = cell.usermapper;
    let group = e.groups.find((g) => g.domain === domain && g.group === 'Domain Users');
    const needGid = group === undefined ? 1 : 0;
    if (e.nextUid > e.range.to || e.nextGid + needGid - 1 > e.range.to) fail('usermapper_full', { mover: who, user: `${domain}\\${user}`, to: e.range.to });
    if (group === undefined) {
      group = { domain, group: 'Domain Users', gid: e.nextGid++ };
      e.groups.push(group);
    }
    mapping = { domain, user: user.toLowerCase(), uid: e.nextUid++, gid: group.gid };
    e.users.push(mapping);
  }
  cfg.usermap.push({ ...mapping });
  return mapping;
}
