// Engine failures are values with a stable code and data. The text and the real CLI's
// error number for each code live in src/shell/error-table.ts, never here.
import type { UsermapperRole } from './cifs/usermap.js';
import type { NotHeld } from './copy/holds.js';
import type { OptionUse } from './replication/settings.js';
import type { CopyState, ReplState, TrustUse, VdmState } from './types.js';

/** A code raised with nothing to name. */
type NoData = Record<string, never>;

/** The fs_replicate operations a refusal names (the table spells them as options). */
export type ReplOp = 'resync' | 'restart' | 'failover' | 'failover_sync' | 'failback' | 'modify' | 'refresh';

/** Why a replication cannot be brought level before roles change (replication/converge.ts). */
export type ConvergeBlock = { why: 'mover_down'; fs: string; cel: string } | { why: 'link_down'; src: string; dst: string } | { why: 'timeout' };

/** Why an incremental resync is impossible (replication/resync.ts). */
export type ResyncFullWhy = 'restart_ckpt_deleted' | 'savvol_lost' | 'overwritten';

/** A DNS or NIS server list refused: `max` bounds its length. */
type ResolverInvalid = { mover: string; value: string; rule: 'address' | 'twice' | 'domain' } | { mover: string; value: string; rule: 'count'; max: number };

/** Each code's data: values (names, numbers, enum-like reasons), never text; the error table words them. */
export interface ErrorDataOf {
  mover_not_found: { mover: string };
  mover_not_primary: { mover: string };
  mover_offline: { mover: string; status?: 'offline' | 'rebooting' | 'faulted' | 'no_root_fs'; cel?: string; at?: number; path?: string };
  cel_not_found: { name: string };
  pool_not_found: { pool: string };
  pool_full: { pool: string; size: number; avail: number };
  fs_not_found: { fs: string };
  fs_exists: { fs: string };
  fs_in_use: { fs: string; movers: readonly string[]; mover?: string };
  fs_name_invalid: { fs: string };
  fs_size_invalid: { size: string | number };
  fs_system: { fs: string; mover?: string };
  /** `param` names the option of nas_fs (`hwm` for -hwm); the table spells it. */
  fs_param_invalid:
    | { param: FsParam; value: string | number; rule: 'needs_auto_extend' | 'hwm_range' | 'yes_no' | 'size_format' | 'option' }
    | { param: 'max_size'; value: number; rule: 'max_size_range'; sizeMB: number };
  device_not_found: { mover: string; device: string };
  if_exists: { mover: string; name: string };
  if_not_found: { mover: string; name: string };
  if_address_in_use: { mover: string; address: string; owner: string; name: string };
  if_address_invalid: { value: string; mover?: string };
  if_netmask_invalid: { mover: string; value: string };
  if_broadcast_invalid: { mover: string; value: string } | { mover: string; value: string; address: string; netmask: string; expected: string };
  if_name_invalid: { mover: string; name: string };
  if_internal: { mover: string; name: string };
  mountpoint_exists: { mover: string; path: string };
  mountpoint_not_found: { mover: string; path: string };
  mountpoint_in_use: { mover: string; path: string };
  mountpoint_invalid: { mover: string; path: string };
  mount_exists: { mover: string; path: string; fs: string };
  fs_mounted_here: { mover: string; fs: string; path: string };
  fs_mounted_rw_elsewhere: { mover: string; fs: string; other: string; path: string };
  fs_mounted_elsewhere: { mover: string; fs: string; other: string; path: string };
  rawfs_needs_mountpoint: { mover: string; fs: string; path: string };
  mount_not_found: { mover: string; target: string };
  not_mounted: { mover: string; target: string };
  root_busy: { mover: string; path: string };
  mountpoint_not_empty: { mover: string; path: string };
  mount_busy: { mover?: string; path: string };
  fs_unmounted_here: { mover: string; fs: string; path: string };
  mount_option_invalid: { mover: string; option: string };
  ckpt_not_younger: { from: string | number; to: string | number };
  cel_unreachable: { name: string; why: 'none' | 'down' | 'site_down' | 'no_host' };
  copy_source_rw: { fs: string; on: string };
  copy_other_pfs: { fs: string; pfs: string };
  copy_same_fs: { fs: string };
  copy_dst_type: { fs: string; type: 'ckpt' | 'uxfs' };
  copy_dst_size: { fs: string; size: number; want: number };
  copy_dst_rw: { fs: string; on: string };
  copy_dst_busy: { fs: string; session: string };
  copy_src_busy: { fs: string; session: string };
  copy_source_empty: { fs: string };
  copy_base_mismatch: { fs: string; ckpt: string; why: NotHeld; holds: string };
  copy_option_invalid: { value: string };
  copy_not_found: { session: string };
  copy_ended: { session: string; state: CopyState };
  ckpt_name_numeric: { fs: string };
  ckpt_pfs_type: { fs: string; type: 'ckpt' | 'rawfs' };
  not_a_ckpt: { fs: string; type: 'uxfs' | 'rawfs' };
  ckpt_pfs_not_mounted: { fs: string };
  ckpt_pfs_readonly: { fs: string; other: string };
  ckpt_mount_no_pfs: { mover: string; fs: string; ckpt: string };
  ckpt_mount_rw: { mover: string; fs: string };
  ckpt_mounted: { mover: string; fs: string; ckpt: string; path: string };
  /** `valid`: a word typed that is no option here (`automount`: whether automount= is one); `automount`: refresh takes no automount=. */
  ckpt_option_invalid:
    | { rule: 'full'; param: 'option' | 'modify'; value: string | number }
    | { rule: 'valid'; value: string; automount: boolean }
    | { rule: 'automount'; value: boolean };
  savvol_size_invalid: { value: string; minMB: number };
  savvol_exists: { fs: string; sizeMB: number; pool: string; param: 'size' | 'pool'; value: string };
  savvol_not_found: { fs: string };
  fs_has_ckpts: { fs: string; ckpts: readonly string[] };
  fs_full: { path: string; blocks: number; free: number };
  file_not_found: { path: string };
  file_not_dir: { path: string };
  file_is_dir: { path: string };
  file_exists: { path: string };
  file_dir_not_empty: { path: string };
  file_path_invalid: { path: string };
  file_empty: { path: string };
  pool_name_invalid: NoData;
  stamps_exhausted: { blocks: number };
  lab_quota: { path: string; limit: number };
  read_only_fs: { path: string; fs?: string };
  stale_handle: { path: string; fs: string };
  job_not_found: { job: string | number; state?: 'failed' | 'done' | 'stopped' };
  link_not_found: { a: string; b: string };
  link_value_invalid: { param: 'bandwidth' | 'latency'; value: number };
  dist_not_found: { fs: string };
  dist_exists: { fs: string; source: string };
  dist_local_contents: { fs: string; source: string; why: 'other' } | { fs: string; source: string; why: 'changed'; ckpt: string };
  dist_source_type: { fs: string; type: 'ckpt' | 'rawfs' };
  dist_source_gone: { fs: string; source: string };
  dist_busy: { fs: string; to: string; session: string };
  dist_too_soon: { fs: string; interval: number; last: number; next: number };
  dist_interval_invalid: { value: string; max: number };
  fs_updating: { path: string; fs: string };
  // fs_replicate (src/engine/replication/)
  repl_option_invalid:
    | { key: string; value: string; rule: 'range'; max: number }
    | { key: string; value: string; rule: 'yesno' }
    | { value: string | number; rule: 'savsize'; max: number }
    | { option: string; rule: 'unknown' | 'twice' | 'value' | 'flag' }
    | { option: string; rule: 'here'; use: OptionUse }
    | { rule: 'both'; pair: 'autoro_autofreeze' | 'sync_now' }
    | { rule: 'never'; pair: 'to_hwm' | 'dto_dhwm' };
  repl_exists: { fs: string; role: 'source' | 'destination'; session: number };
  repl_not_found: { fs: string; peer: string };
  repl_src_type: { fs: string; type: 'ckpt' | 'rawfs' };
  repl_src_not_rw: { fs: string };
  repl_dst_type: { fs: string; type: 'ckpt' | 'uxfs' };
  repl_dst_size: { fs: string; size: number; want: number };
  repl_dst_not_ro: { fs: string; on: string };
  repl_same_fs: { fs: string };
  /** `state` is the session's, or `source` when the file system is the source of it; `want` what `op` needs. */
  repl_state: { fs: string; state: ReplState | 'source'; op: ReplOp; want: 'active' | 'failed_over' | 'failed_over_here' | 'out_of_sync' | 'replicating' };
  repl_wrong_side: { fs: string; side: 'source' | 'destination' | 'failed_over_destination'; op: ReplOp; cel: string };
  repl_sync_unreachable: { cel: string; why: 'site_down' | 'link_down' } | { cel: string; why: 'mover_down'; fs: string };
  repl_primary_isolated: { cel: string; fs: string };
  repl_resync_full_needed: { fs: string; delta: number; why: ResyncFullWhy };
  repl_pfs_rw: { fs: string; mover: string; path: string };
  repl_pfs_not_mounted: { fs: string };
  repl_converge_failed: { fs: string; op: 'failover_sync' | 'failback'; block: ConvergeBlock };
  repl_busy: { fs: string; what: 'initial_copy' | 'resync_copy' } | { fs: string; what: 'replication'; peer: string };
  repl_fs_protected: { fs: string; why: 'destination' | 'failed_over'; peer: string };
  fs_frozen: { path: string; fs: string };
  // nas_cel remote entries and trust between Control Stations (src/engine/trust.ts)
  cel_exists: { name: string; id: number } | { name: string; id: number; as: string; celerraId: string };
  cel_is_local: { name: string };
  cel_ip_mismatch: { ip: string; name: string; actual: string };
  cel_passphrase_invalid: { min: number; max: number };
  cel_name_invalid: { name: string };
  cel_in_use: { name: string; use: TrustUse };
  cel_not_trusted: { name: string; local: string; why: 'local' | 'remote' | 'passphrase' };
  // sites and data movers going down and coming back (src/engine/site.ts)
  cs_down: { name: string; netPath: string };
  site_down: { cel: string };
  site_up: { cel: string };
  // virtual data movers (src/engine/vdm/)
  vdm_not_found: { vdm: string };
  vdm_exists: { vdm: string };
  vdm_name_invalid: { vdm: string };
  vdm_not_loaded: { vdm: string; state: VdmState };
  vdm_state: { vdm: string; state: 'loaded' | 'mounted' | 'tempunloaded' | 'permunloaded' };
  vdm_loaded_elsewhere: { vdm: string; on: string; state: VdmState; want: string };
  vdm_same_mover: { vdm: string; on: string };
  vdm_has_mounts: { vdm: string; fs: readonly string[] };
  vdm_root_invalid: { vdm: string; fs: string; why: 'ckpt' | 'rawfs' };
  vdm_root_missing: { vdm: string };
  vdm_root_busy: { vdm: string; fs: string; why: 'mounted'; other: string; path: string } | { vdm: string; fs: string; why: 'destination' | 'failed_over'; other: string };
  vdm_mount_conflict: { vdm: string; fs: string; path: string; why: 'in_vdm' | 'vdm_root' | 'on_mover' | 'rw_elsewhere' | 'ro_elsewhere' | 'entry_elsewhere'; other: string };
  vdm_if_in_use: { name: string; by: string; who: string; on?: string };
  vdm_if_not_found: { name: string; on?: string; who: string };
  vdm_if_not_attached: { name: string; vdm: string };
  vdm_if_cifs: { name: string; vdm: string; servers: readonly string[] };
  vdm_acl_invalid: { vdm: string; value: string; max: number };
  vdm_path_owned: { mover: string; path: string; vdm: string };
  vdm_not_mover: { vdm: string; host: string };
  fs_in_vdm: { fs: string; vdm: string; mover?: string };
  fs_is_vdm_root: { fs: string; vdm: string; mover?: string };
  if_in_use: { mover: string; name: string; by: string };
  // CIFS servers, shares and NFS exports (src/engine/cifs/)
  /** `option`: the words typed (server_cifs); `key` and `value`: an option the engine checked. */
  cifs_option_invalid:
    | { mover: string; option: string; rule: 'twice' | 'unknown' }
    | { mover: string; option: string; rule: 'missing'; need: string }
    | { mover: string; key: 'interface' | 'compname' | 'domain' | 'netbios' | 'alias'; value: string; rule: 'twice' | 'compname' | 'domain' | 'netbios' }
    | { mover: string; key: 'domain'; value: string; rule: 'not_its_domain'; domain: string }
    | { mover: string; key: 'start'; value: number; rule: 'threads'; max: number };
  cifs_server_exists: { mover: string; name: string; on: string };
  cifs_server_not_found: { mover: string; name: string };
  cifs_no_interface: { mover: string };
  cifs_default_server: { mover: string; why: 'vdm' | 'exists' };
  cifs_not_started: { mover: string };
  cifs_domain_unknown: { mover: string; domain: string };
  cifs_dns_missing: { mover: string; domain: string };
  cifs_no_dc: { mover: string; domain: string };
  cifs_logon_denied: { mover: string; admin: string; domain: string };
  cifs_joined: { mover: string; name: string; domain: string };
  cifs_not_joined: { mover: string; name: string; domain: string };
  cifs_move_invalid:
    | { mover: string; target: string; why: 'pair' }
    | { mover: string; target: string; why: 'default'; name: string }
    | { mover: string; target: string; why: 'share'; share: string; path: string };
  share_exists: { mover: string; share: string };
  share_not_found: { mover: string; share: string };
  share_path_invalid: { mover: string; path: string; why?: 'name' };
  export_not_found: { mover: string; path: string };
  export_path_invalid: { mover: string; path: string };
  export_option_invalid: { mover: string; option: string };
  wins_invalid: { mover: string; value: string; rule: 'address' | 'twice' } | { mover: string; value: string; rule: 'count'; max: number };
  wins_not_found: { mover: string; value: string };
  // data mover settings (src/engine/mover-settings.ts) and the usermapper
  param_not_found: { facility: string; param: string };
  param_value_invalid: { mover: string; param: string; value: string; min: number; max: number };
  facility_not_found: { facility: string };
  dns_not_found: { mover: string; domain: string };
  dns_invalid: ResolverInvalid;
  nis_not_found: { mover: string };
  nis_invalid: ResolverInvalid;
  ntp_invalid: { mover: string; value: string; rule: 'count' | 'address' | 'interval' };
  ntp_not_running: { mover: string };
  usermapper_disabled: { mover: string; user: string };
  usermapper_unreachable: { mover: string; user: string; primary: string };
  usermapper_full: { mover: string; user: string; to: number };
  usermapper_state: { mover: string; state: 'disabled' } | { mover: string; state: UsermapperRole; primary: string; op?: 'export' };
  export_write_failed: { mover: string; path: string; reason: string };
  // the client's CIFS sessions (src/engine/cifs/logon.ts)
  unc_invalid: { path: string; why?: 'job' };
  smb_bad_network_name: { path: string; why: 'unresolved' | 'share' | 'share_path' };
  smb_host_unreachable: { path: string; addresses: string };
  smb_logon_failure: { path: string; user: string; why: 'user' | 'domain' | 'not_joined' };
  smb_no_logon_servers: { path: string; domain: string };
  smb_access_denied: { path: string; user: string; why: NasErrorCode };
  smb_no_session: { path: string };
}

/** The nas_fs options a file system's parameters come from. */
export type FsParam = 'auto_extend' | 'thin' | 'hwm' | 'max_size' | 'option';

export type NasErrorCode = keyof ErrorDataOf;

/** The data of `C`, or of any code. */
export type ErrorData<C extends NasErrorCode = NasErrorCode> = ErrorDataOf[C];

export class NasError<C extends NasErrorCode = NasErrorCode> extends Error {
  constructor(
    readonly code: C,
    readonly data: ErrorDataOf[C],
  ) {
    super(code);
    this.name = 'NasError';
  }
}

/** A NasError whose `code` narrows its `data`. */
export type AnyNasError = { [C in NasErrorCode]: NasError<C> }[NasErrorCode];

/** `instanceof` leaves a generic class's data untyped; this keeps code and data together. */
export function isNasError(e: unknown): e is AnyNasError {
  return e instanceof NasError;
}

export function fail<C extends NasErrorCode>(code: C, data: ErrorDataOf[C]): never {
  throw new NasError(code, data);
}
