// The CLI from source, for tests that need a real process (a terminal, pipes): node --import tsx tests/support/cli-entry.ts ...
import { main } from '../../src/cli/main.js';

await main(process.argv);
