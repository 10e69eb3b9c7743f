// Tab completion: command names from the registry, options from the grammar, object
// names from the world by the kind of value expected (movers, file systems, mount points
// of the mover named earlier, interfaces, pools, cels), and the client host's paths entry
// by entry, as bash completes file names, without changing the world.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complete, completeArgs } from '../../src/shell/completion.js';
import { at as atNode, flag, form, kv, kvAt, list, opt, setting, val, word } from '../../src/shell/grammar.js';
import { applyCompletion, initialEditor, reduce, type EditorState } from '../../src/shell/line-editor.js';
import { commands } from '../../src/shell/registry.js';
import type { Shell } from '../../src/shell/shell.js';
import { encode } from '../../src/store/codec.js';
import { freshShell, run } from '../helpers.js';

const shell = freshShell();
const { world, session } = shell.lab;
const at = (line: string, cursor = line.length) => complete(line, cursor, world, session);

describe('command names', () => {
  it('completes a unique prefix', () => {
    expect(at('nas_ser')).toEqual({ from: 0, candidates: ['nas_server'] });
  });

  it('offers every command starting with the prefix', () => {
    const names = commands().map((c) => c.name);
    expect(at('nas_').candidates).toEqual(names.filter((n) => n.startsWith('nas_')).sort());
    expect(at('').candidates).toEqual([...names].sort());
    expect(at('server_u').candidates).toEqual(['server_umount', 'server_uptime', 'server_usermapper']);
  });

  it('after ;, env assignments and with the /nas/bin/ prefix', () => {
    expect(at('nas_server -list; nas_ce')).toEqual({ from: 18, candidates: ['nas_cel'] });
    expect(at('env NAS_DB=/nas nas_po')).toEqual({ from: 16, candidates: ['nas_pool'] });
    expect(at('NAS_DB=/nas /nas/bin/nas_ser')).toEqual({ from: 12, candidates: ['/nas/bin/nas_server'] });
  });

  it('nothing inside a pipe to system tools or inside quotes', () => {
    expect(at('nas_server -list | gre').candidates).toEqual([]);
    expect(at('nas_server "-li').candidates).toEqual([]);
  });
});

describe('options from the grammar', () => {
  it('offers the options that can come next', () => {
    expect(at('nas_server ').candidates).toEqual(['-acl', '-delete', '-info', '-list', '-name', '-rename', '-vdm']);
    expect(at('nas_server -l')).toEqual({ from: 11, candidates: ['-list'] });
    expect(at('nas_server -i')).toEqual({ from: 11, candidates: ['-info'] });
  });

  it('nothing after a complete form', () => {
    expect(at('nas_server -list -all ').candidates).toEqual([]);
    expect(at('nas_server -info server_2 ').candidates).toEqual([]);
  });

  it('works with the cursor in the middle of the line', () => {
    expect(at('nas_server -l server_2', 13)).toEqual({ from: 11, candidates: ['-list'] });
  });

  it('unknown commands complete nothing', () => {
    expect(at('frobnicate -').candidates).toEqual([]);
  });
});

describe('object names by value kind', () => {
  it('movers of the current cell', () => {
    expect(at('nas_server -info ').candidates).toEqual(['-all', '-vdm', 'server_2', 'server_3', 'server_4']);
    expect(at('nas_server -info server_')).toEqual({ from: 17, candidates: ['server_2', 'server_3', 'server_4'] });
  });

  it('cels for cs', () => {
    expect(at('cs ').candidates).toEqual(['cel_pfs', 'cel_sfs']);
    expect(at('cs cel_s').candidates).toEqual(['cel_sfs']);
  });

  it('command names for man and help', () => {
    expect(at('man nas_po').candidates).toEqual(['nas_pool']);
    expect(at('help server_mountp').candidates).toEqual(['server_mountpoint']);
  });

  // Grammars written for the test, so each kind is checked whatever the commands become.
  const forms = [
    form('mount', [val('mover', 'mover_all'), opt(flag('-option', '-o'), val('options')), val('fs', 'fs'), opt(val('path', 'path'))]),
    form('if', [flag('-ifconfig'), val('mover', 'mover'), val('interface', 'interface')]),
    form('dev', [flag('-device'), val('mover', 'mover'), val('device', 'device')]),
    form('create', [flag('-create'), val('name', 'name'), kv('size', 'size', 'size'), kv('pool', 'pool', 'pool')]),
  ];
  const args = (words: string[], partial: string) => completeArgs(forms, words, partial, world, session);

  it('movers with ALL where the grammar takes it', () => {
    expect(args([], 'AL')).toEqual(['ALL']);
    expect(args([], 'server_3')).toEqual(['server_3']);
  });

  it('file systems of the current cell', () => {
    expect(args(['server_2'], 'pfs')).toEqual(['pfs10', 'pfs11']);
    expect(args(['server_2', '-o', 'ro'], 'h')).toEqual(['home']);
  });

  it('mount points of the mover named earlier', () => {
    expect(args(['server_2', 'pfs10'], '/p')).toEqual(['/pfs10', '/pfs11']);
    expect(args(['server_3', 'home'], '/')).toEqual(['/', '/.etc_common', '/home']);
  });

  it('interfaces and devices of the mover named earlier', () => {
    expect(args(['-ifconfig', 'server_2'], '10')).toEqual(['10-1-1-21']);
    expect(args(['-ifconfig', 'server_4'], '')).toEqual(['el30', 'el31', 'loop']);
    expect(args(['-device', 'server_2'], 'm')).toEqual(['mge0', 'mge1']);
  });

  it('key= first, then its value', () => {
    expect(args(['-create', 'fs1', 'size=10G'], 'p')).toEqual(['pool=']);
    expect(args(['-create', 'fs1', 'size=10G'], 'pool=clar')).toEqual(['pool=clar_r5_performance']);
  });

  it('follows the session to the other site', () => {
    const sfs = { ...session, cel: 'cel_sfs' };
    expect(completeArgs(forms, ['server_2'], '', world, sfs).filter((f) => !f.startsWith('root_'))).toEqual(['-option', 'dr_home', 'sfs10']);
    expect(completeArgs(forms, ['server_2', 'sfs10'], '/s', world, sfs)).toEqual(['/sfs10']);
  });
});

describe('option lists and file systems at another Celerra', () => {
  const forms = [
    form('copy', [
      flag('-start'),
      val('srcfs', 'fs'),
      atNode('dstfs', 'fs', 'either'),
      opt(flag('-option'), list('options', [setting('qos', 'number'), setting('convert', ['yes', 'no']), word('sync')])),
    ]),
    form('size', [flag('-create'), kvAt('samesize', 'fs_name', 'fs')]),
  ];
  const args = (words: string[], partial: string) => completeArgs(forms, words, partial, world, session);

  it('offers every key of a list, then the keys left after a comma', () => {
    expect(args(['-start', 'pfs10', 'pfs11', '-option'], '')).toEqual(['convert=', 'qos=', 'sync']);
    expect(args(['-start', 'pfs10', 'pfs11', '-option'], 'qos=8,')).toEqual(['qos=8,convert=', 'qos=8,sync']);
    expect(args(['-start', 'pfs10', 'pfs11', '-option'], 'qos=8,c')).toEqual(['qos=8,convert=']);
  });

  it("offers a setting's words after its key=", () => {
    expect(args(['-start', 'pfs10', 'pfs11', '-option'], 'sync,convert=')).toEqual(['sync,convert=no', 'sync,convert=yes']);
    expect(args(['-start', 'pfs10', 'pfs11', '-option'], 'bogus=')).toEqual([]);
  });

  it('file system names, then the Celerras after :cel=', () => {
    expect(args(['-start', 'pfs10'], 'pfs1')).toEqual(['pfs10', 'pfs11']);
    expect(args(['-start', 'pfs10'], 'sfs10:cel=')).toEqual(['sfs10:cel=cel_pfs', 'sfs10:cel=cel_sfs']);
    expect(args(['-start', 'pfs10'], 'sfs10:cel=cel_s')).toEqual(['sfs10:cel=cel_sfs']);
  });

  it('the same after a key=', () => {
    expect(args(['-create'], 'same')).toEqual(['samesize=']);
    expect(args(['-create'], 'samesize=pfs1')).toEqual(['samesize=pfs10', 'samesize=pfs11']);
    expect(args(['-create'], 'samesize=pfs10:cel=cel_p')).toEqual(['samesize=pfs10:cel=cel_pfs']);
  });

  it('real commands: fs_copy -option keys and fs_replicate remote ends', () => {
    expect(at('fs_copy -start pfs10_ckpt1 sfs10:cel=cel_sfs -option qos=1,').candidates).toEqual(['qos=1,convert=']);
    expect(at('fs_replicate -failover pfs10:cel=cel_').candidates).toEqual(['pfs10:cel=cel_pfs', 'pfs10:cel=cel_sfs']);
  });
});

describe('client host paths', () => {
  /** A lab with files on pfs10 (a name with a space among them), a checkpoint of it, and pfs11 mounted read-only. */
  function lab(): Shell {
    const sh = freshShell();
    for (const line of [
      'client write /pfs10/reports/q3.xls 1M',
      'client write /pfs10/reports/notes.txt 100',
      'client mkdir -p /pfs10/archive/2025',
      "client write '/pfs10/my file.txt' 10",
      'fs_ckpt pfs10 -Create',
      // After the checkpoint: the live tree has it, the checkpoint's does not.
      'client write /pfs10/reports/q4.xls 1M',
      'client write /pfs11/log.dat 1M',
      'client write /home/vm.img 1M',
      'server_umount server_2 -perm pfs11',
      'server_mount server_2 -o ro pfs11',
    ]) {
      expect(run(sh, line).status, line).toBe(0);
    }
    return sh;
  }
  const sh = lab();
  const at = (line: string, s: Shell = sh) => complete(line, line.length, s.lab.world, s.lab.session);
  const words = (line: string, s: Shell = sh) => at(line, s).candidates;

  it('the top level offers the mount points served on the cell, as client ls / lists them', () => {
    expect(run(sh, 'client ls /').text).toBe('home\npfs10\npfs10_ckpt1\npfs11\n');
    expect(at('client read /')).toEqual({
      from: 12,
      candidates: ['/home/', '/pfs10/', '/pfs10_ckpt1/', '/pfs11/'],
      display: ['home/', 'pfs10/', 'pfs10_ckpt1/', 'pfs11/'],
    });
    expect(words('client read /pf')).toEqual(['/pfs10/', '/pfs10_ckpt1/', '/pfs11/']);
    expect(words('client read /h')).toEqual(['/home/']);
  });

  it('nested directories and files of the live file system', () => {
    expect(words('client read /pfs10/')).toEqual(['/pfs10/archive/', '/pfs10/my\\ file.txt', '/pfs10/reports/']);
    expect(words('client read /pfs10/rep')).toEqual(['/pfs10/reports/']);
    expect(at('client read /pfs10/reports/')).toEqual({
      from: 12,
      candidates: ['/pfs10/reports/notes.txt', '/pfs10/reports/q3.xls', '/pfs10/reports/q4.xls'],
      display: ['notes.txt', 'q3.xls', 'q4.xls'],
    });
    expect(words('client read /pfs10/reports/q3')).toEqual(['/pfs10/reports/q3.xls']);
    expect(words('client ls -l /pfs10/archive/')).toEqual(['/pfs10/archive/2025/']);
    expect(words('client ls -l /pfs10/archive/2025/')).toEqual([]);
  });

  it('every form taking a host path, wherever the path stands among the options', () => {
    expect(words('client write /pfs10/rep')).toEqual(['/pfs10/reports/']);
    expect(words('client fill --rate 1M/s /pfs10/ar')).toEqual(['/pfs10/archive/']);
    expect(words('client mkdir -p /pfs10/ar')).toEqual(['/pfs10/archive/']);
    expect(words('client df -h /pfs1')).toEqual(['/pfs10/', '/pfs10_ckpt1/', '/pfs11/']);
    // After the path, the write's size is not a path.
    expect(words('client write /pfs10/x /pfs1')).toEqual([]);
  });

  it('the directory part is kept as typed: .., //, and words relative to /, the host working directory', () => {
    expect(words('client read /pfs10/../pfs10/rep')).toEqual(['/pfs10/../pfs10/reports/']);
    expect(words('client read //pfs10//rep')).toEqual(['//pfs10//reports/']);
    expect(words('client read pfs10/rep')).toEqual(['pfs10/reports/']);
    expect(words('client read ho')).toEqual(['home/']);
  });

  it('names with specials come escaped, and an escaped word completes on', () => {
    expect(words('client read /pfs10/my')).toEqual(['/pfs10/my\\ file.txt']);
    expect(words('client read /pfs10/my\\ f')).toEqual(['/pfs10/my\\ file.txt']);
    // Quotes still stop completion.
    expect(words("client read '/pfs10/my")).toEqual([]);
  });

  it('a checkpoint mount lists the tree as of its snapshot', () => {
    expect(words('client read /pfs10_ckpt1/')).toEqual(['/pfs10_ckpt1/archive/', '/pfs10_ckpt1/my\\ file.txt', '/pfs10_ckpt1/reports/']);
    expect(words('client read /pfs10_ckpt1/reports/q')).toEqual(['/pfs10_ckpt1/reports/q3.xls']);
    expect(words('client read /pfs10/reports/q')).toEqual(['/pfs10/reports/q3.xls', '/pfs10/reports/q4.xls']);
  });

  it('a read-only mount lists like any other', () => {
    expect(words('client read /pfs11/')).toEqual(['/pfs11/log.dat']);
  });

  it('-s lists through that mover only; an unknown mover offers nothing', () => {
    // The host's own mount points are there whichever server is asked, as client ls shows them.
    expect(run(sh, 'client ls -s server_3 /').text).toBe('home\npfs10\npfs10_ckpt1\npfs11\n');
    expect(words('client read -s server_3 /')).toEqual(['/home/', '/pfs10/', '/pfs10_ckpt1/', '/pfs11/']);
    expect(words('client read -s server_3 /home/')).toEqual(['/home/vm.img']);
    expect(words('client read -s server_3 /pfs10/')).toEqual([]);
    expect(words('client read --server server_2 /pfs10/rep')).toEqual(['/pfs10/reports/']);
    expect(words('client read -s server_2 /home/')).toEqual([]);
    expect(words('client read -s server_9 /')).toEqual([]);
  });

  it('no match, missing directories and paths through files offer nothing', () => {
    expect(words('client read /zz')).toEqual([]);
    expect(words('client read /nope/')).toEqual([]);
    expect(words('client read /pfs10/nope/')).toEqual([]);
    expect(words('client read /pfs10/reports/q3.xls/')).toEqual([]);
    expect(words('client read /pfs10/reports/Q')).toEqual([]);
    expect(words(`client read /${'p'.repeat(10_000)}/`)).toEqual([]);
  });

  it('a rawfs mount is listed at the top but offers nothing inside (a stale handle)', () => {
    const sfs = freshShell();
    expect(run(sfs, 'cs cel_sfs').status).toBe(0);
    expect(run(sfs, 'server_mount server_2 -o ro sfs10 /sfs10').status).toBe(0);
    expect(words('client read /s', sfs)).toEqual(['/sfs10/']);
    expect(words('client read /sfs10/', sfs)).toEqual([]);
    expect(run(sfs, 'client ls /sfs10').status).toBe(1);
  });

  it('a mount whose server does not answer offers nothing inside', () => {
    const down = lab();
    down.lab.world.cells.find((c) => c.name === 'cel_pfs')!.movers.find((m) => m.name === 'server_2')!.status = 'offline';
    expect(words('client read /pfs10/', down)).toEqual([]);
    expect(words('client read /h', down)).toEqual(['/home/']);
  });

  it('tab by tab, as bash: a directory takes no space after it, a file does', () => {
    const tab = (s: EditorState) => {
      const r = reduce(s, { t: 'tab' });
      return applyCompletion(r, complete(r.text, r.cursor, sh.lab.world, sh.lab.session));
    };
    let s: EditorState = { ...initialEditor(), text: 'client read /pfs10/rep', cursor: 22 };
    s = tab(s).state;
    expect(s.text).toBe('client read /pfs10/reports/');
    s = reduce(s, { t: 'text', text: 'q' });
    const first = tab(s);
    expect([first.state.text, first.list]).toEqual(['client read /pfs10/reports/q', []]);
    const second = tab(first.state);
    expect(second.list).toEqual(['q3.xls', 'q4.xls']);
    s = tab(reduce(second.state, { t: 'text', text: '3' })).state;
    expect([s.text, s.cursor]).toEqual(['client read /pfs10/reports/q3.xls ', 34]);
  });

  it('never changes the world, not even a local updatable file system an access would update', () => {
    const dist = freshShell();
    for (const line of [
      'client write /pfs10/db/orders.dbf 1M',
      'fs_ckpt pfs10 -name pfs10_v1 -Create',
      'cs cel_sfs',
      'fs_dist -create sfs10 -source pfs10:cel=cel_pfs -interval 60',
      'fs_dist -update sfs10',
      'sim advance 10s',
      'server_mount server_2 -o ro sfs10 /sfs10',
      'cs cel_pfs',
      'client write /pfs10/db/new.dbf 1M',
      'fs_ckpt pfs10 -name pfs10_v2 -Create',
      'cs cel_sfs',
      'sim advance 1h',
    ]) {
      expect(run(dist, line).status, line).toBe(0);
    }
    const before = encode({ world: dist.lab.world, session: dist.lab.session });
    expect(words('client read /sfs10/', dist)).toEqual(['/sfs10/db/']);
    expect(words('client ls /sfs10/db/', dist)).toEqual(['/sfs10/db/orders.dbf']);
    for (const line of ['client read /', 'client ls /sfs10/d', 'client read -s server_2 /sfs10/db/o', 'client fill /sfs10/', 'client read /nope/']) at(line, dist);
    expect(encode({ world: dist.lab.world, session: dist.lab.session })).toBe(before);
    // The same listing by the command does start the update the completions did not.
    expect(run(dist, 'client ls /sfs10/db').text).toContain('update to version pfs10_v2 started');

    const before2 = encode({ world: sh.lab.world, session: sh.lab.session });
    for (const line of ['client read /', 'client read /pfs10/', 'client read /pfs10_ckpt1/reports/', 'client read /pfs11/', 'client read -s server_3 /']) at(line, sh);
    expect(encode({ world: sh.lab.world, session: sh.lab.session })).toBe(before2);
  });

  it('random words and cursors never throw and never change the world', () => {
    const before = encode({ world: sh.lab.world, session: sh.lab.session });
    const piece = fc.constantFrom(
      '/',
      '//',
      '.',
      '..',
      'pfs10',
      'pfs10_ckpt1',
      'reports',
      'q',
      'my\\ f',
      '\\',
      "'",
      '"',
      ' ',
      '-s',
      'server_2',
      '=',
      '$',
      '#',
      ';',
      '|',
      '\t',
      '\n',
      'é',
      '🙂',
      '\ud800',
      '\x00',
    );
    const line = fc.tuple(fc.constantFrom('client read ', 'client ls -l ', 'client -s server_3 ', 'client fill --rate 1M/s ', 'client ', ''), fc.array(piece, { maxLength: 12 }));
    fc.assert(
      fc.property(line, fc.nat(), ([head, parts], c) => {
        const text = head + parts.join('');
        const r = complete(text, c % (text.length + 1), sh.lab.world, sh.lab.session);
        expect(r.candidates.every((w) => typeof w === 'string')).toBe(true);
        if (r.display) expect(r.display.length).toBe(r.candidates.length);
      }),
      { seed: 20260112, numRuns: 2000 },
    );
    expect(encode({ world: sh.lab.world, session: sh.lab.session })).toBe(before);
  });

  it('is fast on a large directory', () => {
    const big = freshShell();
    expect(run(big, 'client fill /pfs10 --rate 1G/s --file-size 2M --until 8G').status).toBe(0);
    expect(run(big, 'sim advance 10s').status).toBe(0);
    expect(words('client read /pfs10/', big).length).toBe(4096);
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) expect(words('client read /pfs10/fill1.0001', big).length).toBe(100);
    // About 1.5 ms here; the bound leaves room for a loaded machine.
    expect((performance.now() - t0) / 10).toBeLessThan(50);
  });
});

describe('VDMs', () => {
  it('server_* commands offer VDMs beside data movers, nas_server -vdm offers VDMs, and a VDM names its data mover for interfaces', () => {
    const sh = freshShell();
    for (const l of [
      'server_ifconfig server_2 -create -Device cge1 -name vdm_if -protocol IP 10.1.1.50 255.255.255.0 10.1.1.255',
      'nas_server -name vdm_1 -type vdm -create server_2',
    ]) {
      expect(run(sh, l).status).toBe(0);
    }
    const at2 = (line: string) => complete(line, line.length, sh.lab.world, sh.lab.session);
    expect(at2('server_mount v').candidates).toEqual(['vdm_1']);
    expect(at2('server_mount ').candidates).toEqual(['ALL', 'server_2', 'server_3', 'server_4', 'vdm_1']);
    expect(at2('nas_server -vdm ').candidates).toEqual(['vdm_1']);
    expect(at2('nas_server -vdm vdm_1 -attach ').candidates).toContain('vdm_if');
    expect(at2('nas_server -vdm vdm_1 -attach ').candidates).not.toContain('10-1-1-31');
    // Commands that take only physical data movers do not offer VDMs.
    expect(at2('server_ifconfig ').candidates).not.toContain('vdm_1');
  });
});
