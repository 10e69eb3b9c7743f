// Engine failures are values with a stable code and data. The text and the real CLI's
// error number for each code live in src/shell/error-table.ts, never here.

export type NasErrorCode =
  | 'mover_not_found'
  | 'mover_not_primary'
  | 'mover_offline'
  | 'cel_not_found'
  | 'pool_not_found'
  | 'pool_full'
  | 'fs_not_found'
  | 'fs_exists'
  | 'fs_in_use'
  | 'fs_name_invalid'
  | 'fs_size_invalid'
  | 'fs_system'
  | 'fs_param_invalid'
  | 'cel_remote_unsupported'
  | 'device_not_found'
  | 'if_exists'
  | 'if_not_found'
  | 'if_address_in_use'
  | 'if_address_invalid'
  | 'if_netmask_invalid'
  | 'if_broadcast_invalid'
  | 'if_name_invalid'
  | 'if_internal'
  | 'mountpoint_exists'
  | 'mountpoint_not_found'
  | 'mountpoint_in_use'
  | 'mountpoint_invalid'
  | 'mount_exists'
  | 'fs_mounted_here'
  | 'fs_mounted_rw_elsewhere'
  | 'fs_mounted_elsewhere'
  | 'rawfs_needs_mountpoint'
  | 'mount_not_found'
  | 'not_mounted'
  | 'root_busy'
  | 'mountpoint_not_empty'
  | 'mount_busy'
  | 'fs_unmounted_here'
  | 'mount_option_invalid'
  | 'ckpt_not_younger'
  | 'fs_full'
  | 'file_not_found'
  | 'file_not_dir'
  | 'file_is_dir'
  | 'file_exists'
  | 'file_dir_not_empty'
  | 'file_path_invalid'
  | 'pool_name_invalid';

/** Values, never text: the error table words them. */
export type ErrorData = Record<string, string | number | readonly string[]>;

export class NasError extends Error {
  constructor(
    readonly code: NasErrorCode,
    readonly data: ErrorData = {},
  ) {
    super(code);
    this.name = 'NasError';
  }
}

export function fail(code: NasErrorCode, data: ErrorData = {}): never {
  throw new NasError(code, data);
}
