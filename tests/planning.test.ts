import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../src/scoring/analyze.js';
import { loadStandard } from '../src/standards/load-standard.js';
import { suggestSites, type SitePlan } from '../src/planning/suggest-sites.js';
import { rescore } from '../src/planning/rescore.js';
import { suggestionsCsv, suggestionsGeoJson } from '../src/report/suggestions-output.js';
import { networkCandidates } from '../src/planning/candidates.js';
import { buildNetwork } from '../src/network/build-network.js';
import { InputError } from '../src/errors.js';
import { parseBudget, runPlan } from '../src/cli/plan.js';
import { runAnalyze } from '../src/cli/analyze.js';
import { readRemoveIds } from '../src/cli/what-if.js';
import { ll, line, point, seeded } from './support/geo.js';

function rect(x0: number, y0: number, x1: number, y1: number, props: Record<string, unknown>): Feature<Polygon> {
  return { type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)]] } };
}

/** Attainment as plain data, to compare two analyses. */
const attainment = (a: Analysis) => a.communities.map((s) => ({ id: s.community.id, attained: s.attained }));
const attaining = (a: Analysis | SitePlan['scoresAfter'], level: 'convenient' | 'quality') =>
  new Set(('communities' in a ? a.communities : a).filter((s) => s.attained[level]).map((s) => s.community.id));

/**
 * The planner's objective measured independently of the planner: from two full analyses (before, and
 * re-scored with the sites), the people each originally failing rule of `category` gained, capped at
 * what the rule lacked (shortfall) or not (population).
 */
function objectiveValue(before: Analysis, after: Analysis, category: string, objective: 'shortfall' | 'population'): number {
  let total = 0;
  before.communities.forEach((s, c) => {
    if (!s.scored) return;
    let weight = 0;
    for (let r = before.residents.start[c]; r < before.residents.start[c + 1]; r++) weight += before.residents.weight[r];
    s.rules.forEach((o, q) => {
      if (o.met || o.rule.category !== category) return;
      const gained = (after.communities[c].rules[q].share - o.share) * weight;
      total += objective === 'population' ? gained : Math.min(gained, Math.max(0, o.rule.minShare * weight - o.share * weight));
    });
  });
  return total;
}

describe('suggestSites on a hand-worked street', () => {
  // One street along y = 0. A = [0, 1000] holds 1000 people at x = 50..950 (100 each), B = [2000, 3000]
  // 500 people at 2050..2950 (50 each). Health within 10 minutes (600 m), 80% of people; no clinic yet.
  // Candidates every 200 m from x = 0.
  const standard = loadStandard({
    id: 'street', name: 'Street', minShare: 0.8,
    rules: [{ level: 'convenient', kind: 'urban', category: 'health', minutes: 10, source: 'test' }],
    targets: { convenient: { urban: 1 } },
  });
  const street = line([[-100, 0], [3100, 0]], { highway: 'residential' });
  const population = [
    ...Array.from({ length: 10 }, (_, i) => point(50 + 100 * i, 0, { population: 1 })),
    ...Array.from({ length: 10 }, (_, i) => point(2050 + 100 * i, 0, { population: 1 })),
  ];
  const communities = [
    rect(0, -50, 1000, 50, { id: 'A', kind: 'urban', population: 1000 }),
    rect(2000, -50, 3000, 50, { id: 'B', kind: 'urban', population: 500 }),
  ];
  const facilities = [point(1500, 0, { id: 'L1', category: 'culture' })];
  const candidates = Array.from({ length: 16 }, (_, i) => point(200 * i, 0, { id: `x${200 * i}` }));
  const base = analyze({ network: [street], facilities, communities, population }, { standard });

  it('shortfall: 8 of A\'s 10 points are enough, so the first site that reaches them (x = 200) wins; then x = 2200 for B', () => {
    expect(base.communities.map((s) => s.attained.convenient)).toEqual([false, false]);
    const plan = suggestSites(base, { budget: 2, candidates });
    expect(plan.sites.map((s) => s.candidateId)).toEqual(['x200', 'x2200']);
    expect(plan.sites[0].gain).toBeCloseTo(800, 9); // covers 50..750: 800 people, exactly A's shortfall
    expect(plan.sites[0].newlyCovered).toBeCloseTo(800, 9);
    expect(plan.sites[0].newlyAttained.convenient).toEqual(['A']);
    expect(plan.sites[1].gain).toBeCloseTo(400, 9); // 2050..2750: 8 x 50
    expect(plan.sites[1].newlyAttained.convenient).toEqual(['B']);
    expect(plan.categories[0].stopReason).toBe('budget-used');
  });

  it('population: a site covering all of A (x = 400, within 600 m of 50 and 950) beats one covering 80%', () => {
    const plan = suggestSites(base, { budget: 2, candidates, objective: 'population' });
    expect(plan.sites.map((s) => s.candidateId)).toEqual(['x400', 'x2400']);
    expect(plan.sites.map((s) => s.gain)).toEqual([1000, 500].map((x) => expect.closeTo(x, 9)));
  });

  it('towards the targets: stops once both communities attain, however many sites it may use', () => {
    const plan = suggestSites(base, { candidates });
    expect(plan.sites).toHaveLength(2);
    expect(plan.targetsMet).toBe(true);
    expect(plan.categories[0].stopReason).toBe('targets-met');
    expect(plan.shortfall.urban?.convenient).toBe(0);
  });

  it('a candidate limited to another category is never used for health', () => {
    const limited = candidates.map((f) => ({ ...f, properties: { ...f.properties, category: f.properties!.id === 'x200' ? 'culture' : 'health;culture' } }));
    const plan = suggestSites(base, { budget: 1, candidates: limited });
    expect(plan.sites[0].candidateId).toBe('x400');
  });
});

/**
 * A seeded grid city: streets every 150 m (each a line through every junction, so they join in their
 * interiors), communities of 2 x 2 blocks, some of them villages, residents at random points, a few
 * clinics and elder-care stations.
 */
function gridCity(seed: number, blocks = 8) {
  const rand = seeded(seed);
  const step = 150, size = blocks * step;
  const streets: Feature[] = [];
  for (let i = 0; i <= blocks; i++) {
    streets.push(line(Array.from({ length: blocks + 1 }, (_, j) => [j * step, i * step] as [number, number])));
    streets.push(line(Array.from({ length: blocks + 1 }, (_, j) => [i * step, j * step] as [number, number])));
  }
  const communities: Feature[] = [];
  const population: Feature[] = [];
  let n = 0;
  for (let cy = 0; cy < blocks / 2; cy++) for (let cx = 0; cx < blocks / 2; cx++) {
    const x0 = cx * 2 * step, y0 = cy * 2 * step;
    const rural = rand() < 0.25;
    communities.push(rect(x0, y0, x0 + 2 * step, y0 + 2 * step, { id: `K${n++}`, kind: rural ? 'rural' : 'urban', zone: rand() < 0.5 ? 'central' : 'outer', population: 500 + Math.floor(rand() * 2000) }));
    for (let k = 0; k < 6; k++) population.push(point(x0 + 5 + rand() * (2 * step - 10), y0 + 5 + rand() * (2 * step - 10), { population: 1 + Math.floor(rand() * 9) }));
  }
  const facilities: Feature[] = [];
  for (const [category, count] of [['health', 2], ['elder-care', 3], ['culture', 1]] as const) {
    for (let k = 0; k < count; k++) facilities.push(point(rand() * size, rand() * size, { id: `${category}-${k}`, category }));
  }
  return { network: buildNetwork(streets), streets, communities, population, facilities };
}

const CITY_STANDARD = loadStandard({
  id: 'city', name: 'Grid city', minShare: 0.8,
  rules: [
    { level: 'convenient', kind: 'urban', category: 'health', minutes: 6, source: 'test' },
    { level: 'convenient', kind: 'urban', category: 'elder-care', minutes: 5, source: 'test' },
    { level: 'convenient', kind: 'urban', zone: 'outer', category: 'elder-care', minutes: 8, source: 'test' },
    { level: 'quality', kind: 'urban', category: 'health', minutes: 4, source: 'test' },
    { level: 'quality', kind: 'urban', category: 'culture', meters: 400, source: 'test' },
    { level: 'convenient', kind: 'rural', category: 'health', minutes: 10, source: 'test' },
    { level: 'quality', kind: 'rural', category: 'elder-care', minutes: 8, source: 'test' },
  ],
  targets: { convenient: { urban: 0.9, rural: 0.5 }, quality: { urban: 0.5, rural: 0.25 } },
});

function cityAnalysis(seed: number): Analysis & { facilityFeatures: Feature[] } {
  const city = gridCity(seed);
  const a = analyze({ network: city.network, facilities: city.facilities, communities: city.communities, population: city.population }, { standard: CITY_STANDARD });
  return Object.assign(a, { facilityFeatures: city.facilities });
}

describe('re-scoring with the suggested sites confirms every claimed gain', () => {
  for (const [label, opts] of [
    ['towards the targets', {}],
    ['a budget of 2 per category', { budget: 2 }],
    ['a budget by category, population objective', { budget: { health: 1, 'elder-care': 3 }, objective: 'population' as const }],
  ] as const) {
    it(label, () => {
      for (const seed of [1, 2, 3]) {
        const before = cityAnalysis(seed);
        const plan = suggestSites(before, { spacingM: 100, ...opts });
        expect(plan.sites.length).toBeGreaterThan(0);
        const added = suggestionsGeoJson(plan).features;

        // Site by site: the communities each one claims are exactly those that attain once it joins the
        // sites ranked before it, and its people are exactly what the rules gained.
        let previous: Analysis = before;
        plan.sites.forEach((site, k) => {
          const after = rescore(before, { add: added.slice(0, k + 1) });
          for (const level of ['convenient', 'quality'] as const) {
            const was = attaining(previous, level), now = attaining(after, level);
            const claimed = site.newlyAttained[level];
            expect(new Set(claimed), `seed ${seed} site ${k + 1} ${level}`).toEqual(new Set([...now].filter((id) => !was.has(id))));
            expect([...was].every((id) => now.has(id))).toBe(true);
          }
          const gained = objectiveValue(before, after, site.category, 'population') - objectiveValue(before, previous, site.category, 'population');
          expect(site.newlyCovered).toBeCloseTo(gained, 6);
          previous = after;
        });

        // All together: the city summary the plan claims is the re-scored one, community by community.
        const all = rescore(before, { add: added });
        expect(all.kinds.map((k) => [k.attained, k.needed])).toEqual(plan.after.map((k) => [k.attained, k.needed]));
        expect(attainment(all)).toEqual(plan.scoresAfter.map((s) => ({ id: s.community.id, attained: s.attained })));
        for (const c of plan.categories) {
          const gains = plan.sites.filter((s) => s.category === c.category).reduce((a, s) => a + s.gain, 0);
          const value = objectiveValue(before, all, c.category, plan.objective);
          // Towards the targets, rules of a kind and level whose target is already met stop counting.
          if (plan.mode === 'budget') expect(gains).toBeCloseTo(value, 6);
          else expect(gains).toBeLessThanOrEqual(value + 1e-6);
        }
        if (plan.mode === 'targets') expect(plan.targetsMet || plan.categories.every((c) => c.stopReason !== 'targets-met')).toBe(true);
      }
    });
  }
});

describe('greedy against the exhaustive optimum', () => {
  const subsets = (n: number, k: number): number[][] => {
    if (k === 0) return [[]];
    if (n < k) return [];
    return [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n - 1])];
  };

  it('meets 1 - 1/e of the best k-subset of 10 candidates, and usually equals it', () => {
    let cases = 0, optimal = 0;
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const before = cityAnalysis(seed);
      const rand = seeded(seed * 7);
      const candidates = Array.from({ length: 10 }, (_, i) => point(rand() * 1200, rand() * 1200, { id: `c${i}` }));
      for (const category of ['health', 'elder-care']) {
        for (const objective of ['shortfall', 'population'] as const) {
          for (const k of [1, 2, 3]) {
            const plan = suggestSites(before, { budget: { [category]: k }, candidates, objective });
            const value = (ids: number[]) => objectiveValue(before, rescore(before, { add: ids.map((i) => ({ ...candidates[i], properties: { category } })) }), category, objective);
            const greedy = value(plan.sites.map((s) => s.candidate));
            const best = Math.max(...subsets(10, k).map(value));
            if (best <= 1e-9) continue;
            cases++;
            expect(greedy, `seed ${seed} ${category} ${objective} k=${k}`).toBeGreaterThanOrEqual((1 - 1 / Math.E) * best - 1e-6);
            if (greedy >= best - 1e-6) optimal++;
          }
        }
      }
    }
    console.log(`greedy equals the optimum in ${optimal} of ${cases} cases`);
    expect(cases).toBeGreaterThan(20);
    expect(optimal / cases).toBeGreaterThan(0.7);
  });

  it('lazy evaluation picks what plain greedy picks, site by site', () => {
    for (const seed of [21, 22, 23]) {
      const before = cityAnalysis(seed);
      const rand = seeded(seed);
      const candidates = Array.from({ length: 12 }, (_, i) => point(rand() * 1200, rand() * 1200, { id: `c${i}` }));
      const k = 4;
      const plan = suggestSites(before, { budget: { health: k }, candidates, objective: 'population' });
      const chosen: number[] = [];
      for (let step = 0; step < k; step++) {
        const value = (ids: number[]) => objectiveValue(before, rescore(before, { add: ids.map((i) => ({ ...candidates[i], properties: { category: 'health' } })) }), 'health', 'population');
        const base = value(chosen);
        let bestJ = -1, bestGain = 1e-9;
        for (let j = 0; j < candidates.length; j++) {
          const g = value([...chosen, j]) - base;
          if (g > bestGain + 1e-6) { bestGain = g; bestJ = j; }
        }
        if (bestJ < 0) break;
        chosen.push(bestJ);
      }
      expect(plan.sites.map((s) => s.candidate)).toEqual(chosen);
    }
  });
});

describe('nothing in, nothing changed', () => {
  const before = cityAnalysis(5);

  it('a budget of 0 suggests nothing and leaves every score as it was', () => {
    const plan = suggestSites(before, { budget: 0 });
    expect(plan.sites).toEqual([]);
    expect(plan.categories.every((c) => c.stopReason === 'budget-used' || c.stopReason === 'nothing-failing')).toBe(true);
    expect(plan.after).toEqual(before.kinds);
    expect(plan.scoresAfter).toEqual(before.communities);
    expect(attainment(rescore(before, { add: suggestionsGeoJson(plan).features }))).toEqual(attainment(before));
  });

  it('rescore with a facility removed and the same facility added back returns the original results', () => {
    const f = before.facilityFeatures[1];
    const id = before.facilities[1].id;
    const after = rescore(before, { add: [f], remove: [id] });
    expect(after.communities).toEqual(before.communities);
    expect(after.kinds).toEqual(before.kinds);
    expect(after.quotas).toEqual(before.quotas);
    for (const [category, d] of before.residentDistancesM) expect(after.residentDistancesM.get(category)).toEqual(d);
    expect(after.facilities.find((x) => x.id === id)!.servedPopulation).toBeCloseTo(before.facilities[1].servedPopulation, 9);
  });

  it('adding a facility and then removing it by id returns the original results', () => {
    const added = rescore(before, { add: [point(600, 600, { id: 'extra', category: 'health' })] });
    expect(added.facilities).toHaveLength(before.facilities.length + 1);
    const back = rescore(added, { remove: ['extra'] });
    expect(back.communities).toEqual(before.communities);
    expect(back.facilities).toEqual(before.facilities);
  });

  it('rescore searches again only the categories that change', () => {
    const after = rescore(before, { add: [point(600, 600, { category: 'health' })] });
    expect(after.residentDistancesM.get('elder-care')).toBe(before.residentDistancesM.get('elder-care'));
    expect(after.residentDistancesM.get('health')).not.toBe(before.residentDistancesM.get('health'));
    expect(after.network).toBe(before.network);
    expect(after.residentLinks).toBe(before.residentLinks);
  });
});

describe('inputs a planner can get wrong', () => {
  const before = cityAnalysis(7);
  it('names the category the standard does not score', () => {
    expect(() => suggestSites(before, { budget: { clinics: 2 } })).toThrow(InputError);
    expect(() => suggestSites(before, { budget: { clinics: 2 } })).toThrow(/no category "clinics"/);
    expect(() => suggestSites(before, { categories: ['health', 'nope'] })).toThrow(/no category "nope"/);
  });
  it('a facility id that matches nothing is an error, not a silent no-op', () => {
    expect(() => rescore(before, { remove: ['health-0', 'no-such'] })).toThrow(/remove, feature 1, field id: no facility has id "no-such"/);
  });
  it('an added facility needs a category', () => {
    expect(() => rescore(before, { add: [point(0, 0, { name: 'x' })] })).toThrow(/add, feature 0, field properties.category/);
  });
  it('budgets parse as N or category=N lists', () => {
    expect(parseBudget('3')).toBe(3);
    expect(parseBudget('health=2, elder-care=0')).toEqual({ health: 2, 'elder-care': 0 });
    expect(() => parseBudget('health=two')).toThrow(/whole number/);
    expect(() => parseBudget('-1')).toThrow(/whole number/);
  });
});

describe('network candidates', () => {
  it('cover every street point within a spacing, one per grid cell', () => {
    const { network } = gridCity(3);
    const sites = networkCandidates(network, 100);
    const cells = new Set<string>();
    for (let i = 0; i < sites.count; i++) {
      const key = `${Math.floor(sites.links.snapX[i] / 100)},${Math.floor(sites.links.snapY[i] / 100)}`;
      expect(cells.has(key)).toBe(false);
      cells.add(key);
      expect(sites.links.edge[i]).toBeGreaterThanOrEqual(0);
      expect(sites.links.offNetworkM[i]).toBeLessThan(1e-6);
    }
    // Street points every 10 m: each has a candidate within 100 * sqrt(2) on the plane.
    for (let e = 0; e < network.edgeCount; e++) {
      const g = network.edgeGeomStart[e];
      const v0 = network.geomVertex[g], v1 = network.geomVertex[network.edgeGeomStart[e + 1] - 1];
      for (let t = 0; t <= 1; t += 0.1) {
        const x = network.vertexX[v0] + t * (network.vertexX[v1] - network.vertexX[v0]);
        const y = network.vertexY[v0] + t * (network.vertexY[v1] - network.vertexY[v0]);
        let best = Infinity;
        for (let i = 0; i < sites.count; i++) best = Math.min(best, Math.hypot(sites.links.snapX[i] - x, sites.links.snapY[i] - y));
        expect(best).toBeLessThanOrEqual(100 * Math.SQRT2 + 1e-6);
      }
    }
  });
});

describe('outputs', () => {
  it('suggestions.csv and .geojson carry the same ranked rows; the GeoJSON is an --add input', () => {
    const before = cityAnalysis(2);
    const plan = suggestSites(before, { budget: 2 });
    const gj = suggestionsGeoJson(plan);
    expect(gj.features.map((f) => f.properties!.rank)).toEqual(plan.sites.map((_, i) => i + 1));
    expect(gj.features.every((f) => typeof f.properties!.category === 'string' && typeof f.properties!.id === 'string')).toBe(true);
    const csv = suggestionsCsv(plan);
    expect(csv.startsWith('\ufeffid,rank,category')).toBe(true);
    expect(csv.trim().split('\n')).toHaveLength(plan.sites.length + 1);
    expect(rescore(before, { add: gj.features }).facilities).toHaveLength(before.facilities.length + plan.sites.length);
  });
});

const demo = fileURLToPath(new URL('../data/demo/', import.meta.url));
const demoFiles = ['network', 'facilities', 'communities', 'population'].map((n) => join(demo, `${n}.geojson`));

describe.skipIf(!demoFiles.every((f) => existsSync(f)))('plan on the demo district, confirmed by analyze --add', () => {
  let out: string;
  beforeAll(async () => { out = await mkdtemp(join(tmpdir(), 'lifecircle-plan-')); });
  // The re-scored runs go beside the plan's folder, not into it: a run replaces its folder whole.
  afterAll(async () => { for (const p of [out, `${out}-after`, `${out}-after1`, `${out}-after-csv`]) await rm(p, { recursive: true, force: true }); });
  const [network, facilities, communities, population] = demoFiles;

  it('reaches the targets or reports the shortfall, and re-scoring agrees', async () => {
    const { plan, written } = await runPlan({ network, facilities, communities, population }, { out, quiet: true });
    expect(written.map((p) => p.slice(out.length + 1)).sort()).toEqual(['plan.json', 'report.html', 'report.md', 'suggestions.csv', 'suggestions.geojson']);
    // The report carries the plan: its section, one marker per site, and the site table in report.md.
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="plan">');
    expect(html.match(/<g class="site" /g)).toHaveLength(plan.sites.length);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md.split('\n').filter((l) => /^\| \d+ \| .* \| new-/.test(l))).toHaveLength(plan.sites.length);
    const summary = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8'));
    expect(summary.targetsMet).toBe(plan.targetsMet);
    if (!plan.targetsMet) expect(Object.values(plan.shortfall).some((l) => Object.values(l ?? {}).some((n) => (n ?? 0) > 0))).toBe(true);
    else expect(plan.after.every((k) => Object.values(k.needed).every((n) => n === 0))).toBe(true);
    const { analysis } = await runAnalyze({ network, facilities, communities, population }, { out: `${out}-after`, quiet: true, add: join(out, 'suggestions.geojson') });
    expect(analysis.kinds.map((k) => [k.kind, k.attained])).toEqual(plan.after.map((k) => [k.kind, k.attained]));
  });

  it('a budget of one site per category reports how close it gets', async () => {
    const { plan } = await runPlan({ network, facilities, communities, population }, { out, quiet: true, budget: 1 });
    expect(plan.categories.every((c) => c.sites <= 1)).toBe(true);
    const { analysis } = await runAnalyze({ network, facilities, communities, population }, { out: `${out}-after1`, quiet: true, add: join(out, 'suggestions.geojson') });
    expect(analysis.kinds.map((k) => k.needed)).toEqual(plan.after.map((k) => k.needed));
    // suggestions.csv works as an --add input too: its columns say WGS-84, so no GCJ-02 shift.
    const viaCsv = await runAnalyze({ network, facilities, communities, population }, { out: `${out}-after-csv`, quiet: true, add: join(out, 'suggestions.csv') });
    expect(attainment(viaCsv.analysis)).toEqual(attainment(analysis));
  });
});

describe('remove files', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'lifecircle-remove-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
  it('reads ids from text lines, a JSON array, or GeoJSON features', async () => {
    await writeFile(join(dir, 'ids.txt'), 'id\nH1\n# a comment\n\nE2\n');
    await writeFile(join(dir, 'ids.json'), JSON.stringify(['H1', 7]));
    const fc: FeatureCollection<Point> = { type: 'FeatureCollection', features: [
      { type: 'Feature', id: 'g1', properties: {}, geometry: { type: 'Point', coordinates: [113, 23] } },
      { type: 'Feature', properties: { id: 'p1' }, geometry: { type: 'Point', coordinates: [113, 23] } },
    ] };
    await writeFile(join(dir, 'ids.geojson'), JSON.stringify(fc));
    expect(await readRemoveIds(join(dir, 'ids.txt'))).toEqual(['H1', 'E2']);
    expect(await readRemoveIds(join(dir, 'ids.json'))).toEqual(['H1', 7]);
    expect(await readRemoveIds(join(dir, 'ids.geojson'))).toEqual(['g1', 'p1']);
  });
});

describe('facility ids shared by several facilities', () => {
  it('are listed in the diagnostics, and --remove of such an id is refused rather than removing them all', async () => {
    const { analyze } = await import('../src/scoring/analyze.js');
    const { keptFacilities } = await import('../src/planning/rescore.js');
    const { line, point } = await import('./support/geo.js');
    const street = line([[0, 0], [500, 0], [1000, 0]]);
    const square = (x0: number) => ({ type: 'Feature' as const, properties: { id: `C${x0}`, kind: 'urban', population: 100 },
      geometry: { type: 'Polygon' as const, coordinates: [[[0, -50], [400, -50], [400, 50], [0, 50], [0, -50]].map(([x, y]) => (line([[x0 + x, y], [x0 + x + 1, y]]).geometry.coordinates[0]))] } });
    const facilities = [point(100, 0, { id: 'dup', category: 'health' }), point(700, 0, { id: 'dup', category: 'health' }), point(300, 0, { id: 'solo', category: 'health' })];
    const analysis = analyze({ network: [street], facilities, communities: [square(0), square(500)] });
    expect(analysis.diagnostics.facilities.duplicateIds).toEqual(['dup']);
    expect(() => keptFacilities(analysis, ['dup'])).toThrow(/2 facilities have id "dup"/);
    expect(keptFacilities(analysis, ['solo'])).toEqual([0, 1]);
  });
});
