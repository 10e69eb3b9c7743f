// One randomised disaster-recovery trial (trials/seeds-*.test.ts run 200 of them) on the default lab, writes running throughout:
// replication pfs10 -> sfs10, then at a random moment link trouble and/or a disaster (with or
// without the save volume), a failover with random options, writes at the secondary,
// repair, resync, failback. Checked at every step: a file system is never read/write at both
// sites at once. Checked at the end: the primary holds exactly what the secondary holds, and
// nothing was lost silently: every block the primary held when disaster struck is on the
// primary after failback, unless the failover reported it lost or the secondary changed it
// after the failover.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/engine/random.js';
import { advanceBy } from '../../../src/engine/clock.js';
import { findCell, findFs } from '../../../src/engine/cluster.js';
import { peekDigest } from '../../../src/engine/blocks/volume.js';
import { NasError } from '../../../src/engine/errors.js';
import { failback, failover, parseOptions, replications, resync, startReplication, type FailoverMode } from '../../../src/engine/replication/index.js';
import type { World } from '../../../src/engine/types.js';
import { freshShell, REPLICATION_READY, run } from '../../helpers.js';
import { contents, contentsDiff, stampAt } from './block-contents.js';
import { list, parseList } from '../../../src/shell/grammar.js';

/** An -option list as the grammar hands it over: split at its commas. */
const words = (text: string) => parseList(list('options', []), text);

const MIN = 60_000;

/** Read/write and serving at its site: a cell up, a mover online, mounted read/write (and not frozen). */
function writable(world: World, cel: string, fs: string): boolean {
  const cell = findCell(world, cel);
  if (cell.down === true) return false;
  const f = findFs(cell, fs);
  if (f.type !== 'uxfs' || f.frozen === true) return false;
  return cell.movers.some((m) => m.status === 'online' && m.mounts.some((mt) => mt.fsId === f.id && mt.mounted && !mt.ro));
}

function ok(sh: ReturnType<typeof freshShell>, line: string): void {
  const r = run(sh, line);
  expect(r.status, `${line}\n${r.text}`).toBe(0);
}

export function trial(seed: number): void {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const minutes = (lo: number, hi: number) => (lo + Math.floor(rnd() * (hi - lo + 1))) * MIN;
  const sh = freshShell();
  const world = () => sh.lab.world;
  const checkInvariant = (where: string) => {
    const both = writable(world(), 'cel_pfs', 'pfs10') && writable(world(), 'cel_sfs', 'sfs10');
    expect(both, `seed ${seed}: pfs10 and sfs10 both read/write ${where}`).toBe(false);
  };
  const advance = (ms: number, where: string) => {
    for (let left = ms; left > 0; left -= 5 * MIN) {
      advanceBy(world(), Math.min(left, 5 * MIN));
      checkInvariant(where);
    }
  };
  for (const l of REPLICATION_READY) ok(sh, l);
  ok(sh, 'client mkdir /pfs10/load');
  ok(sh, 'client write /pfs10/base/seed.dat 3M');
  const text = pick([undefined, 'to=120', 'to=300,hwm=1', 'dto=900', 'to=60,dto=60']);
  const options = parseOptions(text === undefined ? undefined : words(text), 'start');
  startReplication(world(), findCell(world(), 'cel_pfs'), { src: 'pfs10', dst: 'sfs10', dstCel: 'cel_sfs', savMB: null, options });
  ok(sh, `client fill /pfs10/load --rate ${pick(['64K', '256K', '1M'])}/s --file-size 2M`);
  advance(minutes(3, 25), 'while replicating');
  // Trouble: the link drops for a while, maybe for good; then the disaster (or none: a planned failover).
  const trouble = pick(['none', 'link_blip', 'link_down_then_disaster', 'disaster', 'disaster_lost_savvol', 'mover_crash']);
  if (trouble === 'link_blip' || trouble === 'link_down_then_disaster') {
    ok(sh, 'sim link cel_pfs cel_sfs down');
    advance(minutes(1, 20), 'link down');
    if (trouble === 'link_blip') ok(sh, 'sim link cel_pfs cel_sfs up');
  }
  if (trouble === 'mover_crash') ok(sh, 'sim mover cel_sfs server_2 reboot');
  advance(minutes(0, 10), 'before the disaster');
  const disaster = trouble === 'disaster' || trouble === 'disaster_lost_savvol' || trouble === 'link_down_then_disaster';
  if (disaster) ok(sh, `sim disaster cel_pfs${trouble === 'disaster_lost_savvol' ? ' lose-savvol' : ''}`);
  if (trouble === 'link_down_then_disaster') ok(sh, 'sim link cel_pfs cel_sfs up');
  const atDisaster = contents(findFs(findCell(world(), 'cel_pfs'), 'pfs10').contents!.volume);
  // Stop the primary's writers: what it held now is what the check expects to survive.
  const pfsVol = findFs(findCell(world(), 'cel_pfs'), 'pfs10').contents!.volume;
  ok(sh, 'client stop 1');
  expect(contentsDiff(contents(pfsVol), atDisaster), `seed ${seed}: the primary after its writers stopped vs at the disaster`).toBeNull();
  advance(minutes(0, 5), 'after the disaster');
  const sfsCell = findCell(world(), 'cel_sfs');
  let mode: FailoverMode = pick(['default', 'now', 'sync'] as const);
  const restartpoint = rnd() < 0.2;
  let report;
  try {
    report = failover(world(), sfsCell, { remote: 'pfs10', remoteCel: 'cel_pfs', local: 'sfs10', mode, restartpoint });
  } catch (e) {
    expect(e, `seed ${seed}`).toBeInstanceOf(NasError);
    const code = (e as NasError).code;
    // sync needs the primary; a mover rebooting at the secondary refuses any failover until it is back.
    expect(['repl_sync_unreachable', 'repl_pfs_not_mounted', 'repl_busy', 'repl_converge_failed'], `seed ${seed}: ${code}`).toContain(code);
    advance(5 * MIN, 'after a refused failover');
    mode = 'default';
    report = failover(world(), sfsCell, { remote: 'pfs10', remoteCel: 'cel_pfs', local: 'sfs10', mode, restartpoint });
  }
  checkInvariant('after failover');
  const lost = new Set(report.record.lostBlocks);
  if (mode === 'sync') expect(lost.size).toBe(0);
  const sfsVol = findFs(sfsCell, 'sfs10').contents!.volume;
  const atFailover = contents(sfsVol);
  // The primary held exactly what it had at the disaster (it was stopped or made read-only).
  expect(contentsDiff(contents(pfsVol), atDisaster), `seed ${seed}: the primary after the failover vs at the disaster`).toBeNull();
  ok(sh, 'cs cel_sfs');
  ok(sh, 'client mkdir -p /sfs10/after');
  ok(sh, `client fill /sfs10/after --rate ${pick(['64K', '512K'])}/s --file-size 1M`);
  advance(minutes(1, 15), 'secondary in use');
  if (disaster) ok(sh, 'sim repair cel_pfs');
  advance(minutes(0, 4), 'after repair');
  ok(sh, 'cs cel_pfs');
  ok(sh, 'server_mount server_2 -o ro pfs10 /pfs10');
  ok(sh, 'cs cel_sfs');
  const r = resync(world(), sfsCell, { local: 'sfs10', remote: 'pfs10', remoteCel: 'cel_pfs', options: parseOptions(words('autofullcopy=yes'), 'resync') });
  if (trouble === 'disaster_lost_savvol') expect(r.full).toBe(true);
  checkInvariant('after resync');
  for (let i = 0; i < 200 && replications(world()).some((s) => s.state === 'copying'); i++) advance(5 * MIN, 'resync copying');
  expect(replications(world())[0]!.state).toBe('active');
  advance(minutes(0, 12), 'replicating back');
  ok(sh, 'client stop 2');
  failback(world(), sfsCell, { local: 'sfs10', remote: 'pfs10', remoteCel: 'cel_pfs' });
  checkInvariant('after failback');
  const final = contents(pfsVol);
  expect(peekDigest(pfsVol), `seed ${seed}`).toEqual(peekDigest(sfsVol));
  expect(contentsDiff(final, contents(sfsVol)), `seed ${seed}: the primary vs the secondary after failback`).toBeNull();
  for (let i = 0; i < atDisaster.blocks.length; i++) {
    const b = atDisaster.blocks[i]!;
    const stamp = atDisaster.stamps[i]!;
    const now = stampAt(final, b);
    if (now === stamp || lost.has(b) || now !== stampAt(atFailover, b)) continue;
    throw new Error(`seed ${seed} (${trouble}, ${mode}): block ${b} held ${stamp} at the disaster, ${now} after failback, and was not reported lost`);
  }
  expect(writable(world(), 'cel_pfs', 'pfs10')).toBe(true);
  advance(5 * MIN, 'after failback');
}

/** Declares trials lo..hi, ten seeds a test. */
export function trials(lo: number, hi: number): void {
  describe('disaster recovery trials', () => {
    for (let first = lo; first <= hi; first += 10) {
      it(`seeds ${first}-${first + 9}: no silent loss, never read/write at both sites`, { timeout: 300_000 }, () => {
        for (let seed = first; seed < first + 10; seed++) {
          try {
            trial(seed);
          } catch (e) {
            throw new Error(`trial seed ${seed}: ${(e as Error).message}`, { cause: e });
          }
        }
      });
    }
  });
}
