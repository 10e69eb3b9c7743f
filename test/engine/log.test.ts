// A data mover's event log: entries as data, the since-boot view, and the cap that keeps
// a long-lived lab's file from growing with every command.
import { describe, expect, it } from 'vitest';
import { findCell, findMover } from '../../src/engine/cluster.js';
import { LOG_LIMIT, logEvent, logSince } from '../../src/engine/log.js';
import { freshShell } from '../helpers.js';

function mover() {
  const world = freshShell().lab.world;
  return { world, mover: findMover(findCell(world, 'cel_pfs'), 'server_2') };
}

describe('logEvent', () => {
  it('records the virtual time, facility, severity, code and values', () => {
    const { world, mover: m } = mover();
    world.clock.now += 5000;
    logEvent(world, m, 'ADMIN', 6, 'mountpoint_created', { path: '/x' });
    expect(m.log.at(-1)).toEqual({ at: world.clock.now, facility: 'ADMIN', severity: 6, msg: 'mountpoint_created', data: { path: '/x' } });
    expect(logSince(m, world.clock.now).map((e) => e.data.path)).toEqual(['/x']);
  });

  it(`keeps the newest ${LOG_LIMIT} entries, dropping the oldest first`, () => {
    const { world, mover: m } = mover();
    const total = LOG_LIMIT + 250;
    for (let i = 0; i < total; i++) {
      world.clock.now += 1;
      logEvent(world, m, 'ADMIN', 6, 'mountpoint_created', { path: `/p${i}` });
    }
    expect(m.log).toHaveLength(LOG_LIMIT);
    expect(m.log[0]!.data.path).toBe(`/p${total - LOG_LIMIT}`);
    expect(m.log.at(-1)!.data.path).toBe(`/p${total - 1}`);
    // Oldest first still holds after trimming.
    expect(m.log.every((e, i) => i === 0 || e.at >= m.log[i - 1]!.at)).toBe(true);
  });
});
