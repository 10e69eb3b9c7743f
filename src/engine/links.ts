// The network between cells: a link's state and figures, changed by the trainer (`sim link`)
// to drop a site's connection or slow it down. Transfers read them at every step, so a
// change takes effect on the next chunk a copy or replication sends.
import { findCell } from './cluster.js';
import { fail } from './errors.js';
import { cellUp } from './site.js';
import type { Cell, Link, World } from './types.js';

/** The link between two cells (either order), if there is one. */
export function linkBetween(world: World, a: string, b: string): Link | undefined {
  return world.links.find((l) => (l.a === a && l.b === b) || (l.a === b && l.b === a));
}

/**
 * The cell named `name` (this one when null), reachable from `cell` by a link that is up and
 * standing (not taken down by `sim disaster`): where a transfer or request can go.
 */
export function reachableCell(world: World, cell: Cell, name: string | null): Cell {
  if (name === null || name === cell.name) return cell;
  const other = findCell(world, name);
  const link = linkBetween(world, cell.name, other.name);
  if (link === undefined) fail('cel_unreachable', { name: other.name, why: 'none' });
  if (!link.up) fail('cel_unreachable', { name: other.name, why: 'down' });
  if (!cellUp(other)) fail('cel_unreachable', { name: other.name, why: 'site_down' });
  return other;
}

export type LinkChange = { up: boolean } | { bandwidthMbit: number } | { latencyMs: number };

/** Largest figures a link takes: 400 Gbit/s and a minute of latency are beyond any WAN. */
export const MAX_BANDWIDTH_MBIT = 400_000;
export const MAX_LATENCY_MS = 60_000;

export function changeLink(world: World, a: string, b: string, change: LinkChange): Link {
  findCell(world, a);
  findCell(world, b);
  const link = linkBetween(world, a, b) ?? fail('link_not_found', { a, b });
  if ('bandwidthMbit' in change) {
    const v = change.bandwidthMbit;
    if (!Number.isFinite(v) || v <= 0 || v > MAX_BANDWIDTH_MBIT) fail('link_value_invalid', { param: 'bandwidth', value: v });
    link.bandwidthMbit = v;
  } else if ('latencyMs' in change) {
    const v = change.latencyMs;
    if (!Number.isFinite(v) || v < 0 || v > MAX_LATENCY_MS) fail('link_value_invalid', { param: 'latency', value: v });
    link.latencyMs = v;
  } else {
    link.up = change.up;
  }
  return link;
}
