// The one place an engine error code becomes the real CLI's number and text.
// Numbers and wording follow ../shared/reference and captured XML-API answers of the real
// Control Station (whose long message codes carry the CLI number in their low 16 bits);
// where no source was found the wording is ours, in the same style.
import type { ErrorData, NasErrorCode } from '../engine/errors.js';
import { convergeText, replOpWord, replOptionText, resyncFullText, stateWord, wantWord } from '../render/repl-words.js';
import { ctime } from '../render/time.js';
import { BLOCKS_PER_MB } from '../engine/files/tree.js';
import { formatSizeMB } from '../render/units.js';
import { FACILITIES } from '../engine/mover-settings.js';

interface Entry<C extends NasErrorCode> {
  num: number;
  text: (d: ErrorData<C>) => string;
  /** Data key naming the object the line is about, when no data mover is involved. */
  subject?: keyof ErrorData<C> & string;
}

export const ERROR_TABLE: { [C in NasErrorCode]: Entry<C> } = {
  mover_not_found: { num: 2, text: () => 'No such file or directory', subject: 'mover' },
  mover_not_primary: { num: 4037, text: (d) => `operation not permitted on standby server ${d.mover}` },
  mover_offline: { num: 4000, text: () => 'unable to connect to host' },
  cel_not_found: { num: 3001, text: (d) => `${d.name} : celerra not found` },
  pool_not_found: { num: 3139, text: (d) => `${d.pool} : storage pool not found` },
  pool_name_invalid: { num: 3139, text: () => 'The following parameters are not valid: Storage pool was not specified or invalid.' },
  pool_full: { num: 12010, text: (d) => `The requested space ${d.size} is not available from the pool ${d.pool}.` },
  fs_not_found: { num: 3105, text: (d) => `${d.fs} : invalid filesystem specified` },
  fs_exists: { num: 3106, text: (d) => `A file system with the name ${d.fs} already exists.` },
  fs_in_use: { num: 4109, text: (d) => `${d.fs} : is in the mount table of ${d.movers.join(',')}; unmount it with -perm first` },
  fs_name_invalid: { num: 3107, text: (d) => `${d.fs === '' ? "''" : d.fs} : invalid file system name` },
  fs_size_invalid: { num: 12148, text: () => 'File system of the specified size cannot be created.' },
  fs_param_invalid: { num: 3139, text: (d) => `The following parameters are not valid: -${d.param} ${fsParamValue(d)}. ${fsParamRule(d)}` },
  fs_system: { num: 3108, text: (d) => `${d.fs} : operation not permitted on a system file system` },
  device_not_found: { num: 2, text: (d) => `${d.device} : No such device` },
  if_exists: { num: 17, text: (d) => `${d.name} : File exists` },
  if_not_found: { num: 2, text: (d) => `${d.name} : No such interface` },
  if_address_in_use: { num: 4020, text: (d) => `${d.address} : address already in use by ${d.owner}:${d.name}` },
  if_address_invalid: { num: 22, text: (d) => `${d.value} : Invalid argument` },
  if_netmask_invalid: { num: 22, text: (d) => `${d.value} : Invalid argument` },
  if_broadcast_invalid: { num: 22, text: (d) => `${d.value} : Invalid argument` },
  if_name_invalid: { num: 22, text: (d) => `${d.name} : Invalid argument` },
  if_internal: { num: 1, text: (d) => `${d.name} : Operation not permitted on an internal interface` },
  mountpoint_exists: { num: 17, text: (d) => `${d.path} : File exists` },
  mountpoint_not_found: { num: 2, text: (d) => `${d.path} : No such file or directory` },
  mountpoint_in_use: { num: 16, text: (d) => `${d.path} : Device or resource busy` },
  mountpoint_invalid: { num: 2102, text: (d) => `${d.path} : Invalid argument` },
  mount_exists: { num: 4107, text: (d) => `Path busy: filesystem ${d.fs} is currently mounted on ${d.path}` },
  fs_mounted_here: { num: 4109, text: (d) => `${d.fs} : is mounted on ${d.path}` },
  fs_mounted_rw_elsewhere: { num: 4110, text: (d) => `${d.fs} : is mounted read-write on ${d.other}` },
  fs_mounted_elsewhere: { num: 4111, text: (d) => `${d.fs} : is mounted read-only on ${d.other}` },
  rawfs_needs_mountpoint: { num: 2, text: (d) => `${d.path || '/' + d.fs} : No such file or directory` },
  mount_not_found: { num: 2, text: (d) => `${d.target} : No such file or directory` },
  not_mounted: { num: 22, text: (d) => `${d.target} : not mounted` },
  root_busy: { num: 16, text: (d) => `${d.path} : Device or resource busy` },
  mountpoint_not_empty: { num: 39, text: (d) => `${d.path} : Directory not empty` },
  mount_busy: { num: 16, text: (d) => `${d.path} : Device or resource busy` },
  fs_unmounted_here: { num: 4109, text: (d) => `${d.fs} : is in the mount table on ${d.path} (unmounted); remount it there or remove it with server_umount -perm` },
  mount_option_invalid: { num: 22, text: (d) => `${d.option} : Invalid argument` },
  link_not_found: { num: 2, text: (d) => `${d.a} <-> ${d.b} : no such link` },
  link_value_invalid: {
    num: 22,
    text: (d) =>
      d.param === 'bandwidth' ? `bandwidth=${d.value} : Invalid argument (Mbit/s above 0, up to 400000)` : `latency=${d.value} : Invalid argument (ms from 0 to 60000)`,
  },
  lab_quota: { num: 122, text: (d) => `${d.path} : Disk quota exceeded (a lab holds at most ${d.limit / (BLOCKS_PER_MB * 1024)} GiB of written blocks)` },
  stamps_exhausted: { num: 28, text: (d) => `cannot write ${d.blocks} blocks: the lab has used every one of its 2^32 block stamps` },
  // [000195] step 582: the delta runs from an older checkpoint L to a younger M (wording ours).
  ckpt_not_younger: { num: 22, text: (d) => `not a newer checkpoint than ${d.from}`, subject: 'to' },
  // fs_copy. No source gives its errors: numbers and wording ours, after the nearest real ones
  // (4000 unable to connect, 4110 mounted read-write, 3105 invalid file system, 3139 parameters).
  cel_unreachable: { num: 4000, text: (d) => `${d.name} : unable to connect to host (${UNREACHABLE[d.why]})` },
  copy_source_rw: { num: 4110, text: (d) => `${d.fs} : is mounted read-write on ${d.on}; copy a checkpoint of it, or mount it read-only` },
  copy_other_pfs: { num: 3105, text: (d) => `${d.fs} : is not a checkpoint of ${d.pfs}` },
  copy_same_fs: { num: 3105, text: (d) => `${d.fs} : cannot be copied onto itself` },
  copy_source_empty: { num: 3105, text: (d) => `${d.fs} : is a rawfs holding no file system; there is nothing to copy` },
  copy_dst_type: {
    num: 3105,
    text: (d) => (d.type === 'ckpt' ? `${d.fs} : a checkpoint cannot be a copy destination` : `${d.fs} : is a ${d.type}; a full copy needs a rawfs destination`),
  },
  copy_dst_size: { num: 3105, text: (d) => `${d.fs} : is ${d.size} MB; the destination must be the size of the source (${d.want} MB)` },
  copy_dst_rw: { num: 4110, text: (d) => `${d.fs} : is mounted read-write on ${d.on}; a copy destination is mounted read-only or not at all` },
  copy_dst_busy: { num: 16, text: (d) => `${d.fs} : Device or resource busy (destination of fs_copy session ${d.session})` },
  copy_src_busy: { num: 16, text: (d) => `${d.fs} : Device or resource busy (source of fs_copy session ${d.session})` },
  copy_base_mismatch: {
    num: 22,
    text: (d) => {
      const held =
        d.why === 'none'
          ? 'it holds no copy'
          : d.why === 'refreshed'
            ? `it holds ${d.holds} as it was before a refresh`
            : d.why === 'changed'
              ? 'it has changed since it was copied'
              : `it holds ${d.holds}`;
      return `${d.fs} : does not hold ${d.ckpt} (${held})`;
    },
  },
  copy_option_invalid: { num: 3139, text: (d) => `The following parameters are not valid: -option ${d.value}. The options are qos=<kbits/s> (0 for no cap) and convert=yes|no.` },
  copy_not_found: { num: 2, text: (d) => `${d.session} : no such fs_copy session` },
  copy_ended: { num: 22, text: (d) => `${d.session} : fs_copy session has already ${d.state === 'completed' ? 'completed' : d.state === 'failed' ? 'failed' : 'been aborted'}` },
  // Checkpoints (fs_ckpt, SnapSure). The manual's rules; numbers and wording ours, in the family's style.
  ckpt_name_numeric: { num: 3107, text: (d) => `${d.fs} : invalid checkpoint name: a checkpoint name cannot be all numeric` },
  ckpt_pfs_type: { num: 3108, text: (d) => `${d.fs} : operation not permitted on a ${d.type === 'ckpt' ? 'checkpoint' : d.type}: checkpoints are made of a uxfs` },
  not_a_ckpt: { num: 3105, text: (d) => `${d.fs} : invalid checkpoint specified (it is a ${d.type}, not a checkpoint)` },
  ckpt_pfs_not_mounted: { num: 4116, text: (d) => `${d.fs} : file system is not mounted; mount the production file system first` },
  ckpt_pfs_readonly: { num: 4117, text: (d) => `${d.fs} : file system is mounted read-only on ${d.other}; a restore needs it mounted read-write` },
  ckpt_mount_no_pfs: { num: 4116, text: (d) => `${d.ckpt} : its production file system ${d.fs} is not mounted on this data mover` },
  ckpt_mount_rw: { num: 4112, text: (d) => `${d.fs} : a checkpoint can only be mounted read-only` },
  ckpt_mounted: { num: 16, text: (d) => `${d.fs} : Device or resource busy: checkpoint ${d.ckpt} is mounted on ${d.path}; unmount it first` },
  ckpt_option_invalid: { num: 3139, text: (d) => `The following parameters are not valid: ${ckptOptionText(d)}` },
  savvol_size_invalid: {
    num: 3139,
    text: (d) =>
      `The following parameters are not valid: size=${d.value}. The SavVol size is 1 to 1024 with T, G (the default) or M, or 1% to 100% of the file system, and at least ${d.minMB}M.`,
  },
  savvol_exists: {
    num: 3139,
    text: (d) =>
      `The following parameters are not valid: ${d.param}=${d.value}. ${d.fs} already has a SavVol (${formatSizeMB(d.sizeMB)} in ${d.pool}): size= and pool= apply to its first checkpoint only.`,
  },
  savvol_not_found: { num: 3139, text: (d) => `The following parameters are not valid: -modify. ${d.fs} has no checkpoints, so no SavVol.` },
  fs_has_ckpts: { num: 4115, text: (d) => `${d.fs} : file system has checkpoints (${d.ckpts.join(',')}); delete them first` },
  // Files on a file system, as a client sees them: the errno and its strerror text.
  fs_full: { num: 28, text: (d) => `${d.path} : No space left on device` },
  file_not_found: { num: 2, text: (d) => `${d.path} : No such file or directory` },
  file_not_dir: { num: 20, text: (d) => `${d.path} : Not a directory` },
  file_is_dir: { num: 21, text: (d) => `${d.path} : Is a directory` },
  file_exists: { num: 17, text: (d) => `${d.path} : File exists` },
  file_dir_not_empty: { num: 39, text: (d) => `${d.path} : Directory not empty` },
  file_path_invalid: { num: 22, text: (d) => `${d.path} : Invalid argument` },
  // client randwrite on a file with no block to overwrite.
  file_empty: { num: 22, text: (d) => `${d.path} : Invalid argument` },
  // What a host sees through a mount (the `client` words these itself: commands/client.ts).
  read_only_fs: { num: 30, text: (d) => `${d.path} : Read-only file system` },
  stale_handle: { num: 116, text: (d) => `${d.path} : Stale file handle` },
  job_not_found: { num: 3, text: (d) => `${d.job} : no such job` },
  // fs_dist (local updatable file systems, FIGS. 36-38). No real command: numbers and wording
  // ours, after the nearest real ones (11 EAGAIN, 16 EBUSY, 3105 invalid file system, 3139 parameters).
  dist_not_found: { num: 22, text: (d) => `${d.fs} : is not a local updatable file system (fs_dist -create makes one)` },
  dist_exists: { num: 17, text: (d) => `${d.fs} : is already a local updatable file system of ${d.source}` },
  dist_local_contents: {
    num: 3105,
    text: (d) =>
      d.why === 'changed'
        ? `${d.fs} : has changed since ${d.ckpt} was copied to it; a local updatable file system starts as a rawfs or as an intact copy of a checkpoint of ${d.source}`
        : `${d.fs} : is a uxfs holding no copy of a checkpoint of ${d.source}; a local updatable file system starts as a rawfs or as such a copy`,
  },
  dist_source_type: {
    num: 3108,
    text: (d) => `${d.fs} : is a ${d.type === 'ckpt' ? 'checkpoint' : d.type}; the versions of a local updatable file system are the checkpoints of a uxfs`,
  },
  dist_source_gone: { num: 3105, text: (d) => `${d.source} : the source file system of ${d.fs} no longer exists` },
  dist_busy: { num: 16, text: (d) => `${d.fs} : Device or resource busy (update to ${d.to} in progress, fs_copy session ${d.session})` },
  dist_too_soon: {
    num: 11,
    text: (d) =>
      `${d.fs} : Resource temporarily unavailable: the minimum update interval (${minutes(d.interval)}) has not elapsed since the last update at ${ctime(d.last)}; the next request may be made at ${ctime(d.next)} (-Force asks now)`,
  },
  dist_interval_invalid: { num: 3139, text: (d) => `The following parameters are not valid: -interval ${d.value}. The interval is a whole number of minutes from 0 to ${d.max}.` },
  fs_updating: { num: 11, text: (d) => `${d.path} : Resource temporarily unavailable` },
  // nas_cel remote entries and trust (src/engine/trust.ts). No source gives these errors: numbers
  // and wording ours, after the nearest real ones (3001 celerra not found, 3139 parameters, 4020).
  cel_exists: {
    num: 3001,
    text: (d) =>
      'as' in d ? `${d.name} : ${d.celerraId} is already known here as ${d.as} (id=${d.id})` : `${d.name} : a remote Celerra entry with this name already exists (id=${d.id})`,
  },
  cel_is_local: { num: 3001, text: (d) => `${d.name} : is this Control Station (id=0), not a remote Celerra` },
  cel_ip_mismatch: { num: 3139, text: (d) => `The following parameters are not valid: -ip ${d.ip}. The Control Station at ${d.ip} is ${d.actual}, not ${d.name}.` },
  cel_passphrase_invalid: { num: 3139, text: (d) => `The following parameters are not valid: -passphrase. A passphrase is ${d.min} to ${d.max} characters, without blanks.` },
  cel_name_invalid: {
    num: 3139,
    text: (d) => `The following parameters are not valid: -name ${d.name}. A Celerra name is 1 to 63 letters, digits, '-', '_' or '.', starting with a letter or digit.`,
  },
  cel_in_use: {
    num: 4020,
    text: ({ name, use: { session, src, dst } }) => `${name} : cannot be deleted: replication session ${session} (${src.fs}:${src.cel} -> ${dst.fs}:${dst.cel}) uses it`,
  },
  cel_not_trusted: {
    num: 3001,
    text: (d) =>
      d.why === 'remote'
        ? `${d.name} : does not trust ${d.local} (nas_cel -create ${d.local} on ${d.name}, with the same passphrase)`
        : d.why === 'passphrase'
          ? `${d.name} : passphrase mismatch: ${d.local} and ${d.name} hold different passphrases for each other`
          : `${d.name} : is not a trusted remote Celerra of ${d.local} (nas_cel -create ${d.name} on ${d.local} first)`,
  },
  // Sites going down (src/engine/site.ts): a session on a Control Station that is down, and sim's own refusals.
  cs_down: {
    num: 4000,
    text: (d) => `Control Station ${d.netPath} is unreachable: the site is down (cs moves the session to another site; sim repair ${d.name} brings this one back)`,
    subject: 'name',
  },
  site_down: { num: 4000, text: () => 'the site is down', subject: 'cel' },
  site_up: { num: 22, text: () => 'the site is up and every data mover is online; nothing to repair', subject: 'cel' },
  // fs_replicate. The reference has no replication error texts: numbers and wording ours, in the CLI's style.
  repl_option_invalid: { num: 3139, text: (d) => `The following parameters are not valid: ${replOptionText(d)}` },
  repl_exists: { num: 5101, text: (d) => `${d.fs} : is already the ${d.role} of a replication (session ${d.session})` },
  repl_not_found: { num: 5102, text: (d) => `${d.fs} : no replication session found${d.peer ? ` with ${d.peer}` : ''}` },
  repl_src_type: { num: 5103, text: (d) => `${d.fs} : the source of a replication must be a uxfs, not ${d.type === 'ckpt' ? 'a checkpoint' : `a ${d.type}`}` },
  repl_src_not_rw: { num: 5104, text: (d) => `${d.fs} : the source must be mounted read/write on a data mover that is up` },
  repl_dst_type: {
    num: 5105,
    text: (d) =>
      `${d.fs} : the destination of a replication must be a rawfs, not ${d.type === 'ckpt' ? 'a checkpoint' : `a ${d.type}`} (nas_fs -type rawfs -create samesize=<src>:cel=<cel>)`,
  },
  repl_dst_size: { num: 5106, text: (d) => `${d.fs} : size ${d.size} MB differs from the source's ${d.want} MB` },
  repl_dst_not_ro: {
    num: 5107,
    text: (d) => `${d.fs} : the destination must be mounted read-only on a data mover that is up${d.on ? ` (it is mounted read/write on ${d.on})` : ''}`,
  },
  repl_same_fs: { num: 5108, text: (d) => `${d.fs} : source and destination are the same file system` },
  repl_state: { num: 5109, text: (d) => `${d.fs} : the replication is ${stateWord(d)}; ${replOpWord(d.op)} needs it ${wantWord(d.want)}` },
  repl_wrong_side: {
    num: 5110,
    text: (d) =>
      d.side === 'failed_over_destination'
        ? `${d.fs} : is the failed-over destination of the replication; run -resync first, then -failback on the Control Station of ${d.cel}`
        : `${d.fs} : is the ${d.side} of the replication; run ${replOpWord(d.op)} on the Control Station of ${d.cel}`,
  },
  repl_sync_unreachable: {
    num: 5111,
    text: (d) => `${d.cel} : the source Celerra cannot be reached (${syncUnreachable(d)}); a failover with sync needs the source up. Fail over without sync.`,
  },
  repl_primary_isolated: {
    num: 5112,
    text: (d) => `${d.cel} : is up but cannot be reached; ${d.fs} could not be made read-only there, and a failover would leave it writable at both sites`,
  },
  repl_resync_full_needed: {
    num: 5113,
    text: (d) =>
      `${d.fs} : delta set ${d.delta} is no longer in the save volume (${resyncFullText(d.why)}); an incremental resync is impossible. Use -option autofullcopy=yes for a full copy.`,
  },
  repl_pfs_rw: { num: 5114, text: (d) => `${d.fs} : is mounted read/write on ${d.mover}; mount it read-only first (server_mount ${d.mover} -o ro ${d.fs} ${d.path})` },
  repl_pfs_not_mounted: { num: 5115, text: (d) => `${d.fs} : is not mounted on a data mover that is up; mount it read-only first` },
  repl_converge_failed: {
    num: 5116,
    text: (d) =>
      `${d.fs} : ${d.op === 'failback' ? 'failback' : 'failover with sync'} could not converge: ${convergeText(d.block)}. Nothing was switched; re-issue the command once the condition is cleared.`,
  },
  repl_busy: {
    num: 5117,
    text: (d) =>
      `${d.fs} : the replication is busy: ${d.what === 'replication' ? `replication with ${d.peer} (fs_replicate -abort first)` : d.what === 'initial_copy' ? 'the initial copy' : 'the resync copy'} in progress`,
  },
  repl_fs_protected: {
    num: 5118,
    text: (d) =>
      d.why === 'destination'
        ? `${d.fs} : is the destination of a replication; it stays read-only`
        : `${d.fs} : failed over to ${d.peer}; it stays read-only until fs_replicate -resync and -failback`,
  },
  fs_frozen: { num: 11, text: (d) => `${d.path} : Resource temporarily unavailable` },
  // Virtual data movers (src/engine/vdm/). 2214 (a duplicate name) and 5005 (interfaces) are the
  // real CLI's ([S5], Manila's fakes: 13421840550); the other numbers and texts are ours.
  vdm_not_found: { num: 2, text: () => 'No such file or directory', subject: 'vdm' },
  vdm_exists: { num: 2214, text: () => 'an entry with this name already exists', subject: 'vdm' },
  vdm_name_invalid: {
    num: 3139,
    text: (d) =>
      `The following parameters are not valid: -name ${d.vdm || "''"}. A VDM name is 1 to 240 letters, digits, '_', '-' or '.', not starting with '-', and neither server_<n> nor ALL.`,
  },
  vdm_not_loaded: {
    num: 4021,
    text: (d) =>
      `the VDM is ${stateText(d.state)}; ${d.state === 'mounted' ? 'its root is read-only until it is loaded' : 'it is on no data mover'} (nas_server -vdm ${d.vdm} -setstate loaded)`,
    subject: 'vdm',
  },
  vdm_state: { num: 4022, text: (d) => `the VDM is already ${stateText(d.state)}`, subject: 'vdm' },
  vdm_loaded_elsewhere: {
    num: 4024,
    text: (d) => `is ${stateText(d.state)} on ${d.on}; a VDM is on one data mover at a time (nas_server -vdm ${d.vdm} -move ${d.want} moves it)`,
    subject: 'vdm',
  },
  vdm_same_mover: { num: 4025, text: (d) => `is already on ${d.on}`, subject: 'vdm' },
  vdm_has_mounts: { num: 4109, text: (d) => `has file systems mounted: ${d.fs.join(',')}; unmount them first (server_umount ${d.vdm} -perm <fs_name>)`, subject: 'vdm' },
  vdm_root_invalid: { num: 3105, text: (d) => `${d.fs} : a VDM root file system must be a uxfs, not ${d.why === 'ckpt' ? 'a checkpoint' : `a ${d.why}`}` },
  vdm_root_missing: { num: 3105, text: () => 'its root file system no longer exists', subject: 'vdm' },
  vdm_root_busy: {
    num: 4110,
    text: (d) =>
      d.why === 'mounted'
        ? `root file system ${d.fs} is mounted on ${d.other} (${d.path})`
        : `root file system ${d.fs} is ${d.why === 'destination' ? 'the destination of a replication' : 'failed over'} (${d.other}) and stays read-only; -setstate mounted mounts the VDM on it read-only`,
    subject: 'vdm',
  },
  vdm_mount_conflict: { num: 4109, text: (d) => `cannot mount ${d.fs} on ${d.path}: ${conflictText(d)}; nothing was changed`, subject: 'vdm' },
  vdm_if_in_use: { num: 5005, text: (d) => `The network interface ${d.name} is already used by ${d.by}${d.on ? ` on ${d.on}` : ''}.` },
  vdm_if_not_found: { num: 5005, text: (d) => `The network interface ${d.name} does not exist${d.on ? ` on ${d.on}` : ''}.` },
  vdm_if_not_attached: { num: 5005, text: (d) => `The network interface ${d.name} is not currently attached to the VDM ${d.vdm}.` },
  vdm_if_cifs: {
    num: 5005,
    text: (d) =>
      `The network interface ${d.name} is used by the CIFS server ${d.servers.join(',')} of the VDM ${d.vdm}; remove it from the server first (server_cifs ${d.vdm} -delete compname=<name>,interface=${d.name}).`,
  },
  vdm_acl_invalid: { num: 3139, text: (d) => `The following parameters are not valid: -acl ${d.value}. The value is a whole number from 0 to ${d.max}.` },
  vdm_path_owned: { num: 1, text: (d) => `${d.path} : Operation not permitted: it is in the directory of VDM ${d.vdm} (name ${d.vdm} to the command, with its own paths)` },
  vdm_not_mover: { num: 4037, text: (d) => `operation not permitted on a VDM${d.host ? ` (it is on ${d.host})` : ''}; name a physical data mover`, subject: 'vdm' },
  fs_in_vdm: { num: 4109, text: (d) => `${d.fs} : is in VDM ${d.vdm}: a file system is in one VDM at a time; unmount it there first (server_umount ${d.vdm} -perm ${d.fs})` },
  fs_is_vdm_root: { num: 4109, text: (d) => `${d.fs} : is the root file system of VDM ${d.vdm}` },
  if_in_use: { num: 16, text: (d) => `${d.name} : Device or resource busy (used by ${d.by})` },
  // CIFS servers, shares and exports. 451, 116, 71 (server_cifs), 20, 2102 and 3 (server_export)
  // are the real ones, from captured XML-API answers; the others are ours.
  cifs_option_invalid: { num: 3139, text: (d) => `The following parameters are not valid: ${'key' in d ? `${d.key}=${d.value}` : d.option}. ${cifsRule(d)}` },
  cifs_server_exists: { num: 116, text: (d) => `The NETBIOS name '${d.name.toUpperCase()}' already exists as server${d.on ? ` (on ${d.on})` : ''}.` },
  cifs_server_not_found: { num: 71, text: (d) => `Host ${d.name} does not exist.` },
  cifs_no_interface: { num: 3139, text: () => 'The following parameters are not valid: interface=. A CIFS server of a VDM names its interfaces.' },
  cifs_default_server: {
    num: 451,
    text: (d) =>
      d.why === 'vdm'
        ? 'The default NT server (not specifying any interface) cannot be created once a VDM is loaded.'
        : 'A default NT server (not specifying any interface) already exists.',
  },
  cifs_not_started: { num: 4020, text: () => 'CIFS is not running here (server_setup <movername> -Protocol cifs -option start starts it on a data mover; a VDM must be loaded)' },
  cifs_domain_unknown: { num: 4020, text: (d) => `${d.domain} : domain not found on the network` },
  cifs_dns_missing: { num: 4020, text: (d) => `${d.domain} : cannot resolve the domain: no DNS server configured for it answers (server_dns <movername> ${d.domain} <ip_addr>)` },
  cifs_no_dc: { num: 4020, text: (d) => `${d.domain} : no domain controller answers` },
  cifs_logon_denied: { num: 4020, text: (d) => `${d.domain}\\${d.admin} : Logon failure: not a domain administrator` },
  cifs_joined: { num: 366, text: (d) => `${d.name} : is already joined to ${d.domain}` },
  cifs_not_joined: { num: 363, text: (d) => `${d.name} : is not joined to ${d.domain}` },
  cifs_move_invalid: {
    num: 4020,
    text: (d) =>
      d.why === 'pair'
        ? `${d.target} : a CIFS server moves between a data mover and a VDM loaded on it`
        : d.why === 'default'
          ? `${d.name} : the default server (it names no interface) cannot move`
          : `share ${d.share} (${d.path}) is outside the root of ${d.target}; it cannot move with its server`,
  },
  share_exists: { num: 2214, text: (d) => `${d.share} : an entry with this name already exists` },
  share_not_found: { num: 20, text: (d) => `No such file or directory\nUnshare error: share ${d.share} not found` },
  share_path_invalid: {
    num: 20,
    text: (d) => (d.why === 'name' ? `Invalid argument\nShare error: Invalid share name ${d.path}` : 'Invalid argument\nShare error: Invalid path or path too long'),
  },
  export_not_found: { num: 2102, text: (d) => `${d.path} : Invalid argument` },
  export_path_invalid: { num: 3, text: (d) => `Specified export path ${d.path} is invalid.` },
  export_option_invalid: { num: 22, text: (d) => `${d.option} : Invalid argument` },
  wins_invalid: {
    num: 3139,
    text: (d) =>
      `The following parameters are not valid: wins=${d.value}. ${d.rule === 'count' ? `At most ${d.max} WINS servers.` : d.rule === 'address' ? 'A WINS server is an IPv4 address.' : 'It is given twice.'}`,
  },
  wins_not_found: { num: 2, text: (d) => `wins=${d.value} : No such file or directory` },
  // Data mover settings and the usermapper: ours, in the family's style.
  param_not_found: { num: 2, text: (d) => `${d.param} : No such parameter in facility ${d.facility}` },
  param_value_invalid: { num: 22, text: (d) => `${d.value} : Invalid argument (${d.param} takes ${d.min} to ${d.max})` },
  facility_not_found: { num: 2, text: (d) => `${d.facility} : No such facility (the facilities are ${FACILITY_LIST})` },
  dns_not_found: { num: 2, text: (d) => `${d.domain} : No such domain` },
  dns_invalid: { num: 3139, text: (d) => `The following parameters are not valid: ${d.value}. ${resolverRule(d)}` },
  nis_not_found: { num: 2, text: () => 'NIS is not configured' },
  nis_invalid: { num: 3139, text: (d) => `The following parameters are not valid: ${d.value}. ${resolverRule(d)}` },
  ntp_invalid: {
    num: 3139,
    text: (d) =>
      `The following parameters are not valid: ${d.value}. ${d.rule === 'count' ? 'The time service takes 1 to 4 hosts.' : d.rule === 'address' ? 'A host is an IPv4 address.' : 'The interval is 1 to 9999 minutes.'}`,
  },
  ntp_not_running: { num: 4020, text: () => 'the time service is not running' },
  usermapper_disabled: { num: 4020, text: (d) => `usermapper is disabled at this site: no mapping for ${d.user}` },
  usermapper_unreachable: { num: 4000, text: (d) => `the primary usermapper (${d.primary}) does not answer: no mapping for ${d.user}` },
  usermapper_full: { num: 28, text: (d) => `the usermapper's range is used up (last id ${d.to}): no mapping for ${d.user}` },
  export_write_failed: { num: 2, text: (d) => `${d.path} : ${d.reason}` },
  usermapper_state: {
    num: 4020,
    text: (d) =>
      d.state === 'disabled'
        ? 'usermapper service is not enabled'
        : d.op === 'export'
          ? `is a secondary usermapper: the mappings are kept by the primary, ${d.primary}`
          : `is a secondary usermapper (the primary is ${d.primary}); disable the primary`,
  },
  // What the client host meets on the network as a CIFS client (commands/client.ts words them as smbclient does).
  unc_invalid: { num: 22, text: (d) => `${d.path} : Invalid argument` },
  smb_bad_network_name: { num: 2, text: (d) => `${d.path} : NT_STATUS_BAD_NETWORK_NAME` },
  smb_host_unreachable: { num: 113, text: (d) => `${d.path} : NT_STATUS_HOST_UNREACHABLE` },
  smb_logon_failure: { num: 13, text: (d) => `${d.path} : NT_STATUS_LOGON_FAILURE` },
  smb_no_logon_servers: { num: 13, text: (d) => `${d.path} : NT_STATUS_NO_LOGON_SERVERS` },
  smb_access_denied: { num: 13, text: (d) => `${d.path} : NT_STATUS_ACCESS_DENIED` },
  smb_no_session: { num: 13, text: (d) => `${d.path} : NT_STATUS_ACCESS_DENIED` },
};

const FACILITY_LIST = FACILITIES.join(', ');

/** How `nas_server -info` words a VDM's state (`actual =`). */
export function stateText(state: string): string {
  return state === 'tempunloaded' ? 'temporarily unloaded' : state === 'permunloaded' ? 'permanently unloaded' : state;
}

function conflictText(d: ErrorData<'vdm_mount_conflict'>): string {
  switch (d.why) {
    case 'in_vdm':
      return `it is in VDM ${d.other}`;
    case 'vdm_root':
      return `it is the root file system of VDM ${d.other}`;
    case 'on_mover':
      return `it is mounted on ${d.other} outside the VDM`;
    case 'rw_elsewhere':
      return `it is mounted read-write on ${d.other}`;
    case 'entry_elsewhere':
      return `it is in the mount table of ${d.other} (unmounted); server_umount -perm removes it`;
    default:
      return `it is mounted read-only on ${d.other}`;
  }
}

function ckptOptionText(d: ErrorData<'ckpt_option_invalid'>): string {
  if (d.rule === 'full') return `-${d.param} %full=${d.value}. %full is 0 (never extend) or a percentage from 1 to 99.`;
  const word = d.rule === 'automount' ? `automount=${d.value ? 'yes' : 'no'}` : d.value;
  return `-option ${word}. The options here are ${d.rule === 'valid' && d.automount ? '%full=<n> and automount=no' : '%full=<n>'}.`;
}

function cifsRule(d: ErrorData<'cifs_option_invalid'>): string {
  switch (d.rule) {
    case 'compname':
      return 'A computer name is 1 to 63 letters, digits or -, starting with a letter or digit.';
    case 'domain':
      return 'A domain is a DNS name (corp.example.com).';
    case 'netbios':
      return 'A NetBIOS name is 1 to 15 letters, digits, - or _.';
    case 'twice':
      return 'It is given twice.';
    case 'threads':
      return `The thread count is 1 to ${d.max}.`;
    case 'not_its_domain':
      return `The server is of the domain ${d.domain}.`;
    case 'missing':
      return `${d.need} is needed.`;
    default:
      return 'The options are compname=, domain=, netbios=, interface=, alias= and local_users.';
  }
}

function resolverRule(d: ErrorData<'dns_invalid' | 'nis_invalid'>): string {
  switch (d.rule) {
    case 'domain':
      return 'A domain is a DNS name (corp.example.com).';
    case 'address':
      return 'A server is an IPv4 address.';
    case 'twice':
      return 'A server is given twice.';
    default:
      return `1 to ${d.max} servers, separated by commas.`;
  }
}

/** Why a remote Celerra cannot be reached (cel_unreachable's `why`). */
const UNREACHABLE: Record<ErrorData<'cel_unreachable'>['why'], string> = {
  none: 'no network link',
  down: 'the link is down',
  site_down: 'the site is down',
  no_host: 'no Control Station answers at that address',
};

/** `60 minutes`, `1 minute`, from ms. */
function minutes(ms: number): string {
  const n = Math.round(ms / 60_000);
  return `${n} minute${n === 1 ? '' : 's'}`;
}

/** The engine gives -hwm in percent and -max_size in MB; a command gives the word typed. */
function fsParamValue(d: ErrorData<'fs_param_invalid'>): string {
  if (typeof d.value !== 'number') return String(d.value);
  if (d.param === 'hwm') return `${d.value}%`;
  if (d.param === 'max_size') return formatSizeMB(d.value);
  return String(d.value);
}

function fsParamRule(d: ErrorData<'fs_param_invalid'>): string {
  if (d.rule === 'hwm_range') return 'The high water mark must be from 50% to 99%.';
  if (d.rule === 'max_size_range') return `The maximum size must be from the file system size (${formatSizeMB(d.sizeMB)}) to 16T.`;
  if (d.rule === 'size_format') return 'A size is <n>[M|G|T].';
  if (d.rule === 'yes_no') return 'The value must be yes or no.';
  if (d.rule === 'option') return 'The option must be slice=y or slice=n.';
  return 'It is valid only with -auto_extend yes.';
}

function syncUnreachable(d: ErrorData<'repl_sync_unreachable'>): string {
  if (d.why === 'mover_down') return `the data mover of ${d.fs} is down`;
  return d.why === 'site_down' ? 'the site is down' : 'the link is down';
}

/** `Error <N>: <target> : <text>`, the target being the data mover when there is one. */
export function errorLine<C extends NasErrorCode>(code: C, data: ErrorData<C>, target?: string): string {
  const entry: Entry<C> = ERROR_TABLE[code];
  const named: Readonly<Record<string, unknown>> = data;
  const who = nameIn(named, 'mover') ?? target ?? (entry.subject ? nameIn(named, entry.subject) : undefined);
  return `Error ${entry.num}: ${who ? `${who} : ` : ''}${entry.text(data)}`;
}

/** A data value that names the line's object (a checkpoint may be named by its number). */
const nameIn = (data: Readonly<Record<string, unknown>>, key: string) => {
  const v = data[key];
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
};
