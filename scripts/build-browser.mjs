// The report's what-if engine for the browser: src/whatif/engine-entry.ts and the core it uses, bundled
// into one classic script (dist/browser/whatif.js) that report.html inlines and starts as a Blob worker.
// Part of `npm run build`; esbuild resolves csv-stringify's browser build through the `browser` condition.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: root,
  entryPoints: ['src/whatif/engine-entry.ts'],
  outfile: 'dist/browser/whatif.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
