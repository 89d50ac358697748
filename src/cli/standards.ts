import type { Command } from '@commander-js/extra-typings';
import { builtinStandards, loadStandard, DEFAULT_STANDARD_ID } from '../standards/load-standard.js';
import { BUILTIN_STANDARDS } from '../standards/builtin.js';
import { standardText } from '../report/standard-text.js';

export function registerStandards(program: Command): void {
  program
    .command('standards')
    .description('list the built-in standards, or show one: settings and their sources, levels, zones, rules, quotas, plan indicators')
    .argument('[name]', 'a built-in standard to show')
    .option('--json', 'print the standard as JSON (a starting point for your own)')
    .addHelpText('after', `
Examples:
  $ lifecircle standards
  $ lifecircle standards guangzhou-1530
  $ lifecircle standards guangzhou-1530 --json > my-standard.json   # edit, then: analyze --standard my-standard.json`)
    .action((name, opts) => {
      if (name === undefined) {
        for (const s of builtinStandards()) {
          const std = loadStandard(s.id);
          const assumed = std.rules.filter((r) => r.assumed).length;
          process.stdout.write(`${s.id}${s.id === DEFAULT_STANDARD_ID ? ' (default)' : ''}\n  ${s.name}${std.nameZh ? ` / ${std.nameZh}` : ''}\n` +
            `  levels: ${std.levels.map((l) => l.id).join(', ')}; ${std.rules.length} rules (${assumed} assumed), kinds: ${std.kinds.join(', ')}\n`);
        }
        return;
      }
      const std = loadStandard(name); // the error for an unknown name lists the built-ins
      if (opts.json) {
        const raw = BUILTIN_STANDARDS.find((s) => (s as { id: string }).id === name);
        process.stdout.write(`${JSON.stringify(raw, null, 2)}\n`);
        return;
      }
      process.stdout.write(standardText(std, { isDefault: name === DEFAULT_STANDARD_ID }));
    });
}
