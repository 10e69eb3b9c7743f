// A seam for tests of the clock's consumers: with `vi.mock('<path>/src/engine/wiring.js', { spy: true })`
// in the test file (vitest hoists it there), a boot event of the cell `test` runs the test's hook
// instead of booting anything, and every other event runs as ever.
import { vi } from 'vitest';
import type { World } from '../src/engine/types.js';
import { runEvent } from '../src/engine/wiring.js';

export const actualWiring = await vi.importActual<typeof import('../src/engine/wiring.js')>('../src/engine/wiring.js');

/** Schedule `site.boot` with `{ cel: 'test', mover: <tag> }` to have `hook(world, tag)` run at that time. */
export function onTestEvent(hook: (world: World, tag: string) => void): void {
  vi.mocked(runEvent).mockImplementation((w, e) => (e.kind === 'site.boot' && e.data.cel === 'test' ? hook(w, e.data.mover) : actualWiring.runEvent(w, e)));
}
