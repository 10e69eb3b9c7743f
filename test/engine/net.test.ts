// IP interfaces on data: address arithmetic against a naive bit-string oracle, and the
// interface operations on the default lab (what they change, what they refuse, and that
// a refusal leaves the world byte-identical).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCell, findMover } from '../../src/engine/cluster.js';
import type { NasError } from '../../src/engine/errors.js';
import {
  addressOwner,
  broadcastOf,
  checkAddressing,
  createInterface,
  deleteInterface,
  formatIPv4,
  maskPrefix,
  parseIPv4,
  setInterfaceUp,
  type NewInterface,
} from '../../src/engine/net.js';
import type { World } from '../../src/engine/types.js';
import { labFromFixture } from '../../src/store/lab-store.js';
import { FIXTURE, refused } from '../helpers.js';

function lab() {
  const world: World = labFromFixture(FIXTURE).world;
  const cell = findCell(world, 'cel_pfs');
  return { world, cell, s2: findMover(cell, 'server_2'), s3: findMover(cell, 'server_3'), s4: findMover(cell, 'server_4') };
}

const spec = (over: Partial<NewInterface> = {}): NewInterface => ({
  device: 'cge1',
  name: 'if50',
  address: '10.1.1.50',
  netmask: '255.255.255.0',
  broadcast: '10.1.1.255',
  ...over,
});

const bits = (n: number) => n.toString(2).padStart(32, '0');

describe('IPv4 arithmetic', () => {
  it('parses and formats dotted quads both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        expect(parseIPv4(formatIPv4(n))).toBe(n);
      }),
    );
    expect(parseIPv4('10.1.1.21')).toBe(10 * 2 ** 24 + 1 * 2 ** 16 + 1 * 2 ** 8 + 21);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
  });

  it('refuses anything but four decimal octets of 0-255 without leading zeros', () => {
    for (const bad of ['', '10.1.1', '10.1.1.1.1', '10.1.1.256', '10.1.1.-1', '10.1.1.01', '10.1.1.1 ', 'a.b.c.d', '10..1.1', '1e1.1.1.1', '0x10.1.1.1']) {
      expect(parseIPv4(bad), bad).toBeNull();
    }
  });

  it('finds the prefix of contiguous masks only (oracle: the bit string is 1*0*)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (mask) => {
        const s = bits(mask);
        const contiguous = /^1*0*$/.test(s);
        expect(maskPrefix(mask)).toBe(contiguous ? (s.indexOf('0') === -1 ? 32 : s.indexOf('0')) : null);
      }),
    );
    for (let p = 0; p <= 32; p++) {
      const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
      expect(maskPrefix(mask)).toBe(p);
    }
  });

  it('computes the broadcast as the address with every host bit set', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (addr, p) => {
        const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
        const expected = parseInt(bits(addr).slice(0, p) + '1'.repeat(32 - p), 2);
        expect(broadcastOf(addr, mask)).toBe(expected);
      }),
    );
    expect(formatIPv4(broadcastOf(parseIPv4('192.168.10.85')!, parseIPv4('255.255.252.0')!))).toBe('192.168.11.255');
  });

  it('accepts a consistent host address, mask and broadcast', () => {
    expect(() => checkAddressing('server_2', '10.1.1.50', '255.255.255.0', '10.1.1.255')).not.toThrow();
    expect(() => checkAddressing('server_2', '192.168.10.85', '255.255.252.0', '192.168.11.255')).not.toThrow();
    expect(() => checkAddressing('server_2', '10.1.1.1', '255.255.255.252', '10.1.1.3')).not.toThrow();
  });

  it('names the bad value and the rule it breaks', () => {
    const code = (a: string, m: string, b: string) => {
      try {
        checkAddressing('server_2', a, m, b);
        return null;
      } catch (e) {
        const n = e as NasError<'if_address_invalid' | 'if_netmask_invalid' | 'if_broadcast_invalid'>;
        return [n.code, n.data.value];
      }
    };
    expect(code('10.1.1.300', '255.255.255.0', '10.1.1.255')).toEqual(['if_address_invalid', '10.1.1.300']);
    expect(code('10.1.1.50', '255.0.255.0', '10.1.1.255')).toEqual(['if_netmask_invalid', '255.0.255.0']);
    expect(code('10.1.1.50', '0.0.0.0', '255.255.255.255')).toEqual(['if_netmask_invalid', '0.0.0.0']);
    expect(code('10.1.1.50', '255.255.255.254', '10.1.1.51')).toEqual(['if_netmask_invalid', '255.255.255.254']);
    expect(code('10.1.1.0', '255.255.255.0', '10.1.1.255')).toEqual(['if_address_invalid', '10.1.1.0']);
    expect(code('10.1.1.255', '255.255.255.0', '10.1.1.255')).toEqual(['if_address_invalid', '10.1.1.255']);
    expect(code('127.0.0.9', '255.0.0.0', '127.255.255.255')).toEqual(['if_address_invalid', '127.0.0.9']);
    expect(code('0.1.2.3', '255.0.0.0', '0.255.255.255')).toEqual(['if_address_invalid', '0.1.2.3']);
    expect(code('239.1.1.1', '255.255.255.0', '239.1.1.255')).toEqual(['if_address_invalid', '239.1.1.1']);
    expect(code('10.1.1.50', '255.255.255.0', '10.1.1.256')).toEqual(['if_broadcast_invalid', '10.1.1.256']);
    expect(code('10.1.1.50', '255.255.255.0', '10.1.255.255')).toEqual(['if_broadcast_invalid', '10.1.255.255']);
  });
});

describe('createInterface', () => {
  it('adds an UP interface with mtu 1500 and logs it', () => {
    const { world, cell, s2 } = lab();
    const before = s2.interfaces.length;
    const iface = createInterface(world, cell, s2, spec());
    expect(iface).toEqual({ ...spec(), mtu: 1500, vlan: 0, up: true });
    expect(s2.interfaces).toHaveLength(before + 1);
    expect(s2.interfaces.at(-1)).toBe(iface);
    expect(s2.log.at(-1)).toEqual({
      at: world.clock.now,
      facility: 'ADMIN',
      severity: 6,
      msg: 'if_created',
      data: { name: 'if50', device: 'cge1', address: '10.1.1.50', netmask: '255.255.255.0', broadcast: '10.1.1.255' },
    });
    expect(addressOwner(cell, '10.1.1.50')?.iface).toBe(iface);
  });

  it('refuses an unknown device, a taken name, a taken address anywhere in the cell', () => {
    const { world, cell, s2 } = lab();
    refused(world, 'device_not_found', () => createInterface(world, cell, s2, spec({ device: 'cge9' })));
    refused(world, 'if_exists', () => createInterface(world, cell, s2, spec({ name: '10-1-1-21' })));
    refused(world, 'if_exists', () => createInterface(world, cell, s2, spec({ name: 'el30' })));
    const e = refused(world, 'if_address_in_use', () => createInterface(world, cell, s2, spec({ address: '10.1.1.31' })));
    expect(e.data).toMatchObject({ owner: 'server_3', name: '10-1-1-31' });
    refused(world, 'if_address_in_use', () => createInterface(world, cell, s2, spec({ address: '128.221.252.4', broadcast: '128.221.252.255' })));
  });

  it('allows the same address in another cell (each site has its own network)', () => {
    const { world } = lab();
    const sfs = findCell(world, 'cel_sfs');
    expect(() => createInterface(world, sfs, findMover(sfs, 'server_2'), spec())).not.toThrow();
  });

  it('refuses bad addressing and bad names before anything changes', () => {
    const { world, cell, s2 } = lab();
    refused(world, 'if_address_invalid', () => createInterface(world, cell, s2, spec({ address: '10.1.1' })));
    refused(world, 'if_netmask_invalid', () => createInterface(world, cell, s2, spec({ netmask: '255.255.0.255' })));
    refused(world, 'if_broadcast_invalid', () => createInterface(world, cell, s2, spec({ broadcast: '10.1.1.254' })));
    for (const name of ['', 'a b', 'a/b', '-x', 'x'.repeat(32), 'n\u0007']) {
      refused(world, 'if_name_invalid', () => createInterface(world, cell, s2, spec({ name })));
    }
    expect(() => createInterface(world, cell, s2, spec({ name: 'x'.repeat(31) }))).not.toThrow();
  });

  it('refuses a standby and a mover that is not online', () => {
    const { world, cell, s2, s4 } = lab();
    refused(world, 'mover_not_primary', () => createInterface(world, cell, s4, spec()));
    s2.status = 'rebooting';
    refused(world, 'mover_offline', () => createInterface(world, cell, s2, spec()));
  });
});

describe('deleteInterface and setInterfaceUp', () => {
  it('delete removes the interface and frees its address', () => {
    const { world, cell, s2 } = lab();
    createInterface(world, cell, s2, spec());
    deleteInterface(world, s2, 'if50');
    expect(s2.interfaces.some((i) => i.name === 'if50')).toBe(false);
    expect(addressOwner(cell, '10.1.1.50')).toBeUndefined();
    expect(s2.log.at(-1)).toMatchObject({ msg: 'if_deleted', data: { name: 'if50', device: 'cge1', address: '10.1.1.50' } });
    expect(() => createInterface(world, cell, findMover(cell, 'server_3'), spec())).not.toThrow();
  });

  it('never deletes or downs loop, el30, el31, and refuses unknown names', () => {
    const { world, s2, s4 } = lab();
    for (const name of ['loop', 'el30', 'el31']) {
      refused(world, 'if_internal', () => deleteInterface(world, s2, name));
      refused(world, 'if_internal', () => setInterfaceUp(world, s2, name, false));
    }
    refused(world, 'if_not_found', () => deleteInterface(world, s2, 'nope'));
    refused(world, 'if_not_found', () => setInterfaceUp(world, s2, 'nope', true));
    refused(world, 'mover_not_primary', () => deleteInterface(world, s4, 'el30'));
  });

  it('down and up flip the state and log each real change once', () => {
    const { world, s2 } = lab();
    const logged = () => s2.log.length;
    const n = logged();
    setInterfaceUp(world, s2, '10-1-1-21', false);
    expect(s2.interfaces.find((i) => i.name === '10-1-1-21')!.up).toBe(false);
    expect(s2.log.at(-1)).toMatchObject({ facility: 'KERNEL', severity: 4, msg: 'if_down', data: { name: '10-1-1-21', device: 'cge0' } });
    setInterfaceUp(world, s2, '10-1-1-21', false);
    expect(logged()).toBe(n + 1);
    setInterfaceUp(world, s2, '10-1-1-21', true);
    expect(s2.interfaces.find((i) => i.name === '10-1-1-21')!.up).toBe(true);
    expect(s2.log.at(-1)).toMatchObject({ msg: 'if_up' });
    expect(logged()).toBe(n + 2);
  });
});
