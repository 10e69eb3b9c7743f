// What belongs to a physical data mover and not to the VDMs it hosts ([000241]-[000242]):
// the CIFS service (its threads serve every CIFS server of the mover and of its VDMs,
// [000258]), virus checking and the time service (bound to the site, [000248]), and the
// parameters (`server_param`), which a VDM moved elsewhere finds as that mover has them,
// so they are compared before it moves ([000274]).
import { requireServing } from './cluster.js';
import { fail } from './errors.js';
import { parseIPv4 } from './net.js';
import type { Mover, MoverServices } from './types.js';

/** DART's default CIFS thread count on a data mover with more than 1 GB of memory. */
export const DEFAULT_CIFS_THREADS = 256;
export const MAX_CIFS_THREADS = 2048;

/** A data mover's services before anyone changed them. */
export const DEFAULT_SERVICES: Readonly<MoverServices> = { cifs: { started: false, threads: DEFAULT_CIFS_THREADS }, viruschk: false, ntp: null, params: {} };

export interface ParamDef {
  facility: string;
  name: string;
  default: number;
  min: number;
  max: number;
  /** What a change needs before it takes effect. */
  effective: 'immediate' | 'reboot';
  description: string;
}

/**
 * The parameters drshell knows: the CIFS ones that decide how Windows users map to UNIX
 * identities ([000242]: "AD Mapping, Resolver, useUnixGID"), as the real facility names them.
 */
export const PARAMS: readonly ParamDef[] = [
  { facility: 'cifs', name: 'acl.extacl', default: 0, min: 0, max: 255, effective: 'immediate', description: 'Extended ACL features, a bit mask' },
  { facility: 'cifs', name: 'acl.mappingErrorAction', default: 0, min: 0, max: 15, effective: 'immediate', description: 'What to do when a SID has no UNIX mapping, a bit mask' },
  {
    facility: 'cifs',
    name: 'acl.useUnixGid',
    default: 0,
    min: 0,
    max: 1,
    effective: 'immediate',
    description: 'Give files the UNIX primary group of the user instead of the mapped Windows group',
  },
  { facility: 'cifs', name: 'smb1.disabled', default: 0, min: 0, max: 1, effective: 'reboot', description: 'Refuse SMB1 connections' },
  { facility: 'cifs', name: 'useADMap', default: 0, min: 0, max: 1, effective: 'immediate', description: 'Look users up in Active Directory (AD mapping) before the usermapper' },
  { facility: 'nfs', name: 'v4.enable', default: 0, min: 0, max: 1, effective: 'reboot', description: 'Serve NFSv4' },
];

export const FACILITIES = [...new Set(PARAMS.map((p) => p.facility))];

export function findParam(facility: string, name: string): ParamDef {
  if (!FACILITIES.includes(facility)) fail('facility_not_found', { facility });
  return PARAMS.find((p) => p.facility === facility && p.name === name) ?? fail('param_not_found', { facility, param: name });
}

export const paramKey = (p: ParamDef) => `${p.facility}.${p.name}`;

/** A parameter's value on a mover: the one set, else the default. */
export function paramValue(mover: Mover, p: ParamDef): { current: number; configured: number | null } {
  const set = mover.services.params[paramKey(p)];
  return { current: set ?? p.default, configured: set ?? null };
}

/** `server_param -modify <param> -value <n>`: a whole number in the parameter's range. */
export function modifyParam(mover: Mover, facility: string, name: string, word: string): ParamDef {
  requireServing(mover);
  const p = findParam(facility, name);
  const n = /^\d{1,10}$/.test(word) ? Number(word) : NaN;
  if (!Number.isSafeInteger(n) || n < p.min || n > p.max) fail('param_value_invalid', { mover: mover.name, param: p.name, value: word, min: p.min, max: p.max });
  mover.services.params[paramKey(p)] = n;
  return p;
}

export function setCifsService(mover: Mover, started: boolean, threads: number | null): void {
  requireServing(mover);
  if (threads !== null && (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_CIFS_THREADS)) {
    fail('cifs_option_invalid', { mover: mover.name, key: 'start', value: threads, rule: 'threads', max: MAX_CIFS_THREADS });
  }
  const cifs = mover.services.cifs;
  cifs.started = started;
  if (threads !== null) cifs.threads = threads;
}

export function setVirusChecker(mover: Mover, started: boolean): void {
  requireServing(mover);
  mover.services.viruschk = started;
}

export const MAX_NTP_SERVERS = 4;

/** `server_date <mover> timesvc start ntp [-i <minutes>] <host>...` (at most four, [S4]). */
export function startTimeService(mover: Mover, servers: string[], intervalMin: number): void {
  requireServing(mover);
  if (servers.length === 0 || servers.length > MAX_NTP_SERVERS) fail('ntp_invalid', { mover: mover.name, value: servers.join(' '), rule: 'count' });
  const bad = servers.find((s) => parseIPv4(s) === null);
  if (bad !== undefined) fail('ntp_invalid', { mover: mover.name, value: bad, rule: 'address' });
  if (!Number.isSafeInteger(intervalMin) || intervalMin < 1 || intervalMin > 9999) fail('ntp_invalid', { mover: mover.name, value: String(intervalMin), rule: 'interval' });
  mover.services.ntp = { servers: [...servers], intervalMin };
}

export function stopTimeService(mover: Mover): void {
  requireServing(mover);
  if (mover.services.ntp === null) fail('ntp_not_running', { mover: mover.name });
  mover.services.ntp = null;
}
