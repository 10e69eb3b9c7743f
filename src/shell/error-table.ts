// The one place an engine error code becomes the real CLI's number and text.
// Numbers and wording follow ../shared/reference and captured XML-API answers of the real
// Control Station (whose long message codes carry the CLI number in their low 16 bits);
// where no source was found the wording is ours, in the same style.
import type { ErrorData, NasErrorCode } from '../engine/errors.js';
import { formatSizeMB } from '../render/units.js';

interface Entry {
  num: number;
  text: (d: ErrorData) => string;
  /** Data key naming the object the line is about, when no data mover is involved. */
  subject?: string;
}

export const ERROR_TABLE: Record<NasErrorCode, Entry> = {
  mover_not_found: { num: 2, text: () => 'No such file or directory', subject: 'mover' },
  mover_not_primary: { num: 4037, text: (d) => `operation not permitted on standby server ${d.mover}` },
  mover_offline: { num: 4000, text: () => 'unable to connect to host' },
  cel_not_found: { num: 3001, text: (d) => `${d.name} : celerra not found` },
  pool_not_found: { num: 3139, text: (d) => `${d.pool} : storage pool not found` },
  pool_name_invalid: { num: 3139, text: () => 'The following parameters are not valid: Storage pool was not specified or invalid.' },
  pool_full: { num: 12010, text: (d) => `The requested space ${d.size} is not available from the pool ${d.pool}.` },
  fs_not_found: { num: 3105, text: (d) => `${d.fs} : invalid filesystem specified` },
  fs_exists: { num: 3106, text: (d) => `A file system with the name ${d.fs} already exists.` },
  fs_in_use: { num: 4109, text: (d) => `${d.fs} : is in the mount table of ${(d.movers as readonly string[]).join(',')}; unmount it with -perm first` },
  fs_name_invalid: { num: 3107, text: (d) => `${d.fs === '' ? "''" : d.fs} : invalid file system name` },
  fs_size_invalid: { num: 12148, text: () => 'File system of the specified size cannot be created.' },
  fs_param_invalid: { num: 3139, text: (d) => `The following parameters are not valid: ${d.param} ${fsParamValue(d)}. ${fsParamRule(d)}` },
  cel_remote_unsupported: { num: 3001, text: (d) => `${d.name} : celerra not found (remote Celerras come with nas_cel -create in a later release)` },
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
  // [000195] step 582: the delta runs from an older checkpoint L to a younger M (wording ours).
  ckpt_not_younger: { num: 22, text: (d) => `not a newer checkpoint than ${d.from}`, subject: 'to' },
  // Files on a file system, as a client sees them: the errno and its strerror text.
  fs_full: { num: 28, text: (d) => `${d.path} : No space left on device` },
  file_not_found: { num: 2, text: (d) => `${d.path} : No such file or directory` },
  file_not_dir: { num: 20, text: (d) => `${d.path} : Not a directory` },
  file_is_dir: { num: 21, text: (d) => `${d.path} : Is a directory` },
  file_exists: { num: 17, text: (d) => `${d.path} : File exists` },
  file_dir_not_empty: { num: 39, text: (d) => `${d.path} : Directory not empty` },
  file_path_invalid: { num: 22, text: (d) => `${d.path} : Invalid argument` },
};

/** The engine gives -hwm in percent and -max_size in MB; a command gives the word typed. */
function fsParamValue(d: ErrorData): string {
  if (typeof d.value !== 'number') return String(d.value);
  if (d.param === '-hwm') return `${d.value}%`;
  if (d.param === '-max_size') return formatSizeMB(d.value);
  return String(d.value);
}

function fsParamRule(d: ErrorData): string {
  if (d.rule === 'hwm_range') return 'The high water mark must be from 50% to 99%.';
  if (d.rule === 'max_size_range') return `The maximum size must be from the file system size (${formatSizeMB(Number(d.sizeMB))}) to 16T.`;
  if (d.rule === 'size_format') return 'A size is <n>[M|G|T].';
  if (d.rule === 'yes_no') return 'The value must be yes or no.';
  if (d.rule === 'option') return 'The option must be slice=y or slice=n.';
  return 'It is valid only with -auto_extend yes.';
}

/** `Error <N>: <target> : <text>`, the target being the data mover when there is one. */
export function errorLine(code: NasErrorCode, data: ErrorData, target?: string): string {
  const entry = ERROR_TABLE[code];
  const who = (data.mover as string | undefined) ?? target ?? (entry.subject ? (data[entry.subject] as string | undefined) : undefined);
  return `Error ${entry.num}: ${who ? `${who} : ` : ''}${entry.text(data)}`;
}
