// A running shell over one lab: executes lines through the dispatcher, keeps the history
// and writes the lab after every line that changed it. Both front ends drive one of these.
import { resolve } from 'node:path';
import { labFromFixture, readLabFile, writeLabFileAtomic } from '../store/lab-store.js';
import type { Host } from './command.js';
import { execLine, type Reply } from './dispatch.js';
import type { LabDoc } from '../store/lab-doc.js';
import { hasNotices, takeNotices } from '../engine/alerts.js';
import { noticeLine } from '../render/notices.js';

export interface Persistence {
  /** The lab's own file, or null for a lab kept in memory only (tests). */
  file: string | null;
  fixtureFile: string;
  seed?: number;
  write(doc: LabDoc): Promise<void>;
}

export class Shell {
  private dirty = false;
  readonly lines: string[] = [];
  readonly host: Host;

  constructor(
    public lab: LabDoc,
    private readonly persistence: Persistence,
    history: string[] = [],
  ) {
    this.lines.push(...history);
    const self = this;
    this.host = {
      save(file?: string) {
        if (!file) {
          self.dirty = true;
          return persistence.file ? `saved to ${persistence.file}` : 'saved (this lab is kept in memory)';
        }
        const target = resolve(file);
        writeLabFileAtomic(target, self.lab);
        return `saved to ${target}`;
      },
      load(file: string) {
        const doc = readLabFile(resolve(file));
        self.lab = doc;
        self.dirty = true;
        return `loaded ${resolve(file)} (${doc.world.name}: ${doc.world.cells.map((c) => c.name).join(', ')})`;
      },
      reset() {
        self.lab = labFromFixture(persistence.fixtureFile, persistence.seed);
        self.dirty = true;
        return `reset to ${persistence.fixtureFile}`;
      },
      history: () => self.lines,
      describe: () => persistence.file ?? '(memory)',
    };
  }

  /** Runs a line; `keepGoing` false stops a multi-command line at its first failure. */
  exec(line: string, keepGoing = true): Reply {
    const r = execLine(() => this.lab, this.host, line, keepGoing);
    if (r.changed) this.dirty = true;
    const notices = this.takeNotices();
    if (notices.length > 0) r.notices = notices;
    return r;
  }

  /** Alert notices raised and not yet printed, as lines; taken off the lab's queue. */
  takeNotices(): string[] {
    if (!hasNotices(this.lab.world)) return [];
    this.dirty = true;
    return takeNotices(this.lab.world).map(noticeLine);
  }

  /** Something outside the dispatcher (the running clock) changed the world. */
  markChanged(): void {
    this.dirty = true;
  }

  remember(line: string): void {
    if (line.trim() && this.lines[this.lines.length - 1] !== line) this.lines.push(line);
  }

  /** Writes the lab if anything changed since the last flush. */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await this.persistence.write(this.lab);
  }
}

/** A shell over a copy of a fixture, kept in memory: for tests and benchmarks. */
export function memoryShell(fixtureFile: string, seed?: number): Shell {
  return new Shell(labFromFixture(fixtureFile, seed), { file: null, fixtureFile, seed, write: async () => {} });
}
