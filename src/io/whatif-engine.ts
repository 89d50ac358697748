import { readFile } from 'node:fs/promises';

/**
 * The what-if engine bundle the report inlines: dist/browser/whatif.js, written by `npm run build`
 * (scripts/build-browser.mjs). Found beside the package's code: src/io and dist/io are both two levels down.
 */
export const WHATIF_ENGINE_URL = new URL('../../dist/browser/whatif.js', import.meta.url);

export async function readWhatIfEngine(): Promise<string> {
  try {
    return await readFile(WHATIF_ENGINE_URL, 'utf8');
  } catch {
    throw new Error(`the what-if engine (${WHATIF_ENGINE_URL.pathname}) is missing; run \`npm run build\` in a checkout`);
  }
}
