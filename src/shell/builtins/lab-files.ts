// save, load, reset: the lab as one file that can be kept, shared and restored.
import { LabFileError } from '../../store/lab-store.js';
import { defineCommand } from '../command.js';
import { form, opt, val } from '../grammar.js';

function guarded(fn: () => string): { text: string; ok: boolean } {
  try {
    return { text: fn(), ok: true };
  } catch (e) {
    if (e instanceof LabFileError) return { text: e.message, ok: false };
    const err = e as NodeJS.ErrnoException;
    if (err.code) return { text: err.message, ok: false };
    throw e;
  }
}

const reply = (name: string) => (r: { text: string; ok: boolean }) =>
  r.ok ? { lines: [r.text], changed: true } : { lines: [`${name}: ${r.text}`], status: 1 };

export const saveCommand = defineCommand({
  name: 'save',
  kind: 'builtin',
  summary: 'write the lab now, or a copy of it to a file',
  forms: [form('save', [opt(val('file', 'file'))])],
  parse: (m) => m.values.file,
  run: (ctx, file: string | undefined) => guarded(() => ctx.host.save(file)),
  format: reply('save'),
});

export const loadCommand = defineCommand({
  name: 'load',
  kind: 'builtin',
  summary: 'replace the lab with one saved in a file',
  forms: [form('load', [val('file', 'file')])],
  parse: (m) => m.values.file,
  run: (ctx, file: string) => guarded(() => ctx.host.load(file)),
  format: reply('load'),
});

export const resetCommand = defineCommand({
  name: 'reset',
  kind: 'builtin',
  summary: 'start the lab over from its fixture',
  forms: [form('reset', [])],
  parse: () => null,
  run: (ctx) => guarded(() => ctx.host.reset()),
  format: reply('reset'),
});
