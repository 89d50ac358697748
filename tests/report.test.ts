import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { analyze } from '../src/scoring/analyze.js';
import { loadStandard } from '../src/standards/load-standard.js';
import { reportHtml } from '../src/report/report-html.js';
import { reportMarkdown } from '../src/report/report-md.js';
import { summaryJson } from '../src/report/summary-json.js';
import { escapeHtml, jsonForScript } from '../src/report/escape.js';
import { simplifyLine } from '../src/report/map-projection.js';
import { suggestSites } from '../src/planning/suggest-sites.js';
import { band, ll, point, straightStreet } from './support/geo.js';

/**
 * A one-street town (y = 0, x from -100 to 4100 m; every walk is |x1 - x2| metres at 60 m/min) with
 * four communities whose fates are worked out by hand:
 *   A [0, 600]     health at 300, culture at 300            -> quality
 *   B [700, 1300]  health at 1000, no culture within 300 m  -> convenient only (lacks culture)
 *   C [1400, 2000] nearest health 1000: 400..1000 m away    -> neither (lacks health, culture)
 *   V [3000, 4000] village, health at 3500 (30 min allowed) -> quality? no culture rule is met either
 * and D [2100, 2200], a community nobody lives in: n/a.
 */
const STANDARD = loadStandard({
  id: 'town', name: 'Town standard', walkSpeedKmh: 3.6, minShare: 0.8,
  rules: [
    { level: 'convenient', kind: 'urban', category: 'health', minutes: 5, source: 'test' },
    { level: 'quality', kind: 'urban', category: 'culture', meters: 300, source: 'test', assumed: true },
    { level: 'convenient', kind: 'rural', category: 'health', minutes: 30, source: 'test' },
    { level: 'quality', kind: 'rural', category: 'culture', meters: 1000, source: 'test' },
  ],
  targets: { convenient: { urban: 0.9, rural: 0.5 }, quality: { urban: 0.5, rural: 0.1 } },
});

const HOSTILE = '<script>alert(1)</script>';
const street = straightStreet(-100, 4100);
const facilities = [
  point(300, 0, { id: 'H1', category: 'health' }),
  point(1000, 0, { id: 'H2', category: 'health' }),
  point(3500, 0, { id: 'H3', category: 'health' }),
  point(300, 0, { id: 'C1', category: 'culture' }),
];
const communities = [
  band(0, 600, { id: 'A', name: '东湖社区', kind: 'urban', population: 1000, street: 'S1' }),
  band(700, 1300, { id: 'B', name: HOSTILE, kind: 'urban', population: 500, street: '</script><!-- \u2028 & "x"' }),
  band(1400, 2000, { id: 'C', name: 'C <b>村</b> & co', kind: 'urban', population: 800, street: 'S2' }),
  band(2100, 2200, { id: 'D', name: 'Empty', kind: 'urban', population: 0, street: 'S2' }),
  band(3000, 4000, { id: 'V', name: '石岗村', kind: '村', population: 300, street: 'S2' }),
];
const population = [100, 300, 500, 800, 1000, 1200, 1500, 1700, 1900, 3100, 3500, 3900].map((x) => point(x, 0, { population: 1 }));

const analysis = analyze({ network: [street], facilities, communities, population }, { standard: STANDARD });
const html = reportHtml(analysis, { title: 'Town <report>', generatedAt: '2025-01-02' });
const md = reportMarkdown(analysis, { title: 'Town', generatedAt: '2025-01-02' });

/** The map's embedded layer data (lc-map), as written in the page. */
function mapJson(page: string): string {
  return /<script type="application\/json" id="lc-map">([^<]*)<\/script>/.exec(page)![1];
}

/** Points of a step-encoded coordinate list (x0, y0, dx1, dy1, ...), in map metres. */
function decode(xy: number[], scale: number): [number, number][] {
  const out: [number, number][] = [];
  let x = 0, y = 0;
  for (let i = 0; i < xy.length; i += 2) {
    x += xy[i]; y += xy[i + 1];
    out.push([x / scale, y / scale]);
  }
  return out;
}

describe('the town as the scoring sees it (the premise of the report tests)', () => {
  it('has one community of each attainment', () => {
    const status = Object.fromEntries(analysis.communities.map((s) => [s.community.id, [s.attained.convenient, s.attained.quality]]));
    expect(status).toEqual({ A: [true, true], B: [true, false], C: [false, false], D: [undefined, undefined], V: [true, false] });
  });
});

describe('report.html', () => {
  it('makes no request to any network: no external src/href, no @import, no url(), no fetch', () => {
    for (const page of [html, reportHtml(analysis)]) {
      expect(page).not.toMatch(/\b(src|href|action|poster|data)\s*=\s*["']?\s*(https?:)?\/\//i);
      expect(page).not.toMatch(/@import/i);
      expect(page).not.toMatch(/url\(/i);
      expect(page).not.toMatch(/<(link|img|iframe|object|embed|base)\b/i);
      expect(page).not.toMatch(/\b(fetch|XMLHttpRequest|WebSocket|EventSource|importScripts)\b/);
      expect(page).not.toMatch(/<script[^>]*\ssrc=/i);
      // The only http URL is the SVG namespace, which names and never loads.
      expect(page.match(/https?:\/\/[^\s"'<>]+/g)).toEqual(['http://www.w3.org/2000/svg']);
    }
  });

  it('shows a community named <script>alert(1)</script> as text, in the markup and in the embedded data', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<b>村</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('C &lt;b&gt;村&lt;/b&gt; &amp; co');
    expect(html).toContain('<title>Town &lt;report&gt;</title>');
    // Exactly the three scripts the page brings: the data, the map's data and the code.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    const json = /<script type="application\/json" id="lc-data">([^<]*)<\/script>/.exec(html)![1];
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(json);
    expect(data.communities.map((c: { name: string }) => c.name)).toEqual(communities.map((c) => c.properties!.name));
    expect(data.communities[1].street).toBe('</script><!-- \u2028 & "x"');
    expect(mapJson(html)).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('embeds each community\'s rule results against one shared list of rules', () => {
    const data = JSON.parse(/<script type="application\/json" id="lc-data">([^<]*)<\/script>/.exec(html)![1]);
    const c = data.communities[2]; // C: lacks health (nearest 400..1000 m away, 5 min at 60 m/min = 300 m)
    const results = analysis.communities[2].rules;
    expect(c.rules).toHaveLength(results.length);
    c.rules.forEach(([rule, share, met]: [number, number, number], k: number) => {
      expect(data.rules[rule][0]).toBe(results[k].rule.category);
      expect(data.rules[rule][1]).toBe(results[k].rule.level);
      expect(share).toBe(Math.round(results[k].share * 100));
      expect(met).toBe(results[k].met ? 1 : 0);
    });
    const health = c.rules.find(([rule]: [number]) => data.rules[rule][0] === 'health');
    expect(health.slice(1)).toEqual([0, 0, 11.7]); // nobody within 5 min (300 m); residents at 1500, 1700, 1900 m walk 500, 700, 900 m: median 700 m at 60 m/min
  });

  it('draws one shape per community with its attainment, and the facilities of each category', () => {
    const shapes = [...html.matchAll(/<path class="community st-(\w+)" data-i="(\d+)"/g)].map((m) => [Number(m[2]), m[1]]);
    expect(shapes).toEqual([[0, 'quality'], [1, 'convenient'], [2, 'neither'], [3, 'na'], [4, 'convenient']]);
    // Facilities are map data for the canvas: health at x = 300, 1000, 3500 m; culture at 300 m.
    const map = JSON.parse(mapJson(html));
    const xs = (id: string) => decode(map.facilities.find((l: { id: string }) => l.id === id).xy, map.scale).map(([x]) => x);
    expect(map.facilities.map((l: { id: string; category: string; count: number }) => [l.id, l.category, l.count]))
      .toEqual([['fac-0', 'health', 3], ['fac-1', 'culture', 1]]);
    const health = xs('fac-0');
    expect(health[1] - health[0]).toBeCloseTo(700, -0.5);
    expect(health[2] - health[0]).toBeCloseTo(3200, -0.5);
    expect(xs('fac-1')[0]).toBeCloseTo(health[0], -0.5);
    // Few facilities: their layers start on.
    expect(map.facilitiesOn).toBe(true);
    expect(html).toContain('<input type="checkbox" data-layer="fac-0" checked>');
  });

  it('states the headline against the targets: 2 of 3 scored urban communities convenient, 1 quality', () => {
    // Urban: A, B, C scored (D has nobody); convenient A, B = 67%, target 90% needs ceil(2.7) = 3, so 1 more.
    expect(html).toContain('67% (2 / 3)');
    expect(html).toContain('1 more needed');
    // Quality: A = 33%, target 50% needs 2, 1 more. Villages: V convenient (100%, met), quality 0 of 1 (needs 1).
    expect(html).toContain('33% (1 / 3)');
    expect(html).toContain('100% (1 / 1)');
    expect(html).toContain('0% (0 / 1)');
  });

  it('draws coverage areas as layers that start switched off, one switch per category and threshold', () => {
    const square = (x0: number, x1: number): Polygon['coordinates'] => [[ll(x0, -60), ll(x1, -60), ll(x1, 60), ll(x0, 60), ll(x0, -60)]];
    const coverage = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { category: 'health', minutes: 5, meters: null }, geometry: { type: 'MultiPolygon' as const, coordinates: [square(0, 600)] } },
        { type: 'Feature' as const, properties: { category: 'health', minutes: 30, meters: null }, geometry: { type: 'MultiPolygon' as const, coordinates: [square(0, 2000)] } },
        { type: 'Feature' as const, properties: { category: 'culture', minutes: null, meters: 300 }, geometry: { type: 'MultiPolygon' as const, coordinates: [square(0, 600)] } },
      ],
    };
    const page = reportHtml(analysis, { coverage });
    const map = JSON.parse(mapJson(page));
    expect(map.coverage.map((l: { id: string; category: string; threshold: string }) => [l.id, l.category, l.threshold]))
      .toEqual([['cov-0', 'health', '5 min'], ['cov-0', 'health', '30 min'], ['cov-2', 'culture', '300 m']].map(([, c, t], k) => [`cov-${k}`, c, t]));
    // The 0..2000 m square: one ring of four corners (plus the closing point), 2000 m wide.
    const ring = decode(map.coverage[1].rings[0], map.scale);
    expect(map.coverage[1].rings).toHaveLength(1);
    expect(Math.max(...ring.map(([x]) => x)) - Math.min(...ring.map(([x]) => x))).toBeCloseTo(2000, -0.5);
    const switches = [...page.matchAll(/data-layer="(cov-\d+)"> ≤ ([^<]+)</g)].map((m) => [m[1], m[2]]);
    expect(switches).toEqual([['cov-0', '5 min'], ['cov-1', '30 min'], ['cov-2', '300 m']]);
    expect(page).not.toMatch(/data-layer="cov-\d+" checked/);
    expect(JSON.parse(mapJson(html)).coverage).toEqual([]);
  });

  it('marks assumed rules and gives each quota a value or the reason it is n/a', () => {
    // The rules table marks the threshold of the one assumed rule as ours; the level of every rule is the standard's own.
    expect(html.match(/<span class="assumed">ours 假设<\/span> test/g)).toHaveLength(1);
    expect(html.match(/<span class="plan-part">cited 出处<\/span> test/g)).toHaveLength(analysis.standard.rules.length - 1);
    for (const q of analysis.quotas) expect(html).toContain(escapeHtml(q.reason ? `n/a: ${q.reason}` : q.nameZh));
  });

  it('is the same string every time for the same analysis and options', () => {
    expect(reportHtml(analysis, { title: 'Town <report>', generatedAt: '2025-01-02' })).toBe(html);
    expect(html).toContain('2025-01-02');
  });
});

describe('report.md', () => {
  const summary = JSON.parse(summaryJson(analysis));

  it('holds the same counts as summary.json', () => {
    const rows = md.split('\n').filter((l) => /^\| (城市社区|村) /.test(l) && /便民生活圈|优质生活圈/.test(l));
    const parsed = rows.map((l) => {
      const cells = l.split('|').slice(1, -1).map((c) => c.trim());
      return { kind: cells[0].startsWith('城市社区') ? 'urban' : 'rural', level: cells[1].startsWith('便民') ? 'convenient' : 'quality',
        attained: Number(cells[2]), scored: Number(cells[3]), needed: Number(cells[6]) };
    });
    const expected = summary.attainment.flatMap((k: { kind: string; scored: number; attained: Record<string, number>; needed: Record<string, number> }) =>
      (['convenient', 'quality'] as const).map((level) => ({ kind: k.kind, level, attained: k.attained[level], scored: k.scored, needed: k.needed[level] })));
    expect(parsed).toEqual(expected);
    // What each category lacks, against summary.json's list of failing communities.
    for (const category of ['health', 'culture']) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${analysis.standard.categories.find((c) => c.id === category)!.nameZh} `))!;
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const lackingConvenient = summary.failing.filter((f: { missing: Record<string, string[]> }) => f.missing.convenient.includes(category)).length;
      const lackingQuality = summary.failing.filter((f: { missing: Record<string, string[]> }) => f.missing.quality.includes(category)).length;
      expect(cells.slice(-2).map(Number)).toEqual([lackingConvenient, lackingQuality]);
    }
  });

  it('lists every community with its attainment and what it lacks; names cannot break the tables', () => {
    expect(md).not.toContain(HOSTILE);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const table = md.split('\n').filter((l) => /^\| .+ \| (A|B|C|D|V) \|/.test(l));
    expect(table).toHaveLength(5);
    // Every row of that table has the header's number of cells (a | in a name would add one).
    for (const row of table) expect(row.split(/(?<!\\)\|/).length - 2).toBe(11);
    expect(table[2]).toContain('基层医疗卫生 Primary health care');
    expect(table[3]).toContain('n/a');
    expect(table[3]).not.toContain('Primary health care'); // nobody lives there: nothing measured, nothing lacking
  });
});

describe('escaping', () => {
  it('JSON for a <script> parses back to the same value and holds none of < > & U+2028 U+2029', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
      for (const v of [value, { text }]) {
        const out = jsonForScript(v);
        expect(out).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
      }
    }));
  });

  it('HTML text never holds a tag, an entity start or a quote', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(escapeHtml(text)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|#39);)/);
    }));
  });
});

describe('simplifyLine (Douglas-Peucker for the map)', () => {
  it('keeps both ends, keeps order, and leaves every dropped point within the tolerance of the kept line', () => {
    const pts = fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), { minLength: 2, maxLength: 60 });
    fc.assert(fc.property(pts, fc.double({ min: 0.1, max: 200, noNaN: true }), (raw, tol) => {
      const points = raw as [number, number][];
      const kept = simplifyLine(points, tol);
      expect(kept[0]).toBe(points[0]);
      expect(kept[kept.length - 1]).toBe(points[points.length - 1]);
      // The kept points are the input's own tuples (fast-check makes each a distinct array), in input order.
      const index = kept.map((p) => points.indexOf(p));
      expect(index).toEqual([...index].sort((a, b) => a - b));
      expect(new Set(index).size).toBe(index.length);
      for (let k = 0; k + 1 < index.length; k++) {
        const [ax, ay] = points[index[k]], [bx, by] = points[index[k + 1]];
        for (let i = index[k] + 1; i < index[k + 1]; i++) {
          const [px, py] = points[i];
          const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
          const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
          expect(Math.hypot(px - ax - t * dx, py - ay - t * dy)).toBeLessThanOrEqual(tol + 1e-9);
        }
      }
    }));
  });
});

/**
 * The town with three candidate sites, worked by hand: health at 1700 m covers all of C (it becomes
 * convenient: 3 of 3 urban, the 90% target needs 3); culture at 1000 m covers all of B (quality: A and
 * B, the 50% target needs 2), culture at 3500 m all of V (the village's 10% quality target needs 1).
 */
describe('the suggested-sites section and map layer', () => {
  const candidates = [
    point(1700, 0, { id: 'x1700', category: 'health' }),
    point(1000, 0, { id: 'x1000', category: 'culture' }),
    point(3500, 0, { id: 'x3500', category: 'culture' }),
  ];
  const plan = suggestSites(analysis, { candidates });
  const planned = reportHtml(analysis, { title: 'Town <report>', generatedAt: '2025-01-02', plan });
  const plannedMd = reportMarkdown(analysis, { title: 'Town', generatedAt: '2025-01-02', plan });
  const siteOf = (id: string) => plan.sites.find((s) => s.candidateId === id)!;

  it('premise: the plan places the three sites the hand-worked town needs and meets every target', () => {
    expect(plan.sites.map((s) => s.candidateId).sort()).toEqual(['x1000', 'x1700', 'x3500']);
    expect(siteOf('x1700').newlyAttained.convenient).toEqual(['C']);
    expect(siteOf('x1000').newlyAttained.quality).toEqual(['B']);
    expect(siteOf('x3500').newlyAttained.quality).toEqual(['V']);
    expect(plan.targetsMet).toBe(true);
  });

  it('without a plan, nothing of it appears: the page and the text are what they were', () => {
    for (const page of [html, reportHtml(analysis)]) {
      for (const mark of ['id="plan"', 'href="#plan"', 'layer-sites', 'class="site"', 'data-layer="sites"', 'lc-sites', 'Suggested sites', 'site-table']) {
        expect(page).not.toContain(mark);
      }
    }
    expect(md).not.toContain('Suggested sites');
    // The plan adds fragments only: cut them out and the plan-less page remains, byte for byte.
    const cut = planned
      .replace('<a href="#plan">建议新址 Suggested sites</a>', '')
      .replace(/\n<section id="plan">[\s\S]*?<\/section>\n/, '')
      .replace(/<g id="layer-sites"[\s\S]*?(?=<\/svg>)/, '')
      .replace(/<div id="sites-key">[\s\S]*?<\/p><\/div>/, '')
      .replace(/<style>\n#map \.sites[\s\S]*?<\/style>\n/, '')
      .replace(/<script type="application\/json" id="lc-sites">[\s\S]*?<\/script>\n<script>[\s\S]*?<\/script>\n/, '');
    expect(cut).toBe(html);
    const cutMd = plannedMd.replace(/## 建议新增设施 Suggested sites\n[\s\S]*?(?=## 各类设施)/, '');
    expect(cutMd).toBe(md);
  });

  it('states attainment before and after against the targets, and that every target is met', () => {
    const section = planned.match(/<section id="plan">[\s\S]*?<\/section>/)![0];
    const rows = [...section.matchAll(/<tr class="(\w+)"><td>([^<]+)<\/td><td>([^<]+)<\/td><td class="num">([^<]+)<\/td><td class="num after">([^<]+)<\/td><td class="num">([^<]+)<\/td>/g)]
      .map((m) => [m[1], m[2].split(' ')[0], m[3].split(' ')[0], m[4], m[5], m[6]]);
    expect(rows).toEqual([
      ['met', '城市社区', '便民生活圈', '2 / 3 (67%)', '3 / 3 (100%)', '90%'],
      ['met', '城市社区', '优质生活圈', '1 / 3 (33%)', '2 / 3 (67%)', '50%'],
      ['met', '村', '便民生活圈', '1 / 1 (100%)', '1 / 1 (100%)', '50%'],
      ['met', '村', '优质生活圈', '0 / 1 (0%)', '1 / 1 (100%)', '10%'],
    ]);
    expect(section).toContain('every target is met');
    expect(section).toContain('1 − 1/e');
    expect(plannedMd).toContain('| 城市社区 Urban communities | 便民生活圈 Convenient circle | 2 / 3 (67%) | 3 / 3 (100%) | 90% | met 达标 |');
  });

  it('says how far short a budget falls', () => {
    const short = suggestSites(analysis, { candidates, budget: { health: 1 } });
    const page = reportHtml(analysis, { plan: short });
    // Only C turns convenient; B and V stay short of quality: one urban community and one village.
    expect(page).toContain('still short by 1 more urban communities quality circle; 1 more villages quality circle');
    expect(reportMarkdown(analysis, { plan: short })).toContain('尚差 1 个');
  });

  it('lists the ranked sites with the communities each newly brings to a level, names escaped', () => {
    const table = planned.match(/<table id="site-table"[\s\S]*?<\/table>/)![0];
    const rows = [...table.matchAll(/<tr data-site="(\d+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => Number(r[1]))).toEqual(plan.sites.map((_, k) => k));
    const row = (id: string) => rows[plan.sites.indexOf(siteOf(id))][2];
    expect(row('x1000')).toContain(`<td>new-culture-${siteOf('x1000').categoryRank}</td>`);
    expect(row('x1000')).toContain(escapeHtml(HOSTILE));
    expect(row('x1700')).toContain('C &lt;b&gt;村&lt;/b&gt; &amp; co');
    expect(row('x3500')).toContain('石岗村');
    expect(planned).not.toContain(HOSTILE);
    expect(planned).not.toContain('<b>村</b>');
    // Markdown: the same names as text that cannot open a tag or break the table (8 cells a row).
    const mdRows = plannedMd.split('\n').filter((l) => /^\| \d+ \| /.test(l));
    expect(mdRows).toHaveLength(plan.sites.length);
    for (const r of mdRows) expect(r.split(/(?<!\\)\|/).length - 2).toBe(8);
    expect(plannedMd).not.toContain('<script>');
    expect(plannedMd).not.toContain('<b>');
  });

  it('draws one numbered marker per site in a layer switched on, with its switch', () => {
    const layer = planned.match(/<g id="layer-sites" class="layer sites">([\s\S]*?)<\/svg>/)![1];
    const marks = [...layer.matchAll(/<g class="site" data-site="(\d+)"[\s\S]*?<text x="[^"]*" y="4">(\d+)<\/text>/g)];
    expect(marks.map((m) => [Number(m[1]), Number(m[2])]).sort((a, b) => a[0] - b[0])).toEqual(plan.sites.map((s, k) => [k, s.rank]));
    // The best-ranked is drawn last, on top.
    expect(Number(marks.at(-1)![2])).toBe(1);
    expect(planned).toContain('<input type="checkbox" data-layer="sites" checked>');
    const data = JSON.parse(planned.match(/<script type="application\/json" id="lc-sites">(.*?)<\/script>/)![1]);
    expect(data).toHaveLength(plan.sites.length);
    // Communities by their index on the map: V is the fifth community.
    expect(data[plan.sites.indexOf(siteOf('x3500'))][5]).toEqual([4]);
  });

  it('stands sites at one place side by side, since no zoom would part them', () => {
    const shared = [point(1700, 0, { id: 'both', category: 'health;culture' })];
    const page = reportHtml(analysis, { plan: suggestSites(analysis, { candidates: shared, budget: 1 }) });
    const rects = [...page.matchAll(/<g class="site" data-site="\d+" transform="translate\(([^)]+)\)"><title>[^<]*<\/title><g class="mark"[^>]*><rect x="([-\d.]+)"/g)];
    expect(rects).toHaveLength(2);
    expect(rects[0][1]).toBe(rects[1][1]);
    expect(Math.abs(Number(rects[0][2]) - Number(rects[1][2]))).toBeGreaterThanOrEqual(18);
  });

  it('says so when no site is suggested, and draws no layer', () => {
    const none = suggestSites(analysis, { candidates, budget: 0 });
    const page = reportHtml(analysis, { plan: none });
    expect(page).toContain('No site is suggested');
    expect(page).not.toContain('layer-sites');
    expect(page).not.toContain('lc-sites');
  });
});
