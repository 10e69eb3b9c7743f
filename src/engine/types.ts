// The simulated world as plain JSON-serialisable data. Everything a save must keep lives
// here; nothing about the world is held in closures or class fields. A file system's block
// contents hold Maps and typed arrays, which src/store/codec.ts carries through JSON.
import type { Volume } from './blocks/volume.js';
import type { FileSystemFiles } from './files/files.js';

export interface World {
  format: 'drshell-lab';
  version: 2;
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
  /** fs_replicate sessions (src/engine/replication/), both ends' state in one record. */
  replications: ReplSession[];
  /** Alert thresholds and the notices not yet shown (src/engine/alerts.ts). */
  alerts: AlertState;
  /** The Windows domains, name servers and name registrations of the network (src/engine/names.ts). */
  names: NameServices;
}

/** When the operator is alerted ([000273]), and the notices raised that no shell has printed yet. */
export interface AlertState {
  /** A replication save volume this % full or more; null: off. */
  savvolPct: number | null;
  /** This many outstanding delta sets or more; null: off. */
  outstanding: number | null;
  notices: Notice[];
  /** The id the next notice gets. */
  nextNotice: number;
}

/** An alert for the shell to print: a code and values, as the mover's log entry has them. */
export interface Notice {
  id: number;
  at: number;
  cel: string;
  mover: string;
  code: string;
  data: Record<string, string | number>;
}

export interface Clock {
  /** Virtual time, milliseconds since the Unix epoch (GMT). */
  now: number;
  /** Virtual seconds per wall second while the interactive shell runs the clock. */
  speed: number;
  paused: boolean;
}

/** A replication session that keeps two Control Stations' trust (`nas_cel -delete` is refused meanwhile). */
export interface TrustUse {
  session: number;
  src: { fs: string; cel: string };
  dst: { fs: string; cel: string };
}

/**
 * Every kind of event on the virtual clock and the data it carries; the handler of each is an
 * entry of wiring.ts's table, which the compiler holds to this list.
 */
export interface EventData {
  /** A replication session's delta set task looks at its modification log (replication/source.ts). */
  'repl.poll': { id: number };
  /** Its send thread's next step (replication/send.ts). */
  'repl.send': { id: number };
  /** Its playback at the destination (replication/playback.ts). */
  'repl.play': { id: number };
  /** An fs_copy session's next step (copy/job.ts). */
  'fs_copy.step': { id: number };
  /** A rebooting data mover comes up (site.ts). */
  'site.boot': { cel: string; mover: string };
  /** A client fill job's next tick (client/fill.ts). */
  client_fill: { job: number };
  /** A client randwrite job's next tick (client/randwrite.ts). */
  client_randwrite: { job: number };
}

export type EventKind = keyof EventData;

export interface SimEventOf<K extends EventKind> {
  at: number;
  seq: number;
  kind: K;
  data: EventData[K];
}

/** A pending event: a tagged union on `kind`. */
export type SimEvent = { [K in EventKind]: SimEventOf<K> }[EventKind];

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
  /** The whole site is down (`sim disaster`): its Control Station and every data mover. Absent: up. */
  down?: boolean;
  /** Virtual data movers: the Control Station database's entries (src/engine/vdm/). */
  vdms: Vdm[];
  nextVdmId: number;
  /** The usermapper service's database (src/engine/cifs/usermap.ts). */
  usermapper: Usermapper;
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
  /** Services and settings of the physical data mover (src/engine/mover-settings.ts). */
  services: MoverServices;
}

/**
 * What belongs to the physical data mover and not to a VDM it hosts ([000241]-[000242]):
 * the CIFS threads (global to the mover, [000258]), virus checking and time (site-bound), and
 * the parameters (compared with another mover's when a VDM would move there).
 */
export interface MoverServices {
  /** `server_setup -P cifs -o start[=<threads>]|stop`. */
  cifs: { started: boolean; threads: number };
  /** `server_setup -P viruschk -o start|stop`. */
  viruschk: boolean;
  /** `server_date timesvc`: the NTP servers polled, or null when the time service is stopped. */
  ntp: { servers: string[]; intervalMin: number } | null;
  /** `server_param -modify`: values set, by `<facility>.<param>`; a parameter absent here has its default. */
  params: Record<string, number>;
}

export type VdmState = 'loaded' | 'mounted' | 'tempunloaded' | 'permunloaded';

/**
 * A virtual data mover as the Control Station database binds it ([000250]): its root file
 * system and the data mover it is loaded or mounted on (or was last, for an unloaded one).
 * Everything it contains (CIFS servers, shares, exports, mounts, interfaces, mappings) lives
 * in its root file system (ServerConfig), so it moves, and is copied, with that file system.
 */
export interface Vdm {
  id: number;
  name: string;
  acl: number;
  rootFsId: number;
  mover: string;
  state: VdmState;
  createdAt: number;
  /** When it was last loaded or mounted (server_uptime <vdm>). */
  loadedAt: number;
  /** The interfaces of its data mover it uses now (of those it holds, the ones it found there free at load). */
  taken: string[];
}

/**
 * The configuration a server keeps in its root file system: a physical data mover's in
 * `.etc/boot.cfg` of its root, a VDM's in `vdm.cfg` of the VDM root (its `.etc`). The items
 * of [000242]'s first kind (contained), and for a VDM the mounts and interfaces it tracks
 * and reserves (the third kind). Plain data, stored as the data of that file (vdm/config.ts).
 */
export interface ServerConfig {
  cifs: CifsServer[];
  shares: CifsShare[];
  exports: NfsExport[];
  /** WINS servers; for a VDM, empty means its data mover's ([000255]). */
  wins: string[];
  /** `server_dns`: the domains resolved and their DNS servers; a VDM with none uses its data mover's. */
  dns: DnsDomain[];
  /** `server_nis`; a VDM with none uses its data mover's. */
  nis: NisDomain | null;
  /** A VDM's interfaces: attached (-attach, NFS), used by its CIFS servers, or kept unused ([000261]). */
  interfaces: VdmInterface[];
  /** A VDM's mount points besides its root, relative to it ([000254]). */
  mountpoints: string[];
  /** The mounts a VDM expects ([000243]), relative to its root, in mount order. */
  mounts: VdmMount[];
  /** User mappings cached from the usermapper ([000257]). */
  usermap: UserMapping[];
  /** A VDM's own event log ([000242] item 736); a data mover logs in its own. */
  log: LogEntry[];
}

export interface VdmInterface {
  name: string;
  /** Attached with `nas_server -vdm -attach`: it serves the VDM's NFS exports. */
  attached: boolean;
}

export interface VdmMount {
  /** The file system by id at the cell where it was mounted, and by name (vdm/expected.ts resolves them elsewhere). */
  cel: string;
  fsId: number;
  fs: string;
  path: string;
  ro: boolean;
  accessPolicy: AccessPolicy | null;
  lock: LockPolicy | null;
  flags: MountFlag[];
  /** The mount point was made by the mount, and goes with its -perm unmount ([000254]). */
  autoPoint: boolean;
}

/** A CIFS server (a Windows 2000 or later server of a domain) with its Kerberos keys and local groups. */
export interface CifsServer {
  /** The computer name as given, and the NetBIOS name (upper case, up to 15 characters). */
  compname: string;
  netbios: string;
  /** The Windows domain's FQDN. */
  domain: string;
  interfaces: string[];
  aliases: string[];
  localUsers: boolean;
  comment: string;
  /** Its computer account and keytab once joined ([000265]); null before. */
  joined: { kvno: number; ou: string; at: number } | null;
  /** The local group database ([000236], [000264]). */
  localGroups: LocalGroup[];
}

export interface LocalGroup {
  name: string;
  members: string[];
}

export interface CifsShare {
  name: string;
  /** Relative to the server's root (a VDM's root for a VDM, [000259]). */
  path: string;
  /** The CIFS server it belongs to, or null for every CIFS server of its container. */
  netbios: string | null;
  ro: boolean;
  umask: string;
  maxusr: number | null;
  ca: boolean;
  comment: string;
}

export interface NfsExport {
  /** Relative to the server's root ([000239]). */
  path: string;
  /** The `-option` list as given (`rw=<hosts>,root=<hosts>`...), empty for the defaults. */
  options: string;
  name: string | null;
  comment: string;
}

export interface DnsDomain {
  domain: string;
  servers: string[];
  proto: 'udp' | 'tcp';
}

export interface NisDomain {
  domain: string;
  servers: string[];
}

/** A Windows user as the usermapper numbered it. */
export interface UserMapping {
  /** The domain's NetBIOS name and the user's name. */
  domain: string;
  user: string;
  uid: number;
  gid: number;
}

/** The usermapper's persistent allocations ([000257]) and where it runs. */
export interface Usermapper {
  /** The data mover with the primary usermapper and its database; null: disabled. */
  primary: string | null;
  /** The first UID and GID it gives, and the last. */
  range: { from: number; to: number };
  nextUid: number;
  nextGid: number;
  users: UserMapping[];
  /** Groups by domain and name (a user's primary group is its domain's Domain Users). */
  groups: { domain: string; group: string; gid: number }[];
}

/** The network's name services ([000260]): domains, the servers that answer names, and what is registered. */
export interface NameServices {
  domains: WinDomain[];
  hosts: InfraHost[];
  dns: NameRecord[];
  wins: NameRecord[];
}

export interface WinDomain {
  /** FQDN (lower case) and NetBIOS name (upper case). */
  name: string;
  netbios: string;
  sid: string;
  users: { name: string; admin: boolean }[];
  /** Computer accounts the joins made. */
  computers: { name: string; ou: string; kvno: number; createdAt: number }[];
}

export type InfraService = 'dns' | 'kdc' | 'wins' | 'ntp' | 'nis';

/** A server of the network at a site: a domain controller, a WINS, NTP or NIS server. */
export interface InfraHost {
  name: string;
  address: string;
  /** The site it stands at: down with that site, reached over its link. */
  cel: string;
  services: InfraService[];
  /** The Windows domain it serves (a domain controller), or the NIS domain. */
  domain: string | null;
}

/** A name registered in DNS (an FQDN) or WINS (a NetBIOS name) and who registered it. */
export interface NameRecord {
  name: string;
  address: string;
  /** `<cel>:<server>`: the data mover or VDM whose CIFS server registered it. */
  owner: string;
  at: number;
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
export type MountFlag = 'nonotify' | 'notifyonaccess' | 'notifyonwrite' | 'nooplock' | 'noscan' | 'noprefetch' | 'uncached' | 'cifssyncwrite' | 'ntcredential' | 'smbca';

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
   * Its attributes as a local updatable file system (fs_dist, src/engine/distribution/); absent for
   * any other (so that file systems made before fs_dist, and their labs, need no change).
   */
  dist?: LocalUpdatable | null;
  /** Frozen by its replication while the save volume is full (`autofreeze=yes`); absent: not. */
  frozen?: boolean;
  /**
   * Kept read-only by replication: a destination, or a source that failed over (until resync
   * and failback). `peer` names the other end as `<fs>:<cel>`. Absent: not.
   */
  replLock?: { why: 'destination' | 'failed_over'; peer: string };
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
  /** CIFS sessions the host holds (`client logon`). */
  sessions: ClientSession[];
}

/** A user logged on to a CIFS server, with the identity the server mapped it to. */
export interface ClientSession {
  /** The server's NetBIOS name (upper case). */
  server: string;
  domain: string;
  user: string;
  uid: number;
  gid: number;
  at: number;
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

/**
 * `client fill`: writes files of `fileSize` into a directory at `rate`, one tick a second.
 * `client randwrite`: overwrites random whole blocks of one file at `rate` (dir and fsDir name
 * the file, fileSize is its size when the job started; files and current stay 0).
 */
export interface ClientJob {
  /** Which workload: files written in turn, or random rewrites of one file. */
  kind: 'fill' | 'randwrite';
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
  /** randwrite: bytes of the rate not yet written as a whole block, carried to the next tick. */
  carry?: number;
}

export type CopyMode = 'full' | 'differential';
/** The engine module that started a session for its own purposes and hears when it ends (copy/job.ts onCopyEnd). */
export type CopyOwner = 'fs_dist' | 'fs_replicate';
export type CopyState = 'copying' | 'stalled' | 'completed' | 'failed' | 'aborted';
/** Why a session failed: what happened to one of its ends while it ran. */
export type CopyFailure = 'source_deleted' | 'source_refreshed' | 'source_changed' | 'source_mounted_rw' | 'destination_deleted' | 'destination_mounted_rw';

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

/** What a source does when its save volume cannot take the next delta set ([000227]; fs_replicate -info's source_policy). */
export type ReplPolicy = 'NoPolicy' | 'ReadOnly' | 'Freeze';

/** A session's -option settings: delta sets cut and played back at a timeout or a high-water mark, whichever first. */
export interface ReplSettings {
  /** `to=`: seconds between delta sets at the source. */
  timeoutS: number;
  /** `hwm=`: MB of modified blocks that cut a delta set. */
  hwmMB: number;
  /** `dto=`: seconds between playbacks at the destination. */
  dTimeoutS: number;
  /** `dhwm=`: MB of received delta sets that start a playback. */
  dHwmMB: number;
  policy: ReplPolicy;
  /** `qos=`: a cap in kbit/s; 0 for none. */
  qosKbit: number;
}

/**
 * A delta set ([000095], [000107], FIG. 10): the blocks modified in one interval, each once,
 * with its after image as of the cut, in chunks of CHUNK_BLOCKS; the header (generation,
 * counts, checksums) travels last. The files tree and the file system's size at the cut ride
 * along, as the metadata the blocks belong to.
 */
export interface DeltaSet {
  n: number;
  gen: number;
  createdAt: number;
  /** Virtual ms the copy out of the file system into the save volume took. */
  cutMs: number;
  /** Block addresses in ascending order; bit 31 set: the block was invalid at the cut (its stamp is then 0). */
  blocks: Uint32Array;
  stamps: Uint32Array;
  chunks: number;
  /** Checksum of the data (digest of every (block, stamp) pair) and of the header. */
  dataSum: { hi: number; lo: number };
  headerSum: number;
  /** The file system's size in blocks and MB, and its files, at the cut. */
  volSize: number;
  sizeMB: number;
  root: import('./files/tree.js').DirNode;
  cursor: number;
}

/** One row of the delta set history ([000189]). */
export interface DeltaRecord {
  n: number;
  createdAt: number;
  cutSecs: number;
  blocks: number;
  playedAt: number | null;
  playSecs: number | null;
  /** Delta sets integrated in the same playback. */
  group: number | null;
}

export type ReplState = 'copying' | 'active' | 'inactive' | 'failed_over';
/** What a session's copy job is bringing to the destination. */
export type ReplCopyKind = 'initial' | 'resync' | 'resync_full' | 'resync_diff';

/** The send thread's context in the save volume mailbox ([000105]): the delta set being sent, chunks acknowledged. */
export interface Mailbox {
  n: number;
  /** Chunks the destination acknowledged (a chunk cut short by a failure is sent again whole). */
  chunks: number;
  /** Blocks of the chunk in flight sent so far. */
  partial: number;
  credit: number;
  lastAt: number;
}

/** What a failover recorded: the restart point and the data that never reached the destination. */
export interface FailoverRecord {
  at: number;
  mode: 'default' | 'now' | 'sync';
  /** The restart point checkpoint of the destination (its file system id) and the delta set it is stamped with. */
  restartCkpt: number;
  restartDelta: number;
  /** Delta sets cut at the source that were never played back, and the blocks they and the source's log held. */
  lostSets: number[];
  lostBlocks: Uint32Array;
  /** Whether the source could be reached (made read-only, its replication stopped). */
  sourceReached: boolean;
  /** -restartpoint: the source's delta set task was left running. */
  keepSource: boolean;
}

/**
 * An fs_replicate session (src/engine/replication/): the source's log, save volume and send thread,
 * the destination's save volume and playback, in one record of the world.
 */
export interface ReplSession {
  id: number;
  src: CopyEnd;
  dst: CopyEnd;
  state: ReplState;
  /** Why an inactive session stopped (an engine code the command words). */
  reason: string | null;
  settings: ReplSettings;
  /** Each end's save volume, in MB. */
  savMB: number;
  createdAt: number;
  /** Generation count: a recovery or restart starts a new one; chunks of an older one are discarded. */
  gen: number;
  /** The delta set being logged now (the new table's). */
  current: number;
  /** When the current delta set times out. */
  cutDue: number;
  /** The source save volume as a wrap-around buffer, oldest first: sets not sent, and sent ones kept until their space is needed. */
  srcSets: DeltaSet[];
  /** Numbers of srcSets already sent and acknowledged. */
  sentUpTo: number;
  /** The source save volume was lost (a disaster destroyed it): an incremental resync is impossible. */
  srcLost: boolean;
  mailbox: Mailbox | null;
  retries: number;
  network: 'alive' | 'dead';
  /** The source held read-only or frozen because its save volume is full (ReadOnly/Freeze policies). */
  held: 'ReadOnly' | 'Freeze' | null;
  flowSrc: boolean;
  flowDst: boolean;
  /** Received and checked delta sets awaiting playback at the destination, in order. */
  dstSets: DeltaSet[];
  /** The last delta set played back into the destination (0: none). */
  played: number;
  /** The first delta set to play back (the one stamped in the snapshot the destination was copied from). */
  playFrom: number;
  /** When the destination plays back next at the latest. */
  playDue: number | null;
  /** Playback without waiting for dto/dhwm (a failover or failback converging). */
  draining: boolean;
  copy: { session: number; kind: ReplCopyKind; ckpts: number[] } | null;
  history: DeltaRecord[];
  /** Blocks sent and virtual ms spent sending, for the average; the rate of the last set sent. */
  sentBlocks: number;
  sendMs: number;
  lastRate: number;
  alerted: { savvol: boolean; outstanding: boolean };
  failover: FailoverRecord | null;
}
