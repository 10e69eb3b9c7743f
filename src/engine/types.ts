// The simulated world as plain JSON-serialisable data. Everything a save must keep lives
// here; nothing about the world is held in closures or class fields. A file system's block
// contents hold Maps and typed arrays, which src/store/codec.ts carries through JSON.
import type { Volume } from './blocks/volume.js';
import type { FileSystemFiles } from './files/files.js';

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
  /** The next stamp a write gives a block: unique across the lab, so any two copies compare exactly. */
  nextStamp: number;
  /** The host on the network that writes and reads files through mounts (`client`). */
  client: ClientState;
  /** fs_copy sessions, running and ended, by id (ended ones keep their figures, not their block lists). */
  copies: CopySession[];
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

export type FsType = 'uxfs' | 'rawfs' | 'ckpt';

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
  /** Its blocks and files; null for a checkpoint, whose blocks are its production file system's snapshot. */
  contents: FsContents | null;
  /** For a checkpoint: what it is a checkpoint of. */
  ckpt: CkptOf | null;
  /** A production file system's save volume, made with its first checkpoint. */
  savVol: SavVol | null;
  /** What this file system holds a copy of (fs_copy), so a differential copy can check its base. */
  copyOf: CopyOrigin | null;
  /**
   * Its attributes as a local updatable file system (fs_dist, src/engine/dist/); absent for
   * any other (so that file systems made before fs_dist, and their labs, need no change).
   */
  dist?: LocalUpdatable | null;
}

/** The blocks of a file system (the clone volume and its snapshot queue) and the files on them. */
export interface FsContents {
  volume: Volume;
  files: FileSystemFiles;
}

export interface CkptOf {
  /** The production file system's id; the snapshot in its queue has the checkpoint's own id. */
  fsId: number;
}

/** A SavVol: the space the before images of a file system's checkpoints take. */
export interface SavVol {
  /** Volume id (`nas_fs -info` shows it as vp<id> for every checkpoint). */
  volume: number;
  /** The pool it takes its space from (`fs_ckpt -Create pool=`; by default the PFS's). */
  pool: number;
  sizeMB: number;
  /** `%full`: the percentage at which it is extended; 0 never extends (the oldest checkpoint goes instead). */
  fullMark: number;
}

/** A version of another file system: which one, and the checkpoint it was copied from. */
export interface CopyOrigin {
  cel: string;
  fsId: number;
  fs: string;
  /** The checkpoint (snapshot id) whose contents the copy holds, or null for a live copy. */
  ckptId: number | null;
  ckpt: string | null;
  /** When that version was taken. */
  createdAt: number;
}

/** A version of a remote file system as a local updatable file system knows it: one of its checkpoints. */
export interface DistVersion {
  /** The checkpoint's file system id (its snapshot's id in the remote's queue). */
  ckptId: number;
  /** Its name when the version was taken from it. */
  ckpt: string;
  /** When the remote took that snapshot (a refresh re-bases it: the same id at another time is another version). */
  createdAt: number;
}

/** What one request for a newer version was answered (FIG. 38's step) and what it sent. */
export interface DistRequest {
  /** Virtual ms of the request. */
  at: number;
  /** 646: nothing newer; 648: the full youngest version; 649: the delta from the version held. */
  step: 646 | 648 | 649;
  /** 649: the version the delta starts from (Q). */
  from: DistVersion | null;
  /** 648, 649: the version sent (J+K); 646: the remote's youngest, null when it has none. */
  to: DistVersion | null;
  /** 648, 649: the fs_copy session sending it. */
  session: number | null;
}

/**
 * A local updatable file system's attributes (FIGS. 36-38, [000201]-[000206]): the remote
 * production file system whose checkpoints are its versions, the version it holds (Q), the
 * time of its last update (Tu) and its minimum update interval (Tmin).
 */
export interface LocalUpdatable {
  /** NETID and the remote file system: the cell (network file server) and its production file system. */
  source: CopyEnd;
  /** Q: the version held; null before the first update, or after one that failed part way. */
  version: DistVersion | null;
  /** Tu: virtual ms of the last update (the last answer applied); null before the first. */
  lastUpdate: number | null;
  /** Tmin in virtual ms. */
  minInterval: number;
  /** The last request and its answer. */
  request: DistRequest | null;
  /** True while that request's fs_copy session is bringing the new version. */
  updating: boolean;
}

export interface Link {
  a: string;
  b: string;
  bandwidthMbit: number;
  latencyMs: number;
  up: boolean;
}

/**
 * The `client` host: what it wrote (so `client verify` can compare it with what reads back)
 * and its background workloads. Per file only a digest and counts, never a block list.
 */
export interface ClientState {
  /** By ledger key: `<cel>:<fs id>:<path in the fs>`. */
  files: Record<string, ClientFile>;
  /** Host path -> the ledger key of the file last written there (a host path names one file). */
  hosts: Record<string, string>;
  jobs: ClientJob[];
  nextJob: number;
}

export interface ClientFile {
  cel: string;
  fsId: number;
  /** Canonical path in the file system. */
  path: string;
  /** The host path it was last written through (`/<mount path>/<path in the fs>`). */
  host: string;
  /** What the file should hold: its size in bytes, its blocks, */
  size: number;
  blocks: number;
  /** the digest over (logical block, stamp) of its blocks (16 hex digits, blocks/digest.ts), */
  digest: string;
  /** and the stamp of its last block (an append rewrites a partial last block). */
  last: number;
}

export type ClientJobState = 'running' | 'done' | 'stopped' | 'failed';

/** `client fill`: writes files of `fileSize` into a directory at `rate`, one tick a second. */
export interface ClientJob {
  id: number;
  cel: string;
  /** The directory as the host named it, and what it resolved to when the job started. */
  dir: string;
  mover: string;
  fsId: number;
  mountPath: string;
  fsDir: string;
  /** Bytes per second, bytes per file, and the bytes to stop after (null: until full). */
  rate: number;
  fileSize: number;
  until: number | null;
  /** Bytes written, files started, and bytes in the file being written. */
  written: number;
  files: number;
  current: number;
  startedAt: number;
  endedAt: number | null;
  state: ClientJobState;
  /** Why a failed job stopped: an engine error code (the client's table words it). */
  error: string | null;
}

export type CopyMode = 'full' | 'differential';
/** The engine module that started a session for its own purposes and hears when it ends (copy/job.ts onCopyEnd). */
export type CopyOwner = 'fs_dist';
export type CopyState = 'copying' | 'stalled' | 'completed' | 'failed' | 'aborted';
/** Why a session failed: what happened to one of its ends while it ran. */
export type CopyFailure =
  | 'source_deleted'
  | 'source_refreshed'
  | 'source_changed'
  | 'source_mounted_rw'
  | 'destination_deleted'
  | 'destination_mounted_rw';

/** One end of a copy: the cell, the file system's id, and its name when the copy started. */
export interface CopyEnd {
  cel: string;
  fsId: number;
  fs: string;
}

/**
 * An fs_copy session (src/engine/copy/): a job on the virtual clock sending a precomputed
 * list of blocks from a checkpoint (or a file system that cannot change) to a destination.
 */
export interface CopySession {
  id: number;
  name: string;
  mode: CopyMode;
  state: CopyState;
  failure: CopyFailure | null;
  /** What is copied: a checkpoint, or a file system not mounted read-write. */
  src: CopyEnd;
  /** The file system owning the blocks read: the checkpoint's PFS, or src itself. */
  pfs: CopyEnd;
  /** A checkpoint source's snapshot time at the start (a refresh re-bases it); null for a file system. */
  snapCreatedAt: number | null;
  /** A file system source's contents digest at the start (blocks/digest.ts), to notice a change; null for a checkpoint. */
  srcDigest: { hi: number; lo: number } | null;
  /** The older checkpoint L of a differential copy. */
  from: CopyEnd | null;
  dst: CopyEnd;
  /** What the destination held before (restored when the session ends before writing a block). */
  dstBefore: CopyOrigin | null;
  /** A full copy turns a rawfs destination into a uxfs at the end (`convert=no` keeps it raw). */
  convert: boolean;
  /** Who started it: null for fs_copy -start, else the module told when it ends. */
  owner: CopyOwner | null;
  /** `qos=`: a cap in kbit/s; 0 for none. */
  qosKbit: number;
  startedAt: number;
  /** Virtual ms up to which the transfer has been accounted for (the start plus the link's latency, then each step). */
  lastAt: number;
  endedAt: number | null;
  totalBlocks: number;
  copiedBlocks: number;
  /** A fraction of a block earned by the rate but not yet sent. */
  credit: number;
  /** The blocks to send, as [first, count] pairs in ascending order; null once the session has ended. */
  extents: Uint32Array | null;
  /** Where the next block is: a pair index into `extents` and blocks done in that pair. */
  next: number;
  nextOffset: number;
}
