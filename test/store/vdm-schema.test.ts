// A lab with VDMs, CIFS servers and name registrations saves and reads back as it was, and a
// hand-broken one is reported with the field at fault: a VDM said to be loaded with its root
// mounted nowhere, an interface taken twice, a configuration file holding the wrong shape.
import { describe, expect, it } from 'vitest';
import { parseLab, stringifyLab } from '../../src/store/lab-store.js';
import { freshShell, run } from '../helpers.js';

function labWithVdm(): string {
  const shell = freshShell();
  for (const line of [
    'server_ifconfig server_2 -create -Device cge1 -name v_if -protocol IP 10.1.1.50 255.255.255.0 10.1.1.255',
    'server_setup server_2 -P cifs -o start',
    'server_dns server_2 corp.local 10.1.1.5',
    'nas_server -name v1 -type vdm -create server_2',
    'server_cifs v1 -add compname=v1a,domain=corp.local,interface=v_if',
    'server_cifs v1 -Join compname=v1a,domain=corp.local,admin=administrator',
    'client logon alice \\\\v1a',
  ]) {
    const r = run(shell, line);
    expect(r.status, `${line}\n${r.text}`).toBe(0);
  }
  return stringifyLab(shell.lab);
}

const broken = (text: string, edit: (doc: any) => void): string => {
  const doc = JSON.parse(text);
  edit(doc);
  return JSON.stringify(doc);
};

describe('labs with VDMs', () => {
  it('save and read back as the same text', () => {
    const text = labWithVdm();
    const doc = parseLab(text, 'vdm.json');
    expect(doc.world.cells[0]!.vdms?.[0]?.name).toBe('v1');
    expect(doc.world.client.sessions?.[0]?.user).toBe('alice');
    expect(stringifyLab(doc)).toBe(text);
  });

  it('report a VDM loaded with its root mounted nowhere', () => {
    const text = broken(labWithVdm(), (d) => {
      const mover = d.world.cells[0].movers[0];
      mover.mounts = mover.mounts.filter((m: { path: string }) => !m.path.startsWith('/root_vdm_1'));
    });
    expect(() => parseLab(text, 'x.json')).toThrow(/world\.cells\[0\]\.vdms\[0\].*v1 is loaded but server_2 has no \/root_vdm_1\/\.etc mount of its root/);
  });

  it('report an interface taken by two VDMs on one data mover', () => {
    const text = broken(labWithVdm(), (d) => {
      const cell = d.world.cells[0];
      const scratch = cell.fileSystems.find((f: { name: string }) => f.name === 'scratch');
      cell.vdms.push({ ...cell.vdms[0], id: 2, name: 'v2', rootFsId: scratch.id, taken: ['v_if'] });
      cell.nextVdmId = 3;
      const mover = cell.movers[0];
      mover.mountpoints.push('/root_vdm_2', '/root_vdm_2/.etc');
      mover.mounts.push({ fsId: scratch.id, path: '/root_vdm_2/.etc', ro: false, mounted: true, accessPolicy: null, lock: null, flags: [] });
    });
    expect(() => parseLab(text, 'x.json')).toThrow(/world\.cells\[0\]\.vdms: interface v_if of server_2 is taken by both v1 and v2/);
  });

  it('report a configuration file of the wrong shape, naming the file and the field', () => {
    const text = broken(labWithVdm(), (d) => {
      const fs = d.world.cells[0].fileSystems.find((f: { name: string }) => f.name === 'root_fs_vdm_v1');
      const entries = fs.contents.files.root.entries.$map as [string, { data: { cifs: unknown } }][];
      entries.find(([name]) => name === 'vdm.cfg')![1].data.cifs = 'nobody';
    });
    expect(() => parseLab(text, 'x.json')).toThrow(/contents\.files\(\/vdm\.cfg\)\.cifs/);
  });
});
