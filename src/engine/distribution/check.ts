// What a lab's local updatable file systems must agree with, for the loader to check
// (src/store/schema.ts): a local is a uxfs or rawfs built from a pool, and one waiting for an
// update names a running fs_copy session of the distribution's bringing it there (else it
// would wait, and refuse its clients, for ever).
import { isActive } from '../copy/job.js';
import type { World } from '../types.js';
import { DIST_OWNER, localOf } from './state.js';

/** The first broken rule, with where (relative to `world`), or null. */
export function distProblem(world: World): { where: string; problem: string } | null {
  for (const [ci, cell] of world.cells.entries()) {
    for (const [fi, fs] of cell.fileSystems.entries()) {
      const d = localOf(fs);
      if (d === null) continue;
      const where = `world.cells[${ci}].fileSystems[${fi}].dist`;
      if (fs.type === 'ckpt' || fs.pool === null) return { where, problem: `${fs.name} cannot be a local updatable file system` };
      const id = d.request?.session;
      if (id == null) {
        if (d.updating) return { where, problem: 'an update under way names no fs_copy session' };
        continue;
      }
      const s = world.copies.find((c) => c.id === id);
      if (s === undefined) return { where: `${where}.request.session`, problem: `no fs_copy session with id ${id}` };
      if (s.owner !== DIST_OWNER || s.dst.cel !== cell.name || s.dst.fsId !== fs.id)
        return { where: `${where}.request.session`, problem: `fs_copy session ${s.name} does not bring ${fs.name} its versions` };
      if (d.updating !== isActive(s)) return { where: `${where}.updating`, problem: `must be ${isActive(s)} while fs_copy session ${s.name} is ${s.state}` };
    }
  }
  return null;
}
