// Bundles dist/src/ui/interactive.js into dist/src/ui/interactive.bundle.js: one file with
// everything it imports (ink, react, yoga, the shell and the engine), so the interactive shell
// reaches its prompt fast. Batch mode never loads this file.
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'ui', 'interactive.js');
const outfile = join(root, 'dist', 'src', 'ui', 'interactive.bundle.js');
// ink loads its React devtools only when DEV=true; the bundle must not require the package.
const stubDir = mkdtempSync(join(tmpdir(), 'drshell-bundle-'));
const stub = join(stubDir, 'devtools-stub.js');
writeFileSync(stub, 'export default { connectToDevTools() {} };\n');
try {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { 'react-devtools-core': stub },
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __drshellRequire } from 'node:module'; const require = __drshellRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
} finally {
  rmSync(stubDir, { recursive: true, force: true });
}
