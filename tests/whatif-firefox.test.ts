// Issue 14's smoke test in Firefox ESR (Debian's, when installed; skipped saying so otherwise): the
// demo's what-if report from file:// starts its engine in a Web Worker and answers the scripting hook
// like the CLI, for the baseline and after adding a facility. Driven over WebDriver BiDi by
// tests/support/firefox-bidi.mjs, since playwright-core cannot drive stock Firefox ESR.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './support/scratch.js';
import { DEMO_DIR, mostLacked, siteIn } from './support/demo-scenario.js';
import { runDemo } from '../src/cli/demo.js';
import { runAnalyze } from '../src/cli/analyze.js';
import { WHATIF_ENGINE_URL } from '../src/io/whatif-engine.js';

const FIREFOX = '/usr/bin/firefox-esr';
const driver = fileURLToPath(new URL('./support/firefox-bidi.mjs', import.meta.url));
const why = !existsSync(FIREFOX) ? `${FIREFOX} is not installed (apt-get install firefox-esr)`
  : !existsSync(join(DEMO_DIR, 'network.geojson')) ? 'the demo data is missing'
    : !existsSync(WHATIF_ENGINE_URL) ? 'dist/browser/whatif.js is not built (npm run build)' : '';

describe.skipIf(why !== '')(`what-if in report.html (Firefox ESR smoke)${why ? `: skipped, ${why}` : ''}`, () => {
  const scratch = scratchDir('lc-whatif-firefox-');

  it('starts the engine in a worker from file:// and equals the CLI before and after an add', async () => {
    const { analysis: base } = await runDemo({ out: join(scratch.dir, 'demo'), quiet: true });
    const category = mostLacked(base);
    const site = siteIn(base, category, 0);
    const hook = 'window.lifecircle.whatIf';
    const out = execFileSync(process.execPath, ['--experimental-websocket', '--no-warnings', driver, pathToFileURL(join(scratch.dir, 'demo', 'report.html')).href, JSON.stringify([
      `${hook}.ready.then(() => ${hook}.summary()).then((s) => JSON.stringify({ attainment: s.attainment, inWorker: window.LifecircleWhatIf === undefined }))`,
      `${hook}.add(${JSON.stringify({ category, lon: site.lon, lat: site.lat, id: 'firefox-1' })}).then((r) => ${hook}.scenario().then((files) => JSON.stringify({ attainment: r.attainment, files, badge: document.getElementById('wi-badge').textContent })))`,
    ])], { encoding: 'utf8', timeout: 120_000 });
    const [before, after] = (JSON.parse(out) as string[]).map((s) => JSON.parse(s));
    expect(before.inWorker).toBe(true);
    expect(before.attainment).toEqual(JSON.parse(JSON.stringify(base.kinds)));
    expect(after.badge).toContain('1 change');
    const { analysis: cli } = await runAnalyze({
      network: join(DEMO_DIR, 'network.geojson'), facilities: join(DEMO_DIR, 'facilities.geojson'),
      communities: join(DEMO_DIR, 'communities.geojson'), population: join(DEMO_DIR, 'population.geojson'),
    }, { out: join(scratch.dir, 'cli'), quiet: true, add: scratch.put('add.geojson', after.files.add) });
    expect(after.attainment).toEqual(JSON.parse(JSON.stringify(cli.kinds)));
    expect(after.attainment).not.toEqual(before.attainment);
  }, 180_000);
});
