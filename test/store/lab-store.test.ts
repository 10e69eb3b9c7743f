// The lab on disk: created from the fixture, reopened with its changes, started over with
// --fresh, broken files reported by field and left alone, one opener at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedState } from '../../src/engine/random.js';
import { openShell } from '../../src/open-lab.js';
import { LabFileError, LabStore, labFromFixture, readLabFile, stringifyLab } from '../../src/store/lab-store.js';
import { LabLockedError } from '../../src/store/lock.js';
import { FIXTURE } from '../helpers.js';

let dir: string;
let lab: string;
const opened: LabStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drshell-store-'));
  lab = join(dir, 'labs', 'two-site-dr.json');
});
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(opts: { fresh?: boolean; seed?: number } = {}): Promise<LabStore> {
  const { store } = await LabStore.open({ stateFile: lab, fixtureFile: FIXTURE, ...opts });
  opened.push(store);
  return store;
}

function close(store: LabStore): void {
  store.close();
  opened.splice(opened.indexOf(store), 1);
}

const fixtureText = () => stringifyLab(labFromFixture(FIXTURE));

describe('a lab kept in a file', () => {
  it('is created from the fixture the first time, in a folder made for it, and locked', async () => {
    const r = await LabStore.open({ stateFile: lab, fixtureFile: FIXTURE });
    opened.push(r.store);
    expect(r.created).toBe(true);
    expect(readFileSync(lab, 'utf8')).toBe(fixtureText());
    expect(readFileSync(`${lab}.lock`, 'utf8')).toBe(String(process.pid));
    close(r.store);
    expect(existsSync(`${lab}.lock`)).toBe(false);
  });

  it('is reopened later with its changes kept', async () => {
    const a = await open();
    a.doc.world.clock.now += 3_600_000;
    a.doc.session.cel = 'cel_sfs';
    a.doc.commands.push({ at: a.doc.world.clock.now, cel: 'cel_sfs', line: 'sim advance 1h' });
    await a.write();
    close(a);
    const r = await LabStore.open({ stateFile: lab, fixtureFile: FIXTURE });
    opened.push(r.store);
    expect(r.created).toBe(false);
    expect(r.store.doc.world.clock.now).toBe(labFromFixture(FIXTURE).world.clock.now + 3_600_000);
    expect(r.store.doc.session.cel).toBe('cel_sfs');
    expect(r.store.doc.commands.map((c) => c.line)).toEqual(['sim advance 1h']);
  });

  it('keeps what a shell changed, written after each changing command', async () => {
    const o = await openShell({ stateFile: lab, fixtureFile: FIXTURE, fresh: false });
    if ('error' in o) throw new Error(o.error);
    expect(o.shell.exec('sim advance 90s').status).toBe(0);
    await o.shell.flush();
    expect(readLabFile(lab).world.clock.now).toBe(labFromFixture(FIXTURE).world.clock.now + 90_000);
    expect(o.shell.exec('cs cel_sfs').status).toBe(0);
    expect(o.shell.exec('export PATH=/nas/bin').status).toBe(0);
    expect(o.shell.exec('TZ=GMT').status).toBe(0);
    await o.shell.flush();
    o.store.close();
    const doc = readLabFile(lab);
    expect(doc.session).toEqual({ cel: 'cel_sfs', user: 'nasadmin', env: { NAS_DB: '/nas', PATH: '/nas/bin', TZ: 'GMT' } });
    expect(doc.commands.map((c) => c.line)).toEqual(['sim advance 90s']);
  });

  it('does not write after a command that failed or changed nothing', async () => {
    const o = await openShell({ stateFile: lab, fixtureFile: FIXTURE, fresh: false });
    if ('error' in o) throw new Error(o.error);
    const before = readFileSync(lab, 'utf8');
    for (const line of ['sim now', 'cs nowhere', 'sim advance 2x', 'nas_server -list', 'no_such_command', 'env']) o.shell.exec(line);
    await o.shell.flush();
    o.store.close();
    expect(readFileSync(lab, 'utf8')).toBe(before);
  });

  it('starts over from the fixture with --fresh, seeded when asked', async () => {
    const a = await open();
    a.doc.world.clock.now += 1000;
    await a.write();
    close(a);
    const b = await open({ fresh: true });
    expect(b.doc.world.clock.now).toBe(labFromFixture(FIXTURE).world.clock.now);
    expect(readFileSync(lab, 'utf8')).toBe(fixtureText());
    close(b);
    const c = await open({ fresh: true, seed: 42 });
    expect(c.doc.world.seed).toBe(42);
    expect(c.doc.world.rng).toBe(seedState(42));
    expect(readLabFile(lab).world.seed).toBe(42);
  });

  it('reads a file that is not there as an error naming it', () => {
    expect(() => readLabFile(join(dir, 'none.json'))).toThrow(new LabFileError(join(dir, 'none.json'), 'no such lab file'));
  });
});

/** Variations of the fixture, each broken in one place, and what the report must name. */
const BROKEN: { what: string; edit: (text: string) => string; says: RegExp }[] = [
  { what: 'truncated JSON', edit: (t) => t.slice(0, 5000), says: /not valid JSON \(.*at line \d+, column \d+\)|not valid JSON/ },
  { what: 'a stray comma', edit: (t) => t.replace('"name": "two-site-dr",', '"name": "two-site-dr",,'), says: /not valid JSON \(.*line 5, column \d+\)/ },
  { what: 'an empty file', edit: () => '', says: /not valid JSON/ },
  { what: 'JSON that is not an object', edit: () => '[1, 2]\n', says: /invalid lab: \(top level\): / },
  {
    what: 'a wrong type in a field',
    edit: (t) => mutate(t, (d) => (d.world.clock.now = 'Monday')),
    says: /invalid lab: world\.clock\.now: .*number/,
  },
  {
    what: 'a wrong value deep inside',
    edit: (t) => mutate(t, (d) => (d.world.cells[1].movers[0].interfaces[3].address = '10.2.1.300')),
    says: /invalid lab: world\.cells\[1\]\.movers\[0\]\.interfaces\[3\]\.address: /,
  },
  {
    what: 'an unknown field',
    edit: (t) => mutate(t, (d) => (d.world.cells[0].colour = 'blue')),
    says: /invalid lab: world\.cells\[0\]\.colour: /,
  },
  {
    what: 'a missing field',
    edit: (t) => mutate(t, (d) => delete d.session.user),
    says: /invalid lab: session\.user: /,
  },
  {
    what: 'duplicate file system names',
    edit: (t) => mutate(t, (d) => (d.world.cells[0].fileSystems[6].name = d.world.cells[0].fileSystems[5].name)),
    says: /invalid lab: world\.cells\[0\]\.fileSystems\[6\]: duplicate "pfs10"/,
  },
  {
    what: 'duplicate data mover names',
    edit: (t) => mutate(t, (d) => (d.world.cells[1].movers[1].name = 'server_2')),
    says: /invalid lab: world\.cells\[1\]\.movers\[1\]: duplicate "server_2"/,
  },
  {
    what: 'a file system mounted read-write on two data movers',
    edit: (t) =>
      mutate(t, (d) => {
        const s3 = d.world.cells[0].movers[1];
        s3.mountpoints.push('/pfs10');
        s3.mounts.push({ ...d.world.cells[0].movers[0].mounts.find((m: { fsId: number }) => m.fsId === 21) });
      }),
    says: /invalid lab: world\.cells\[0\]\.fileSystems: pfs10 is mounted read-write on server_2 and also on server_3/,
  },
  {
    what: 'a pool holding more than its size',
    edit: (t) => mutate(t, (d) => (d.world.cells[0].pools[0].totalMB = 1000)),
    says: /invalid lab: world\.cells\[0\]\.pools\[0\]: clar_r5_performance holds \d+ MB of file systems but has only 1000 MB/,
  },
  {
    what: 'one address on two interfaces',
    edit: (t) => mutate(t, (d) => (d.world.cells[0].movers[1].interfaces[3].address = d.world.cells[0].movers[0].interfaces[3].address)),
    says: /invalid lab: world\.cells\[0\]\.movers: address 10\.1\.1\.21 is on both server_2:10-1-1-21 and server_3:10-1-1-31/,
  },
  {
    what: 'a mount on a path that is not a mount point',
    edit: (t) => mutate(t, (d) => (d.world.cells[0].movers[0].mounts[2].path = '/elsewhere')),
    says: /invalid lab: world\.cells\[0\]\.movers\[0\]\.mounts\[2\]\.path: \/elsewhere is not a mount point of server_2/,
  },
  {
    what: 'a mount of a file system that does not exist',
    edit: (t) => mutate(t, (d) => (d.world.cells[0].movers[1].mounts[0].fsId = 999)),
    says: /invalid lab: world\.cells\[0\]\.movers\[1\]\.mounts\[0\]\.fsId: no file system with id 999/,
  },
  {
    what: 'a session on a cell that does not exist',
    edit: (t) => mutate(t, (d) => (d.session.cel = 'cel_gone')),
    says: /invalid lab: session\.cel: no cell named cel_gone/,
  },
];

function mutate(text: string, edit: (doc: any) => unknown): string {
  const doc = JSON.parse(text);
  edit(doc);
  return JSON.stringify(doc, null, 1) + '\n';
}

describe('a broken lab file', () => {
  for (const b of BROKEN) {
    it(`is reported and left byte-identical: ${b.what}`, async () => {
      const text = b.edit(fixtureText());
      mkdirSync(join(dir, 'labs'), { recursive: true });
      writeFileSync(lab, text);
      let error: unknown;
      try {
        await open();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LabFileError);
      expect((error as Error).message.startsWith(`${lab}: `)).toBe(true);
      expect((error as Error).message).toMatch(b.says);
      expect(readFileSync(lab, 'utf8')).toBe(text);
      // The failed open let go of its lock: --fresh can start the lab over now.
      expect(existsSync(`${lab}.lock`)).toBe(false);
      const fresh = await open({ fresh: true });
      expect(fresh.doc.world.name).toBe('two-site-dr');
      expect(readFileSync(lab, 'utf8')).toBe(fixtureText());
    });
  }

  it('is reported by openShell with the way out, and not touched', async () => {
    mkdirSync(join(dir, 'labs'), { recursive: true });
    writeFileSync(lab, '{"world": 1}\n');
    const r = await openShell({ stateFile: lab, fixtureFile: FIXTURE, fresh: false });
    expect(r).toEqual({ error: `drshell: ${lab}: invalid lab: world: Invalid type: Expected Object but received 1 (left as it is; run with --fresh to start the lab over)` });
    expect(readFileSync(lab, 'utf8')).toBe('{"world": 1}\n');
  });

  it('as a fixture is reported without touching it', async () => {
    const fixture = join(dir, 'bad-fixture.json');
    writeFileSync(fixture, '{');
    const r = await openShell({ stateFile: lab, fixtureFile: fixture, fresh: false });
    expect('error' in r && r.error).toMatch(new RegExp(`^drshell: ${fixture}: not valid JSON`));
    expect(readFileSync(fixture, 'utf8')).toBe('{');
    expect(existsSync(lab)).toBe(false);
    expect(existsSync(`${lab}.lock`)).toBe(false);
  });
});

describe('the lock', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  /** A live process that is not this one, to stand for another drshell. */
  function otherProcess(): ChildProcess {
    const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(c);
    return c;
  }

  it('refuses a second opener while the first holds it, naming the holder', async () => {
    const holder = otherProcess();
    mkdirSync(join(dir, 'labs'), { recursive: true });
    writeFileSync(lab, fixtureText());
    writeFileSync(`${lab}.lock`, String(holder.pid));
    await expect(open()).rejects.toThrow(new LabLockedError(lab, holder.pid!));
    await expect(open({ fresh: true })).rejects.toThrow(LabLockedError);
    // Refused openers change nothing: not the lab, not the holder's lock.
    expect(readFileSync(lab, 'utf8')).toBe(fixtureText());
    expect(readFileSync(`${lab}.lock`, 'utf8')).toBe(String(holder.pid));
    const r = await openShell({ stateFile: lab, fixtureFile: FIXTURE, fresh: false });
    expect(r).toEqual({ error: `drshell: ${lab} is open in another drshell (pid ${holder.pid}); close that one first` });
    holder.kill('SIGKILL');
  });

  it('takes over a lock whose owner is gone', async () => {
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => gone.on('exit', resolve));
    const a = await open();
    a.doc.world.clock.now += 5000;
    await a.write();
    close(a);
    writeFileSync(`${lab}.lock`, String(gone.pid));
    const b = await open();
    expect(b.doc.world.clock.now).toBe(labFromFixture(FIXTURE).world.clock.now + 5000);
    expect(readFileSync(`${lab}.lock`, 'utf8')).toBe(String(process.pid));
  });

  it('takes over a lock file left empty or garbled', async () => {
    for (const content of ['', 'garbage', '-1']) {
      mkdirSync(join(dir, 'labs'), { recursive: true });
      writeFileSync(`${lab}.lock`, content);
      const s = await open();
      expect(readFileSync(`${lab}.lock`, 'utf8')).toBe(String(process.pid));
      close(s);
    }
  });

  it('is released on close and after a failed open', async () => {
    const s = await open();
    close(s);
    expect(existsSync(`${lab}.lock`)).toBe(false);
    writeFileSync(lab, 'broken');
    await expect(open()).rejects.toThrow(LabFileError);
    expect(existsSync(`${lab}.lock`)).toBe(false);
  });
});

describe('temp files', () => {
  it('a temp file left by an interrupted write is removed on open, the lab kept', async () => {
    const a = await open();
    a.doc.world.clock.now += 7000;
    await a.write();
    close(a);
    const tmp = join(dir, 'labs', '.two-site-dr.json.tmp');
    writeFileSync(tmp, '{"world": {"half-written');
    const b = await open();
    expect(existsSync(tmp)).toBe(false);
    expect(b.doc.world.clock.now).toBe(labFromFixture(FIXTURE).world.clock.now + 7000);
  });

  it('writes leave no temp file behind', async () => {
    const a = await open();
    for (let i = 0; i < 5; i++) {
      a.doc.world.clock.now += 1;
      await a.write();
    }
    expect(readdirSync(join(dir, 'labs')).sort()).toEqual(['two-site-dr.json', 'two-site-dr.json.lock']);
  });
});
