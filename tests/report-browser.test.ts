import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, MAP_LAYERS, PAINTED_PIXELS, launchChromium, type LayerState } from './support/chromium.js';
import { runAnalyze } from '../src/cli/analyze.js';
import { runPlan } from '../src/cli/plan.js';
import type { Analysis } from '../src/scoring/analyze.js';
import type { SitePlan } from '../src/planning/suggest-sites.js';

/**
 * The demo report in a real browser (Debian's chromium driven by playwright-core): it loads from disk
 * with no request leaving the file, logs no error, draws one shape per community, and its switches,
 * map, and table respond. It also takes the README's screenshot.
 */
const demo = fileURLToPath(new URL('../data/demo/', import.meta.url));
/** The README's screenshot is rewritten only on purpose (UPDATE_SCREENSHOT=1), then shrunk with pngquant when present. */
const updateScreenshot = process.env.UPDATE_SCREENSHOT === '1';
const readmeScreenshot = fileURLToPath(new URL('../docs/report-screenshot.png', import.meta.url));

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(join(demo, 'network.geojson')))('report.html in chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let analysis: Analysis;
  const errors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifecircle-browser-'));
    ({ analysis } = await runAnalyze({
      network: join(demo, 'network.geojson'), facilities: join(demo, 'facilities.geojson'),
      communities: join(demo, 'communities.geojson'), population: join(demo, 'population.geojson'),
    }, { out: join(dir, 'out'), quiet: true, title: 'Demo district 示例城区' }));
    context = await launchChromium(join(dir, 'profile'), 1280);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href);
    await page.waitForLoadState('load');
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads from disk without an error or a request elsewhere', () => {
    expect(errors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('draws one map shape per community, coloured by attainment', async () => {
    expect(await page.locator('#map path.community').count()).toBe(analysis.communities.length);
    const quality = analysis.communities.filter((c) => c.attained.quality).length;
    const neither = analysis.communities.filter((c) => c.scored && !c.attained.convenient).length;
    expect(await page.locator('#map path.community.st-quality').count()).toBe(quality);
    expect(await page.locator('#map path.community.st-neither').count()).toBe(neither);
  });

  it('switches facility and coverage layers on and off, one by one and all at once', async () => {
    // The layers are drawn on the canvas over the map: what it shows is counted in painted pixels.
    const painted = () => page.evaluate<number>(PAINTED_PIXELS);
    const visible = async (id: string) => (await page.evaluate<LayerState[]>(MAP_LAYERS)).find((l) => l.id === id)!.visible;
    // The demo's few facilities start switched on.
    expect(await visible('fac-0')).toBe(true);
    const allOn = await painted();
    expect(allOn).toBeGreaterThan(0);
    await page.locator('input[data-layer="fac-0"]').uncheck();
    expect(await visible('fac-0')).toBe(false);
    const fewer = await painted();
    expect(fewer).toBeLessThan(allOn);
    expect(await page.locator('#all-facilities').evaluate((b) => (b as unknown as { indeterminate: boolean }).indeterminate)).toBe(true);
    await page.locator('input[data-layer="fac-0"]').check();
    expect(await painted()).toBe(allOn);

    await page.locator('#all-facilities').uncheck();
    expect(await page.locator('input[data-layer^="fac-"]:checked').count()).toBe(0);
    expect(await painted()).toBe(0);
    await page.locator('#all-facilities').check();
    expect(await page.locator('input[data-layer^="fac-"]:not(:checked)').count()).toBe(0);
    expect(await painted()).toBe(allOn);

    expect(await page.locator('input[data-layer^="cov-"]').count()).toBeGreaterThan(0);
    await page.locator('#all-facilities').uncheck();
    expect(await visible('cov-0')).toBe(false);
    await page.locator('input[data-layer="cov-0"]').check();
    expect(await visible('cov-0')).toBe(true);
    expect(await painted()).toBeGreaterThan(1000);
    expect(await page.locator('#map.covering').count()).toBe(1);
    await page.locator('input[data-layer="cov-0"]').uncheck();
    expect(await painted()).toBe(0);
    expect(await page.locator('#map.covering').count()).toBe(0);
    await page.locator('#all-facilities').check();
  });

  it('zooms and pans the map', async () => {
    const viewBox = () => page.locator('#map').getAttribute('viewBox').then((v) => v!.split(' ').map(Number));
    const before = await viewBox();
    await page.locator('#zoom-in').click();
    const zoomed = await viewBox();
    expect(zoomed[2]).toBeCloseTo(before[2] / 1.6, 3);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    const panned = await viewBox();
    expect(panned[0]).toBeLessThan(zoomed[0]);
    expect(panned[1]).toBeLessThan(zoomed[1]);
    expect(panned[2]).toBeCloseTo(zoomed[2], 6);
    await page.mouse.move(box.x + 200, box.y + 200);
    await page.mouse.wheel(0, -300);
    expect((await viewBox())[2]).toBeLessThan(panned[2]);
    await page.locator('#zoom-home').click();
    expect(await viewBox()).toEqual(before);
  });

  it('shows a community\'s details when its shape is clicked', async () => {
    const failing = analysis.communities.findIndex((c) => c.scored && !c.attained.convenient);
    const shape = page.locator(`#map path.community[data-i="${failing}"]`);
    await shape.dispatchEvent('pointerdown', { button: 0, pointerId: 1, clientX: 10, clientY: 10 });
    await shape.dispatchEvent('pointerup', { button: 0, pointerId: 1, clientX: 10, clientY: 10 });
    const details = page.locator('#details');
    await expect.poll(() => details.locator('h3').textContent()).toBe(analysis.communities[failing].community.name);
    expect(await details.textContent()).toContain('Lacks for convenient');
    expect(await page.locator('#details table tr.unmet').count()).toBeGreaterThan(0);
  });

  it('sorts and searches the community table', async () => {
    const table = page.locator('#community-table');
    await table.locator('th:has-text("Population") button').click();
    const populations = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[5].getAttribute('data-v'))));
    expect(populations).toEqual([...populations].sort((a, b) => a - b));
    expect(populations).not.toEqual(analysis.communities.map((c) => c.population));
    await table.locator('th:has-text("Population") button').click();
    const descending = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[5].getAttribute('data-v'))));
    expect(descending).toEqual([...populations].reverse());

    const target = analysis.communities[3].community;
    await page.locator('#table-search').fill(target.id);
    const visible = table.locator('tbody tr:visible');
    expect(await visible.count()).toBe(analysis.communities.filter((c) => `${c.community.id} ${c.community.name}`.includes(target.id)).length);
    expect(await visible.first().textContent()).toContain(target.name);
    await page.locator('#table-search').fill('');
    await page.locator('#table-status').selectOption('neither');
    expect(await visible.count()).toBe(analysis.communities.filter((c) => c.scored && !c.attained.convenient).length);
    await page.locator('#table-status').selectOption('');
    expect(await visible.count()).toBe(analysis.communities.length);
  });

  it('saves the README screenshot', async () => {
    // What a planner sees after picking the category most communities lack for the convenient circle,
    // switching on its walking coverage, and clicking a community that lacks it.
    await page.locator('#zoom-home').click();
    const worst = [...analysis.categories].sort((a, b) =>
      analysis.communities.filter((c) => c.missing.convenient?.includes(b)).length - analysis.communities.filter((c) => c.missing.convenient?.includes(a)).length)[0];
    const layers = await page.locator('input[data-layer^="cov-"]').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('data-layer')!));
    const layerOf = (await page.evaluate<LayerState[]>(MAP_LAYERS)).filter((l) => l.type === 'coverage').map((l) => l.id);
    expect(layers).toEqual(layerOf);
    const chip = page.locator('.cov-row').filter({ hasText: analysis.standard.categories.find((c) => c.id === worst)!.name }).locator('input').first();
    await chip.check();
    const lacking = analysis.communities.findIndex((c) => c.missing.convenient?.includes(worst));
    const shape = page.locator(`#map path.community[data-i="${lacking}"]`);
    await shape.dispatchEvent('pointerdown', { button: 0, pointerId: 1 });
    await shape.dispatchEvent('pointerup', { button: 0, pointerId: 1 });
    await page.setViewportSize({ width: 1100, height: 860 });
    await page.locator('#zoom-home').click();
    await page.evaluate('window.scrollTo(0, 0)');
    const section = (await page.locator('#map-section').boundingBox())!;
    const bottom = section.y + section.height;
    const screenshot = updateScreenshot ? readmeScreenshot : join(dir, 'report-screenshot.png');
    mkdirSync(join(screenshot, '..'), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(bottom) } });
    if (updateScreenshot && existsSync('/usr/bin/pngquant')) {
      execFileSync('/usr/bin/pngquant', ['--quality', '70-90', '--speed', '1', '--force', '--output', screenshot, screenshot]);
    }
    const size = statSync(screenshot).size;
    expect(size).toBeGreaterThan(10_000);
    if (updateScreenshot) expect(size).toBeLessThan(300_000);
    expect(errors).toEqual([]);
  });
});

/** The plan report of the demo district (what `lifecircle plan` writes): its sites layer, markers and details. */
describe.skipIf(!existsSync(CHROMIUM) || !existsSync(join(demo, 'network.geojson')))('plan report.html in chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let plan: SitePlan;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifecircle-plan-browser-'));
    ({ plan } = await runPlan({
      network: join(demo, 'network.geojson'), facilities: join(demo, 'facilities.geojson'),
      communities: join(demo, 'communities.geojson'), population: join(demo, 'population.geojson'),
    }, { out: join(dir, 'out'), quiet: true, title: 'Demo district 示例城区' }));
    context = await launchChromium(join(dir, 'profile'), 1100);
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href);
    await page.waitForLoadState('load');
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws one marker per suggested site, numbered by rank, in a layer that switches off and on', async () => {
    expect(plan.sites.length).toBeGreaterThan(1);
    const layer = page.locator('#layer-sites');
    const markers = layer.locator('g.site');
    expect(await markers.count()).toBe(plan.sites.length);
    const ranks = await markers.locator('text').allTextContents();
    expect(ranks.map(Number).sort((a, b) => a - b)).toEqual(plan.sites.map((s) => s.rank));
    expect(await layer.isVisible()).toBe(true);
    await page.locator('input[data-layer="sites"]').uncheck();
    expect(await layer.isVisible()).toBe(false);
    await page.locator('input[data-layer="sites"]').check();
    expect(await layer.isVisible()).toBe(true);
    expect(await page.locator('#site-table tbody tr').count()).toBe(plan.sites.length);
    expect(errors).toEqual([]);
  });

  it('keeps the markers the same size on screen as the map zooms', async () => {
    const size = async () => (await page.locator('#layer-sites g.site[data-site="0"] rect').boundingBox())!.width;
    const before = await size();
    expect(before).toBeGreaterThan(14);
    expect(before).toBeLessThan(30);
    await page.locator('#zoom-in').click();
    await page.locator('#zoom-in').click();
    expect(await size()).toBeCloseTo(before, 0);
    await page.locator('#zoom-home').click();
  });

  it('shows a site\'s details when its marker is clicked, and from its table row', async () => {
    const first = plan.sites[0];
    const marker = page.locator('#layer-sites g.site[data-site="0"] rect');
    await marker.scrollIntoViewIfNeeded();
    const box = (await marker.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const details = page.locator('#details');
    await expect.poll(() => details.locator('h3').textContent()).toMatch(new RegExp(`^#${first.rank} `));
    expect(await details.textContent()).toContain(`new-${first.category}-${first.categoryRank}`);
    expect(await page.locator('#map path.community.reached').count()).toBe(first.communitiesReached.length);

    const last = plan.sites.length - 1;
    await page.locator(`#site-table tr[data-site="${last}"] button.locate-site`).click();
    await expect.poll(() => details.locator('h3').textContent()).toMatch(new RegExp(`^#${plan.sites[last].rank} `));
    expect(await page.locator('#layer-sites g.site.selected').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('renders the plan report (screenshot kept in the test folder, or in PLAN_SCREENSHOT when set)', async () => {
    await page.locator('#zoom-home').click();
    await page.evaluate('window.scrollTo(0, 0)');
    const section = (await page.locator('#plan').boundingBox())!;
    const screenshot = process.env.PLAN_SCREENSHOT ?? join(dir, 'plan-report.png');
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(section.y + section.height) } });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
  });
});
