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
  | 'cel_unreachable'
  | 'copy_source_rw'
  | 'copy_other_pfs'
  | 'copy_same_fs'
  | 'copy_dst_type'
  | 'copy_dst_size'
  | 'copy_dst_rw'
  | 'copy_dst_busy'
  | 'copy_src_busy'
  | 'copy_source_empty'
  | 'copy_base_mismatch'
  | 'copy_option_invalid'
  | 'copy_not_found'
  | 'copy_ended'
  | 'ckpt_name_numeric'
  | 'ckpt_pfs_type'
  | 'not_a_ckpt'
  | 'ckpt_pfs_not_mounted'
  | 'ckpt_pfs_readonly'
  | 'ckpt_mount_no_pfs'
  | 'ckpt_mount_rw'
  | 'ckpt_mounted'
  | 'ckpt_option_invalid'
  | 'savvol_size_invalid'
  | 'savvol_exists'
  | 'savvol_not_found'
  | 'fs_has_ckpts'
  | 'fs_full'
  | 'file_not_found'
  | 'file_not_dir'
  | 'file_is_dir'
  | 'file_exists'
  | 'file_dir_not_empty'
  | 'file_path_invalid'
  | 'pool_name_invalid'
  | 'stamps_exhausted'
  | 'lab_quota'
  | 'read_only_fs'
  | 'stale_handle'
  | 'job_not_found'
  | 'link_not_found'
  | 'link_value_invalid'
  | 'dist_not_found'
  | 'dist_exists'
  | 'dist_local_contents'
  | 'dist_source_type'
  | 'dist_source_gone'
  | 'dist_busy'
  | 'dist_too_soon'
  | 'dist_interval_invalid'
  | 'fs_updating';

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
