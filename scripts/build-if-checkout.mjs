// `prepare`: builds dist/ in a clone of the repository (so README's `npm ci && node bin/lifecircle.js`
// works), and does nothing when the package is installed from its tarball, which ships dist/ already
// built by `prepack` and has neither .git nor the TypeScript compiler.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';
import process from 'node:process';

const root = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(new URL('../.git', import.meta.url)) && existsSync(new URL('../node_modules/typescript', import.meta.url))) {
  execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  // The same steps as `npm run build`: the browser bundle of the report's what-if panel after tsc.
  if (existsSync(new URL('./build-browser.mjs', import.meta.url))) {
    execFileSync(process.execPath, [fileURLToPath(new URL('./build-browser.mjs', import.meta.url))], { cwd: root, stdio: 'inherit' });
  }
}
