// The words of what a VDM depends on, what its load left out, and what a data mover lacks
// for it (nas_server -dependencies, -estimate, -check, and the warnings of a load or move).
import type { CheckReport, Dependencies, Discrepancy } from '../engine/vdm/deps.js';
import type { LoadReport, MountProblem } from '../engine/vdm/load.js';

const WHY_UNMOUNTED: Record<MountProblem['why'], string> = {
  missing: 'the file system no longer exists',
  protected: 'it is read-only (a replication destination, or failed over)',
  no_pfs: 'its production file system is not mounted in the VDM',
  no_mountpoint: 'a rawfs needs its mount point made first',
};

/** The partial success of [000243] and the interfaces a load could not take ([000253]), as warnings. */
export function loadWarnings(r: LoadReport): string[] {
  const out = r.unavailable.map((p) => `Warning: ${r.vdm.name} : ${p.path} (${p.fs}) not mounted: ${WHY_UNMOUNTED[p.why]}`);
  for (const p of r.interfaces) {
    out.push(`Warning: ${r.vdm.name} : interface ${p.name} not taken: ${p.why === 'missing' ? `${r.mover} has no interface of that name` : `used by ${p.by} on ${r.mover}`}`);
  }
  return out;
}

const list = (items: string[]) => (items.length === 0 ? '(none)' : items.join(', '));

function mountState(m: Dependencies['mounts'][number]): string {
  if (m.state === 'mounted') return 'mounted';
  if (m.state === 'unmounted') return 'unmounted (-temp)';
  return m.why === null ? 'not mounted' : `not mounted: ${WHY_UNMOUNTED[m.why]}`;
}

function interfaceLine(i: Dependencies['interfaces'][number], mover: string | null): string {
  const use = i.use === null ? 'unused' : i.use === 'cifs' ? `cifs (${i.servers.join(',')})` : 'vdm (NFS)';
  const where = mover === null ? '' : i.address === null ? ` not on ${mover}` : ` ${i.address} ${i.up ? 'up' : 'down'}${i.taken ? '' : ', not taken'}`;
  return ` ${i.name} ${use}${where}`;
}

/** FIG. 52 item 779: the block of [000244], then each dependency by kind ([000241]-[000242]). */
export function dependencyLines(d: Dependencies): string[] {
  const mounted = d.mounts.filter((m) => m.state === 'mounted');
  const lines = [
    `Virtual DataMover Name: ${d.vdm.name}`,
    `Currently mounted on: ${d.mover ?? '<unmounted>'}`,
    `Uses Interfaces: ${list(d.interfaces.filter((i) => i.use !== null).map((i) => i.name))}`,
    `CIFS servers: ${list(d.cifs)}`,
    `Filesystems: ${list(mounted.map((m) => `${m.path} (${m.fs})`))}`,
    '',
    'Expected mounts:',
    ...(d.mounts.length === 0 ? [' (none)'] : d.mounts.map((m) => ` ${m.path} ${m.fs} ${m.ro ? 'ro' : 'rw'} ${mountState(m)}`)),
    'Expected interfaces:',
    ...(d.interfaces.length === 0 ? [' (none)'] : d.interfaces.map((i) => interfaceLine(i, d.mover))),
    'Name services:',
    ...(d.dns.length === 0
      ? [' DNS: no joined CIFS server needs a domain resolved']
      : d.dns.map((x) => ` DNS ${x.domain}: ${x.server === null ? 'no DNS server answers' : `${x.server} answers`} (${x.own ? 'its own resolver' : "its data mover's resolver"})`)),
    ` WINS: ${d.wins.servers.length === 0 ? '(none)' : `${d.wins.servers.join(', ')} (${d.wins.own ? 'its own' : "its data mover's"})`}`,
    ` NIS: ${d.nis === null ? '(none)' : `${d.nis.domain} (${d.nis.own ? 'its own' : "its data mover's"})`}`,
    'Data mover parameters (compared when it moves):',
    ...(d.params.length === 0 ? [' (all at their defaults)'] : d.params.map((p) => ` ${p.name} = ${p.value}`)),
    'Site-bound (configured at each site):',
    ` time service: ${d.time === null ? 'stopped' : `ntp ${d.time.join(', ')}`}`,
    ` virus checking: ${d.viruschk ? 'running' : 'stopped'}`,
  ];
  return lines;
}

/** FIG. 52 items 780-781: the interfaces or the mounts a VDM needs, and how it stands with each. */
export function estimateLines(d: Dependencies, what: 'interfaces' | 'mounts'): string[] {
  if (what === 'interfaces') return [`${d.vdm.name} :`, ...d.interfaces.map((i) => interfaceLine(i, d.mover).slice(1))];
  return [`${d.vdm.name} :`, ...d.mounts.map((m) => `${m.fs} on ${m.path} ${m.type || '?'},${m.ro ? 'ro' : 'rw'} ${mountState(m)}`)];
}

function discrepancyText(x: Discrepancy, r: CheckReport): string {
  const d = x.detail;
  const at = `${r.mover} at ${r.cel}`;
  switch (x.item) {
    case 'mover':
      return x.why === 'standby' ? `${x.name} is a standby data mover` : `${x.name} is ${d.status}`;
    case 'root':
      if (x.why === 'missing') return `its root file system ${x.name} has no copy at ${r.cel} (replicate it there)`;
      if (x.why === 'not_uxfs') return `the copy ${x.name} of its root is a ${d.type}, not yet a file system`;
      if (x.why === 'mounted_rw') return `the copy ${x.name} of its root is mounted read-write on ${d.other}`;
      return `the copy ${x.name} of its root is a replication destination (${d.peer}): read-only until fs_replicate -failover (-setstate mounted loads it passive)`;
    case 'mount': {
      const head = `${x.name} (${d.fs})`;
      switch (x.why) {
        case 'missing':
          return `${x.name} (${d.fs}): no such file system, nor a replica of it, at ${d.cel}`;
        case 'rawfs':
          return `${head}: a rawfs, not yet a copy of the file system`;
        case 'in_vdm':
          return `${head}: in VDM ${d.other}`;
        case 'vdm_root':
          return `${head}: the root file system of VDM ${d.other}`;
        case 'on_mover':
          return `${head}: mounted on ${d.other} outside the VDM (${d.at})`;
        case 'rw_elsewhere':
          return `${head}: mounted read-write on ${d.other}`;
        case 'ro_elsewhere':
          return `${head}: mounted read-only on ${d.other}`;
        case 'entry_elsewhere':
          return `${head}: in the mount table of ${d.other} (unmounted)`;
        case 'protected':
          return `${head}: read-only (a replication destination, or failed over)`;
        default:
          return `${head}: a replication destination (${d.peer}), mounted read-only at ${d.at}: writable after fs_replicate -failover, then mounted in the VDM`;
      }
    }
    case 'interface':
      if (x.why === 'missing') return `interface ${x.name} (${d.use}) does not exist on ${r.mover}`;
      if (x.why === 'down') return `interface ${x.name} (${d.use}, ${d.address}) is down on ${r.mover}`;
      return `interface ${x.name} is used by ${d.by} on ${r.mover}`;
    case 'cifs':
      return `CIFS is not started on ${r.mover} (server_setup ${r.mover} -Protocol cifs -option start)`;
    case 'dns':
      if (x.why === 'missing') return `no DNS server is configured for ${x.name} on ${r.mover} (server_dns ${r.mover} ${x.name} <ip_addr>)`;
      if (x.why === 'unreachable') return `the DNS servers configured for ${x.name} do not answer from ${r.cel}`;
      if (x.why === 'no_dc') return `no domain controller of ${x.name} answers from ${r.cel}`;
      return `${x.name} is resolved on ${d.mover} but not on ${at}`;
    case 'nis':
      return `NIS domain ${x.name || '(none)'} on its data mover, ${d.there || '(none)'} on ${at}`;
    case 'param':
      return `parameter ${x.name} is ${d.here} on ${d.mover} and ${d.there} on ${at}`;
    case 'time':
      return x.why === 'not_running'
        ? `the time service runs on its data mover but not on ${at} (Kerberos needs the clocks in step)`
        : `the NTP servers of ${at} (${d.servers}) do not answer`;
    case 'usermapper':
      return `the usermapper of ${r.cel} is ${x.why === 'disabled' ? 'disabled' : `down (${x.name})`}: users with no mapping cached in the VDM cannot log on`;
    case 'viruschk':
      return `virus checking runs on its data mover but not on ${at}: configure it there on its own`;
  }
}

/** [000275]'s list: what would stop the VDM loading there (errors), what would only work worse (warnings), and the count. */
export function checkLines(r: CheckReport): { lines: string[]; blocking: number } {
  const errors = r.discrepancies.filter((x) => x.blocking);
  const warnings = r.discrepancies.filter((x) => !x.blocking);
  const lines = [`${r.vdm.name} : checked against ${r.mover} at ${r.cel}${r.root !== null ? ` (root: ${r.root})` : ''}`];
  for (const x of errors) lines.push(`Error: ${discrepancyText(x, r)}`);
  for (const x of warnings) lines.push(`Warning: ${discrepancyText(x, r)}`);
  const n = errors.length;
  lines.push(
    n === 0
      ? `${r.vdm.name} : no discrepancy: it can load on ${r.mover} at ${r.cel}`
      : `${r.vdm.name} : ${n} discrepanc${n === 1 ? 'y' : 'ies'} would stop it loading on ${r.mover} at ${r.cel}`,
  );
  return { lines, blocking: n };
}
