// Process entry: drshell's own flags (commander), then the interactive shell on a
// terminal or batch mode otherwise. Batch mode never loads ink or react.
import { Command as Commander, CommanderError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, resolveLabSource, defaultStatePath, DEFAULT_LAB } from './store/paths.js';

export interface CliOptions {
  lab: string;
  state?: string;
  fresh: boolean;
  seed?: number;
  command?: string;
  keepGoing: boolean;
  script?: string;
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new Error(`--seed wants a whole number from 0 to 4294967295, not '${value}'`);
  return Number(value);
}

export function parseArgs(argv: string[]): CliOptions {
  const version = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
  const program = new Commander('drshell')
    .description('A Control Station shell (Celerra dialect) over a simulated multi-site NAS cluster.')
    .argument('[script]', 'a file of commands to run in batch mode')
    .option('--lab <fixture|file>', 'the lab to open: a fixture name or a lab file', DEFAULT_LAB)
    .option('--state <file>', 'where the lab is kept (default: under $XDG_DATA_HOME/drshell/labs)')
    .option('--fresh', 'start the lab over from its fixture', false)
    .option('--seed <n>', 'seed of the simulation for a fresh lab', parseSeed)
    .option('-c <commands>', "commands to run in batch mode (';' or newlines between them)")
    .option('--keep-going', 'in batch mode, go on after a command fails', false)
    .version(version, '--version', 'print the version')
    .helpOption('--help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  program.parse(argv, { from: 'user' });
  const o = program.opts<{ lab: string; state?: string; fresh: boolean; seed?: number; c?: string; keepGoing: boolean }>();
  return { lab: o.lab, state: o.state, fresh: o.fresh, seed: o.seed, command: o.c, keepGoing: o.keepGoing, script: program.args[0] };
}

/** The bundled UI when the build made it (fast start), else the plain modules. */
async function loadInteractive(): Promise<typeof import('./ui/interactive.js')> {
  const bundle = new URL('./ui/interactive.bundle.js', import.meta.url);
  if (existsSync(bundle)) return (await import(bundle.href)) as typeof import('./ui/interactive.js');
  return import('./ui/interactive.js');
}

async function main(): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    // --help and --version end here with 0; a bad flag is a usage error, 2 as in sh.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    process.stderr.write(`drshell: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts.command !== undefined && opts.script) {
    process.stderr.write('drshell: give commands with -c or in a script file, not both\n');
    return 2;
  }
  const source = resolveLabSource(opts.lab);
  const stateFile = opts.state ?? defaultStatePath(source.name);
  const interactive = !opts.command && !opts.script && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (interactive) {
    const { runInteractive } = await loadInteractive();
    return runInteractive({ ...opts, fixtureFile: source.file, stateFile });
  }
  const { runBatch } = await import('./batch.js');
  return runBatch({ ...opts, fixtureFile: source.file, stateFile });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`drshell: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
