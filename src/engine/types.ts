// The simulated world as plain JSON-serialisable data. Everything a save must keep lives
// here; nothing about the world is held in closures or class fields.

export interface World {
  format: 'drshell-lab';
  version: 1;
  /** Lab name, also the default state file's name. */
  name: string;
  description: string;
  /** Seed the PRNG state was started from (kept for `--seed` and support reports). */
  seed: number;
  /** PRNG state (mulberry32), advanced by every draw. */
  rng: number;
  clock: Clock;
  /** Pending events of the discrete-event simulation, ordered by (at, seq). */
  events: SimEvent[];
  /** Next event sequence number: ties at the same time run in scheduling order. */
  seq: number;
  cells: Cell[];
  links: Link[];
}

export interface Clock {
  /** Virtual time, milliseconds since the Unix epoch (GMT). */
  now: number;
  /** Virtual seconds per wall second while the interactive shell runs the clock. */
  speed: number;
  paused: boolean;
}

export interface SimEvent {
  at: number;
  seq: number;
  kind: string;
  data: Record<string, unknown>;
}

/** A network file server: one Control Station, its data movers and its storage. */
export interface Cell {
  id: number;
  name: string;
  /** What the site is for, shown by `nas_cel -info` (e.g. "active", "disaster recovery"). */
  site: string;
  netPath: string;
  celerraId: string;
  storageSystem: string;
  /** DART/NAS code level the movers run, e.g. "5.6.52-201". */
  codeLevel: string;
  timezone: string;
  movers: Mover[];
  pools: Pool[];
  fileSystems: FileSystem[];
  /** Remote Celerras this Control Station trusts (`nas_cel -create`). */
  remotes: RemoteCel[];
  nextFsId: number;
  nextVolumeId: number;
}

export interface RemoteCel {
  id: number;
  name: string;
  netPath: string;
  celerraId: string;
  passphrase: string;
}

export type MoverType = 'nas' | 'standby';
export type MoverStatus = 'online' | 'offline' | 'rebooting' | 'faulted';

export interface Mover {
  id: number;
  name: string;
  slot: number;
  type: MoverType;
  /** For a primary: its standby mover's name. */
  standby: string | null;
  policy: 'auto' | 'retry' | 'manual';
  status: MoverStatus;
  /** Virtual time of the last boot, for server_uptime and server_log. */
  bootedAt: number;
  devices: NetDevice[];
  interfaces: Interface[];
  mountpoints: string[];
  mounts: Mount[];
  log: LogEntry[];
}

export interface NetDevice {
  name: string;
  kind: 'ethernet';
  mac: string;
  speed: string;
}

export interface Interface {
  name: string;
  device: string;
  address: string;
  netmask: string;
  broadcast: string;
  mtu: number;
  vlan: number;
  up: boolean;
}

export interface Mount {
  fsId: number;
  path: string;
  ro: boolean;
  /** False after `server_umount -temp`: kept in the mount table, remounted at boot. */
  mounted: boolean;
  /** `accesspolicy=`; null: the mover's default (NATIVE), not shown in the listing. */
  accessPolicy: AccessPolicy | null;
  /** Locking policy; null: the mover's default (nolock), not shown in the listing. */
  lock: LockPolicy | null;
  /** Switches given with `-option`, in the order the listing shows them. */
  flags: MountFlag[];
}

export type AccessPolicy = 'NT' | 'UNIX' | 'NATIVE' | 'SECURE' | 'MIXED' | 'MIXED_COMPAT';
export type LockPolicy = 'nolock' | 'wlock' | 'rwlock';
export type MountFlag =
  | 'nonotify' | 'notifyonaccess' | 'notifyonwrite' | 'nooplock' | 'noscan' | 'noprefetch'
  | 'uncached' | 'cifssyncwrite' | 'ntcredential' | 'smbca';

export interface LogEntry {
  at: number;
  facility: string;
  severity: number;
  /** Message code; its text lives in src/render/log-messages.ts. */
  msg: string;
  data: Record<string, string | number>;
}

export interface Pool {
  id: number;
  name: string;
  description: string;
  totalMB: number;
  members: string[];
  diskType: string;
}

export type FsType = 'uxfs' | 'rawfs';

export interface FileSystem {
  id: number;
  name: string;
  type: FsType;
  sizeMB: number;
  /** Pool id, or null for system file systems built on the root disks. */
  pool: number | null;
  volume: number;
  acl: number;
  createdAt: number;
  /** Space the file system's contents use, in MB. */
  usedMB: number;
  /** Virtually provisioned: takes pool space only for `usedMB`. */
  thin: boolean;
  autoExtend: boolean;
  /** High water mark in percent; null unless auto-extension is on. */
  hwm: number | null;
  /** The size auto-extension may grow to; null unless auto-extension is on. */
  maxSizeMB: number | null;
}

export interface Link {
  a: string;
  b: string;
  bandwidthMbit: number;
  latencyMs: number;
  up: boolean;
}
