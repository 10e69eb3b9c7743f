// Lab format versions (src/store/migrations.ts): a lab of the first format, without any of the
// parts added since, loads as the current format with each part at the value its absence
// meant (the default lab, rebuilt as the first format, loads as the default lab); what a first
// format lab did hold is kept; a file from a newer drshell, or of no version there ever was,
// is refused with a clear error; a broken older lab is still reported by the schema.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_VERSION } from '../../src/store/lab-doc.js';
import { LabFileError, parseLab, stringifyLab } from '../../src/store/lab-store.js';
import { migrateLab } from '../../src/store/migrations.js';
import { LabFormatError } from '../../src/store/schema.js';

const FIXTURE = readFileSync(join(resolve(import.meta.dirname, '../..'), 'fixtures/two-site-dr.json'), 'utf8');

type Json = Record<string, any>;

/** The default lab as the first format wrote it: none of the parts added since (its name services it had). */
function firstFormat(): Json {
  const doc = JSON.parse(FIXTURE) as Json;
  const w = doc.world;
  w.version = 1;
  for (const k of ['nextStamp', 'client', 'copies', 'alerts', 'replications']) delete w[k];
  for (const cell of w.cells) {
    for (const k of ['vdms', 'nextVdmId', 'usermapper']) delete cell[k];
    for (const m of cell.movers) {
      delete m.services;
      for (const mount of m.mounts) for (const k of ['accessPolicy', 'lock', 'flags']) delete mount[k];
    }
    for (const fs of cell.fileSystems) for (const k of ['thin', 'autoExtend', 'hwm', 'maxSizeMB', 'contents', 'ckpt', 'savVol', 'copyOf']) delete fs[k];
  }
  return doc;
}

describe('lab format versions', () => {
  it('the default lab is of the current version', () => {
    expect(LAB_VERSION).toBe(2);
    expect(JSON.parse(FIXTURE).world.version).toBe(LAB_VERSION);
  });

  it('a first-format lab loads as the current one, each added part at the value its absence meant', () => {
    const old = parseLab(JSON.stringify(firstFormat()), 'old.json');
    const now = parseLab(FIXTURE, 'fixture.json');
    expect(old.world.version).toBe(LAB_VERSION);
    expect(stringifyLab(old)).toBe(stringifyLab(now));
    expect(old.world.alerts).toEqual({ savvolPct: 90, outstanding: null, notices: [], nextNotice: 1 });
    expect(old.world.cells.map((c) => c.usermapper.primary)).toEqual(['server_2', 'server_2']);
    expect(old.world.cells[0]!.movers[0]!.services).toEqual({ cifs: { started: false, threads: 256 }, viruschk: false, ntp: null, params: {} });
  });

  it('keeps what a first-format lab held, gives an old client job its kind and a lab without name services none', () => {
    const doc = firstFormat();
    delete doc.world.names;
    doc.world.alerts = { savvolPct: 70, outstanding: 4, notices: [], nextNotice: 1 };
    doc.world.cells[1].usermapper = { primary: null, range: { from: 32768, to: 65535 }, nextUid: 32768, nextGid: 32768, users: [], groups: [] };
    doc.world.client = {
      files: {},
      hosts: {},
      nextJob: 2,
      jobs: [
        {
          id: 1,
          cel: 'cel_pfs',
          dir: '/pfs10/load',
          mover: 'server_2',
          fsId: 22,
          mountPath: '/pfs10',
          fsDir: '/load',
          rate: 1024,
          fileSize: 4096,
          until: null,
          written: 0,
          files: 0,
          current: 0,
          startedAt: 0,
          endedAt: 0,
          state: 'stopped',
          error: null,
        },
      ],
    };
    const lab = parseLab(JSON.stringify(doc), 'old.json');
    expect(lab.world.alerts.savvolPct).toBe(70);
    expect(lab.world.cells[1]!.usermapper.primary).toBeNull();
    expect(lab.world.client.jobs[0]!.kind).toBe('fill');
    expect(lab.world.client.sessions).toEqual([]);
    expect(lab.world.names).toEqual({ domains: [], hosts: [], dns: [], wins: [] });
  });

  it('refuses a lab from a newer drshell, and a version there never was, naming the field', () => {
    const newer = JSON.parse(FIXTURE) as Json;
    newer.world.version = LAB_VERSION + 1;
    expect(() => migrateLab(newer)).toThrow(LabFormatError);
    expect(() => parseLab(JSON.stringify(newer), 'new.json')).toThrow(
      new LabFileError('new.json', `invalid lab: world.version: format version ${LAB_VERSION + 1} is newer than this drshell reads (${LAB_VERSION}); use a newer drshell`),
    );
    newer.world.version = 0;
    expect(() => parseLab(JSON.stringify(newer), 'zero.json')).toThrow(/world\.version: no format version 0/);
    newer.world.version = '2';
    expect(() => parseLab(JSON.stringify(newer), 'text.json')).toThrow(/world\.version/);
  });

  it('a broken first-format lab is still reported by the schema, not by the steps', () => {
    const doc = firstFormat();
    doc.world.cells[0].movers = 'none';
    doc.world.client = 7;
    expect(() => parseLab(JSON.stringify(doc), 'bad.json')).toThrow(/world\.cells\[0\]\.movers/);
  });
});
