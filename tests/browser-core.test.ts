import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium, recordForeignRequests } from './support/chromium.js';
import { scratchDir } from './support/scratch.js';
import { analyze } from '../src/scoring/analyze.js';
import { summaryJson } from '../src/report/summary-json.js';
import { communitiesCsv } from '../src/report/communities-csv.js';
import { standardCoverage } from '../src/isochrone/standard-coverage.js';
import { COVERAGE_LANES_WASM } from '../src/isochrone/coverage-lanes-wasm.js';

/**
 * The library entry (`lifecircle`, as a user's bundler resolves it from node_modules) bundled by Vite
 * and by esbuild for the browser, loaded into headless Chromium, runs analyze on the demo district and
 * gets what Node gets. Guards against a Node-only import creeping into the core (it once failed at load
 * with `Buffer is not defined`, from csv-stringify's Node build).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const demo = join(root, 'data/demo');
const read = (name: string) => JSON.parse(readFileSync(join(demo, name), 'utf8'));

// What a user's page does: import from 'lifecircle', analyze, write summary.json and communities.csv.
const ENTRY = `import { analyze, summaryJson, communitiesCsv, standardCoverage } from 'lifecircle';
export function run(inputs) {
  const a = analyze(inputs);
  return { summary: summaryJson(a), csv: communitiesCsv(a), coverage: JSON.stringify(standardCoverage(a)) };
}
`;

/** summary.json without its timings, which differ run to run. */
function withoutTimings(summary: string): unknown {
  const s = JSON.parse(summary);
  delete s.diagnostics.timingsMs;
  return s;
}

describe.skipIf(!hasChromium || !existsSync(join(demo, 'network.geojson')) || !existsSync(join(root, 'dist/index.js')))('the library entry in a browser', () => {
  const scratch = scratchDir('lifecircle-browser-core-');
  const bundles: Record<string, string> = {};
  let context: BrowserContext;
  let page: Page;
  let foreign: string[];
  const errors: string[] = [];
  const inputs = {
    network: read('network.geojson').features, facilities: read('facilities.geojson').features,
    communities: read('communities.geojson').features, population: read('population.geojson').features,
  };

  beforeAll(async () => {
    // A user's project: lifecircle installed in node_modules (a link to this checkout, built by `npm run build`).
    const project = join(scratch.dir, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(root, join(project, 'node_modules', 'lifecircle'), 'dir');
    writeFileSync(join(project, 'entry.js'), ENTRY);

    await viteBuild({
      root: project, configFile: false, logLevel: 'silent',
      build: {
        outDir: join(project, 'vite'), emptyOutDir: true, minify: false,
        lib: { entry: join(project, 'entry.js'), formats: ['iife'], name: 'LC', fileName: () => 'bundle.js' },
      },
    });
    bundles.vite = readFileSync(join(project, 'vite', 'bundle.js'), 'utf8');
    await esbuild({
      entryPoints: [join(project, 'entry.js')], bundle: true, format: 'iife', globalName: 'LC', platform: 'browser',
      outfile: join(project, 'esbuild', 'bundle.js'), logLevel: 'silent',
    });
    bundles.esbuild = readFileSync(join(project, 'esbuild', 'bundle.js'), 'utf8');

    context = await launchChromium(join(scratch.dir, 'profile'), 800);
    foreign = await recordForeignRequests(context);
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  });

  afterAll(async () => { await context?.close(); });

  const node = () => {
    const a = analyze(inputs);
    return { summary: summaryJson(a), csv: communitiesCsv(a), coverage: JSON.stringify(standardCoverage(a)) };
  };

  /** Counts the WebAssembly instances the page makes (the coverage kernel's, one a pass). */
  const COUNT_INSTANCES = `(() => {
    const Instance = WebAssembly.Instance;
    globalThis.instances = 0;
    WebAssembly.Instance = function (...args) { globalThis.instances++; return new Instance(...args); };
  })()`;

  for (const bundler of ['vite', 'esbuild']) {
    it(`bundled by ${bundler}, loads and analyzes the demo as Node does`, async () => {
      await page.goto('about:blank');
      await page.evaluate(COUNT_INSTANCES);
      await page.addScriptTag({ content: bundles[bundler] });
      expect(errors).toEqual([]);
      const inBrowser = await page.evaluate((i) => (globalThis as unknown as { LC: { run: (x: unknown) => { summary: string; csv: string; coverage: string } } }).LC.run(i), inputs);
      expect(errors).toEqual([]);
      const inNode = node();
      expect(withoutTimings(inBrowser.summary)).toEqual(withoutTimings(inNode.summary));
      expect(inBrowser.csv).toBe(inNode.csv);
      // Coverage drawn in the page, by the WebAssembly kernel, as in Node.
      expect(inBrowser.coverage).toBe(inNode.coverage);
      expect(JSON.parse(inBrowser.coverage).features.length).toBeGreaterThan(10);
      expect(await page.evaluate('globalThis.instances')).toBeGreaterThan(0);
      expect(foreign).toEqual([]);
    });
  }

  it("compiles the coverage kernel's WebAssembly (SIMD included) in the page", async () => {
    await page.goto('about:blank');
    // As text: the project's lib (ES2022, no DOM) does not declare WebAssembly.
    const compiled = await page.evaluate<string[]>(
      `WebAssembly.Module.exports(new WebAssembly.Module(new Uint8Array([${COVERAGE_LANES_WASM.join(',')}]))).map((e) => e.name).sort()`,
    );
    expect(compiled).toEqual(['memory', 'write']);
  });

  it('draws the same coverage in JavaScript where the page\'s Content-Security-Policy forbids WebAssembly', async () => {
    await page.goto('about:blank');
    // Inline scripts allowed, WebAssembly not ('wasm-unsafe-eval' absent).
    await page.setContent(`<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'">`);
    await page.evaluate(COUNT_INSTANCES);
    await page.addScriptTag({ content: bundles.esbuild });
    const refused = await page.evaluate(`(() => { try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return false; } catch { return true; } })()`);
    expect(refused).toBe(true);
    errors.length = 0;
    const inBrowser = await page.evaluate((i) => (globalThis as unknown as { LC: { run: (x: unknown) => { coverage: string } } }).LC.run(i), inputs);
    // Chromium reports each refused compilation on the console; nothing else may go wrong.
    expect(errors.filter((e) => !/WebAssembly|Content Security Policy/i.test(e))).toEqual([]);
    expect(inBrowser.coverage).toBe(node().coverage);
    expect(await page.evaluate('globalThis.instances')).toBe(0);
    errors.length = 0;
  });

  it('has no Node built-in in either bundle', () => {
    for (const text of Object.values(bundles)) expect(text).not.toMatch(/\brequire\(["']node:|from ["']node:/);
  });
});
