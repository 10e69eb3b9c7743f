// The lab file's schema. Loading checks the whole document and names the first bad field,
// so a hand-broken file is reported instead of crashing the shell or being overwritten.
import * as v from 'valibot';
import { poolUsedMB } from '../engine/cluster.js';
import { ACCESS_POLICIES, LOCK_POLICIES, MOUNT_FLAGS, sharingViolations } from '../engine/mount.js';
import type { Cell } from '../engine/types.js';
import type { LabDoc } from '../shell/lab.js';

const int = v.pipe(v.number(), v.integer());
const nonNeg = v.pipe(v.number(), v.integer(), v.minValue(0));
const name = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
const ipv4 = v.pipe(v.string(), v.ipv4());
const scalarRecord = v.record(v.string(), v.union([v.string(), v.number()]));

const NetDevice = v.strictObject({ name, kind: v.literal('ethernet'), mac: v.string(), speed: v.string() });
const Interface = v.strictObject({
  name, device: name, address: ipv4, netmask: ipv4, broadcast: ipv4,
  mtu: v.pipe(int, v.minValue(68)), vlan: nonNeg, up: v.boolean(),
});
const path = v.pipe(v.string(), v.startsWith('/'));
const Mount = v.strictObject({ fsId: nonNeg, path, ro: v.boolean(), mounted: v.boolean(), accessPolicy: v.optional(v.nullable(v.picklist(ACCESS_POLICIES)), null), lock: v.optional(v.nullable(v.picklist(LOCK_POLICIES)), null), flags: v.optional(v.array(v.picklist(MOUNT_FLAGS)), []) });
const LogEntry = v.strictObject({ at: nonNeg, facility: name, severity: nonNeg, msg: name, data: scalarRecord });
const Mover = v.strictObject({
  id: nonNeg, name: v.pipe(name, v.regex(/^server_\d+$/, 'a data mover is named server_<slot>')), slot: nonNeg,
  type: v.picklist(['nas', 'standby']), standby: v.nullable(name), policy: v.picklist(['auto', 'retry', 'manual']),
  status: v.picklist(['online', 'offline', 'rebooting', 'faulted']), bootedAt: nonNeg,
  devices: v.array(NetDevice), interfaces: v.array(Interface), mountpoints: v.array(path),
  mounts: v.array(Mount), log: v.array(LogEntry),
});
const Pool = v.strictObject({
  id: nonNeg, name, description: v.string(), totalMB: nonNeg, members: v.array(name), diskType: v.string(),
});
const FileSystem = v.strictObject({
  id: nonNeg, name, type: v.picklist(['uxfs', 'rawfs']), sizeMB: v.pipe(int, v.minValue(1)),
  pool: v.nullable(nonNeg), volume: nonNeg, acl: nonNeg, createdAt: nonNeg, usedMB: nonNeg,
  thin: v.optional(v.boolean(), false), autoExtend: v.optional(v.boolean(), false),
  hwm: v.optional(v.nullable(v.pipe(int, v.minValue(50), v.maxValue(99))), null), maxSizeMB: v.optional(v.nullable(v.pipe(int, v.minValue(1))), null),
});
const RemoteCel = v.strictObject({ id: nonNeg, name, netPath: ipv4, celerraId: v.string(), passphrase: v.string() });
const Cell = v.strictObject({
  id: nonNeg, name, site: v.string(), netPath: ipv4, celerraId: v.string(), storageSystem: v.string(),
  codeLevel: v.string(), timezone: v.string(), movers: v.pipe(v.array(Mover), v.minLength(1)),
  pools: v.array(Pool), fileSystems: v.array(FileSystem), remotes: v.array(RemoteCel),
  nextFsId: nonNeg, nextVolumeId: nonNeg,
});
const SimEvent = v.strictObject({ at: nonNeg, seq: nonNeg, kind: name, data: v.record(v.string(), v.unknown()) });
const World = v.strictObject({
  format: v.literal('drshell-lab'), version: v.literal(1), name, description: v.string(),
  seed: nonNeg, rng: nonNeg,
  clock: v.strictObject({ now: nonNeg, speed: v.pipe(v.number(), v.minValue(0)), paused: v.boolean() }),
  events: v.array(SimEvent), seq: nonNeg,
  cells: v.pipe(v.array(Cell), v.minLength(1)),
  links: v.array(v.strictObject({ a: name, b: name, bandwidthMbit: v.pipe(v.number(), v.minValue(0)), latencyMs: v.pipe(v.number(), v.minValue(0)), up: v.boolean() })),
});
const Lab = v.strictObject({
  world: World,
  session: v.strictObject({ cel: name, user: name, env: v.record(v.string(), v.string()) }),
  commands: v.array(v.strictObject({ at: nonNeg, cel: name, line: v.string() })),
});

export class LabFormatError extends Error {
  constructor(readonly where: string, readonly problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'LabFormatError';
  }
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
  const doc = r.output as LabDoc;
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

function checkReferences(doc: LabDoc): void {
  const w = doc.world;
  unique(w.cells, (c) => c.name, 'world.cells');
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
    checkWorldRules(cell, at);
  });
  if (!w.cells.some((c) => c.name === doc.session.cel)) throw new LabFormatError('session.cel', `no cell named ${doc.session.cel}`);
}
