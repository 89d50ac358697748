// What-if in the browser: the demo's report.html in headless Chromium from file://, timing each change
// through window.lifecircle.whatIf (worker round trip, engine, view, and the page repainting), and the
// engine's own time as the worker reports it. Run: npx tsx benchmarks/whatif-browser-bench.ts [--changes 30]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runDemo } from '../src/cli/demo.js';
import { launchChromium } from '../tests/support/chromium.js';
import { mulberry32 } from '../scripts/synth/random.js';

const args = process.argv.slice(2);
const changes = Number(args[args.indexOf('--changes') + 1] || 30);
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-whatif-bench-'));
try {
  const { analysis } = await runDemo({ out: join(dir, 'demo'), quiet: true });
  const context = await launchChromium(join(dir, 'profile'), 1280);
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(pathToFileURL(join(dir, 'demo', 'report.html')).href);
  const t0 = Date.now();
  await page.evaluate('window.lifecircle.whatIf.ready');
  const startMs = Date.now() - t0;
  const rnd = mulberry32(11);
  const pageMs: number[] = [], engineMs: number[] = [];
  for (let k = 0; k < changes; k++) {
    const r = Math.floor(rnd() * analysis.residents.count), r2 = Math.floor(rnd() * analysis.residents.count);
    const category = analysis.categories[Math.floor(rnd() * analysis.categories.length)];
    const steps = [
      `window.lifecircle.whatIf.add(${JSON.stringify({ category, lon: analysis.residents.lon[r], lat: analysis.residents.lat[r], id: `b${k}` })})`,
      `window.lifecircle.whatIf.move('b${k}', ${analysis.residents.lon[r2]}, ${analysis.residents.lat[r2]})`,
      `window.lifecircle.whatIf.remove('b${k}')`,
    ];
    for (const step of steps) {
      const ms = await page.evaluate(`(async () => { const t = performance.now(); await ${step}; return performance.now() - t; })()`) as number;
      pageMs.push(ms);
      const status = await page.locator('#wi-status').textContent();
      engineMs.push(Number(/(\d+) ms/.exec(status ?? '')?.[1] ?? NaN));
    }
  }
  await context.close();
  const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
  console.log(`what-if in Chromium · ${os.cpus().length} cores · load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`demo report.html ${(statSync(join(dir, 'demo', 'report.html')).size / 1e6).toFixed(2)} MB; worker start (parse state, route every category) ${startMs} ms`);
  console.log(`per change (${pageMs.length}): page round trip median ${q(pageMs, 0.5).toFixed(0)} ms, p90 ${q(pageMs, 0.9).toFixed(0)} ms; engine in the worker median ${q(engineMs, 0.5)} ms, p90 ${q(engineMs, 0.9)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
