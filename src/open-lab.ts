// Opens the lab a run asked for, as a Shell with its store; reports a broken or locked
// lab file plainly instead of touching it.
import { LabFileError, LabStore } from './store/lab-store.js';
import { LabLockedError } from './store/lock.js';
import { Shell } from './shell/shell.js';

export interface LabOptions {
  fixtureFile: string;
  stateFile: string;
  fresh: boolean;
  seed?: number;
}

export async function openShell(o: LabOptions, history: string[] = []): Promise<{ shell: Shell; store: LabStore } | { error: string }> {
  try {
    const { store, created } = await LabStore.open({ stateFile: o.stateFile, fixtureFile: o.fixtureFile, fresh: o.fresh, seed: o.seed });
    if (!created && o.seed !== undefined && o.seed !== store.doc.world.seed) {
      // A seed starts a lab; an existing one keeps its own. Say so rather than ignore it.
      process.stderr.write(`drshell: --seed ${o.seed} ignored: ${store.file} already runs with seed ${store.doc.world.seed} (add --fresh to start over)\n`);
    }
    const shell = new Shell(
      store.doc,
      {
        file: store.file,
        fixtureFile: o.fixtureFile,
        seed: o.seed,
        write: async (doc) => {
          await store.write(doc);
        },
      },
      history,
    );
    return { shell, store };
  } catch (e) {
    if (e instanceof LabFileError) {
      const fix = e.file === o.stateFile ? ' (left as it is; run with --fresh to start the lab over)' : '';
      return { error: `drshell: ${e.message}${fix}` };
    }
    if (e instanceof LabLockedError) return { error: `drshell: ${e.message}` };
    throw e;
  }
}
