// The lab file's schema. Loading checks the whole document and names the first bad field,
// so a hand-broken file is reported instead of crashing the shell or being overwritten.
import * as v from 'valibot';
import { poolUsedMB } from '../engine/cluster.js';
import { ACCESS_POLICIES, LOCK_POLICIES, MOUNT_FLAGS, sharingViolations } from '../engine/mount.js';
import { filesProblem, treeProblem, volumeProblem } from '../engine/blocks/shape.js';
import { fillMissingContents } from '../engine/contents.js';
import { BLOCKS_PER_MB } from '../engine/files/tree.js';
import { distProblem } from '../engine/distribution/check.js';
import { usedMB as filesUsedMB } from '../engine/files/files.js';
import type { Cell, FsContents } from '../engine/types.js';
import { lookup, parsePath } from '../engine/files/tree.js';
import { MOVER_CONFIG, VDM_CONFIG } from '../engine/vdm/config.js';
import { LAB_VERSION, type LabDoc } from './lab-doc.js';
import { LabFormatError } from './lab-error.js';

export { LabFormatError };

const int = v.pipe(v.number(), v.integer());
const nonNeg = v.pipe(v.number(), v.integer(), v.minValue(0));
const name = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
const ipv4 = v.pipe(v.string(), v.ipv4());
const scalarRecord = v.record(v.string(), v.union([v.string(), v.number()]));

const NetDevice = v.strictObject({ name, kind: v.literal('ethernet'), mac: v.string(), speed: v.string() });
const Interface = v.strictObject({
  name,
  device: name,
  address: ipv4,
  netmask: ipv4,
  broadcast: ipv4,
  mtu: v.pipe(int, v.minValue(68)),
  vlan: nonNeg,
  up: v.boolean(),
});
const path = v.pipe(v.string(), v.startsWith('/'));
const Mount = v.strictObject({
  fsId: nonNeg,
  path,
  ro: v.boolean(),
  mounted: v.boolean(),
  accessPolicy: v.nullable(v.picklist(ACCESS_POLICIES)),
  lock: v.nullable(v.picklist(LOCK_POLICIES)),
  flags: v.array(v.picklist(MOUNT_FLAGS)),
});
const LogEntry = v.strictObject({ at: nonNeg, facility: name, severity: nonNeg, msg: name, data: scalarRecord });
// A physical data mover's services (src/engine/mover-settings.ts); absent: the defaults.
const MoverServices = v.strictObject({
  cifs: v.strictObject({ started: v.boolean(), threads: v.pipe(int, v.minValue(1), v.maxValue(2048)) }),
  viruschk: v.boolean(),
  ntp: v.nullable(v.strictObject({ servers: v.pipe(v.array(ipv4), v.minLength(1), v.maxLength(4)), intervalMin: v.pipe(int, v.minValue(1), v.maxValue(9999)) })),
  params: v.record(v.string(), nonNeg),
});
const Mover = v.strictObject({
  id: nonNeg,
  name: v.pipe(name, v.regex(/^server_\d+$/, 'a data mover is named server_<slot>')),
  slot: nonNeg,
  type: v.picklist(['nas', 'standby']),
  standby: v.nullable(name),
  policy: v.picklist(['auto', 'retry', 'manual']),
  status: v.picklist(['online', 'offline', 'rebooting', 'faulted']),
  bootedAt: nonNeg,
  devices: v.array(NetDevice),
  interfaces: v.array(Interface),
  mountpoints: v.array(path),
  mounts: v.array(Mount),
  log: v.array(LogEntry),
  services: MoverServices,
});
// Virtual data movers (src/engine/vdm/) and a site's usermapper.
const Vdm = v.strictObject({
  id: v.pipe(int, v.minValue(1)),
  name,
  acl: v.pipe(int, v.minValue(0), v.maxValue(9999)),
  rootFsId: nonNeg,
  mover: name,
  state: v.picklist(['loaded', 'mounted', 'tempunloaded', 'permunloaded']),
  createdAt: nonNeg,
  loadedAt: nonNeg,
  taken: v.array(name),
});
const UserMapping = v.strictObject({ domain: name, user: name, uid: nonNeg, gid: nonNeg });
const Usermapper = v.strictObject({
  primary: v.nullable(name),
  range: v.strictObject({ from: nonNeg, to: nonNeg }),
  nextUid: nonNeg,
  nextGid: nonNeg,
  users: v.array(UserMapping),
  groups: v.array(v.strictObject({ domain: name, group: name, gid: nonNeg })),
});
// A server's configuration as its root file system's configuration file holds it (src/engine/vdm/config.ts).
const CifsServer = v.strictObject({
  compname: name,
  netbios: v.pipe(v.string(), v.regex(/^[A-Z0-9][A-Z0-9_-]{0,14}$/)),
  domain: name,
  interfaces: v.array(name),
  aliases: v.array(name),
  localUsers: v.boolean(),
  comment: v.string(),
  joined: v.nullable(v.strictObject({ kvno: v.pipe(int, v.minValue(1)), ou: v.string(), at: nonNeg })),
  localGroups: v.array(v.strictObject({ name, members: v.array(v.string()) })),
});
const ServerConfig = v.strictObject({
  cifs: v.array(CifsServer),
  shares: v.array(
    v.strictObject({
      name,
      path,
      netbios: v.nullable(name),
      ro: v.boolean(),
      umask: v.pipe(v.string(), v.regex(/^[0-7]{3}$/)),
      maxusr: v.nullable(nonNeg),
      ca: v.boolean(),
      comment: v.string(),
    }),
  ),
  exports: v.array(v.strictObject({ path, options: v.string(), name: v.nullable(v.string()), comment: v.string() })),
  wins: v.array(ipv4),
  dns: v.array(v.strictObject({ domain: name, servers: v.array(ipv4), proto: v.picklist(['udp', 'tcp']) })),
  nis: v.nullable(v.strictObject({ domain: name, servers: v.array(ipv4) })),
  interfaces: v.array(v.strictObject({ name, attached: v.boolean() })),
  mountpoints: v.array(path),
  mounts: v.array(
    v.strictObject({
      cel: name,
      fsId: nonNeg,
      fs: name,
      path,
      ro: v.boolean(),
      accessPolicy: v.nullable(v.picklist(ACCESS_POLICIES)),
      lock: v.nullable(v.picklist(LOCK_POLICIES)),
      flags: v.array(v.picklist(MOUNT_FLAGS)),
      autoPoint: v.boolean(),
    }),
  ),
  usermap: v.array(UserMapping),
  log: v.array(LogEntry),
});
const Pool = v.strictObject({
  id: nonNeg,
  name,
  description: v.string(),
  totalMB: nonNeg,
  members: v.array(name),
  diskType: v.string(),
});
// Blocks and files are checked by the engine's own shape checks: cheap (they follow pages,
// not sizes), and kept with the representation they check.
const Contents = v.custom<FsContents>(
  (x) => contentsProblem(x) === null,
  (issue) => `Invalid contents: ${contentsProblem(issue.input)}`,
);
const CkptOf = v.strictObject({ fsId: nonNeg });
const SavVol = v.strictObject({ volume: nonNeg, pool: nonNeg, sizeMB: v.pipe(int, v.minValue(1)), fullMark: v.pipe(int, v.minValue(0), v.maxValue(99)) });
const CopyOrigin = v.strictObject({ cel: name, fsId: nonNeg, fs: name, ckptId: v.nullable(nonNeg), ckpt: v.nullable(name), createdAt: nonNeg });
// A local updatable file system's attributes (fs_dist, src/engine/distribution/).
const DistVersion = v.strictObject({ ckptId: nonNeg, ckpt: name, createdAt: nonNeg });
const LocalUpdatable = v.strictObject({
  source: v.strictObject({ cel: name, fsId: nonNeg, fs: name }),
  version: v.nullable(DistVersion),
  lastUpdate: v.nullable(nonNeg),
  minInterval: nonNeg,
  request: v.nullable(
    v.strictObject({
      at: nonNeg,
      step: v.picklist([646, 648, 649]),
      from: v.nullable(DistVersion),
      to: v.nullable(DistVersion),
      session: v.nullable(v.pipe(int, v.minValue(1))),
    }),
  ),
  updating: v.boolean(),
});
const FileSystem = v.strictObject({
  id: nonNeg,
  name,
  type: v.picklist(['uxfs', 'rawfs', 'ckpt']),
  sizeMB: v.pipe(int, v.minValue(1)),
  pool: v.nullable(nonNeg),
  volume: nonNeg,
  acl: nonNeg,
  createdAt: nonNeg,
  usedMB: nonNeg,
  thin: v.boolean(),
  autoExtend: v.boolean(),
  hwm: v.nullable(v.pipe(int, v.minValue(50), v.maxValue(99))),
  maxSizeMB: v.nullable(v.pipe(int, v.minValue(1))),
  // Null for a file system nothing was ever written to (lab-json.ts leaves those out): the loader makes them.
  contents: v.nullable(Contents),
  ckpt: v.nullable(CkptOf),
  savVol: v.nullable(SavVol),
  copyOf: v.nullable(CopyOrigin),
  // Absent (not null) for every file system that is not a local updatable one, as the engine leaves it.
  dist: v.optional(v.nullable(LocalUpdatable)),
  frozen: v.optional(v.boolean()),
  replLock: v.optional(v.strictObject({ why: v.picklist(['destination', 'failed_over']), peer: v.string() })),
});
const RemoteCel = v.strictObject({ id: nonNeg, name, netPath: ipv4, celerraId: v.string(), passphrase: v.string() });
const Cell = v.strictObject({
  id: nonNeg,
  name,
  site: v.string(),
  netPath: ipv4,
  celerraId: v.string(),
  storageSystem: v.string(),
  codeLevel: v.string(),
  timezone: v.string(),
  movers: v.pipe(v.array(Mover), v.minLength(1)),
  pools: v.array(Pool),
  fileSystems: v.array(FileSystem),
  remotes: v.array(RemoteCel),
  nextFsId: nonNeg,
  nextVolumeId: nonNeg,
  // A site taken down by `sim disaster` (src/engine/site.ts); absent while it is up.
  down: v.optional(v.boolean()),
  vdms: v.array(Vdm),
  nextVdmId: v.pipe(int, v.minValue(1)),
  usermapper: Usermapper,
});
// The client host's ledger and workloads (src/engine/client/*).
const ClientFile = v.strictObject({
  cel: name,
  fsId: nonNeg,
  path,
  host: path,
  size: nonNeg,
  blocks: nonNeg,
  digest: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/)),
  last: nonNeg,
});
const ClientJob = v.strictObject({
  id: v.pipe(int, v.minValue(1)),
  cel: name,
  dir: path,
  mover: name,
  fsId: nonNeg,
  mountPath: path,
  fsDir: path,
  rate: v.pipe(int, v.minValue(1)),
  fileSize: v.pipe(int, v.minValue(1)),
  until: v.nullable(v.pipe(int, v.minValue(1))),
  written: nonNeg,
  files: nonNeg,
  current: nonNeg,
  startedAt: nonNeg,
  endedAt: v.nullable(nonNeg),
  state: v.picklist(['running', 'done', 'stopped', 'failed']),
  error: v.nullable(name),
  kind: v.picklist(['fill', 'randwrite']),
  // What a randwrite carries to its next tick; a fill carries nothing.
  carry: v.optional(nonNeg),
});
const ClientSession = v.strictObject({ server: name, domain: name, user: name, uid: nonNeg, gid: nonNeg, at: nonNeg });
const ClientState = v.strictObject({
  files: v.record(v.string(), ClientFile),
  hosts: v.record(v.string(), v.string()),
  jobs: v.array(ClientJob),
  nextJob: v.pipe(int, v.minValue(1)),
  sessions: v.array(ClientSession),
});
// fs_copy sessions (src/engine/copy/). The block list is [first, count] pairs.
const CopyEnd = v.strictObject({ cel: name, fsId: nonNeg, fs: name });
const CopySession = v.strictObject({
  id: v.pipe(int, v.minValue(1)),
  name,
  mode: v.picklist(['full', 'differential']),
  state: v.picklist(['copying', 'stalled', 'completed', 'failed', 'aborted']),
  failure: v.nullable(v.picklist(['source_deleted', 'source_refreshed', 'source_changed', 'source_mounted_rw', 'destination_deleted', 'destination_mounted_rw'])),
  src: CopyEnd,
  pfs: CopyEnd,
  snapCreatedAt: v.nullable(nonNeg),
  srcDigest: v.nullable(v.strictObject({ hi: nonNeg, lo: nonNeg })),
  from: v.nullable(CopyEnd),
  dst: CopyEnd,
  dstBefore: v.nullable(CopyOrigin),
  convert: v.boolean(),
  owner: v.nullable(v.picklist(['fs_dist', 'fs_replicate'])),
  qosKbit: nonNeg,
  startedAt: nonNeg,
  lastAt: nonNeg,
  endedAt: v.nullable(nonNeg),
  totalBlocks: nonNeg,
  copiedBlocks: nonNeg,
  credit: v.pipe(v.number(), v.minValue(0)),
  extents: v.nullable(v.custom<Uint32Array>((x) => x instanceof Uint32Array && x.length % 2 === 0, 'Invalid extents: expected [first, count] pairs')),
  next: nonNeg,
  nextOffset: nonNeg,
});
// fs_replicate sessions (src/engine/replication/). Delta sets carry typed arrays and a files tree.
const u32 = v.custom<Uint32Array>((x) => x instanceof Uint32Array, 'Invalid block list: expected a Uint32Array');
const Sum = v.strictObject({ hi: nonNeg, lo: nonNeg });
const DeltaSet = v.pipe(
  v.strictObject({
    n: v.pipe(int, v.minValue(1)),
    gen: v.pipe(int, v.minValue(1)),
    createdAt: nonNeg,
    cutMs: nonNeg,
    blocks: u32,
    stamps: u32,
    chunks: nonNeg,
    dataSum: Sum,
    headerSum: nonNeg,
    volSize: v.pipe(int, v.minValue(1)),
    sizeMB: v.pipe(int, v.minValue(1)),
    root: v.custom<import('../engine/files/tree.js').DirNode>((x) => treeProblem(x, { n: 0 }) === null, 'Invalid root: not a files tree'),
    cursor: nonNeg,
  }),
  v.check((d) => d.blocks.length === d.stamps.length, 'a delta set has one stamp per block'),
);
const ReplSettings = v.strictObject({
  timeoutS: nonNeg,
  hwmMB: nonNeg,
  dTimeoutS: nonNeg,
  dHwmMB: nonNeg,
  policy: v.picklist(['NoPolicy', 'ReadOnly', 'Freeze']),
  qosKbit: nonNeg,
});
const DeltaRecord = v.strictObject({
  n: v.pipe(int, v.minValue(1)),
  createdAt: nonNeg,
  cutSecs: nonNeg,
  blocks: nonNeg,
  playedAt: v.nullable(nonNeg),
  playSecs: v.nullable(nonNeg),
  group: v.nullable(v.pipe(int, v.minValue(1))),
});
const ReplSession = v.strictObject({
  id: v.pipe(int, v.minValue(1)),
  src: CopyEnd,
  dst: CopyEnd,
  state: v.picklist(['copying', 'active', 'inactive', 'failed_over']),
  reason: v.nullable(v.string()),
  settings: ReplSettings,
  savMB: v.pipe(int, v.minValue(1)),
  createdAt: nonNeg,
  gen: v.pipe(int, v.minValue(1)),
  current: v.pipe(int, v.minValue(1)),
  cutDue: nonNeg,
  srcSets: v.array(DeltaSet),
  sentUpTo: nonNeg,
  srcLost: v.boolean(),
  mailbox: v.nullable(v.strictObject({ n: v.pipe(int, v.minValue(1)), chunks: nonNeg, partial: nonNeg, credit: v.pipe(v.number(), v.minValue(0)), lastAt: nonNeg })),
  retries: nonNeg,
  network: v.picklist(['alive', 'dead']),
  held: v.nullable(v.picklist(['ReadOnly', 'Freeze'])),
  flowSrc: v.boolean(),
  flowDst: v.boolean(),
  dstSets: v.array(DeltaSet),
  played: nonNeg,
  playFrom: v.pipe(int, v.minValue(1)),
  playDue: v.nullable(nonNeg),
  draining: v.boolean(),
  copy: v.nullable(v.strictObject({ session: v.pipe(int, v.minValue(1)), kind: v.picklist(['initial', 'resync', 'resync_full', 'resync_diff']), ckpts: v.array(nonNeg) })),
  history: v.array(DeltaRecord),
  sentBlocks: nonNeg,
  sendMs: nonNeg,
  lastRate: v.pipe(v.number(), v.minValue(0)),
  alerted: v.strictObject({ savvol: v.boolean(), outstanding: v.boolean() }),
  failover: v.nullable(
    v.strictObject({
      at: nonNeg,
      mode: v.picklist(['default', 'now', 'sync']),
      restartCkpt: nonNeg,
      restartDelta: nonNeg,
      lostSets: v.array(nonNeg),
      lostBlocks: u32,
      sourceReached: v.boolean(),
      keepSource: v.boolean(),
    }),
  ),
});
// One entry per kind of engine/types.ts EventData: a kind nobody handles is refused on load.
const event = <K extends string, D extends v.ObjectEntries>(kind: K, data: D) => v.strictObject({ at: nonNeg, seq: nonNeg, kind: v.literal(kind), data: v.strictObject(data) });
const SimEvent = v.variant('kind', [
  event('repl.poll', { id: nonNeg }),
  event('repl.send', { id: nonNeg }),
  event('repl.play', { id: nonNeg }),
  event('fs_copy.step', { id: nonNeg }),
  event('site.boot', { cel: name, mover: name }),
  event('client_fill', { job: nonNeg }),
  event('client_randwrite', { job: nonNeg }),
]);
// Alert thresholds and unshown notices (src/engine/alerts.ts).
const Notice = v.strictObject({ id: v.pipe(int, v.minValue(1)), at: nonNeg, cel: name, mover: name, code: name, data: scalarRecord });
const Alerts = v.strictObject({
  savvolPct: v.nullable(v.pipe(int, v.minValue(1), v.maxValue(100))),
  outstanding: v.nullable(v.pipe(int, v.minValue(1))),
  notices: v.array(Notice),
  nextNotice: v.pipe(int, v.minValue(1)),
});
// The network's name services (src/engine/names.ts).
const NameRecord = v.strictObject({ name, address: ipv4, owner: name, at: nonNeg });
const NameServices = v.strictObject({
  domains: v.array(
    v.strictObject({
      name,
      netbios: name,
      sid: v.string(),
      users: v.array(v.strictObject({ name, admin: v.boolean() })),
      computers: v.array(v.strictObject({ name, ou: v.string(), kvno: v.pipe(int, v.minValue(1)), createdAt: nonNeg })),
    }),
  ),
  hosts: v.array(v.strictObject({ name, address: ipv4, cel: name, services: v.array(v.picklist(['dns', 'kdc', 'wins', 'ntp', 'nis'])), domain: v.nullable(name) })),
  dns: v.array(NameRecord),
  wins: v.array(NameRecord),
});
const World = v.strictObject({
  format: v.literal('drshell-lab'),
  version: v.literal(LAB_VERSION),
  name,
  description: v.string(),
  seed: nonNeg,
  rng: nonNeg,
  clock: v.strictObject({ now: nonNeg, speed: v.pipe(v.number(), v.minValue(0)), paused: v.boolean() }),
  events: v.array(SimEvent),
  seq: nonNeg,
  cells: v.pipe(v.array(Cell), v.minLength(1)),
  links: v.array(v.strictObject({ a: name, b: name, bandwidthMbit: v.pipe(v.number(), v.minValue(0)), latencyMs: v.pipe(v.number(), v.minValue(0)), up: v.boolean() })),
  names: NameServices,
  nextStamp: v.pipe(int, v.minValue(1), v.maxValue(2 ** 32)),
  client: ClientState,
  copies: v.array(CopySession),
  alerts: Alerts,
  replications: v.array(ReplSession),
});
const Lab = v.strictObject({
  world: World,
  session: v.strictObject({ cel: name, user: name, env: v.record(v.string(), v.string()) }),
  commands: v.array(v.strictObject({ at: nonNeg, cel: name, line: v.string() })),
});

function contentsProblem(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'not an object';
  const o = x as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => k !== 'volume' && k !== 'files');
  if (extra !== undefined) return `unknown key ${extra}`;
  const vp = volumeProblem(o.volume);
  if (vp !== null) return `volume: ${vp}`;
  const fp = filesProblem(o.files);
  return fp === null ? null : `files: ${fp}`;
}

function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const k = (item as { key: unknown }).key;
    out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  }
  return out || '(top level)';
}

/** Checks shape, then what the shape cannot say (unique names, references that resolve). */
export function validateLab(data: unknown): LabDoc {
  // valibot takes an array for an object and would only report its missing keys.
  if (Array.isArray(data)) throw new LabFormatError('(top level)', 'Invalid type: Expected Object but received Array');
  const r = v.safeParse(Lab, data);
  if (!r.success) {
    const issue = r.issues[0];
    throw new LabFormatError(pathOf(issue), issue.message);
  }
  const doc: LabDoc = r.output;
  fillMissingContents(doc.world);
  checkReferences(doc);
  return doc;
}

function unique<T>(items: T[], key: (t: T) => string | number, where: string): void {
  const seen = new Set<string | number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) throw new LabFormatError(`${where}[${i}]`, `duplicate ${JSON.stringify(k)}`);
    seen.add(k);
  });
}

/** The rules the engine keeps, so a hand-edited lab cannot start out breaking them. */
function checkWorldRules(cell: Cell, at: string): void {
  const addresses = new Map<string, string>();
  for (const m of cell.movers) {
    for (const i of m.interfaces) {
      const owner = addresses.get(i.address);
      if (owner && i.name !== 'loop') throw new LabFormatError(`${at}.movers`, `address ${i.address} is on both ${owner} and ${m.name}:${i.name}`);
      addresses.set(i.address, `${m.name}:${i.name}`);
    }
  }
  const [bad] = sharingViolations(cell);
  if (bad) throw new LabFormatError(`${at}.fileSystems`, `${bad.fs} is mounted read-write on ${bad.rw} and also on ${bad.other}`);
  cell.pools.forEach((pool, pi) => {
    const used = poolUsedMB(cell, pool);
    if (used > pool.totalMB) throw new LabFormatError(`${at}.pools[${pi}]`, `${pool.name} holds ${used} MB of file systems but has only ${pool.totalMB} MB`);
  });
}

/** Checkpoints and the snapshots they are must agree: each one a snapshot of its PFS, and back. */
function checkContents(cell: Cell, at: string): void {
  const byId = new Map(cell.fileSystems.map((f) => [f.id, f]));
  cell.fileSystems.forEach((f, fi) => {
    const fat = `${at}.fileSystems[${fi}]`;
    if (f.type === 'ckpt') {
      if (f.ckpt === null) throw new LabFormatError(`${fat}.ckpt`, 'a checkpoint must name its production file system');
      if (f.contents !== null) throw new LabFormatError(`${fat}.contents`, 'a checkpoint has no contents of its own');
      const pfs = byId.get(f.ckpt.fsId);
      if (pfs === undefined || pfs.contents === null) throw new LabFormatError(`${fat}.ckpt.fsId`, `no production file system with id ${f.ckpt.fsId}`);
      if (!pfs.contents.volume.snapshots.some((s) => s.id === f.id)) throw new LabFormatError(`${fat}.ckpt`, `${pfs.name} has no snapshot for checkpoint ${f.name}`);
      const rw = cell.movers.find((m) => m.mounts.some((x) => x.fsId === f.id && !x.ro));
      if (rw) throw new LabFormatError(`${fat}`, `checkpoint ${f.name} is mounted read-write on ${rw.name}; checkpoints mount read-only`);
      return;
    }
    if (f.ckpt !== null) throw new LabFormatError(`${fat}.ckpt`, `a ${f.type} is not a checkpoint`);
    const c = f.contents!;
    if (c.volume.size !== f.sizeMB * BLOCKS_PER_MB) throw new LabFormatError(`${fat}.contents.volume.size`, `${c.volume.size} blocks for a file system of ${f.sizeMB} MB`);
    c.volume.snapshots.forEach((s, si) => {
      const k = byId.get(s.id);
      if (k === undefined || k.type !== 'ckpt' || k.ckpt?.fsId !== f.id)
        throw new LabFormatError(`${fat}.contents.volume.snapshots[${si}]`, `no checkpoint of ${f.name} with id ${s.id}`);
    });
    // System file systems hold DART's own files, which the lab does not model; the others' use is their files'.
    if (f.pool !== null && f.usedMB !== filesUsedMB(c.files)) throw new LabFormatError(`${fat}.usedMB`, `${f.usedMB} MB, but its files use ${filesUsedMB(c.files)} MB`);
    if ((f.savVol === null) !== (c.volume.snapshots.length === 0)) throw new LabFormatError(`${fat}.savVol`, 'a file system has a SavVol exactly when it has checkpoints');
  });
}

/** The configuration files of the cell's root file systems hold what their schema says. */
function checkConfigs(cell: Cell, at: string): void {
  cell.fileSystems.forEach((f, fi) => {
    if (f.contents === null) return;
    for (const path of [VDM_CONFIG, MOVER_CONFIG]) {
      const node = lookup(f.contents.files.root, parsePath(path), path);
      if (node?.kind !== 'file' || node.data === undefined) continue;
      const r = v.safeParse(ServerConfig, node.data);
      if (!r.success) throw new LabFormatError(`${at}.fileSystems[${fi}].contents.files(${path}).${pathOf(r.issues[0])}`, r.issues[0].message);
    }
  });
}

/** VDMs name what exists, and are where their state says: on their data mover (its root entry there) or nowhere. */
function checkVdms(cell: Cell, at: string): void {
  const vdms = cell.vdms ?? [];
  unique(vdms, (x) => x.name, `${at}.vdms`);
  unique(vdms, (x) => x.id, `${at}.vdms`);
  unique(vdms, (x) => x.rootFsId, `${at}.vdms`);
  vdms.forEach((vdm, i) => {
    const vat = `${at}.vdms[${i}]`;
    if (cell.movers.some((m) => m.name === vdm.name)) throw new LabFormatError(`${vat}.name`, `${vdm.name} is the name of a data mover`);
    if (vdm.id >= (cell.nextVdmId ?? 1)) throw new LabFormatError(`${at}.nextVdmId`, `must be above every VDM id (${vdm.id})`);
    const root = cell.fileSystems.find((f) => f.id === vdm.rootFsId);
    if (root === undefined || root.type !== 'uxfs' || root.pool === null) throw new LabFormatError(`${vat}.rootFsId`, `no uxfs of a pool with id ${vdm.rootFsId}`);
    const host = cell.movers.find((m) => m.name === vdm.mover);
    if (host === undefined || host.type !== 'nas') throw new LabFormatError(`${vat}.mover`, `no primary data mover named ${vdm.mover}`);
    const dir = `/root_vdm_${vdm.id}`;
    const on = vdm.state === 'loaded' || vdm.state === 'mounted';
    for (const m of cell.movers) {
      const here = m.mounts.some((x) => x.path === `${dir}/.etc` && x.fsId === vdm.rootFsId);
      if (on && m === host && !here) throw new LabFormatError(`${vat}`, `${vdm.name} is ${vdm.state} but ${host.name} has no ${dir}/.etc mount of its root`);
      const stray = m.mounts.find((x) => x.path === dir || x.path.startsWith(`${dir}/`));
      if (stray !== undefined && (!on || m !== host))
        throw new LabFormatError(`${at}.movers`, `${m.name} mounts ${stray.path}, but ${vdm.name} is ${vdm.state}${on ? ` on ${host.name}` : ''}`);
    }
    const bad = vdm.taken.find((n) => !host.interfaces.some((x) => x.name === n));
    if (bad !== undefined || (!on && vdm.taken.length > 0))
      throw new LabFormatError(`${vat}.taken`, bad !== undefined ? `${host.name} has no interface ${bad}` : 'an unloaded VDM takes no interface');
  });
  // An interface has one user on its data mover.
  for (const m of cell.movers) {
    const users = new Map<string, string>();
    for (const vdm of vdms) {
      if (vdm.mover !== m.name) continue;
      for (const n of vdm.taken) {
        if (users.has(n)) throw new LabFormatError(`${at}.vdms`, `interface ${n} of ${m.name} is taken by both ${users.get(n)} and ${vdm.name}`);
        users.set(n, vdm.name);
      }
    }
  }
}

function checkReferences(doc: LabDoc): void {
  const w = doc.world;
  unique(w.cells, (c) => c.name, 'world.cells');
  unique(w.copies, (c) => c.id, 'world.copies');
  unique(w.replications ?? [], (s) => s.id, 'world.replications');
  w.cells.forEach((cell, ci) => {
    const at = `world.cells[${ci}]`;
    unique(cell.movers, (m) => m.name, `${at}.movers`);
    unique(cell.movers, (m) => m.id, `${at}.movers`);
    unique(cell.fileSystems, (f) => f.name, `${at}.fileSystems`);
    unique(cell.fileSystems, (f) => f.id, `${at}.fileSystems`);
    unique(cell.pools, (p) => p.name, `${at}.pools`);
    const fsIds = new Set(cell.fileSystems.map((f) => f.id));
    const poolIds = new Set(cell.pools.map((p) => p.id));
    cell.fileSystems.forEach((f, fi) => {
      if (f.pool !== null && !poolIds.has(f.pool)) throw new LabFormatError(`${at}.fileSystems[${fi}].pool`, `no pool with id ${f.pool}`);
      if (f.savVol !== null && !poolIds.has(f.savVol.pool)) throw new LabFormatError(`${at}.fileSystems[${fi}].savVol.pool`, `no pool with id ${f.savVol.pool}`);
      if (f.id >= cell.nextFsId) throw new LabFormatError(`${at}.nextFsId`, `must be above every file system id (${f.id})`);
    });
    cell.movers.forEach((m, mi) => {
      const mat = `${at}.movers[${mi}]`;
      unique(m.interfaces, (i) => i.name, `${mat}.interfaces`);
      unique(m.mounts, (x) => x.path, `${mat}.mounts`);
      unique(m.mounts, (x) => x.fsId, `${mat}.mounts`);
      if (m.standby !== null && !cell.movers.some((o) => o.name === m.standby && o.type === 'standby')) {
        throw new LabFormatError(`${mat}.standby`, `no standby data mover named ${m.standby}`);
      }
      m.mounts.forEach((x, xi) => {
        if (!fsIds.has(x.fsId)) throw new LabFormatError(`${mat}.mounts[${xi}].fsId`, `no file system with id ${x.fsId}`);
        if (x.path !== '/' && !m.mountpoints.includes(x.path)) throw new LabFormatError(`${mat}.mounts[${xi}].path`, `${x.path} is not a mount point of ${m.name}`);
      });
    });
    checkContents(cell, at);
    checkWorldRules(cell, at);
    checkConfigs(cell, at);
    checkVdms(cell, at);
  });
  if (!w.cells.some((c) => c.name === doc.session.cel)) throw new LabFormatError('session.cel', `no cell named ${doc.session.cel}`);
  const dist = distProblem(w);
  if (dist !== null) throw new LabFormatError(dist.where, dist.problem);
}

// One shape, declared twice for two jobs (engine/types.ts documents it, this schema checks a file
// against it): the compiler holds them equal, so neither can drift from the other.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const SCHEMA_IS_THE_WORLD: Equal<v.InferOutput<typeof Lab>, LabDoc> = true;
