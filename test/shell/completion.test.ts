// Tab completion: command names from the registry, options from the grammar, and object
// names from the world by the kind of value expected (movers, file systems, mount points
// of the mover named earlier, interfaces, pools, cels).
import { describe, expect, it } from 'vitest';
import { complete, completeArgs } from '../../src/shell/completion.js';
import { flag, form, kv, opt, val } from '../../src/shell/grammar.js';
import { commands } from '../../src/shell/registry.js';
import { freshShell } from '../helpers.js';

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
    expect(at('server_u').candidates).toEqual(['server_umount', 'server_uptime']);
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
    expect(at('nas_server ').candidates).toEqual(['-info', '-list']);
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
    expect(at('nas_server -info ').candidates).toEqual(['-all', 'server_2', 'server_3', 'server_4']);
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
