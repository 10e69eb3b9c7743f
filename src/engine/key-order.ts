// A lab file reads back with its objects' keys in the order of the schema (src/store/schema.ts),
// so an optional part the engine adds later is put where the schema has it: then a lab saved
// and read back is the same text (test/engine/replication/runbook-engine.test.ts checks it).

/** The keys after which the optional parts of a cell and of the world come, in the schema's order. */
export const CELL_TAIL = ['down', 'vdms', 'nextVdmId', 'usermapper'] as const;
export const WORLD_TAIL = ['names', 'nextStamp', 'client', 'copies', 'alerts', 'replications'] as const;

/** Sets `obj[key]` and moves the keys that follow it in `tail` behind it, keeping their values. */
export function setInOrder<T extends object, K extends keyof T>(obj: T, key: K, value: NonNullable<T[K]>, tail: readonly string[]): NonNullable<T[K]> {
  const o = obj as Record<string, unknown>;
  o[key as string] = value;
  for (const k of tail.slice(tail.indexOf(key as string) + 1)) {
    if (!(k in o)) continue;
    const v = o[k];
    delete o[k];
    o[k] = v;
  }
  return value;
}
