import { describe, expect, it } from 'vitest';
import { analyze } from '../src/scoring/analyze.js';
import { loadStandard } from '../src/standards/load-standard.js';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints } from '../src/network/link-points.js';
import { twoStepFca } from '../src/scoring/two-step-fca.js';
import { communitiesCsv } from '../src/report/communities-csv.js';
import { band, line, ll, point, straightStreet } from './support/geo.js';

/**
 * The micro-city: one straight street along y = 0 from x = -100 to 4100 m, residents and facilities on
 * it (so every off-network leg is 0 and every walk is |x1 - x2| metres; 60 m per minute).
 *
 *   x:      0    300      1000   1600  2000                    3500
 *   health H1 (0), H2 (2000: outside every community)
 *   elder  E1 (0, 颐康中心 = centre), E2 (1600, a station)
 *   culture C2 (300), C1 (1000)
 *   childcare K1 (3500, 5 places)
 *
 * Communities (x ranges, residents every 100 m):
 *   A urban central [-50, 550]  residents 100..500   population 1000  street S1
 *   B urban outer   [600, 1200] residents 700..1100  population 500   street S1
 *   C urban         [1250,1950] residents 1300, 1500..1800  population 800  street S2
 *   D urban         [2100,2200] no residents, population 0          street S2
 *   E rural         [3000,4000] residents 3100..3900 step 200  population 300  street S2
 */
const STANDARD = loadStandard({
  id: 'micro', name: 'Micro-city standard', walkSpeedKmh: 3.6, minShare: 0.8,
  rules: [
    { level: 'convenient', kind: 'urban', category: 'health', minutes: 10, source: 'test' },
    { level: 'convenient', kind: 'urban', category: 'elder-care', minutes: 10, source: 'test' },
    { level: 'convenient', kind: 'urban', zone: 'outer', category: 'elder-care', minutes: 20, source: 'test' },
    { level: 'quality', kind: 'urban', category: 'culture', meters: 300, source: 'test' },
    { level: 'convenient', kind: 'rural', category: 'health', minutes: 30, source: 'test' },
    { level: 'quality', kind: 'rural', category: 'culture', meters: 1000, source: 'test' },
  ],
  targets: { convenient: { urban: 0.5, rural: 0.5 }, quality: { urban: 0.5, rural: 0.5 } },
  quotas: {
    childcarePlacesPer1000Residents: { value: 5.8, source: 'test' },
    elderCareCentresPerStreet: { value: 1, source: 'test' },
    elderCareStationsPerCommunity: { value: 1, source: 'test' },
  },
});

const street = straightStreet(-100, 4100);
const facilities = [
  point(0, 0, { id: 'H1', category: 'health' }),
  point(2000, 0, { id: 'H2', category: 'health' }),
  point(0, 0, { id: 'E1', category: 'elder-care', name: '东湖颐康中心' }),
  point(1600, 0, { id: 'E2', category: 'elder-care', facility_type: 'station' }),
  point(300, 0, { id: 'C2', category: 'culture' }),
  point(1000, 0, { id: 'C1', category: 'culture' }),
  point(3500, 0, { id: 'K1', category: 'childcare', capacity: 5 }),
];
const communities = [
  band(-50, 550, { id: 'A', name: '东湖社区', kind: 'urban', zone: 'central', population: 1000, street: 'S1' }),
  band(600, 1200, { id: 'B', name: '<b>西岸</b>社区', kind: '社区', zone: 'outer', population: 500, street: 'S1' }),
  band(1250, 1950, { id: 'C', name: 'C', kind: 'urban', population: 800, street: 'S2' }),
  band(2100, 2200, { id: 'D', name: 'D', kind: 'urban', population: 0, street: 'S2' }),
  band(3000, 4000, { id: 'E', name: '石岗村', kind: '村', population: 300, street: 'S2' }),
];
const population = [
  ...[100, 200, 300, 400, 500], ...[700, 800, 900, 1000, 1100], ...[1300, 1500, 1600, 1700, 1800], ...[3100, 3300, 3500, 3700, 3900],
].map((x) => point(x, 0, { population: 1 }));

describe('analyze on the hand-worked micro-city', () => {
  const result = analyze({ network: [street], facilities, communities, population }, { standard: STANDARD });
  const byId = new Map(result.communities.map((c) => [c.community.id, c]));

  it('A attains quality: everything within reach, culture 200 m away at most', () => {
    const a = byId.get('A')!;
    expect([a.attained.convenient, a.attained.quality]).toEqual([true, true]);
    expect(a.categories.get('health')!.share).toBe(1);
    expect(a.categories.get('health')!.medianMin).toBeCloseTo(300 / 60, 6); // residents at 100..500 m from H1
  });

  it('B misses health (700-1100 m > 600 m) but its outer-zone elder-care rule (20 min) is met', () => {
    const b = byId.get('B')!;
    expect(b.attained.convenient).toBe(false);
    expect(b.missing.convenient).toEqual(['health']);
    // Culture: 700 m lies exactly 300 m from C1, the rule's limit in metres; all five are covered.
    expect(b.categories.get('culture')!.share).toBe(1);
    expect(b.attained.quality).toBe(false);
    expect(b.missing.quality).toEqual([]);
  });

  it('C meets health at exactly minShare (4 of 5 within 600 m of H2, which lies outside every community)', () => {
    const c = byId.get('C')!;
    expect(c.categories.get('health')!.share).toBeCloseTo(0.8, 12);
    expect(c.attained.convenient).toBe(true);
    expect(c.attained.quality).toBe(false);
    expect(c.missing.quality).toEqual(['culture']);
  });

  it('D has no residents: reported, not scored', () => {
    const d = byId.get('D')!;
    expect(d.scored).toBe(false);
    expect(d.attained).toEqual({});
    expect(result.diagnostics.residents.noResidents).toEqual(['D']);
  });

  it('E, a village, meets its 30-minute health rule at 0.8 and misses culture within 1000 m', () => {
    const e = byId.get('E')!;
    expect(e.categories.get('health')!.share).toBeCloseTo(0.8, 12);
    expect([e.attained.convenient, e.attained.quality]).toEqual([true, false]);
    expect(e.missing.quality).toEqual(['culture']);
  });

  it('summarises the city against the targets with the communities each gap needs', () => {
    const urban = result.kinds.find((k) => k.kind === 'urban')!;
    expect(urban).toMatchObject({ communities: 4, scored: 3, attained: { convenient: 2, quality: 1 } });
    expect(urban.needed).toEqual({ convenient: 0, quality: 1 }); // 0.5 x 3 = 1.5 -> 2 needed, 1 there
    const rural = result.kinds.find((k) => k.kind === 'rural')!;
    expect(rural).toMatchObject({ scored: 1, attained: { convenient: 1, quality: 0 } });
    expect(rural.needed).toEqual({ convenient: 0, quality: 1 });
  });

  it('counts the population H2 serves from outside every community', () => {
    const h2 = result.facilities.find((f) => f.id === 'H2')!;
    expect(h2.community).toBe(-1);
    // C: 1500..1800 (4 x 160 people); E: 3100..3700 within 1800 m (4 x 60 people).
    expect(h2.servedPopulation).toBeCloseTo(4 * 160 + 4 * 60, 6);
  });

  it('gives every facility a served population, 0 to one of a category no rule scores', () => {
    for (const f of result.facilities) expect(Number.isFinite(f.servedPopulation), String(f.id)).toBe(true);
    // Childcare has a quota here, no distance rule: it is not served.
    expect(result.categories).not.toContain('childcare');
    expect(result.facilities.find((f) => f.id === 'K1')!.servedPopulation).toBe(0);
  });

  it('keeps the residents\' people in shared memory only when asked (for a router given later), with the same results', () => {
    expect(result.residents.people.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const shared = analyze({ network: [street], facilities, communities, population }, { standard: STANDARD, sharedMemory: true });
    expect(shared.residents.people.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.residents.people)).toEqual(Array.from(result.residents.people));
    expect(shared.communities).toEqual(result.communities);
    expect(shared.facilities).toEqual(result.facilities);
  });

  it('measures the quotas from hand counts', () => {
    const q = new Map(result.quotas.map((x) => [x.id, x]));
    expect(q.get('childcarePlacesPer1000Residents')!.value).toBeCloseTo((5 / 2600) * 1000, 9);
    expect(q.get('childcarePlacesPer1000Residents')!.met).toBe(false);
    expect(q.get('elderCareCentresPerStreet')!.value).toBe(0); // S1 has E1, S2 has none
    expect(q.get('elderCareStationsPerCommunity')!.detail).toContain('1 of 5');
    expect(q.get('serviceFloorM2Per100Households')!.value).toBeUndefined();
    expect(q.get('workersPer10000Residents')!.reason).toMatch(/workers/);
  });

  it('writes the community table with BOM and exactly the leading columns', () => {
    const csv = communitiesCsv(result);
    expect(csv.startsWith('\ufeffid,name,kind,zone,population,convenient,quality,missing_convenient,missing_quality,')).toBe(true);
    expect(csv).toContain('D,D,urban,,0,n/a,n/a');
    expect(csv).toContain('"<b>西岸</b>社区"'.replace(/"/g, '')); // names kept as given; escaping is the HTML renderer's job
  });
});

describe('2SFCA against a hand computation', () => {
  it('ratios and access on a 1 km street', () => {
    const net = buildNetwork([line([[0, 0], [1000, 0]])]);
    const fac = linkPoints(net, [ll(0, 0), ll(1000, 0)]);
    const res = linkPoints(net, [ll(100, 0), ll(500, 0), ll(900, 0)]);
    const r = twoStepFca(net, fac, Float64Array.of(10, 30), res, Float64Array.of(100, 100, 200), Float64Array.of(500, 500, 500));
    // F1 reaches 100 m and 500 m (exactly at the limit): 200 people, 10 / 200 = 0.05.
    // F2 reaches 500 m and 900 m: 300 people, 30 / 300 = 0.1.
    expect([...r.demand]).toEqual([200, 300]);
    expect(r.ratio[0]).toBeCloseTo(0.05, 12);
    expect(r.ratio[1]).toBeCloseTo(0.1, 12);
    expect(r.access[0]).toBeCloseTo(0.05, 12);
    expect(r.access[1]).toBeCloseTo(0.15, 12);
    expect(r.access[2]).toBeCloseTo(0.1, 12);
  });
});

describe('standards that do not cover a kind', () => {
  it('leaves villages unscored under an urban-only standard', () => {
    const result = analyze({ network: [street], facilities, communities, population }, { standard: 'gb50180-2018' });
    const e = result.communities.find((c) => c.community.id === 'E')!;
    expect(e.scored).toBe(false);
  });
});

describe('coverage areas of the standard', () => {
  it('draws each category at each threshold its rules use, around the right facilities', async () => {
    const { standardCoverage } = await import('../src/isochrone/standard-coverage.js');
    const booleanPointInPolygon = (await import('@turf/boolean-point-in-polygon')).default;
    const result = analyze({ network: [street], facilities, communities, population }, { standard: STANDARD });
    const cov = standardCoverage(result);
    const keys = cov.features.map((f) => `${f.properties.category}:${f.properties.minutes ?? `${f.properties.meters}m`}`).sort();
    expect(keys).toEqual(['culture:1000m', 'culture:300m', 'elder-care:10', 'elder-care:20', 'health:10', 'health:30']);
    const health10 = cov.features.find((f) => f.properties.category === 'health' && f.properties.minutes === 10)!;
    expect(health10.properties.rules).toEqual(['convenient urban']);
    const inside = (x: number) => booleanPointInPolygon(ll(x, 0), health10);
    expect(inside(300)).toBe(true);   // 300 m from H1
    expect(inside(1450)).toBe(true);  // 550 m from H2
    expect(inside(1000)).toBe(false); // 1000 m from both
    expect(inside(1300)).toBe(false); // 700 m by the street from H2, and the cap only reaches off the street
  });
});

describe('2SFCA against brute force on random streets', () => {
  it('demand, ratio and access equal sums over exact pairwise distances', async () => {
    const { pointToPointM } = await import('../src/routing/distance-field.js');
    const { seeded } = await import('./support/geo.js');
    for (let seed = 1; seed <= 8; seed++) {
      const rand = seeded(seed);
      // A 6 x 6 block grid, 100 m blocks: one connected component.
      const lines = [];
      for (let i = 0; i <= 5; i++) {
        lines.push(line(Array.from({ length: 6 }, (_, k) => [k * 100, i * 100] as [number, number])));
        lines.push(line(Array.from({ length: 6 }, (_, k) => [i * 100, k * 100] as [number, number])));
      }
      const net = buildNetwork(lines);
      const facPts = Array.from({ length: 5 }, () => ll(rand() * 500, rand() * 500));
      const resPts = Array.from({ length: 40 }, () => ll(rand() * 500, rand() * 500));
      const fac = linkPoints(net, facPts);
      const res = linkPoints(net, resPts);
      const capacity = Float64Array.from(facPts, () => 1 + Math.floor(rand() * 50));
      const weight = Float64Array.from(resPts, () => 1 + Math.floor(rand() * 100));
      const reach = Float64Array.from(resPts, () => (rand() < 0.5 ? 300 : 450));
      const r = twoStepFca(net, fac, capacity, res, weight, reach);
      const d = (j: number, i: number) => pointToPointM(net, fac, j, res, i);
      for (let j = 0; j < facPts.length; j++) {
        let demand = 0;
        for (let i = 0; i < resPts.length; i++) if (d(j, i) <= reach[i] + 1e-6) demand += weight[i];
        expect(r.demand[j]).toBeCloseTo(demand, 9);
        expect(r.ratio[j]).toBeCloseTo(demand > 0 ? capacity[j] / demand : 0, 12);
      }
      for (let i = 0; i < resPts.length; i++) {
        let access = 0;
        for (let j = 0; j < facPts.length; j++) if (d(j, i) <= reach[i] + 1e-6) access += r.ratio[j];
        expect(r.access[i]).toBeCloseTo(access, 12);
      }
    }
  });
});

describe('2SFCA with several reach classes against brute force', () => {
  // The searches stop at each facility's own bound (the largest reach of a resident it can reach);
  // residents of a far-reaching class only here and there, residents with no rule (-1), facilities
  // sharing edges with residents and with each other, and weights of 0, must not change any sum.
  it('demand, ratio and access equal sums over exact pairwise distances', async () => {
    const { pointToPointM } = await import('../src/routing/distance-field.js');
    const { seeded } = await import('./support/geo.js');
    for (let seed = 1; seed <= 6; seed++) {
      const rand = seeded(100 + seed);
      // A 10 x 10 block grid of 120 m blocks with a few streets missing.
      const lines = [];
      for (let i = 0; i <= 10; i++) {
        for (let k = 0; k < 10; k++) {
          if (rand() > 0.1) lines.push(line([[k * 120, i * 120], [(k + 1) * 120, i * 120]]));
          if (rand() > 0.1) lines.push(line([[i * 120, k * 120], [i * 120, (k + 1) * 120]]));
        }
      }
      const net = buildNetwork(lines);
      const facPts = Array.from({ length: 12 }, () => ll(rand() * 1200, rand() * 1200));
      facPts.push(facPts[0]); // two facilities at one place
      // Villagers (1,500 m) live in the south-west corner only, so some facilities have one in
      // reach and others not; the others split into 300 m, 450 m and no rule.
      const villagers = 6;
      const resPts = Array.from({ length: 80 }, (_, i) => (i < villagers ? ll(rand() * 250, rand() * 250) : ll(rand() * 1200, rand() * 1200)));
      const fac = linkPoints(net, facPts);
      const res = linkPoints(net, resPts);
      const capacity = Float64Array.from(facPts, () => 1 + Math.floor(rand() * 50));
      const weight = Float64Array.from(resPts, () => (rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 100)));
      const reach = Float64Array.from(resPts, (_, i) => {
        if (i < villagers) return 1500;
        const u = rand();
        return u < 0.1 ? -1 : u < 0.95 ? 300 : 450;
      });
      const r = twoStepFca(net, fac, capacity, res, weight, reach);
      const d = (j: number, i: number) => pointToPointM(net, fac, j, res, i);
      for (let j = 0; j < facPts.length; j++) {
        let demand = 0;
        for (let i = 0; i < resPts.length; i++) if (reach[i] >= 0 && d(j, i) <= reach[i] + 1e-6) demand += weight[i];
        expect(r.demand[j], `seed ${seed}, facility ${j}`).toBeCloseTo(demand, 9);
        expect(r.ratio[j]).toBeCloseTo(demand > 0 ? capacity[j] / demand : 0, 12);
      }
      for (let i = 0; i < resPts.length; i++) {
        let access = 0;
        for (let j = 0; j < facPts.length; j++) if (reach[i] >= 0 && d(j, i) <= reach[i] + 1e-6) access += r.ratio[j];
        expect(r.access[i], `seed ${seed}, resident ${i}`).toBeCloseTo(access, 12);
      }
    }
  });
});

describe('2SFCA with many residents per street against brute force', () => {
  // Dense residents (several per street segment, of mixed reach, some with none) and reaches longer
  // than the grid: most streets lie wholly inside a catchment and are taken whole (no test per
  // resident), the rest resident by resident; the sums must not tell the two apart.
  it('demand, ratio and access equal sums over exact pairwise distances', async () => {
    const { pointToPointM } = await import('../src/routing/distance-field.js');
    const { seeded } = await import('./support/geo.js');
    for (let seed = 1; seed <= 4; seed++) {
      const rand = seeded(200 + seed);
      const lines = [];
      for (let i = 0; i <= 5; i++) {
        lines.push(line(Array.from({ length: 6 }, (_, k) => [k * 100, i * 100] as [number, number])));
        lines.push(line(Array.from({ length: 6 }, (_, k) => [i * 100, k * 100] as [number, number])));
      }
      const net = buildNetwork(lines);
      const facPts = Array.from({ length: 6 }, () => ll(rand() * 500, rand() * 500));
      // Residents near the streets (a few metres off), so that each segment carries several.
      const resPts = Array.from({ length: 300 }, () => {
        const along = rand() * 500, across = Math.floor(rand() * 6) * 100 + (rand() - 0.5) * 12;
        return rand() < 0.5 ? ll(along, across) : ll(across, along);
      });
      const fac = linkPoints(net, facPts);
      const res = linkPoints(net, resPts);
      const capacity = Float64Array.from(facPts, () => 1 + Math.floor(rand() * 50));
      const weight = Float64Array.from(resPts, () => (rand() < 0.05 ? 0 : 1 + Math.floor(rand() * 100)));
      const reach = Float64Array.from(resPts, () => {
        const u = rand();
        return u < 0.1 ? -1 : u < 0.4 ? 250 : u < 0.8 ? 600 : 2000;
      });
      const r = twoStepFca(net, fac, capacity, res, weight, reach);
      const dist = facPts.map((_, j) => resPts.map((_, i) => pointToPointM(net, fac, j, res, i)));
      for (let j = 0; j < facPts.length; j++) {
        let demand = 0;
        for (let i = 0; i < resPts.length; i++) if (reach[i] >= 0 && dist[j][i] <= reach[i] + 1e-6) demand += weight[i];
        expect(r.demand[j], `seed ${seed}, facility ${j}`).toBeCloseTo(demand, 9);
        expect(r.ratio[j]).toBeCloseTo(demand > 0 ? capacity[j] / demand : 0, 12);
      }
      for (let i = 0; i < resPts.length; i++) {
        let access = 0;
        for (let j = 0; j < facPts.length; j++) if (reach[i] >= 0 && dist[j][i] <= reach[i] + 1e-6) access += r.ratio[j];
        expect(r.access[i], `seed ${seed}, resident ${i}`).toBeCloseTo(access, 12);
      }
    }
  });
});

describe('--speed-kmh', () => {
  it('replaces the standard pace, and a rule with a pace of its own keeps it', () => {
    const std = loadStandard({
      id: 'paces', name: 'Paces', walkSpeedKmh: 3.6,
      rules: [
        { level: 'convenient', kind: 'urban', category: 'health', minutes: 10, source: 'test' },
        { level: 'convenient', kind: 'urban', category: 'elder-care', minutes: 10, speedKmh: 2.4, source: 'test: a slower pace for elder care' },
        // Stated, and equal to the standard's pace: still the rule's own.
        { level: 'convenient', kind: 'urban', category: 'grocery', minutes: 10, speedKmh: 3.6, source: 'test: a pace of its own' },
      ],
    });
    const result = analyze({ network: [street], facilities, communities, population }, { standard: std, speedKmh: 7.2 });
    const pace = new Map(result.standard.rules.map((r) => [r.category, r.speedKmh]));
    expect(pace.get('health')).toBe(7.2);
    expect(pace.get('elder-care')).toBe(2.4);
    expect(pace.get('grocery')).toBe(3.6);
    // A at 100..500 m from H1: at 7.2 km/h (120 m/min) 500 m is 4.17 min; the median (300 m) 2.5 min.
    expect(result.communities[0].categories.get('health')!.medianMin).toBeCloseTo(2.5, 9);
  });
});
