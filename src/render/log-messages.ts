// The text of each data mover log message code, as server_log prints it. Engine modules
// log codes and values (src/engine/log.ts); a code missing here prints as itself with
// its values, so a new code is readable before it gets its own text.
import type { CopyFailure, LogEntry } from '../engine/types.js';
import { failureText } from './copy-progress.js';

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
  savvol_extended: (d) => `SavVol of ${d.fs} is ${d.pct}% full (%full=${d.mark}): extended from ${d.from} MB to ${d.to} MB`,
  savvol_not_extended: (d) => `SavVol of ${d.fs} is ${d.pct}% full (%full=${d.mark}): cannot be extended by ${d.add} MB, pool ${d.pool} has ${d.avail} MB available`,
  ckpt_deactivated: (d) => `SavVol of ${d.fs} is full (${d.pct}%): checkpoint ${d.ckpt} deactivated and deleted to keep newer checkpoints`,
  // fs_copy (src/engine/copy/): no real text is known; ours, one line per event of a session.
  fscopy_started: (d) => `fs_copy ${d.session}: ${d.mode} copy of ${d.src} to ${d.dst} started, ${d.blocks} blocks`,
  fscopy_completed: (d) => `fs_copy ${d.session}: ${d.mode} copy of ${d.src} to ${d.dst} completed, ${d.blocks} blocks in ${d.secs} s`,
  fscopy_stalled: (d) => `fs_copy ${d.session}: connection to ${d.peer} lost at block ${d.copied} of ${d.blocks}, waiting`,
  fscopy_resumed: (d) => `fs_copy ${d.session}: connection to ${d.peer} restored, resuming at block ${d.copied} of ${d.blocks}`,
  fscopy_aborted: (d) => `fs_copy ${d.session}: copy of ${d.src} to ${d.dst} aborted at block ${d.copied} of ${d.blocks}`,
  fscopy_failed: (d) => `fs_copy ${d.session}: copy of ${d.src} to ${d.dst} failed at block ${d.copied} of ${d.blocks}: ${failureText(d.reason as CopyFailure, String(d.src), String(d.dst))}`,
};

/** `<code> key=value ...` for a code with no text yet. */
function fallback(msg: string, d: Data): string {
  return [msg, ...Object.entries(d).map(([k, v]) => `${k}=${v}`)].join(' ');
}

export function logText(entry: LogEntry): string {
  const text = LOG_MESSAGES[entry.msg];
  return text ? text(entry.data) : fallback(entry.msg, entry.data);
}
