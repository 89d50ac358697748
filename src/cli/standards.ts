import type { Command } from '@commander-js/extra-typings';
import { builtinStandards, loadStandard, DEFAULT_STANDARD_ID } from '../standards/load-standard.js';
import { BUILTIN_STANDARDS } from '../standards/builtin.js';

export function registerStandards(program: Command): void {
  program
    .command('standards')
    .description('list the built-in standards, or print one as JSON (a starting point for your own)')
    .argument('[name]', 'a built-in standard to print')
    .addHelpText('after', `
Examples:
  $ lifecircle standards
  $ lifecircle standards guangzhou-1530 > my-standard.json   # edit, then: analyze --standard my-standard.json`)
    .action((name) => {
      if (name === undefined) {
        for (const s of builtinStandards()) {
          const std = loadStandard(s.id);
          const assumed = std.rules.filter((r) => r.assumed).length;
          process.stdout.write(`${s.id}${s.id === DEFAULT_STANDARD_ID ? ' (default)' : ''}\n  ${s.name}${std.nameZh ? ` / ${std.nameZh}` : ''}\n` +
            `  ${std.rules.length} rules (${assumed} assumed), kinds: ${std.kinds.join(', ')}\n`);
        }
        return;
      }
      loadStandard(name); // the error for an unknown name lists the built-ins
      const raw = BUILTIN_STANDARDS.find((s) => (s as { id: string }).id === name);
      process.stdout.write(`${JSON.stringify(raw, null, 2)}\n`);
    });
}
