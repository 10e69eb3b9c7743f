// `server_* {<movername>|ALL}`: runs a query on one data mover or on every one in slot
// order. With ALL a mover that cannot answer gets its error line in place and the others
// still answer, as the real commands do; the command then exits non-zero.
import { requireOnline, resolveMovers } from '../engine/cluster.js';
import { fail, NasError } from '../engine/errors.js';
import type { Cell, Mover, Vdm } from '../engine/types.js';
import { hostOf, resolveServer, serverName, type Server } from '../engine/vdm/vdms.js';
import { defineCommand, unchanged, type Command, type Ctx, type Output } from './command.js';
import { errorLine } from './error-table.js';
import { alt, form, key, val } from './grammar.js';

/** `{<movername>|ALL}`; a matched word lands in `values.movername` either way. */
export function moverOrAll() {
  return alt(val('movername', 'mover_all'), key('ALL'));
}

export type PerMover<T> = { mover: Mover; value: T } | { mover: Mover; error: NasError };

/** Looks the target up (an unknown name throws, as for one mover) and queries each. */
export function eachMover<T>(cell: Cell, name: string, query: (m: Mover) => T): PerMover<T>[] {
  const movers = resolveMovers(cell, name);
  if (name !== 'ALL') return [{ mover: movers[0]!, value: query(movers[0]!) }];
  return movers.map((mover) => {
    try {
      return { mover, value: query(mover) };
    } catch (e) {
      if (e instanceof NasError) return { mover, error: e };
      throw e;
    }
  });
}

/** eachMover for what only a mover that is up can answer; one that is not gets its error. */
export function eachOnlineMover<T>(cell: Cell, name: string, query: (m: Mover) => T): PerMover<T>[] {
  return eachMover(cell, name, (m) => {
    requireOnline(m);
    return query(m);
  });
}

/** The values of the movers or servers that answered (with ALL, the others failed in their place). */
export function answered<T>(results: (PerMover<T> | PerServer<T>)[]): T[] {
  return results.flatMap((r) => ('value' in r ? [r.value] : []));
}

/** Each mover's lines, or its error line; status 1 when any mover failed. */
export function formatEach<T>(results: PerMover<T>[], lines: (value: T, mover: Mover) => string[]): Output {
  const out: string[] = [];
  let failed = false;
  for (const r of results) {
    if ('error' in r) {
      failed = true;
      out.push(errorLine(r.error.code, r.error.data, r.mover.name));
    } else out.push(...lines(r.value, r.mover));
  }
  return failed ? { lines: out, status: 1 } : { lines: out };
}

/** `{<movername>|<vdm>|ALL}`: a data mover, a VDM ([000245]), or every data mover. */
export function serverOrAll() {
  return alt(val('movername', 'server_all'), key('ALL'));
}

export type PerServer<T> = { name: string; value: T } | { name: string; error: NasError };

/** A server's query, or with ALL every data mover's (VDMs are named one at a time), each failure in its place. */
export function eachServer<T>(cell: Cell, name: string, query: (s: Server) => T): PerServer<T>[] {
  if (name !== 'ALL') {
    const s = resolveServer(cell, name);
    return [{ name: serverName(s), value: query(s) }];
  }
  return resolveMovers(cell, 'ALL').map((mover) => {
    try {
      return { name: mover.name, value: query({ kind: 'mover', mover }) };
    } catch (e) {
      if (e instanceof NasError) return { name: mover.name, error: e };
      throw e;
    }
  });
}

/** The data mover that answers for a server now: the mover itself, or the one a VDM is on; it must be online. */
export function answeringMover(cell: Cell, s: Server): Mover {
  const mover = s.kind === 'mover' ? s.mover : (hostOf(cell, s.vdm) ?? fail('vdm_not_loaded', { vdm: s.vdm.name, state: s.vdm.state }));
  requireOnline(mover);
  return mover;
}

/** Each server's lines, or its error line; status 1 when any failed. */
export function formatEachServer<T>(results: PerServer<T>[], lines: (value: T, name: string) => string[]): Output {
  const out: string[] = [];
  let failed = false;
  for (const r of results) {
    if ('error' in r) {
      failed = true;
      out.push(errorLine(r.error.code, r.error.data, r.name));
    } else out.push(...lines(r.value, r.name));
  }
  return failed ? { lines: out, status: 1 } : { lines: out };
}

export interface MoverQuery<T> {
  name: string;
  summary: string;
  /** What the query reads from an online data mover, or (`vdm` given) for a VDM on it. */
  value: (ctx: Ctx, mover: Mover, vdm?: Vdm) => T;
  /** The one line printed for it, after `<mover> : `. */
  line: (value: T) => string;
}

/** A read-only `server_* {<movername>|<vdm>|ALL}` command answering one line per server. */
export function moverQueryCommand<T>(q: MoverQuery<T>): Command<{ mover: string }, PerServer<T>[]> {
  return defineCommand({
    name: q.name,
    kind: 'celerra',
    summary: q.summary,
    forms: [form('show', [serverOrAll()])],
    parse: (m) => ({ mover: m.values.movername ?? 'ALL' }),
    target: (req) => req.mover,
    run: (ctx, req) => unchanged(eachServer(ctx.cell, req.mover, (s) => q.value(ctx, answeringMover(ctx.cell, s), s.kind === 'vdm' ? s.vdm : undefined))),
    format: (results) => formatEachServer(results, (value, name) => [`${name} : ${q.line(value)}`]),
  });
}
