// Property: random sequences of VDM commands (create, load, mount passive, unload, move,
// mounts and unmounts in a VDM and on data movers, interfaces made, deleted, attached,
// detached, CIFS servers added and removed, data movers crashed and repaired) keep the
// invariants of [000243]-[000275]: an interface of a data mover has one user, a file system
// is in one VDM, a VDM's mounts are only on the data mover it is on (and only while it is),
// what a VDM has mounted is what it expects, a failed command changes nothing, and the lab
// always reads back through its schema.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, World } from '../../../src/engine/types.js';
import { readConfig, vdmServer } from '../../../src/engine/vdm/config.js';
import { resolveExpected } from '../../../src/engine/vdm/expected.js';
import { globalCifsInterfaces } from '../../../src/engine/vdm/interfaces.js';
import { vdmsOf } from '../../../src/engine/vdm/vdms.js';
import { STATUS_INTERNAL } from '../../../src/shell/dispatch.js';
import { encode } from '../../../src/store/codec.js';
import { parseLab, stringifyLab } from '../../../src/store/lab-store.js';
import { freshShell } from '../../helpers.js';

const VDMS = ['va', 'vb', 'vc'];
const MOVERS = ['server_2', 'server_3', 'server_4'];
const FS = ['f1', 'f2', 'f3', 'pfs11'];
const IFS = ['i1', 'i2'];

const SETUP = [
  'nas_fs -name f1 -create size=64M pool=clar_r5_performance',
  'nas_fs -name f2 -create size=64M pool=clar_r5_performance',
  'nas_fs -name f3 -type rawfs -create size=64M pool=clar_r5_performance',
  'server_ifconfig server_2 -create -Device cge1 -name i1 -protocol IP 10.1.1.61 255.255.255.0 10.1.1.255',
  'server_ifconfig server_3 -create -Device cge1 -name i1 -protocol IP 10.1.1.62 255.255.255.0 10.1.1.255',
  'server_ifconfig server_2 -create -Device cge2 -name i2 -protocol IP 10.1.1.63 255.255.255.0 10.1.1.255',
  'server_setup server_2 -P cifs -o start',
];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const lineArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(pick(VDMS), pick(MOVERS)).map(([v, m]) => `nas_server -name ${v} -type vdm -create ${m}`),
  fc
    .tuple(pick(VDMS), pick(['loaded', 'mounted', 'tempunloaded', 'permunloaded']), fc.option(pick(MOVERS), { nil: undefined }))
    .map(([v, s, m]) => `nas_server -vdm ${v} -setstate ${s}${m && (s === 'loaded' || s === 'mounted') ? ` ${m}` : ''}`),
  fc.tuple(pick(VDMS), pick(MOVERS)).map(([v, m]) => `nas_server -vdm ${v} -move ${m}`),
  fc.tuple(pick(VDMS), pick(IFS)).map(([v, i]) => `nas_server -vdm ${v} -attach ${i}`),
  fc.tuple(pick(VDMS), pick(IFS)).map(([v, i]) => `nas_server -vdm ${v} -detach ${i}`),
  pick(VDMS).map((v) => `nas_server -delete ${v}`),
  pick(VDMS).map((v) => `nas_server -vdm ${v} -mountall`),
  fc.tuple(pick([...VDMS, 'server_2', 'server_3']), pick(FS), fc.boolean()).map(([s, f, ro]) => `server_mount ${s}${ro ? ' -o ro' : ''} ${f} /${f}`),
  fc.tuple(pick([...VDMS, 'server_2', 'server_3']), pick(FS), fc.boolean()).map(([s, f, perm]) => `server_umount ${s} ${perm ? '-perm' : '-temp'} ${f}`),
  fc.tuple(pick([...VDMS, 'server_2']), pick(FS)).map(([s, f]) => `server_mountpoint ${s} -create /${f}`),
  fc.tuple(pick(VDMS), pick(['a', 'b']), pick(IFS)).map(([v, n, i]) => `server_cifs ${v} -add compname=${v}${n},domain=corp.local,interface=${i}`),
  fc.tuple(pick(VDMS), pick(['a', 'b']), fc.option(pick(IFS), { nil: undefined })).map(([v, n, i]) => `server_cifs ${v} -delete compname=${v}${n}${i ? `,interface=${i}` : ''}`),
  fc.tuple(pick(['a', 'b']), pick(IFS)).map(([n, i]) => `server_cifs server_2 -add compname=dm${n},domain=corp.local,interface=${i}`),
  fc.tuple(pick(['server_2', 'server_3']), pick(IFS)).map(([m, i]) => `server_ifconfig ${m} -delete ${i}`),
  fc
    .tuple(pick(['server_2', 'server_3']), pick(IFS), pick([64, 65, 66]))
    .map(([m, i, n]) => `server_ifconfig ${m} -create -Device cge3 -name ${i} -protocol IP 10.1.1.${n} 255.255.255.0 10.1.1.255`),
  pick(['server_2', 'server_3']).map((m) => `sim mover cel_pfs ${m} crash`),
  fc.constant('sim repair cel_pfs'),
);

function problems(world: World): string[] {
  const out: string[] = [];
  for (const cell of world.cells) out.push(...cellProblems(world, cell));
  return out;
}

function cellProblems(world: World, cell: Cell): string[] {
  const out: string[] = [];
  const vdms = vdmsOf(cell);
  // An interface of a data mover has one user: its own CIFS servers, or one VDM on it.
  for (const mover of cell.movers) {
    const users = new Map<string, string>();
    for (const n of globalCifsInterfaces(cell, mover)) users.set(n, mover.name);
    for (const v of vdms.filter((x) => x.mover === mover.name && (x.state === 'loaded' || x.state === 'mounted'))) {
      for (const n of v.taken) {
        if (users.has(n)) out.push(`${mover.name}:${n} used by ${users.get(n)} and ${v.name}`);
        users.set(n, v.name);
        if (!mover.interfaces.some((i) => i.name === n)) out.push(`${v.name} took ${n}, which ${mover.name} has not`);
      }
    }
  }
  // A file system is in one VDM: the mounts VDMs expect, and their roots, never overlap.
  const owner = new Map<number, string>();
  for (const v of vdms) {
    const claim = (id: number, what: string) => {
      if (owner.has(id)) out.push(`fs ${id} is ${what} of ${v.name} and in ${owner.get(id)}`);
      owner.set(id, v.name);
    };
    claim(v.rootFsId, 'the root');
    for (const m of readConfig(cell, vdmServer(v)).mounts) {
      const fs = resolveExpected(world, cell, m);
      if (fs !== undefined) claim(fs.id, 'a mount');
    }
  }
  for (const v of vdms) {
    const dir = `/root_vdm_${v.id}`;
    const on = v.state === 'loaded' || v.state === 'mounted';
    const cfg = readConfig(cell, vdmServer(v));
    for (const mover of cell.movers) {
      const entries = mover.mounts.filter((x) => x.path === dir || x.path.startsWith(`${dir}/`));
      // A VDM is on one data mover at a time, and only while it is loaded or mounted.
      if (entries.length > 0 && (!on || mover.name !== v.mover)) out.push(`${mover.name} mounts ${entries[0]!.path} of ${v.name} (${v.state} on ${v.mover})`);
      if (on && mover.name === v.mover) {
        if (!entries.some((x) => x.path === `${dir}/.etc` && x.fsId === v.rootFsId)) out.push(`${v.name} is ${v.state} but its root is not on ${mover.name}`);
        // What it has mounted is what it expects.
        for (const e of entries) {
          if (e.path === `${dir}/.etc`) continue;
          if (!cfg.mounts.some((m) => `${dir}${m.path}` === e.path && resolveExpected(world, cell, m)?.id === e.fsId))
            out.push(`${v.name} has ${e.path} mounted without expecting it`);
        }
      }
    }
    // Its file systems are mounted nowhere outside it.
    for (const m of cfg.mounts) {
      const fs = resolveExpected(world, cell, m);
      for (const mover of cell.movers) {
        for (const x of mover.mounts)
          if (fs !== undefined && x.fsId === fs.id && !x.path.startsWith(`${dir}/`)) out.push(`${fs.name} of ${v.name} is also on ${mover.name}:${x.path}`);
      }
    }
  }
  return out;
}

describe('VDM invariants under random commands', () => {
  it('hold after every command, and a failed command changes nothing', () => {
    let failed = 0;
    let ok = 0;
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 30, maxLength: 30 }), (lines) => {
        const shell = freshShell();
        for (const l of SETUP) expect(shell.exec(l).status, l).toBe(0);
        for (const line of lines) {
          const before = encode({ world: shell.lab.world, session: shell.lab.session });
          const r = shell.exec(line);
          expect(r.status, `${line}: ${r.text}`).not.toBe(STATUS_INTERNAL);
          if (r.status !== 0) {
            failed++;
            expect(encode({ world: shell.lab.world, session: shell.lab.session }), `${line} failed (${r.text.trim()}) but changed the lab`).toBe(before);
          } else ok++;
          const bad = problems(shell.lab.world);
          expect(bad, `after ${line}`).toEqual([]);
        }
        // The lab reads back through its schema, the same text.
        const text = stringifyLab(shell.lab);
        expect(stringifyLab(parseLab(text, 'prop.json'))).toBe(text);
      }),
      { seed: 20261206, numRuns: 60 },
    );
    // Enough of both for the property to mean something.
    expect(ok).toBeGreaterThan(300);
    expect(failed).toBeGreaterThan(300);
  }, 120_000);
});
