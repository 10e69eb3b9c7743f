// The text of each data mover log message code, as server_log prints it. Engine modules
// log codes and values (src/engine/log.ts); a code missing here prints as itself with
// its values, so a new code is readable before it gets its own text.
import type { CopyFailure, LogEntry } from '../engine/types.js';
import { failureText } from './copy-progress.js';
import { reasonText } from './repl-info.js';
import { resyncFullText } from './repl-words.js';

type Data = LogEntry['data'];

// Administrative changes read like DART's own audit lines ("Command succeeded:  <cmd>",
// two spaces), as the real log shows them.
const ok = (cmd: string) => `Command succeeded:  ${cmd}`;

const UNAVAILABLE: Record<string, string> = {
  missing: 'no such file system',
  protected: 'it is read-only (a replication destination, or failed over)',
  no_pfs: 'its production file system is not mounted',
  no_mountpoint: 'its mount point is missing',
};

export const LOG_MESSAGES: Record<string, (d: Data) => string> = {
  dart_boot: (d) => `DART ${d.version} started in slot ${d.slot}`,
  // A data mover going down (src/engine/site.ts): ours, no real text is known.
  dart_halted: (d) => (d.why === 'reboot' ? 'DART shutdown: reboot requested' : d.why === 'site' ? `DART halted: site ${d.cel} lost power` : 'DART panic: data mover halted'),
  fs_mount_skipped: (d) => `mount ${d.fs} ${d.path} ${d.mode} at boot skipped: ${bootSkipText(d)}`,
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
  fs_auto_extended: (d) => `auto-extension: ${d.fs} extended from ${d.from} MB to ${d.to} MB (hwm ${d.hwm}%)`,
  ckpt_deactivated: (d) => `SavVol of ${d.fs} is full: checkpoint ${d.ckpt} deactivated and deleted to keep newer checkpoints`,
  // fs_copy (src/engine/copy/): no real text is known; ours, one line per event of a session.
  fscopy_started: (d) => `fs_copy ${d.session}: ${d.mode} copy of ${d.src} to ${d.dst} started, ${d.blocks} blocks`,
  fscopy_completed: (d) => `fs_copy ${d.session}: ${d.mode} copy of ${d.src} to ${d.dst} completed, ${d.blocks} blocks in ${d.secs} s`,
  fscopy_stalled: (d) =>
    `fs_copy ${d.session}: ${d.why === 'site' ? `site ${d.down} is down` : d.why === 'mover' ? `data mover ${d.mover} of ${d.down} is down` : `connection to ${d.peer} lost`} at block ${d.copied} of ${d.blocks}, waiting`,
  fscopy_resumed: (d) => `fs_copy ${d.session}: connection to ${d.peer} restored, resuming at block ${d.copied} of ${d.blocks}`,
  fscopy_aborted: (d) => `fs_copy ${d.session}: copy of ${d.src} to ${d.dst} aborted at block ${d.copied} of ${d.blocks}`,
  fscopy_failed: (d) =>
    `fs_copy ${d.session}: copy of ${d.src} to ${d.dst} failed at block ${d.copied} of ${d.blocks}: ${failureText(d.reason as CopyFailure, String(d.src), String(d.dst))}`,
  // fs_dist (src/engine/distribution/): ours, one line per request and per update's end.
  fsdist_nothing: (d) =>
    d.youngest === ''
      ? `fs_dist ${d.fs}: ${d.source} has no checkpoint to offer; last update reset`
      : `fs_dist ${d.fs}: no version of ${d.source} newer than ${d.have}; last update reset`,
  fsdist_started: (d) =>
    d.step === 649
      ? `fs_dist ${d.fs}: delta ${d.from} -> ${d.to} of ${d.source} requested, fs_copy ${d.session}, ${d.blocks} blocks`
      : `fs_dist ${d.fs}: full version ${d.to} of ${d.source} requested (${fullReason(d)}), fs_copy ${d.session}, ${d.blocks} blocks`,
  fsdist_updated: (d) => `fs_dist ${d.fs}: now holds ${d.version} (fs_copy ${d.session})`,
  fsdist_update_ended: (d) =>
    `fs_dist ${d.fs}: update to ${d.to} ${d.state} (fs_copy ${d.session}); ${d.holds === '' ? 'holds no version until an update completes' : `still holds ${d.holds}`}`,
  fsdist_refused: (d) => `fs_dist ${d.fs}: cannot ask ${d.source} for a newer version: ${refusalText(d)}`,
  // fs_replicate (src/engine/replication/): ours, no real text is known; each line names the session by its ends.
  rep_started: (d) => `${repl(d)}: replication started, initial copy of ${d.blocks} blocks`,
  rep_copy_done: (d) => `${repl(d)}: initial copy done, playback from delta set ${d.delta}`,
  rep_flow_control: (d) =>
    d.side === 'source'
      ? `${repl(d)}: flow control: the source save volume has no room for a delta set of ${d.blocks} blocks`
      : `${repl(d)}: flow control: the destination save volume has no room for a delta set of ${d.blocks} blocks, sending waits`,
  rep_source_held: (d) => `${repl(d)}: source save volume full: ${d.src} ${d.policy === 'Freeze' ? 'frozen' : 'held read-only'} (policy ${d.policy})`,
  rep_source_released: (d) => `${repl(d)}: source save volume has room again: ${d.src} released`,
  rep_inactive: (d) => `${repl(d)}: replication inactive: ${reasonText(String(d.reason), String(d.src), String(d.dst))}`,
  rep_send_failed: (d) => `${repl(d)}: delta set transfer failed ${d.retries} times, connection marked dead; retrying`,
  rep_send_resumed: (d) => `${repl(d)}: connection restored, sending resumed`,
  rep_set_rejected: (d) => `${repl(d)}: delta set ${d.delta} rejected (${d.why}), to be sent again`,
  rep_failed_over: (d) =>
    `${repl(d)}: failed over${d.mode === 'default' ? '' : ` (${d.mode})`}, restart point at delta set ${d.delta}; ${
      d.lost === 0 && d.blocks === 0 ? 'no data lost' : `${d.lost} delta set${d.lost === 1 ? '' : 's'} and ${d.blocks} block${d.blocks === 1 ? '' : 's'} not received`
    }`,
  rep_resync_started: (d) => `${repl(d)}: incremental resync started, ${d.blocks} blocks`,
  rep_resync_full: (d) => `${repl(d)}: incremental resync impossible (${resyncFullText(String(d.why))}), full copy started, ${d.blocks} blocks`,
  rep_resync_done: (d) => `${repl(d)}: resync done, playback from delta set ${d.delta}`,
  rep_reversed: (d) => `${repl(d)}: replication reversed, the other way round from session ${d.old}`,
  rep_aborted: (d) => `${repl(d)}: replication aborted`,
  rep_recovered: (d) => `${repl(d)}: recovered after a restart, generation ${d.gen}`,
  // Operator alerts ([000273], src/engine/alerts.ts): ours; the shell prints the same text as its notice.
  rep_savvol_full: (d) => `save volume of ${d.fs} is ${d.pct}% full`,
  rep_outstanding: (d) => `${d.count} delta set${d.count === 1 ? '' : 's'} of ${d.fs} outstanding`,
  // Virtual data movers and CIFS (src/engine/vdm/, src/engine/cifs/): ours, no real text is known.
  vdm_created: (d) => ok(`vdm create ${d.vdm} rootfs=${d.root}`),
  vdm_loaded: (d) => `VDM ${d.vdm} loaded, ${d.mounts} file system${d.mounts === 1 ? '' : 's'} mounted`,
  vdm_mounted: (d) => `VDM ${d.vdm} mounted (root read-only, not active), ${d.mounts} file system${d.mounts === 1 ? '' : 's'} mounted`,
  vdm_unloaded: (d) => `VDM ${d.vdm} unloaded (${d.state === 'tempunloaded' ? 'temporarily' : 'permanently'}): CIFS servers stopped, file systems unmounted`,
  vdm_moved: (d) => `VDM ${d.vdm} moved from ${d.from} to ${d.to}`,
  vdm_deleted: (d) => ok(`vdm delete ${d.vdm} (root ${d.root} deleted)`),
  vdm_load_failed: (d) => `VDM ${d.vdm} not loaded at boot: ${d.reason}`,
  vdm_mount_unavailable: (d) => `VDM ${d.vdm}: ${d.fs} not mounted on ${d.path}: ${UNAVAILABLE[String(d.why)] ?? d.why}`,
  vdm_if_unavailable: (d) => `VDM ${d.vdm}: interface ${d.name} ${d.why === 'missing' ? 'unknown on this data mover' : `already used by ${d.by}`}, not taken`,
  vdm_if_attached: (d) => ok(`vdm attach ${d.name}`),
  vdm_if_detached: (d) => ok(`vdm detach ${d.name}`),
  cifs_added: (d) => ok(`cifs add compname=${d.name} domain=${d.domain}`),
  cifs_if_removed: (d) => ok(`cifs delete netbios=${d.name} interface=${d.iface}`),
  cifs_deleted: (d) => ok(`cifs delete netbios=${d.name}`),
  cifs_joined: (d) => `${d.name} joined the domain ${d.domain}`,
  cifs_unjoined: (d) => `${d.name} left the domain ${d.domain}`,
  cifs_moved_out: (d) => `CIFS server ${d.name} moved to ${d.to}`,
  cifs_moved_in: (d) => `CIFS server ${d.name} moved in from ${d.from}`,
  share_added: (d) => ok(`share ${d.share} ${d.path}`),
  share_removed: (d) => ok(`unshare ${d.share}`),
  nfs_exported: (d) => ok(`export ${d.path}`),
  nfs_unexported: (d) => ok(`unexport ${d.path}`),
};

/** A replication session as its log lines name it: `fs_replicate <src> -> <dst>` as this end's Control Station names them. */
function repl(d: Data): string {
  return `fs_replicate ${d.src} -> ${d.dst}`;
}

/** Why a local updatable file system was sent a whole version (FIG. 38 step 648). */
function fullReason(d: Data): string {
  if (d.why === 'gone') return `${d.have} is no longer at the source`;
  if (d.why === 'refreshed') return `${d.have} was refreshed at the source`;
  if (d.why === 'changed') return `its copy of ${d.have} has changed`;
  return 'it holds no version';
}

/** Why an update request prompted by a client's access could not be made. */
function refusalText(d: Data): string {
  switch (d.reason) {
    case 'cel_unreachable':
      return `cannot reach ${d.why_name} (${d.why_why === 'down' ? 'the link is down' : d.why_why === 'site_down' ? 'the site is down' : 'no network link'})`;
    case 'dist_source_gone':
      return 'the source file system no longer exists';
    case 'copy_dst_rw':
      return `${d.fs} is mounted read-write on ${d.why_on}`;
    case 'copy_dst_busy':
      return `${d.fs} is the destination of fs_copy session ${d.why_session}`;
    default:
      return String(d.reason);
  }
}

/** Why a mount table entry was not mounted again when its data mover booted. */
function bootSkipText(d: Data): string {
  if (d.why === 'rw_elsewhere') return `${d.fs} is mounted read-write on ${d.other}`;
  if (d.why === 'ro_elsewhere') return `${d.fs} is mounted read-only on ${d.other}`;
  return `its production file system ${d.pfs} is not mounted`;
}

/** `<code> key=value ...` for a code with no text yet. */
function fallback(msg: string, d: Data): string {
  return [msg, ...Object.entries(d).map(([k, v]) => `${k}=${v}`)].join(' ');
}

export function logText(entry: LogEntry): string {
  const text = LOG_MESSAGES[entry.msg];
  return text ? text(entry.data) : fallback(entry.msg, entry.data);
}
