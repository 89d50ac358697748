import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from '@commander-js/extra-typings';
import { coloursFor } from './colour.js';
import { runAnalyze } from './analyze.js';
import { say } from './progress.js';
import type { Analysis } from '../scoring/analyze.js';

/** The embedded demo district, found beside the package's code (dist/cli or src/cli: both two levels down). */
export const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));

export const DEMO_FILES = {
  network: join(DEMO_DIR, 'network.geojson'),
  facilities: join(DEMO_DIR, 'facilities.geojson'),
  communities: join(DEMO_DIR, 'communities.geojson'),
  population: join(DEMO_DIR, 'population.geojson'),
};

export interface DemoOptions {
  out: string;
  quiet?: boolean;
  /** The what-if panel in report.html (default on for the demo). */
  whatIf?: boolean;
}

/** `analyze` on the demo district; returns the analysis and the report's path. */
export async function runDemo(opts: DemoOptions): Promise<{ analysis: Analysis; report: string; written: string[] }> {
  const missing = Object.values(DEMO_FILES).filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`the demo data is missing (${missing.join(', ')}); run \`npm run demo:data\` in a checkout`);
  const { analysis, written } = await runAnalyze(DEMO_FILES, { out: opts.out, quiet: opts.quiet, title: 'lifecircle demo: a synthetic district 示例城区', whatIf: opts.whatIf ?? true });
  return { analysis, written, report: resolve(opts.out, 'report.html') };
}

import { attainmentLines } from '../report/report-facts.js';
export { attainmentLines };

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('analyze the embedded demo district (a synthetic Guangzhou district) and write its report')
    .option('--out <dir>', 'output folder', 'lifecircle-demo')
    .option('--quiet', 'no progress output; print only the report\'s path')
    .option('--no-what-if', 'a read-only report.html, without the what-if panel')
    .addHelpText('after', `
Runs \`lifecircle analyze\` on data/demo (network, facilities, communities, population; see data/demo/README.md)
with the guangzhou-1530 standard and writes the same files as analyze, then prints where report.html is.
Examples:
  $ lifecircle demo
  $ lifecircle demo --out my-demo && xdg-open my-demo/report.html`)
    .action(async (opts) => {
      const { analysis, report, written } = await runDemo(opts);
      for (const line of attainmentLines(analysis)) say(opts.quiet, line);
      say(opts.quiet, `wrote ${written.length} files to ${opts.out}`);
      process.stdout.write(opts.quiet ? `${report}\n` : `${coloursFor(process.stdout).bold('report:')} ${report}\n  open in a browser: ${pathToFileURL(report).href}\n`);
    });
}
