// The `client` command through the dispatcher: what a host prints when its server is down
// (no command takes a data mover down yet, so the world is changed by hand here), that every
// refused command leaves the lab byte-identical and unsaved, that reads do not mark the lab
// changed, and the exit statuses.
import { describe, expect, it } from 'vitest';
import { findCell, findMover } from '../../../src/engine/cluster.js';
import { encode } from '../../../src/store/codec.js';
import { freshShell, run } from '../../helpers.js';

describe('client command', () => {
  it('meets a data mover that is down as a soft NFS mount does', () => {
    const shell = freshShell();
    expect(run(shell, 'client write /pfs10/a 1M').status).toBe(0);
    expect(run(shell, 'client fill /pfs10 --rate 1M/s').text).toBe('[1] fill /pfs10 --rate 1M/s --file-size 8M\n');
    run(shell, 'sim advance 2s');
    findMover(findCell(shell.lab.world, 'cel_pfs'), 'server_2').status = 'offline';
    expect(run(shell, 'client read /pfs10/a')).toEqual({ text: "client: cannot open '/pfs10/a': Input/output error\n", status: 1 });
    expect(run(shell, 'client write /pfs10/b 1M')).toEqual({ text: "client: cannot create '/pfs10/b': Input/output error\n", status: 1 });
    expect(run(shell, 'client ls /pfs10')).toEqual({ text: "client: cannot access '/pfs10': Input/output error\n", status: 1 });
    expect(run(shell, 'client df')).toEqual({
      text: [
        'client: /pfs10: Input/output error',
        'client: /pfs11: Input/output error',
        'Filesystem     1K-blocks Used Available Use% Mounted on',
        'server_3:/home  52428800    0  52428800   0% /home',
        '',
      ].join('\n'),
      status: 1,
    });
    run(shell, 'sim advance 2s');
    expect(run(shell, 'client jobs').text).toBe('[1]  Exit 1      fill /pfs10 --rate 1M/s --file-size 8M  (2.0M written in 1 file, 3s: Input/output error)\n');
    expect(run(shell, 'client verify')).toEqual({
      text: ['/pfs10/a: UNREADABLE (Input/output error)', '/pfs10/fill1.000001: UNREADABLE (Input/output error)', '2 files: 0 OK, 0 differing, 0 missing, 2 unreadable', ''].join(
        '\n',
      ),
      status: 1,
    });
    findMover(findCell(shell.lab.world, 'cel_pfs'), 'server_2').status = 'online';
    expect(run(shell, 'client verify -q')).toEqual({ text: '2 files: 2 OK, 0 differing, 0 missing, 0 unreadable\n', status: 0 });
  });

  it('changes nothing, and saves nothing, when refused', () => {
    const shell = freshShell();
    run(shell, 'client write /pfs10/d/f 1M');
    run(shell, 'server_mount server_3 scratch');
    run(shell, 'client fill /pfs10/d --rate 1M/s --until 1M');
    run(shell, 'sim advance 5s');
    const lines = [
      'client write /nope 1M',
      'client write /pfs10/d 1M',
      'client write /scratch/x 6G',
      'client append /pfs10/d/f/g 1',
      'client write -s server_9 /pfs10/x 1',
      'client rm /pfs10/d',
      'client rm /pfs10/zz',
      'client mkdir /pfs10/d',
      'client mkdir /pfs10/q/r',
      'client rmdir /pfs10/d',
      'client rmdir /pfs10',
      'client fill /pfs10/d/f --rate 1M/s',
      'client fill / --rate 1M/s',
      'client stop 1',
      'client stop 2',
      'client stop y',
      'client write /pfs10/x 1Q',
      'client fill /pfs10 --rate 0/s',
      'client fill /pfs10 --rate 1M/s --until 0',
      'client fill /pfs10 --rate 1M/s --file-size 0',
    ];
    for (const line of lines) {
      const before = encode(shell.lab.world);
      const r = shell.exec(line);
      expect({ line, status: r.status > 0, changed: r.changed }).toEqual({ line, status: true, changed: false });
      expect(encode(shell.lab.world)).toBe(before);
    }
  });

  it('changes the lab only with the forms that write', () => {
    const shell = freshShell();
    expect(shell.exec('client write /pfs10/f 1M').changed).toBe(true);
    for (const line of ['client read /pfs10/f', 'client ls -l /pfs10', 'client df -h', 'client jobs', 'client verify']) {
      const before = encode(shell.lab.world);
      const r = shell.exec(line);
      expect({ line, status: r.status, changed: r.changed }).toEqual({ line, status: 0, changed: false });
      expect(encode(shell.lab.world)).toBe(before);
    }
  });

  it('takes its options before or after the operands, GNU style', () => {
    const shell = freshShell();
    run(shell, 'client write /pfs10/f 1M');
    const a = run(shell, 'client read -s server_2 /pfs10/f').text;
    expect(run(shell, 'client read /pfs10/f --server server_2').text).toBe(a);
    expect(run(shell, 'client ls /pfs10 -l').text).toBe(run(shell, 'client ls -l /pfs10').text);
    expect(run(shell, 'client fill --rate 1M/s /pfs10 --until 2M').text).toBe('[1] fill /pfs10 --rate 1M/s --file-size 8M --until 2M\n');
    expect(run(shell, 'client mkdir --parents /pfs10/a/b').status).toBe(0);
    expect(run(shell, 'client df --human-readable /pfs10').text).toMatch(/^Filesystem +Size/);
    expect(run(shell, 'client write /pfs10/x 1.5K').text).toMatch(/^\/pfs10\/x: 1536 bytes written \(1 block\)/);
    expect(run(shell, 'client write /pfs10/x 0').text).toMatch(/^\/pfs10\/x: 0 bytes written \(0 blocks\)/);
  });
});
