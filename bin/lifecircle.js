#!/usr/bin/env node
// City-sized commands start again with 2 MB pages where that pays (see src/cli/huge-pages.ts);
// this process then only waits for that one.
import { relaunchWithHugePages } from '../dist/cli/huge-pages.js';

if (!relaunchWithHugePages()) {
  const { main } = await import('../dist/cli/main.js');
  await main(process.argv);
}
