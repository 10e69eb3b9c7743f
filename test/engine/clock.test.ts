import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALERTS } from '../../src/engine/alerts.js';
import { advanceBy, advanceTo, schedule } from '../../src/engine/clock.js';
import { NO_NAMES } from '../../src/engine/names.js';
import type { SimEvent, World } from '../../src/engine/types.js';
import { runEvent } from '../../src/engine/wiring.js';

// The clock's order is tested on events whose handlers only record: fill ticks stand for
// recorded events, randwrite ticks for a chain that schedules the next until its tag is 3.
vi.mock('../../src/engine/wiring.js', { spy: true });
const ran: { at: number; tag: number; now: number }[] = [];
vi.mocked(runEvent).mockImplementation((w: World, e: SimEvent) => {
  if (e.kind !== 'client_fill' && e.kind !== 'client_randwrite') throw new Error(`unexpected ${e.kind}`);
  ran.push({ at: e.at, tag: e.data.job, now: w.clock.now });
  if (e.kind === 'client_randwrite' && e.data.job < 3) schedule(w, w.clock.now + 5, 'client_randwrite', { job: e.data.job + 1 });
});

function emptyWorld(now = 1000): World {
  return {
    format: 'drshell-lab',
    version: 2,
    name: 't',
    description: '',
    seed: 1,
    rng: 1,
    clock: { now, speed: 1, paused: false },
    events: [],
    seq: 0,
    cells: [],
    links: [],
    names: structuredClone(NO_NAMES),
    nextStamp: 1,
    client: { files: {}, hosts: {}, jobs: [], nextJob: 1, sessions: [] },
    copies: [],
    alerts: structuredClone(DEFAULT_ALERTS),
    replications: [],
  };
}

describe('virtual clock', () => {
  it('runs events in (time, scheduling order) order, like a stable sort oracle', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (delays, horizon) => {
        ran.length = 0;
        const w = emptyWorld();
        delays.forEach((d, tag) => schedule(w, 1000 + d, 'client_fill', { job: tag }));
        advanceBy(w, horizon);
        const oracle = delays
          .map((d, tag) => ({ at: 1000 + d, tag }))
          .filter((e) => e.at <= 1000 + horizon)
          .sort((a, b) => a.at - b.at || a.tag - b.tag);
        expect(ran.map(({ at, tag }) => ({ at, tag }))).toEqual(oracle);
        expect(ran.every((r) => r.now === r.at)).toBe(true);
        expect(w.clock.now).toBe(1000 + horizon);
        expect(w.events.length).toBe(delays.length - oracle.length);
      }),
    );
  });

  it('never moves backwards and clamps events scheduled in the past to now', () => {
    const w = emptyWorld(5000);
    advanceTo(w, 4000);
    expect(w.clock.now).toBe(5000);
    const e = schedule(w, 10, 'client_fill', { job: 1 });
    expect(e.at).toBe(5000);
  });

  it('runs events that events schedule within the same advance', () => {
    ran.length = 0;
    const w = emptyWorld(0);
    schedule(w, 10, 'client_randwrite', { job: 0 });
    advanceBy(w, 100);
    expect(ran.map((r) => r.at)).toEqual([10, 15, 20, 25]);
    expect(w.events).toEqual([]);
  });
});
