// npm run wasm: writes every WebAssembly kernel's bytes module from its text (see scripts/wasm/assemble.ts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KERNELS, assembleWat, bytesModule } from './wasm/assemble.js';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const kernel of KERNELS) {
  const bytes = await assembleWat(root + kernel.wat);
  writeFileSync(root + kernel.module, bytesModule(kernel, bytes));
  console.log(`${kernel.module}: ${bytes.length} bytes from ${kernel.wat}`);
}
