// The mounts a VDM expects ([000243]) name their file systems as they were where the mount was
// made: by id at that cell, and by name. At another cell (a copy of the VDM's root) the file
// system that stands for one is its replica: the other end of the replication session it is
// in, else one of the same name.
import { fsById } from '../cluster.js';
import { replications } from '../replication/sessions.js';
import type { Cell, FileSystem, Vdm, VdmMount, World } from '../types.js';
import { readConfig, vdmServer } from './config.js';
import { vdmsOf } from './vdms.js';

/** The file system at `cell` an expected mount names, if there is one. */
export function resolveExpected(world: World, cell: Cell, m: VdmMount): FileSystem | undefined {
  if (m.cel === cell.name) return fsById(cell, m.fsId);
  for (const s of replications(world)) {
    const [here, there] = s.src.cel === m.cel && s.src.fsId === m.fsId ? [s.dst, s.src] : s.dst.cel === m.cel && s.dst.fsId === m.fsId ? [s.src, s.dst] : [null, null];
    if (here !== null && there !== null && here.cel === cell.name) return fsById(cell, here.fsId);
  }
  return cell.fileSystems.find((f) => f.name === m.fs);
}

/** File systems of a cell the VDMs other than `except` expect to mount, each with its VDM. */
export function fsInVdms(world: World, cell: Cell, except?: Vdm): Map<number, Vdm> {
  const out = new Map<number, Vdm>();
  for (const v of vdmsOf(cell)) {
    if (v === except) continue;
    for (const m of readConfig(cell, vdmServer(v)).mounts) {
      const fs = resolveExpected(world, cell, m);
      if (fs !== undefined && !out.has(fs.id)) out.set(fs.id, v);
    }
  }
  return out;
}

/** The VDM (other than `except`) a file system belongs to as its root or one of its mounts, if any. */
export function vdmHolding(world: World, cell: Cell, fsId: number, except?: Vdm): { vdm: Vdm; as: 'root' | 'mount' } | undefined {
  const root = vdmsOf(cell).find((v) => v !== except && v.rootFsId === fsId);
  if (root !== undefined) return { vdm: root, as: 'root' };
  const vdm = fsInVdms(world, cell, except).get(fsId);
  return vdm === undefined ? undefined : { vdm, as: 'mount' };
}
