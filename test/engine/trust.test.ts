// Trust between Control Stations (src/engine/trust.ts): remote entries made on both sides
// with one passphrase, what each refusal of -create, -modify and -delete checks (leaving the
// world byte-identical), requireTrust's three reasons, and the deletion check registry.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findCell } from '../../src/engine/cluster.js';
import { changeLink } from '../../src/engine/links.js';
import { siteDisaster } from '../../src/engine/site.js';
import { createRemote, deleteRemote, findEntry, modifyRemote, requireTrust, trusts, type NewRemote } from '../../src/engine/trust.js';
import type { NasError } from '../../src/engine/errors.js';
import type { World } from '../../src/engine/types.js';
import { trustNeeded } from '../../src/engine/wiring.js';
import { errorLine } from '../../src/shell/error-table.js';
import { freshShell, refused } from '../helpers.js';

let world: World;
const pfs = () => findCell(world, 'cel_pfs');
const sfs = () => findCell(world, 'cel_sfs');
const toSfs = (over: Partial<NewRemote> = {}): NewRemote => ({ name: 'cel_sfs', ip: '10.2.1.10', passphrase: 'nasadmin', ...over });
const toPfs = (over: Partial<NewRemote> = {}): NewRemote => ({ name: 'cel_pfs', ip: '10.1.1.10', passphrase: 'nasadmin', ...over });

/** Who may block a deletion in this file's tests: the world and remote to refuse, if any. */
let blocking: { world: World; remote: string } | null = null;
// wiring.ts's checks are asked as ever, after this file's own.
vi.mock('../../src/engine/wiring.js', { spy: true });
const { trustNeeded: realTrustNeeded } = await vi.importActual<typeof import('../../src/engine/wiring.js')>('../../src/engine/wiring.js');
vi.mocked(trustNeeded).mockImplementation((w, cell, remote) =>
  blocking !== null && w === blocking.world && remote === blocking.remote
    ? { session: 7, src: { fs: 'pfs10', cel: 'cel_pfs' }, dst: { fs: 'sfs10', cel: 'cel_sfs' } }
    : realTrustNeeded(w, cell, remote),
);

beforeEach(() => {
  world = freshShell().lab.world;
  blocking = null;
});

describe('creating entries and the trust they give', () => {
  it('an entry on each side with one passphrase makes the two cells trust each other', () => {
    expect(trusts(world, pfs(), 'cel_sfs')).toBe(false);
    const e = createRemote(world, pfs(), toSfs());
    expect(e).toEqual({ id: 1, name: 'cel_sfs', netPath: '10.2.1.10', celerraId: 'APM000432001872007', passphrase: 'nasadmin' });
    expect(pfs().remotes).toEqual([e]);
    expect(trusts(world, pfs(), 'cel_sfs')).toBe(false);
    const r = refused(world, 'cel_not_trusted', () => requireTrust(world, pfs(), 'cel_sfs'));
    expect(errorLine(r.code, r.data)).toBe('Error 3001: cel_sfs : does not trust cel_pfs (nas_cel -create cel_pfs on cel_sfs, with the same passphrase)');
    createRemote(world, sfs(), toPfs());
    expect(trusts(world, pfs(), 'cel_sfs')).toBe(true);
    expect(trusts(world, sfs(), 'cel_pfs')).toBe(true);
    requireTrust(world, pfs(), 'cel_sfs');
    requireTrust(world, sfs(), 'cel_pfs');
  });

  it('requireTrust names the missing local entry, and a passphrase mismatch', () => {
    let r = refused(world, 'cel_not_trusted', () => requireTrust(world, pfs(), 'cel_sfs'));
    expect(errorLine(r.code, r.data)).toBe('Error 3001: cel_sfs : is not a trusted remote Celerra of cel_pfs (nas_cel -create cel_sfs on cel_pfs first)');
    expect(refused(world, 'cel_not_trusted', () => requireTrust(world, pfs(), 'cel_x')).data.why).toBe('local');
    expect(refused(world, 'cel_not_trusted', () => requireTrust(world, pfs(), 'cel_pfs')).data.why).toBe('local');
    createRemote(world, pfs(), toSfs());
    createRemote(world, sfs(), toPfs({ passphrase: 'other1' }));
    expect(trusts(world, pfs(), 'cel_sfs')).toBe(false);
    r = refused(world, 'cel_not_trusted', () => requireTrust(world, sfs(), 'cel_pfs'));
    expect(errorLine(r.code, r.data)).toBe('Error 3001: cel_pfs : passphrase mismatch: cel_sfs and cel_pfs hold different passphrases for each other');
    modifyRemote(world, sfs(), findEntry(sfs(), { name: 'cel_pfs' }), { passphrase: 'nasadmin' });
    expect(trusts(world, sfs(), 'cel_pfs')).toBe(true);
  });

  it('refuses bad passphrases, addresses and names, changing nothing', () => {
    for (const p of ['short', 'sixteen_chars_xx', 'with space', 'tab\there', 'é_accent_', '']) {
      const e = refused(world, 'cel_passphrase_invalid', () => createRemote(world, pfs(), toSfs({ passphrase: p })));
      expect(errorLine(e.code, e.data)).toBe('Error 3139: The following parameters are not valid: -passphrase. A passphrase is 6 to 15 characters, without blanks.');
    }
    for (const ip of ['10.2.1', '10.2.1.256', 'cel_sfs', '010.2.1.10', '10.2.1.10.1']) refused(world, 'if_address_invalid', () => createRemote(world, pfs(), toSfs({ ip })));
    let e: NasError = refused(world, 'cel_unreachable', () => createRemote(world, pfs(), toSfs({ ip: '10.2.1.99' })));
    expect(errorLine(e.code, e.data)).toBe('Error 4000: 10.2.1.99 : unable to connect to host (no Control Station answers at that address)');
    e = refused(world, 'cel_unreachable', () => createRemote(world, pfs(), toSfs({ name: 'cel_x', ip: '10.9.9.9' })));
    expect(e.data).toEqual({ name: '10.9.9.9', why: 'no_host' });
    e = refused(world, 'cel_ip_mismatch', () => createRemote(world, pfs(), toSfs({ name: 'dr' })));
    expect(errorLine(e.code, e.data)).toBe('Error 3139: The following parameters are not valid: -ip 10.2.1.10. The Control Station at 10.2.1.10 is cel_sfs, not dr.');
    e = refused(world, 'cel_is_local', () => createRemote(world, pfs(), toPfs()));
    expect(errorLine(e.code, e.data)).toBe('Error 3001: cel_pfs : is this Control Station (id=0), not a remote Celerra');
    refused(world, 'cel_is_local', () => createRemote(world, pfs(), toSfs({ ip: '10.1.1.10' })));
  });

  it('refuses a duplicate, by name or by Celerra under another name', () => {
    createRemote(world, pfs(), toSfs());
    let e = refused(world, 'cel_exists', () => createRemote(world, pfs(), toSfs({ passphrase: 'another' })));
    expect(errorLine(e.code, e.data)).toBe('Error 3001: cel_sfs : a remote Celerra entry with this name already exists (id=1)');
    modifyRemote(world, pfs(), findEntry(pfs(), { id: 1 }), { name: 'dr' });
    e = refused(world, 'cel_exists', () => createRemote(world, pfs(), toSfs()));
    expect(errorLine(e.code, e.data)).toBe('Error 3001: cel_sfs : APM000432001872007 is already known here as dr (id=1)');
  });

  it('the remote must be reachable: a link down or missing, or its site down, refuses', () => {
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: false });
    expect(refused(world, 'cel_unreachable', () => createRemote(world, pfs(), toSfs())).data).toEqual({ name: 'cel_sfs', why: 'down' });
    changeLink(world, 'cel_pfs', 'cel_sfs', { up: true });
    siteDisaster(world, sfs(), false);
    expect(refused(world, 'cel_unreachable', () => createRemote(world, pfs(), toSfs())).data).toEqual({ name: 'cel_sfs', why: 'site_down' });
    world.links = [];
    expect(refused(world, 'cel_unreachable', () => createRemote(world, pfs(), toSfs())).data).toEqual({ name: 'cel_sfs', why: 'none' });
  });

  it('with a third cell: ids follow the largest in use, and a new address must be the same Celerra', () => {
    world.cells.push({ ...structuredClone(sfs()), name: 'cel_b', netPath: '10.3.1.10', celerraId: 'APM000000000003007', remotes: [] });
    world.links.push({ a: 'cel_pfs', b: 'cel_b', bandwidthMbit: 10, latencyMs: 5, up: true });
    createRemote(world, pfs(), toSfs());
    expect(createRemote(world, pfs(), { name: 'cel_b', ip: '10.3.1.10', passphrase: 'nasadmin' }).id).toBe(2);
    const e = refused(world, 'cel_ip_mismatch', () => modifyRemote(world, pfs(), findEntry(pfs(), { id: 1 }), { ip: '10.3.1.10' }));
    expect(e.data).toEqual({ ip: '10.3.1.10', name: 'cel_sfs', actual: 'cel_b' });
    deleteRemote(world, pfs(), findEntry(pfs(), { id: 1 }));
    expect(createRemote(world, pfs(), toSfs()).id).toBe(3);
  });
});

describe('modifying and deleting entries', () => {
  beforeEach(() => {
    createRemote(world, pfs(), toSfs());
    createRemote(world, sfs(), toPfs());
  });

  it('-name renames the entry and keeps the trust; checks come before any change', () => {
    const e = findEntry(pfs(), { name: 'cel_sfs' });
    modifyRemote(world, pfs(), e, { name: 'dr_site', passphrase: 'nasadmin' });
    expect(e.name).toBe('dr_site');
    expect(trusts(world, pfs(), 'cel_sfs')).toBe(true);
    // A good passphrase and a bad name: nothing changes.
    refused(world, 'cel_name_invalid', () => modifyRemote(world, pfs(), e, { passphrase: 'changed1', name: '-bad' }));
    refused(world, 'cel_name_invalid', () => modifyRemote(world, pfs(), e, { name: 'a'.repeat(64) }));
    refused(world, 'cel_is_local', () => modifyRemote(world, pfs(), e, { name: 'cel_pfs' }));
    refused(world, 'cel_passphrase_invalid', () => modifyRemote(world, pfs(), e, { name: 'x1', passphrase: '12345' }));
    expect(e).toMatchObject({ name: 'dr_site', passphrase: 'nasadmin' });
  });

  it('-ip must be the same Celerra, reached at that address; its own address again is no change', () => {
    const e = findEntry(pfs(), { id: 1 });
    modifyRemote(world, pfs(), e, { ip: '10.2.1.10' });
    expect(e.netPath).toBe('10.2.1.10');
    refused(world, 'cel_is_local', () => modifyRemote(world, pfs(), e, { ip: '10.1.1.10' }));
    refused(world, 'cel_unreachable', () => modifyRemote(world, pfs(), e, { ip: '10.2.1.11' }));
    refused(world, 'if_address_invalid', () => modifyRemote(world, pfs(), e, { ip: '10.2.1' }));
  });

  it('findEntry: by name or id; the local entry and unknown ones refused', () => {
    expect(findEntry(pfs(), { id: 1 }).name).toBe('cel_sfs');
    expect(() => findEntry(pfs(), { id: 0 })).toThrow('cel_is_local');
    expect(() => findEntry(pfs(), { name: 'cel_pfs' })).toThrow('cel_is_local');
    expect(() => findEntry(pfs(), { name: 'cel_x' })).toThrow('cel_not_found');
    expect(() => findEntry(pfs(), { id: 9 })).toThrow('cel_not_found');
  });

  it('-delete is allowed with nothing using the remote, and ends the trust', () => {
    const e = findEntry(pfs(), { name: 'cel_sfs' });
    expect(deleteRemote(world, pfs(), e)).toBe(e);
    expect(pfs().remotes).toEqual([]);
    expect(trusts(world, sfs(), 'cel_pfs')).toBe(false);
    // Deleting works with the remote site down: it asks only this Control Station's records.
    siteDisaster(world, pfs(), false);
    deleteRemote(world, sfs(), findEntry(sfs(), { id: 1 }));
    expect(sfs().remotes).toEqual([]);
  });

  it('-delete is refused while a registered check says the remote is in use, by its lab name even when renamed', () => {
    blocking = { world, remote: 'cel_sfs' };
    const entry = findEntry(pfs(), { name: 'cel_sfs' });
    modifyRemote(world, pfs(), entry, { name: 'dr' });
    const e = refused(world, 'cel_in_use', () => deleteRemote(world, pfs(), entry));
    expect(errorLine(e.code, e.data)).toBe('Error 4020: dr : cannot be deleted: replication session 7 (pfs10:cel_pfs -> sfs10:cel_sfs) uses it');
    // The other side's entry is not the one in use here.
    deleteRemote(world, sfs(), findEntry(sfs(), { name: 'cel_pfs' }));
    blocking = null;
    deleteRemote(world, pfs(), entry);
    expect(pfs().remotes).toEqual([]);
  });
});
