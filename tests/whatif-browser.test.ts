import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium, recordForeignRequests } from './support/chromium.js';
import { scratchDir } from './support/scratch.js';
import { DEMO_DIR, mostLacked, outcome, siteIn } from './support/demo-scenario.js';
import { runDemo } from '../src/cli/demo.js';
import { runAnalyze } from '../src/cli/analyze.js';
import { runPlan } from '../src/cli/plan.js';
import { WHATIF_ENGINE_URL } from '../src/io/whatif-engine.js';
import type { Analysis } from '../src/scoring/analyze.js';
import type { KindSummary } from '../src/scoring/city-summary.js';
import type { ScenarioFiles } from '../src/whatif/session.js';
import { categoryNames } from '../src/report/report-facts.js';

/**
 * The demo's report.html (what `lifecircle demo` writes) in Chromium from file://: the what-if panel
 * adds a facility by a click on the map, moves one by dragging, removes one by a click, undoes, and
 * after each step the page's attainment, map colours and table equal `analyze --add/--remove` run with
 * the scenario the page exports. No request leaves the file.
 */
interface Hook {
  add(f: { category: string; lon: number; lat: number; id?: string }): Promise<{ attainment: KindSummary[]; id: string }>;
  move(id: string, lon: number, lat: number): Promise<{ attainment: KindSummary[] }>;
  remove(id: string): Promise<{ attainment: KindSummary[] }>;
  reset(): Promise<{ attainment: KindSummary[] }>;
  summary(): Promise<{ attainment: KindSummary[] }>;
  scenario(): Promise<ScenarioFiles>;
  ready: Promise<boolean>;
}
// What the page-side callbacks touch (the test program has no DOM library).
interface Point2 { x: number; y: number; matrixTransform(m: unknown): Point2 }
const README_SCREENSHOT = fileURLToPath(new URL('../docs/whatif-screenshot.png', import.meta.url));
declare const window: { lifecircle: { whatIf: Hook }; LifecircleWhatIf?: unknown; lifecircleMap: { select(i: number): void } };
declare const document: { getElementById(id: string): { textContent: string | null; createSVGPoint(): Point2; getScreenCTM(): unknown } };

/** The text of the parts of the report a what-if redraws besides the headline, map and community table. */
interface SectionTexts { lack: string | null; categories: string[]; quotas: string[]; indicators: string[]; sensitivity: string[] }
async function sectionTexts(p: Page): Promise<SectionTexts> {
  return {
    lack: await p.locator('#lack-sentence').textContent(),
    categories: await p.locator('#category-table tr').allTextContents(),
    quotas: await p.locator('#quota-table tr').allTextContents(),
    indicators: await p.locator('#plan-indicators tr').allTextContents(),
    sensitivity: await p.locator('#sensitivity tr').allTextContents(),
  };
}

describe.skipIf(!hasChromium || !existsSync(join(DEMO_DIR, 'network.geojson')) || !existsSync(WHATIF_ENGINE_URL))('what-if in report.html (chromium)', () => {
  const scratch = scratchDir('lifecircle-whatif-browser-');
  let context: BrowserContext;
  let page: Page;
  let base: Analysis;
  let foreign: string[];
  const errors: string[] = [];
  let step = 0;
  let baseSections: SectionTexts;

  beforeAll(async () => {
    ({ analysis: base } = await runDemo({ out: join(scratch.dir, 'demo'), quiet: true }));
    context = await launchChromium(join(scratch.dir, 'profile'), 1280);
    foreign = await recordForeignRequests(context);
    page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(scratch.dir, 'demo', 'report.html')).href);
    await page.evaluate(() => window.lifecircle.whatIf.ready);
    baseSections = await sectionTexts(page);
  });

  afterAll(async () => { await context?.close(); });

  /** The CLI's report.html for a scenario, in a second tab: the sections the what-if redraws must read the same. */
  async function expectSectionsLikeCli(reportPath: string): Promise<void> {
    const cliPage = await context.newPage();
    try {
      await cliPage.goto(pathToFileURL(reportPath).href);
      expect(await sectionTexts(page)).toEqual(await sectionTexts(cliPage));
      // The details panel open in the what-if page shows what the CLI's report shows for that community.
      const name = await page.locator('#details h3').textContent();
      const i = base.communities.findIndex((s) => s.community.name === name);
      expect(i, `the details panel shows a community (${name})`).toBeGreaterThanOrEqual(0);
      await cliPage.evaluate((i) => window.lifecircleMap.select(i), i);
      expect(await page.locator('#details').textContent()).toBe(await cliPage.locator('#details').textContent());
    } finally {
      await cliPage.close();
    }
  }

  /** The CLI run on the page's exported scenario; the page must show what it computes. */
  async function expectLikeCli(): Promise<Analysis> {
    const files = await page.evaluate(() => window.lifecircle.whatIf.scenario());
    const name = `step-${++step}`;
    const { analysis: cli } = await runAnalyze({
      network: join(DEMO_DIR, 'network.geojson'), facilities: join(DEMO_DIR, 'facilities.geojson'),
      communities: join(DEMO_DIR, 'communities.geojson'), population: join(DEMO_DIR, 'population.geojson'),
    }, { out: join(scratch.dir, name), quiet: true, add: scratch.put(`${name}-add.geojson`, files.add), remove: scratch.put(`${name}-remove.json`, files.remove) });
    await expectSectionsLikeCli(join(scratch.dir, name, 'report.html'));
    const { attainment } = await page.evaluate(() => window.lifecircle.whatIf.summary());
    expect(attainment).toEqual(outcome(cli).attainment);
    // The map's colours and the table's rows follow.
    const statuses = await page.locator('#map path.community').evaluateAll((ps) => ps.map((p) => [Number(p.getAttribute('data-i')), (p.getAttribute('class') ?? '').match(/st-(\w+)/)![1]]));
    const want = cli.communities.map((s) => (!s.scored ? 'na' : s.attained.quality ? 'quality' : s.attained.convenient ? 'convenient' : 'neither'));
    expect(statuses.sort((a, b) => (a[0] as number) - (b[0] as number)).map((x) => x[1])).toEqual(want);
    const rows = await page.locator('#community-table tbody tr').evaluateAll((rs) => rs.map((r) => [Number(r.getAttribute('data-i')), r.getAttribute('data-status')]));
    expect(rows.sort((a, b) => (a[0] as number) - (b[0] as number)).map((x) => x[1])).toEqual(want);
    return cli;
  }

  /** Where a position is on the screen now. */
  async function screenAt(lon: number, lat: number): Promise<{ x: number; y: number }> {
    return page.evaluate(([lon, lat]) => {
      const meta = JSON.parse(document.getElementById('lc-whatif-meta')!.textContent!);
      const svg = document.getElementById('map');
      const p = svg.createSVGPoint();
      p.x = (lon - meta.plane.lon0) * meta.plane.kx; p.y = -(lat - meta.plane.lat0) * meta.plane.ky;
      const s = p.matrixTransform(svg.getScreenCTM());
      return { x: s.x, y: s.y };
    }, [lon, lat]);
  }

  /** An analysed facility's position, read from the state the page embeds. */
  function basePosition(id: string): Promise<{ lon: number; lat: number }> {
    return page.evaluate((id) => {
      const s = JSON.parse(document.getElementById('lc-whatif-state')!.textContent!);
      const f = s.facilities.find((x: { id: unknown }) => String(x.id) === id);
      return { lon: f.position[0], lat: f.position[1] };
    }, id);
  }

  it('starts in a worker, where the analysis stands', async () => {
    expect((await page.evaluate(() => window.lifecircle.whatIf.summary())).attainment).toEqual(base.kinds);
    // The engine runs in the worker, not in the page.
    expect(await page.evaluate(() => window.LifecircleWhatIf === undefined)).toBe(true);
    expect(await page.locator('#wi-badge').textContent()).toContain('As analysed');
  });

  it('adds a facility where the map is clicked', async () => {
    const category = mostLacked(base);
    const site = siteIn(base, category, 0);
    // The details panel open on the community that gets the facility: it must be redrawn for the scenario.
    await page.evaluate((i) => window.lifecircleMap.select(i), site.community);
    const detailsBefore = await page.locator('#details').textContent();
    await page.locator('#map-section').scrollIntoViewIfNeeded();
    await page.locator('input[name="wi-tool"][value="add"]').check();
    await page.locator('#wi-category').selectOption(category);
    const at = await screenAt(site.lon, site.lat);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('#wi-badge').textContent()).toContain('1 change');
    const cli = await expectLikeCli();
    expect(outcome(cli).attainment).not.toEqual(base.kinds);
    // The category table (one more facility of the category), the quotas and the details changed with it.
    const sections = await sectionTexts(page);
    expect(sections.categories).not.toEqual(baseSections.categories);
    expect(sections.categories.find((row) => row.includes(categoryNames(base, [category])[0]))).not.toEqual(baseSections.categories.find((row) => row.includes(categoryNames(base, [category])[0])));
    expect(await page.locator('#details h3').textContent()).toBe(base.communities[site.community].community.name);
    expect(await page.locator('#details').textContent()).not.toBe(detailsBefore);
    expect(await page.locator('#layer-whatif circle.wi-added').count()).toBe(1);
    expect(await page.locator('#wi-diff table').count()).toBe(1);
  });

  it('moves an analysed facility by dragging it', async () => {
    const category = mostLacked(base);
    const f = base.facilities.find((x) => x.category === category)!;
    const { lon, lat } = await basePosition(String(f.id));
    const to = siteIn(base, category, 2);
    await page.locator('input[name="wi-tool"][value="move"]').check();
    const from = await screenAt(lon, lat);
    const dest = await screenAt(to.lon, to.lat);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(dest.x, dest.y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.locator('#wi-badge').textContent()).toContain('2 changes');
    const files = await page.evaluate(() => window.lifecircle.whatIf.scenario());
    expect(files.remove).toEqual([f.id]);
    expect(files.add.features.map((x) => x.properties!.id)).toContain(f.id);
    await expectLikeCli();
    expect(await page.locator('#layer-whatif path[data-removed]').count()).toBe(1);
  });

  it('removes a facility clicked with the remove tool, and undoes it', async () => {
    const f = base.facilities.find((x) => x.category === 'health')!;
    const beforeRemove = await page.evaluate(() => window.lifecircle.whatIf.summary());
    const { lon, lat } = await basePosition(String(f.id));
    await page.locator('input[name="wi-tool"][value="remove"]').check();
    const at = await screenAt(lon, lat);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('#wi-badge').textContent()).toContain('3 changes');
    expect((await page.evaluate(() => window.lifecircle.whatIf.scenario())).remove).toContain(f.id);
    await expectLikeCli();

    await page.locator('#wi-undo').click();
    await expect.poll(() => page.locator('#wi-badge').textContent()).toContain('2 changes');
    expect(await page.evaluate(() => window.lifecircle.whatIf.summary())).toEqual(beforeRemove);
    await expectLikeCli();
  });

  it('shows the scenario: badge, markers and diff (the README screenshot with UPDATE_SCREENSHOT=1)', async () => {
    await page.locator('#zoom-home').click();
    await page.evaluate('window.scrollTo(0, 0)');
    const section = (await page.locator('#map-section').boundingBox())!;
    const path = process.env.UPDATE_SCREENSHOT === '1' ? README_SCREENSHOT : join(scratch.dir, 'whatif.png');
    await page.screenshot({ path, fullPage: true, clip: { x: 0, y: section.y, width: 1280, height: Math.ceil(section.height) } });
    if (process.env.UPDATE_SCREENSHOT === '1' && existsSync('/usr/bin/pngquant')) {
      execFileSync('/usr/bin/pngquant', ['--quality', '70-90', '--speed', '1', '--force', '--output', path, path]);
    }
    expect(statSync(path).size).toBeGreaterThan(10_000);
    expect(await page.locator('#wi-badge').textContent()).toContain('2 changes');
    expect(errors).toEqual([]);
  });

  it('answers the scripting hook like the CLI, and resets', async () => {
    const category = mostLacked(base);
    const site = siteIn(base, category, 3);
    const added = await page.evaluate((f) => window.lifecircle.whatIf.add(f), { category, lon: site.lon, lat: site.lat, id: 'hook-1' });
    expect(added.id).toBe('hook-1');
    await page.evaluate(([lon, lat]) => window.lifecircle.whatIf.move('hook-1', lon, lat), [site.lon + 0.002, site.lat]);
    await expectLikeCli();
    const reset = await page.evaluate(() => window.lifecircle.whatIf.reset());
    expect(reset.attainment).toEqual(base.kinds);
    expect(await page.locator('#wi-badge').textContent()).toContain('As analysed');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('keeps the demo report within 3 MB', () => {
    expect(statSync(join(scratch.dir, 'demo', 'report.html')).size).toBeLessThan(3_000_000);
  });
});

/** `plan --what-if`: the suggested sites open as a scenario, and each can be rejected and accepted again. */
describe.skipIf(!hasChromium || !existsSync(join(DEMO_DIR, 'network.geojson')) || !existsSync(WHATIF_ENGINE_URL))('plan sites as a what-if scenario (chromium)', () => {
  const scratch = scratchDir('lifecircle-whatif-plan-');
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  afterAll(async () => { await context?.close(); });

  it('opens the sites, rejects one, and equals analyze --add with the sites kept', async () => {
    const demoFiles = {
      network: join(DEMO_DIR, 'network.geojson'), facilities: join(DEMO_DIR, 'facilities.geojson'),
      communities: join(DEMO_DIR, 'communities.geojson'), population: join(DEMO_DIR, 'population.geojson'),
    };
    const { plan } = await runPlan(demoFiles, { out: join(scratch.dir, 'plan'), quiet: true, whatIf: true });
    expect(plan.sites.length).toBeGreaterThan(1);
    context = await launchChromium(join(scratch.dir, 'profile'), 1280);
    const foreign = await recordForeignRequests(context);
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(scratch.dir, 'plan', 'report.html')).href);
    await page.evaluate(() => window.lifecircle.whatIf.ready);
    await page.locator('#wi-sites').click();
    const boxes = page.locator('#wi-site-list input[type="checkbox"]');
    await expect.poll(() => boxes.count()).toBe(plan.sites.length);
    await expect.poll(() => page.locator('#wi-badge').textContent()).toContain(`${plan.sites.length} changes`);
    await boxes.first().uncheck();
    await expect.poll(() => page.locator('#wi-badge').textContent()).toContain(`${plan.sites.length - 1} change`);
    const files = await page.evaluate(() => window.lifecircle.whatIf.scenario());
    expect(files.add.features.length).toBe(plan.sites.length - 1);
    const { analysis: cli } = await runAnalyze(demoFiles, { out: join(scratch.dir, 'cli'), quiet: true, add: scratch.put('add.geojson', files.add) });
    expect((await page.evaluate(() => window.lifecircle.whatIf.summary())).attainment).toEqual(cli.kinds);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
