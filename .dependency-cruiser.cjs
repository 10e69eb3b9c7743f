// The layers of drshell, checked by `npm run layers`:
//   src/engine   the simulated cluster; knows nothing of how it is shown or driven
//   src/store    lab files on disk (engine types in, bytes out)
//   src/render   text the commands and the UI share (engine data in, strings out)
//   commands/    one Celerra command each, built on the shell's command/grammar API
//   src/shell    the session: parsing, dispatch, built-ins, the command registry
//   src/ui       the interactive terminal (ink/react), reached only from the entry
// Type-only imports count: a type pulled across a layer couples it as much as a value.

/** The modules of src/shell that commands build on. */
const COMMAND_API = '^src/shell/(command|grammar|each-mover|error-table)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-stands-alone',
      comment: 'The engine imports only itself: no shell, render, ui, store, commands or entry code.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^(src/|commands/|bench/)', pathNot: '^src/engine/' },
    },
    {
      name: 'store-on-engine',
      comment: 'The store imports only the engine and itself.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^(src/|commands/|bench/)', pathNot: '^src/(engine|store)/' },
    },
    {
      name: 'render-on-engine',
      comment: 'Render imports only the engine and itself.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^(src/|commands/|bench/)', pathNot: '^src/(engine|render)/' },
    },
    {
      name: 'commands-not-ui-or-store',
      comment: 'Commands reach the world through the engine and print through render: never the ui, the store or the entry.',
      severity: 'error',
      from: { path: '^commands/' },
      to: { path: '^(src/(ui|store)/|src/[^/]+$|bench/)' },
    },
    {
      name: 'commands-use-the-command-api',
      comment: 'Of src/shell, commands import only the command/grammar API (command, grammar, each-mover, error-table).',
      severity: 'error',
      from: { path: '^commands/' },
      to: { path: '^src/shell/', pathNot: COMMAND_API },
    },
    {
      name: 'commands-stand-apart',
      comment: 'A command does not import another; text they share lives in src/render.',
      severity: 'error',
      from: { path: '^commands/' },
      to: { path: '^commands/' },
    },
    {
      name: 'ui-only-from-entry',
      comment: 'Only the process entry (src/cli.ts) and the ui itself import src/ui: batch mode must not load it.',
      severity: 'error',
      from: { pathNot: '^src/(cli[.]ts$|ui/)' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'ink-and-react-only-in-ui',
      comment: 'ink and react load only with the interactive ui.',
      severity: 'error',
      from: { pathNot: '^src/ui/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: '^node_modules/(ink|react)/' },
    },
    {
      name: 'no-engine-cycles',
      comment:
        'Engine modules form no import cycle that runs code: type-only imports load nothing, and wiring.ts, whose tables name the handlers of the mechanisms that import it, builds them on first use.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/engine/', circular: true, viaNot: '^src/engine/wiring[.]ts$', viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'resolvable',
      comment: 'Every import resolves (a typo in a path would hide an edge from the rules above).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: '^node_modules' },
    exclude: { path: '^dist/' },
    // ink and lowdb publish ESM only: resolve through their `exports` as Node does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main'],
    },
  },
};
