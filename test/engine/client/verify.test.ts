// `client verify` against an oracle: random sequences of client writes, appends and removals
// mixed with changes made behind the client's back (another writer on the file system,
// truncations, removals, a checkpoint's restore). The oracle keeps, per host path, every
// block's stamp the client expects (dense lists, built from the write rules, not from the
// ledger) and reads every file back whole; verify must call exactly the files whose blocks
// or size differ from the oracle's DIFFERS, exactly the gone ones MISSING, and all others OK.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientRemove, clientVerify, clientWrite } from '../../../src/engine/client/io.js';
import { findCell, findFs } from '../../../src/engine/cluster.js';
import { applyFileOp, refreshUsed } from '../../../src/engine/contents.js';
import { NasError } from '../../../src/engine/errors.js';
import { readFile, restoreFiles, snapshotFiles, statPath } from '../../../src/engine/files/files.js';
import { BLOCK_BYTES, blocksFor } from '../../../src/engine/files/tree.js';
import type { FileSystem } from '../../../src/engine/types.js';
import { freshShell } from '../../helpers.js';

const HOSTS = ['/pfs10/a', '/pfs10/d/b', '/pfs11/c', '/pfs11/d/e'];
const bytes = fc.oneof(
  fc.integer({ min: 0, max: 4 * BLOCK_BYTES + 3 }),
  fc.integer({ min: 1, max: 3 }).map((k) => k * BLOCK_BYTES),
);

type Op =
  | { by: 'client'; op: 'write' | 'append' | 'rm'; host: number; bytes: number }
  | { by: 'other'; op: 'write' | 'writeAt' | 'append' | 'truncate' | 'remove'; host: number; bytes: number; offset: number }
  | { by: 'snap'; op: 'take' | 'restore'; slot: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ by: fc.constant('client' as const), op: fc.constantFrom('write' as const, 'append' as const, 'rm' as const), host: fc.nat(3), bytes }) },
  {
    weight: 3,
    arbitrary: fc.record({
      by: fc.constant('other' as const),
      op: fc.constantFrom('write' as const, 'writeAt' as const, 'append' as const, 'truncate' as const, 'remove' as const),
      host: fc.nat(3),
      bytes,
      offset: fc.nat(5 * BLOCK_BYTES),
    }),
  },
  { weight: 1, arbitrary: fc.record({ by: fc.constant('snap' as const), op: fc.constantFrom('take' as const, 'restore' as const), slot: fc.nat(1) }) },
);

interface Expected {
  size: number;
  stamps: number[];
}

describe('client verify', () => {
  it('reports exactly the files changed behind the client back', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const world = freshShell().lab.world;
        const cell = findCell(world, 'cel_pfs');
        const fsOf = (host: string): FileSystem => findFs(cell, host.split('/')[1]!);
        const fsPath = (host: string) => '/' + host.split('/').slice(2).join('/');
        const actual = (host: string): Expected | null => {
          const { files, volume } = fsOf(host).contents!;
          try {
            return { size: statPath(files, fsPath(host)).size, stamps: [...readFile(files, volume, fsPath(host))] };
          } catch (e) {
            if (e instanceof NasError) return null;
            throw e;
          }
        };
        const model = new Map<string, Expected>();
        const snaps = new Map<string, number>(); // `<fs>:<slot>` -> snapshot id
        let nextSnap = 1000;

        for (const o of ops) {
          if (o.by === 'client') {
            const host = HOSTS[o.host]!;
            const stamp = world.nextStamp;
            const before = actual(host);
            try {
              if (o.op === 'rm') clientRemove(world, cell, { path: host, server: null });
              else clientWrite(world, cell, { path: host, bytes: o.bytes, append: o.op === 'append', server: null });
            } catch (e) {
              if (!(e instanceof NasError)) throw e;
              continue;
            }
            if (o.op === 'rm') model.delete(host);
            else if (o.op === 'write') model.set(host, { size: o.bytes, stamps: Array.from({ length: blocksFor(o.bytes) }, (_, k) => stamp + k) });
            else if (o.bytes > 0) {
              const base = model.get(host) ?? before ?? { size: 0, stamps: [] };
              const from = Math.floor(base.size / BLOCK_BYTES);
              const to = blocksFor(base.size + o.bytes);
              model.set(host, { size: base.size + o.bytes, stamps: [...base.stamps.slice(0, from), ...Array.from({ length: to - from }, (_, k) => stamp + k)] });
            } else if (!model.has(host)) {
              model.set(host, before ?? { size: 0, stamps: [] });
            }
          } else if (o.by === 'other') {
            const host = HOSTS[o.host]!;
            const fs = fsOf(host);
            const p = fsPath(host);
            try {
              if (o.op === 'remove') applyFileOp(world, cell, fs, { op: 'remove', path: p });
              else if (o.op === 'writeAt') applyFileOp(world, cell, fs, { op: 'writeAt', path: p, offset: o.offset, bytes: o.bytes });
              else applyFileOp(world, cell, fs, { op: o.op, path: p, bytes: o.bytes });
            } catch (e) {
              if (!(e instanceof NasError)) throw e;
            }
          } else {
            for (const name of ['pfs10', 'pfs11']) {
              const fs = findFs(cell, name);
              const { files, volume } = fs.contents!;
              const key = `${name}:${o.slot}`;
              const id = snaps.get(key);
              if (o.op === 'take' && id === undefined) {
                snaps.set(key, nextSnap);
                snapshotFiles(files, volume, { id: nextSnap++, createdAt: world.clock.now, deltaSetStamp: null });
              } else if (o.op === 'restore' && id !== undefined) {
                restoreFiles(files, volume, id);
                refreshUsed(fs);
              }
            }
          }
        }

        const rows = clientVerify(world, cell, { path: null, server: null });
        const want = [...model.keys()].sort().map((host) => {
          const got = actual(host);
          const m = model.get(host)!;
          const status = got === null ? 'missing' : got.size === m.size && got.stamps.join() === m.stamps.join() ? 'ok' : 'differs';
          return { host, status };
        });
        expect(rows.map((r) => ({ host: r.host, status: r.status }))).toEqual(want);
        // The index by host path is the files' host paths, one each.
        const { files, hosts } = world.client;
        expect(Object.fromEntries(Object.entries(files).map(([k, f]) => [f.host, k]))).toEqual(hosts);
      }),
      { numRuns: 300 },
    );
  });

  it('compares below a path only', () => {
    const world = freshShell().lab.world;
    const cell = findCell(world, 'cel_pfs');
    for (const host of HOSTS) clientWrite(world, cell, { path: host, bytes: 3 * BLOCK_BYTES, append: false, server: null });
    applyFileOp(world, cell, findFs(cell, 'pfs11'), { op: 'writeAt', path: '/d/e', offset: BLOCK_BYTES, bytes: 1 });
    expect(clientVerify(world, cell, { path: '/pfs11/d', server: null }).map((r) => [r.host, r.status])).toEqual([['/pfs11/d/e', 'differs']]);
    expect(clientVerify(world, cell, { path: '/pfs10', server: null }).map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(clientVerify(world, cell, { path: '/pfs1', server: null })).toEqual([]);
  });
});
