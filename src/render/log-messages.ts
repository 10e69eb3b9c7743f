// The text of each data mover log message code, as server_log prints it. Engine modules
// log codes and values (src/engine/log.ts); a code missing here prints as itself with
// its values, so a new code is readable before it gets its own text.
import type { LogEntry } from '../engine/types.js';

type Data = LogEntry['data'];

// Administrative changes read like DART's own audit lines ("Command succeeded:  <cmd>",
// two spaces), as the real log shows them.
const ok = (cmd: string) => `Command succeeded:  ${cmd}`;

export const LOG_MESSAGES: Record<string, (d: Data) => string> = {
  dart_boot: (d) => `DART ${d.version} started in slot ${d.slot}`,
  if_up: (d) => `ifnet: ${d.name} on ${d.device}: link is UP`,
  if_down: (d) => `ifnet: ${d.name} on ${d.device}: link is DOWN`,
  if_created: (d) => ok(`ifconfig ${d.device} name=${d.name} protocol=IP ${d.address} ${d.netmask ?? ''} ${d.broadcast ?? ''}`.trimEnd()),
  if_deleted: (d) => ok(`ifconfig ${d.name} delete`),
  fs_mounted: (d) => ok(`mount ${d.fs} ${d.path} ${d.mode}`),
  fs_unmounted_temp: (d) => ok(`umount ${d.path} temp (${d.fs})`),
  fs_unmounted_perm: (d) => ok(`umount ${d.path} perm (${d.fs})`),
  mountpoint_created: (d) => ok(`mkdir ${d.path}`),
  mountpoint_deleted: (d) => ok(`rmdir ${d.path}`),
};

/** `<code> key=value ...` for a code with no text yet. */
function fallback(msg: string, d: Data): string {
  return [msg, ...Object.entries(d).map(([k, v]) => `${k}=${v}`)].join(' ');
}

export function logText(entry: LogEntry): string {
  const text = LOG_MESSAGES[entry.msg];
  return text ? text(entry.data) : fallback(entry.msg, entry.data);
}
