// fs_copy: copies a checkpoint (or a file system that cannot change) to a file system of the
// same size, here or at another cell, in full by extents or, with -fromfs, only what changed
// since an older checkpoint the destination holds (the seed's snapshot copy differential,
// [000192]-[000212]). -start returns at once: the copy runs as a job on the virtual clock
// (src/engine/copy/), watched with -list and -info, stopped with -abort.
import { abortCopy, describeCopy, findSession, sessionsOf, startCopy, type CopyReport, type CopyRequest, type SessionRef } from '../src/engine/copy/sessions.js';
import { fail } from '../src/engine/errors.js';
import type { CopySession } from '../src/engine/types.js';
import { copyInfoBlock, copyListLines } from '../src/render/copy-progress.js';
import { changedWorld, defineCommand, type Output, type Ran, unchanged, UsageError } from '../src/shell/command.js';
import { alt, any, at, flag, form, kv, list, opt, seq, setting, val, type OptionList } from '../src/shell/grammar.js';

type Req = { op: 'start'; req: CopyRequest } | { op: 'list' } | { op: 'info'; ref: SessionRef } | { op: 'abort'; ref: SessionRef };

/** Copies as the Control Station `cel` describes them. */
type Res = { op: 'list'; copies: CopyReport[]; cel: string } | { op: 'info'; copy: CopyReport; cel: string };

/** Most a `qos=` cap can say: the fastest link a lab takes (400 Gbit/s). */
const MAX_QOS_KBIT = 400_000_000;

/** `-option qos=<kbits/s>,convert=yes|no`, each at most once. */
const optionList = () => list('options', [setting('qos', 'number'), setting('convert', ['yes', 'no'])], true);

function options(opts: OptionList<'qos' | 'convert'> | undefined): { qosKbit: number; convert: boolean } {
  const out = { qosKbit: 0, convert: true };
  if (opts === undefined) return out;
  const seen = new Set<string>();
  for (const item of opts.items) {
    const v = item.value;
    if (item.key === null || v === null || v === '' || seen.has(item.key)) return fail('copy_option_invalid', { value: item.text || opts.text });
    seen.add(item.key);
    if (item.key === 'qos') {
      if (!/^\d+$/.test(v) || Number(v) > MAX_QOS_KBIT) fail('copy_option_invalid', { value: item.text });
      out.qosKbit = Number(v);
    } else if (/^(yes|y)$/i.test(v)) out.convert = true;
    else if (/^(no|n)$/i.test(v)) out.convert = false;
    else fail('copy_option_invalid', { value: item.text });
  }
  return out;
}

const sessionRef = () => alt(val('session', 'name'), kv('id', 'session_id', 'number'));
const refOf = (values: { session?: string; id?: string }): SessionRef => (values.session !== undefined ? { name: values.session } : { id: values.id! });

export const fsCopyCommand = defineCommand({
  name: 'fs_copy',
  kind: 'celerra',
  summary: 'copy a checkpoint to another file system, in full or the changes since an older one',
  forms: [
    form(
      'start',
      [flag('-start'), val('srcfs', 'fs'), at('dstfs', 'fs', 'either'), any(opt(seq(flag('-fromfs'), val('ckpt1', 'fs'))), opt(seq(flag('-option', '-o'), optionList())))],
      true,
    ),
    form('list', [flag('-list', '-l')]),
    form('info', [flag('-info', '-i'), sessionRef()]),
    form('abort', [flag('-abort'), sessionRef()], true),
  ],
  parse: (m): Req => {
    switch (m.form) {
      case 'start': {
        const dst = m.values.dstfs;
        if (dst.malformed) throw new UsageError(`bad destination '${dst.word}' (use <dstfs> or <dstfs>:cel=<cel_name>)`);
        return {
          op: 'start',
          req: { src: m.values.srcfs, dst: dst.name, dstCel: dst.cel ?? null, fromfs: m.values.ckpt1 ?? null, ...options(m.values.options) },
        };
      }
      case 'list':
        return { op: 'list' };
      case 'info':
        return { op: 'info', ref: refOf(m.values) };
      default:
        return { op: 'abort', ref: refOf(m.values) };
    }
  },
  run: (ctx, r): Ran<Res> => {
    const { world, cell } = ctx;
    const info = (s: CopySession): Res => ({ op: 'info', copy: describeCopy(world, s), cel: cell.name });
    switch (r.op) {
      case 'start':
        return changedWorld(info(startCopy(world, cell, r.req)));
      case 'list':
        return unchanged({ op: 'list', copies: sessionsOf(world, cell).map((s) => describeCopy(world, s)), cel: cell.name });
      case 'info':
        return unchanged(info(findSession(world, cell, r.ref)));
      case 'abort':
        return changedWorld(info(abortCopy(world, cell, r.ref)));
    }
  },
  format: (res): Output => {
    if (res.op === 'list') return { lines: copyListLines(res.copies, res.cel) };
    return { lines: copyInfoBlock(res.copy, res.cel) };
  },
});
