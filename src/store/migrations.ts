// Lab files of older format versions, brought to the current one in named steps before the
// schema checks them, so the engine's world always holds every part it reads: a part an older
// drshell did not write gets the value that drshell meant by its absence. Each step takes the
// document as decoded JSON of its version and returns the next version's; a step touches only
// what is there in the shape it expects and leaves anything else for the schema to report.
// A file from a newer drshell is refused, never read as if it were ours.
import { DEFAULT_ALERTS } from '../engine/alerts.js';
import { DEFAULT_SERVICES } from '../engine/mover-settings.js';
import { NO_NAMES } from '../engine/names.js';
import { defaultUsermapper } from '../engine/cifs/usermap.js';
import { LAB_VERSION } from './lab-doc.js';
import { LabFormatError } from './lab-error.js';

type Json = Record<string, unknown>;

interface Migration {
  /** The version it reads; it writes `from + 1`. */
  from: number;
  /** What it does, for a reader of this table. */
  name: string;
  up(doc: Json): void;
}

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const objects = (x: unknown): Json[] => (Array.isArray(x) ? x.filter(isObject) : []);

/** Sets `o[key]` to `value` where the key is absent. */
function fill(o: Json, key: string, value: () => unknown): void {
  if (!(key in o)) o[key] = value();
}

function fillAll(o: Json, defaults: Record<string, () => unknown>): void {
  for (const [key, value] of Object.entries(defaults)) fill(o, key, value);
}

const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    name: 'every part added since the first format, with the value its absence meant',
    up(doc) {
      const world = doc.world;
      if (!isObject(world)) return;
      fillAll(world, {
        names: () => structuredClone(NO_NAMES),
        nextStamp: () => 1,
        client: () => ({ files: {}, hosts: {}, jobs: [], nextJob: 1 }),
        copies: () => [],
        alerts: () => structuredClone(DEFAULT_ALERTS),
        replications: () => [],
      });
      if (isObject(world.client)) {
        fill(world.client, 'sessions', () => []);
        for (const job of objects(world.client.jobs)) fill(job, 'kind', () => 'fill');
      }
      for (const copy of objects(world.copies)) fill(copy, 'owner', () => null);
      for (const cell of objects(world.cells)) {
        const movers = objects(cell.movers);
        fillAll(cell, {
          vdms: () => [],
          nextVdmId: () => 1,
          usermapper: () => defaultUsermapper(movers.map((m) => ({ name: String(m.name), slot: Number(m.slot), type: String(m.type) }))),
        });
        for (const m of movers) {
          fill(m, 'services', () => structuredClone(DEFAULT_SERVICES));
          for (const mount of objects(m.mounts)) fillAll(mount, { accessPolicy: () => null, lock: () => null, flags: () => [] });
        }
        for (const fs of objects(cell.fileSystems)) {
          fillAll(fs, {
            thin: () => false,
            autoExtend: () => false,
            hwm: () => null,
            maxSizeMB: () => null,
            contents: () => null,
            ckpt: () => null,
            savVol: () => null,
            copyOf: () => null,
          });
        }
      }
    },
  },
];

/** Brings a decoded lab document to LAB_VERSION; throws LabFormatError for a version it cannot read. */
export function migrateLab(doc: unknown): unknown {
  if (!isObject(doc) || !isObject(doc.world)) return doc;
  const world = doc.world;
  const version = world.version;
  // Not a number: the schema names the field.
  if (typeof version !== 'number' || !Number.isInteger(version)) return doc;
  if (version > LAB_VERSION) throw new LabFormatError('world.version', `format version ${version} is newer than this drshell reads (${LAB_VERSION}); use a newer drshell`);
  if (version < 1) throw new LabFormatError('world.version', `no format version ${version}`);
  for (let v = version; v < LAB_VERSION; v++) {
    MIGRATIONS.find((m) => m.from === v)!.up(doc);
    world.version = v + 1;
  }
  return doc;
}
