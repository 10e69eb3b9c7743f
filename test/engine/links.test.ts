import { describe, expect, it } from 'vitest';
import { changeLink, linkBetween } from '../../src/engine/links.js';
import { freshShell, refused } from '../helpers.js';

describe('links between cells', () => {
  it('finds a link in either order and changes one figure at a time', () => {
    const { world } = freshShell().lab;
    expect(linkBetween(world, 'cel_sfs', 'cel_pfs')).toBe(world.links[0]);
    changeLink(world, 'cel_sfs', 'cel_pfs', { bandwidthMbit: 2.5 });
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    expect(world.links[0]).toMatchObject({ bandwidthMbit: 2.5, latencyMs: 40, up: false });
  });

  it('refuses unknown cells, missing links and figures out of range, changing nothing', () => {
    const { world } = freshShell().lab;
    refused(world, 'cel_not_found', () => changeLink(world, 'cel_pfs', 'cel_x', { up: false }));
    refused(world, 'link_not_found', () => changeLink(world, 'cel_pfs', 'cel_pfs', { up: false }));
    for (const bad of [0, -1, NaN, Infinity, 400_001]) refused(world, 'link_value_invalid', () => changeLink(world, 'cel_pfs', 'cel_sfs', { bandwidthMbit: bad }));
    for (const bad of [-1, NaN, 60_001]) refused(world, 'link_value_invalid', () => changeLink(world, 'cel_pfs', 'cel_sfs', { latencyMs: bad }));
  });
});
