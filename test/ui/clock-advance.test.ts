// The interactive clock tells the screen every tick that moved the time, events or not (a
// watch of server_date changes with the time alone), and not while paused.
import { describe, expect, it } from 'vitest';
import { startClock } from '../../src/ui/clock-ticker.js';
import { freshShell } from '../helpers.js';

describe('clock ticker onAdvance', () => {
  it('hears each tick that moved the clock, with the events that ran', () => {
    const world = freshShell().lab.world;
    world.clock.speed = 10;
    world.clock.paused = false;
    let wall = 0;
    const advances: number[] = [];
    const events: number[] = [];
    const ticker = startClock(() => world, { now: () => wall, intervalMs: 0, onAdvance: (n) => advances.push(n), onEvents: (n) => events.push(n) });
    wall = 100;
    ticker.tick();
    world.clock.paused = true;
    wall = 200;
    ticker.tick();
    world.clock.paused = false;
    ticker.tick();
    expect(advances).toEqual([0]);
    expect(events).toEqual([]);
    ticker.stop();
  });
});
