// Bundles the two entries of the compiled shell, each into one file with everything it
// imports, since Node loads one file far faster than hundreds of small modules:
// - dist/src/cli.js into dist/src/cli.bundle.js, what bin/drshell.js runs (flags, batch mode,
//   the shell, the commands, the engine); the interactive front end stays out of it, loaded
//   only on a terminal;
// - dist/src/ui/interactive.js into dist/src/ui/interactive.bundle.js (ink, react, yoga and the
//   rest), so the interactive shell reaches its prompt fast. Batch mode never loads this file.
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'dist', 'src');
// ink loads its React devtools only when DEV=true; the bundle must not require the package.
const stubDir = mkdtempSync(join(tmpdir(), 'drshell-bundle-'));
const stub = join(stubDir, 'devtools-stub.js');
writeFileSync(stub, 'export default { connectToDevTools() {} };\n');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __drshellRequire } from 'node:module'; const require = __drshellRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};
/** The interactive front end, imported by cli.js only on a terminal: left out of the batch bundle. */
const uiOutside = {
  name: 'ui-outside',
  setup(b) {
    b.onResolve({ filter: /\/ui\/interactive(\.bundle)?\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};
try {
  await build({ ...common, entryPoints: [join(src, 'cli.js')], outfile: join(src, 'cli.bundle.js'), plugins: [uiOutside] });
  await build({
    ...common,
    entryPoints: [join(src, 'ui', 'interactive.js')],
    outfile: join(src, 'ui', 'interactive.bundle.js'),
    alias: { 'react-devtools-core': stub },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
} finally {
  rmSync(stubDir, { recursive: true, force: true });
}
