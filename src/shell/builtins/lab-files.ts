// save, load, reset: the lab as one file that can be kept, shared and restored.
import { LabFileError } from '../../store/lab-store.js';
import { defineCommand, type Effects, type Ran } from '../command.js';
import { form, opt, val } from '../grammar.js';

type Res = { text: string; ok: boolean };

/** The host's answer, with `effects` when it did what was asked; a refusal changed nothing. */
function guarded(fn: () => string, effects: Effects): Ran<Res> {
  try {
    return { result: { text: fn(), ok: true }, effects };
  } catch (e) {
    if (e instanceof LabFileError) return { result: { text: e.message, ok: false }, effects: {} };
    const err = e as NodeJS.ErrnoException;
    if (err.code) return { result: { text: err.message, ok: false }, effects: {} };
    throw e;
  }
}

const reply = (name: string) => (r: Res) => (r.ok ? { lines: [r.text] } : { lines: [`${name}: ${r.text}`], status: 1 });

export const saveCommand = defineCommand({
  name: 'save',
  kind: 'builtin',
  summary: 'write the lab now, or a copy of it to a file',
  forms: [form('save', [opt(val('file', 'file'))])],
  parse: (m) => m.values.file,
  // The host writes the lab (or a copy) itself: nothing the dispatcher keeps changed.
  run: (ctx, file: string | undefined) => guarded(() => ctx.host.save(file), {}),
  format: reply('save'),
});

export const loadCommand = defineCommand({
  name: 'load',
  kind: 'builtin',
  summary: 'replace the lab with one saved in a file',
  forms: [form('load', [val('file', 'file')])],
  parse: (m) => m.values.file,
  run: (ctx, file: string) => guarded(() => ctx.host.load(file), { replaced: true }),
  format: reply('load'),
});

export const resetCommand = defineCommand({
  name: 'reset',
  kind: 'builtin',
  summary: 'start the lab over from its fixture',
  forms: [form('reset', [])],
  parse: () => null,
  run: (ctx) => guarded(() => ctx.host.reset(), { replaced: true }),
  format: reply('reset'),
});
