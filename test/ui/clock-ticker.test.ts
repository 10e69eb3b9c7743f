// The interactive clock: advances by wall time times speed, not while paused, and runs
// the events that fall due.
import { describe, expect, it, vi } from 'vitest';
import { schedule } from '../../src/engine/clock.js';
import { startClock } from '../../src/ui/clock-ticker.js';
import { freshShell } from '../helpers.js';
import { onTestEvent } from '../wiring-seam.js';

vi.mock('../../src/engine/wiring.js', { spy: true });

describe('clock ticker', () => {
  it('advances by elapsed wall time times the speed', () => {
    const world = freshShell().lab.world;
    const t0 = world.clock.now;
    world.clock.speed = 60;
    world.clock.paused = false;
    let wall = 1000;
    const ticker = startClock(() => world, { now: () => wall, intervalMs: 0 });
    wall += 200;
    ticker.tick();
    expect(world.clock.now).toBe(t0 + 12_000);
    world.clock.paused = true;
    wall += 1000;
    ticker.tick();
    expect(world.clock.now).toBe(t0 + 12_000);
    world.clock.paused = false;
    world.clock.speed = 1;
    wall += 500;
    ticker.tick();
    expect(world.clock.now).toBe(t0 + 12_500);
    ticker.stop();
  });

  it('runs due events and reports them', () => {
    const world = freshShell().lab.world;
    world.clock.speed = 1;
    world.clock.paused = false;
    const seen: string[] = [];
    onTestEvent((_w, tag) => seen.push(tag));
    schedule(world, world.clock.now + 100, 'site.boot', { cel: 'test', mover: 'a' });
    let wall = 0;
    const reports: number[] = [];
    const ticker = startClock(() => world, { now: () => wall, intervalMs: 0, onEvents: (n) => reports.push(n) });
    wall = 50;
    ticker.tick();
    expect(seen).toEqual([]);
    wall = 150;
    ticker.tick();
    expect([seen, reports]).toEqual([['a'], [1]]);
  });
});
