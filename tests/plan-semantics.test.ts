import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../src/scoring/analyze.js';
import { loadStandard } from '../src/standards/load-standard.js';
import { band, point, straightStreet as street } from './support/geo.js';
import { demoInputs } from './support/demo-scenario.js';

/**
 * What guangzhou-1530 means since issue 11, worked by hand on one straight street along y = 0 (every
 * walk is |x1 - x2| metres; 3.6 km/h = 60 m per minute, so 720 m is 12 minutes and 480 m is 8).
 * Residents of a community stand at its left end; its facilities stand inside it, further along.
 */


/** One facility of every kind the standard asks for, named as Guangzhou names them (the names give the types). */
const EVERY_SERVICE: [category: string, name: string][] = [
  ['community-service', '东湖社区党群服务中心'],
  ['health', '东湖社区卫生服务站'],
  ['elder-care', '东湖社区颐康服务站'],
  ['elder-care', '滨江街道颐康中心'],
  ['grocery', '东湖肉菜市场'],
  ['convenience-store', '东湖便利店'],
  ['repair-housekeeping', '东湖家电维修部'],
  ['express-delivery', '东湖菜鸟驿站'],
  ['kindergarten', '东湖幼儿园'],
  ['childcare', '小星星托育中心'],
  ['primary-school', '东湖小学'],
  ['culture', '东湖社区文化室'],
  ['sports', '东湖社区体育公园'],
  ['social-work', '滨江街道社工服务站'],
  ['children-home', '东湖社区儿童之家'],
  ['kangyuan', '滨江街道康园工疗站'],
];

/** A community at [x0, x0 + 1000] whose 100 residents stand at x0 + 50, with every service `minutesOf(category)` away. */
function town(x0: number, id: string, props: Record<string, unknown>, minutesOf: (category: string) => number | undefined) {
  const facilities = EVERY_SERVICE.flatMap(([category, name], k) => {
    const minutes = minutesOf(category);
    return minutes === undefined ? [] : [point(x0 + 50 + minutes * 60, 0, { id: `${id}-${k}`, category, name })];
  });
  return {
    facilities,
    community: band(x0, x0 + 1000, { id, name: id, population: 100, ...props }),
    population: [point(x0 + 50, 0, { population: 100 })],
  };
}

function run(towns: ReturnType<typeof town>[], standard = 'guangzhou-1530'): Analysis {
  return analyze({
    network: [street(-100, 12100)],
    facilities: towns.flatMap((t) => t.facilities),
    communities: towns.map((t) => t.community),
    population: towns.flatMap((t) => t.population),
  }, { standard });
}

const twelve = (category: string) => (category === 'culture' || category === 'sports' ? 8 : 12);

describe('guangzhou-1530: quality is more services in the same circle', () => {
  // An urban community in a central district (zone from its district), a village in an outer one.
  const towns = [
    town(0, 'U', { kind: 'urban', district: '越秀区', street: '滨江街道' }, twelve),
    town(4000, 'V', { kind: 'rural', district: '从化区', street: '良口镇' }, twelve),
  ];
  const result = run(towns);
  const byId = new Map(result.communities.map((c) => [c.community.id, c]));

  it('every category 12 minutes away (culture and sports 8) attains quality, urban and rural', () => {
    for (const id of ['U', 'V']) {
      const s = byId.get(id)!;
      expect(s.missing, id).toEqual({ convenient: [], quality: [] });
      expect(s.attained, id).toEqual({ convenient: true, quality: true });
    }
    expect(result.kinds.map((k) => [k.kind, k.attained.quality])).toEqual([['urban', 1], ['rural', 1]]);
  });

  it('zones come from the district: 越秀区 central (15-minute elder care), 从化区 outer (25)', () => {
    expect(byId.get('U')!.community).toMatchObject({ zone: 'central', zoneFrom: 'district' });
    expect(byId.get('V')!.community).toMatchObject({ zone: 'outer', zoneFrom: 'district' });
    const elder = (id: string) => byId.get(id)!.rules.find((r) => r.rule.category === 'elder-care' && !r.rule.within)!.rule;
    expect([elder('U').zone, elder('U').minutes]).toEqual(['central', 15]);
    expect([elder('V').zone, elder('V').minutes]).toEqual(['outer', 25]);
    expect(result.diagnostics.zones).toEqual({ fromDistrict: 2, missing: [], unknownDistricts: [] });
  });

  it('the same city with culture 12 minutes away misses quality for culture only; sports 12 minutes away misses convenient', () => {
    const culture12 = run([town(0, 'U', { kind: 'urban', district: '越秀区', street: '滨江街道' }, (c) => (c === 'sports' ? 8 : 12))]);
    expect(culture12.communities[0].attained).toEqual({ convenient: true, quality: false });
    expect(culture12.communities[0].missing.quality).toEqual(['culture']);
    const sports12 = run([town(0, 'U', { kind: 'urban', district: '越秀区', street: '滨江街道' }, (c) => (c === 'culture' ? 8 : 12))]);
    expect(sports12.communities[0].attained).toEqual({ convenient: false, quality: false });
    expect(sports12.communities[0].missing.convenient).toEqual(['sports']);
  });

  it('the opt-in strict reading fails the same community at quality: its shorter walks are not the plan\'s', () => {
    const strict = run(towns.slice(0, 1), 'guangzhou-1530-strict');
    expect(strict.communities[0].attained).toEqual({ convenient: true, quality: false });
    expect(strict.communities[0].missing.quality.sort()).toEqual(['community-service', 'elder-care', 'grocery', 'kindergarten']);
  });
});

describe('presence rules', () => {
  // Two communities of one street and one of another; only A holds a Yikang station and centre.
  //   A [0, 1000] 滨江街道: station + centre inside
  //   B [1000, 2000] 滨江街道: neither inside; A's centre is in its street
  //   C [2000, 3000] 石楼街道: neither
  const communities = [
    band(0, 1000, { id: 'A', name: 'A', kind: 'urban', zone: 'central', population: 10, street: '滨江街道' }),
    band(1000, 2000, { id: 'B', name: 'B', kind: 'urban', zone: 'central', population: 10, street: '滨江街道' }),
    band(2000, 3000, { id: 'C', name: 'C', kind: 'urban', zone: 'central', population: 10, street: '石楼街道' }),
  ];
  const facilities = [
    point(500, 0, { id: 'S', category: 'elder-care', name: 'A颐康服务站' }),
    point(600, 0, { id: 'Z', category: 'elder-care', name: '滨江街道颐康中心' }),
  ];
  const population = [500, 1500, 2500].map((x) => point(x, 0, { population: 10 }));
  const result = analyze({ network: [street(-100, 3100)], facilities, communities, population }, { standard: 'guangzhou-1530' });
  const outcome = (id: string, types: string, within: string) =>
    result.communities.find((c) => c.community.id === id)!.rules.find((r) => r.rule.within === within && r.rule.types?.join() === types)!;

  it('in the community: met only where the facility lies inside the polygon', () => {
    expect([outcome('A', 'station', 'community').met, outcome('A', 'station', 'community').present]).toEqual([true, 1]);
    expect([outcome('B', 'station', 'community').met, outcome('B', 'station', 'community').present]).toEqual([false, 0]);
    expect(outcome('C', 'station', 'community').met).toBe(false);
  });

  it('in the street: met anywhere in the community\'s street (镇街), not in another street', () => {
    expect(outcome('A', 'centre', 'street').met).toBe(true);
    expect(outcome('B', 'centre', 'street').met).toBe(true);
    expect(outcome('C', 'centre', 'street').met).toBe(false);
  });

  it('types matter: the centre does not count as a station, nor the station as a centre', () => {
    const onlyCentre = analyze({ network: [street(-100, 3100)], facilities: [facilities[1]], communities, population }, { standard: 'guangzhou-1530' });
    const a = onlyCentre.communities[0];
    expect(a.rules.find((r) => r.rule.within === 'community' && r.rule.category === 'elder-care')!.met).toBe(false);
    expect(a.missing.quality).toContain('elder-care');
  });

  it('the plan indicators count communities and streets with one', () => {
    const ind = new Map(result.indicators.map((i) => [i.id, i]));
    expect(ind.get('yikang-stations')).toMatchObject({ status: 'measured', value: 1 / 3, met: false });
    expect(ind.get('yikang-centres')).toMatchObject({ status: 'measured', value: 1 / 2, met: false });
  });
});

describe('zones from districts', () => {
  // Elder care 20 minutes (1200 m) away: within the outer 25-minute rule, beyond the central 15.
  const communities = [
    band(0, 2000, { id: 'P', name: '番禺社区', kind: 'urban', district: '番禺区', population: 10, street: 'S' }),
    band(3000, 5000, { id: 'Y', name: '越秀社区', kind: 'urban', district: '越秀', population: 10, street: 'S' }),
    band(6000, 8000, { id: 'N', name: '无区社区', kind: 'urban', population: 10, street: 'S' }),
    band(9000, 11000, { id: 'X', name: '外区社区', kind: 'urban', district: '深圳南山区', population: 10, street: 'S' }),
  ];
  const population = [0, 3000, 6000, 9000].map((x) => point(x + 50, 0, { population: 10 }));
  const facilities = [0, 3000, 6000, 9000].map((x, k) => point(x + 50 + 1200, 0, { id: `E${k}`, category: 'elder-care', name: '颐康服务站' }));
  const result = analyze({ network: [street(-100, 11100)], facilities, communities, population }, { standard: 'guangzhou-1530' });
  const elder = (id: string) => result.communities.find((c) => c.community.id === id)!.rules.find((r) => r.rule.category === 'elder-care' && !r.rule.within)!;

  it('a community without `zone` takes it from its district (with or without 区)', () => {
    expect(result.communities.map((c) => c.community.zone)).toEqual(['outer', 'central', undefined, undefined]);
    expect([elder('P').rule.minutes, elder('P').met]).toEqual([25, true]);
    expect([elder('Y').rule.minutes, elder('Y').met]).toEqual([15, false]);
  });

  it('neither zone nor a known district: the unzoned rule, and a warning naming the community, never a silent default', () => {
    expect(elder('N').rule.zone).toBeUndefined();
    expect(result.diagnostics.zones.missing).toEqual(['N', 'X']);
    expect(result.diagnostics.zones.unknownDistricts).toEqual(['深圳南山区']);
    expect(result.diagnostics.zones.fromDistrict).toBe(2);
  });

  it('a stated zone wins over the district', () => {
    const r = analyze({ network: [street(-100, 2100)], facilities: facilities.slice(0, 1), communities: [band(0, 2000, { id: 'P', kind: 'urban', zone: 'central', district: '番禺区', population: 10 })], population: population.slice(0, 1) });
    expect(r.communities[0].community).toMatchObject({ zone: 'central', zoneFrom: 'zone' });
  });
});

describe('sensitivity: re-scored from the routed fields, equal to full re-runs', () => {
  const inputs = demoInputs();
  const base = analyze(inputs);
  const attained = (a: Analysis) => a.kinds.filter((k) => k.communities > 0).map((k) => ({ kind: k.kind, scored: k.scored, attained: k.attained, share: k.share }));

  it('has the six settings, the used ones marked', () => {
    expect(base.sensitivity.map((r) => [r.setting, r.value, r.current])).toEqual([
      ['minShare', 0.7, false], ['minShare', 0.8, true], ['minShare', 0.9, false],
      ['walkSpeedKmh', 3, false], ['walkSpeedKmh', 3.6, true], ['walkSpeedKmh', 4.5, false],
    ]);
  });

  it.each([0.7, 0.8, 0.9])('minShare %s', (minShare) => {
    const row = base.sensitivity.find((r) => r.setting === 'minShare' && r.value === minShare)!;
    expect(row.byKind).toEqual(attained(analyze(inputs, { minShare })));
  });

  it.each([3.0, 3.6, 4.5])('%s km/h', (speedKmh) => {
    const row = base.sensitivity.find((r) => r.setting === 'walkSpeedKmh' && r.value === speedKmh)!;
    expect(row.byKind).toEqual(attained(analyze(inputs, { speedKmh })));
  });

  it('the settings move the demo\'s headline (so the table has something to say)', () => {
    const urban = (setting: string, value: number) => base.sensitivity.find((r) => r.setting === setting && r.value === value)!.byKind.find((k) => k.kind === 'urban')!.attained.convenient;
    expect(urban('walkSpeedKmh', 3)).toBeLessThan(urban('walkSpeedKmh', 4.5));
    expect(urban('minShare', 0.9)).toBeLessThan(urban('minShare', 0.7));
  });

  it('a standard\'s settings come with their provenance', () => {
    expect(base.standard.settings.minShare).toMatchObject({ value: 0.8, assumed: true });
    expect(loadStandard({ id: 'x', name: 'x', minShare: 0.9, rules: [{ level: 'convenient', kind: 'urban', category: 'health', minutes: 15, source: 's' }] }).settings.minShare.value).toBe(0.9);
  });
});

describe('plan indicators from an indicators CSV', () => {
  const inputs = demoInputs();
  const props: { id: string; street: string; kind: string; population: number; households: number }[] = inputs.communities.map((f) => f.properties as { id: string; street: string; kind: string; population: number; households: number });
  const streets = [...new Set(props.map((p) => p.street))];

  it('without data: not assessed, naming the field that would supply it, never met', () => {
    const a = analyze(inputs);
    const beds = a.indicators.find((i) => i.id === 'nursing-beds')!;
    expect(beds.status).toBe('needs-data');
    expect([beds.value, beds.met]).toEqual([undefined, undefined]);
    expect(beds.needs).toMatch(/nursing_beds and care_beds per street in the indicators CSV/);
    for (const i of a.indicators) if (i.status !== 'measured') expect(i.met, i.id).toBeUndefined();
  });

  it('with data: measured by hand-countable sums; quotas also as the share of communities meeting them', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readIndicatorsCsv } = await import('../src/intake/read-indicators.js');
    const dir = await mkdtemp(join(tmpdir(), 'lifecircle-indicators-'));
    // Streets: 80 nursing beds of 100 in each; communities: volunteers 25% of residents in the first
    // half, 10% in the second; a foundation in every other urban community; workers 20 per 10,000.
    const rows = [
      'id,street,nursing_beds,care_beds,volunteers,community_foundation,workers',
      ...streets.map((s) => `,${s},80,100,,,`),
      ...props.map((p, i) => `${p.id},,,,${Math.round(p.population * (i < props.length / 2 ? 0.25 : 0.1))},${i % 2 ? 'yes' : '否'},${(p.population * 20) / 10000}`),
    ];
    const file = join(dir, 'indicators.csv');
    await writeFile(file, rows.join('\n'));
    const data = await readIndicatorsCsv(file);
    const a = analyze({ ...inputs, indicators: data });
    const ind = new Map(a.indicators.map((i) => [i.id, i]));
    expect(ind.get('nursing-beds')).toMatchObject({ status: 'measured', value: 0.8, met: true });
    const volunteers = props.reduce((s, p, i) => s + Math.round(p.population * (i < props.length / 2 ? 0.25 : 0.1)), 0);
    const residents = props.reduce((s, p) => s + p.population, 0);
    expect(ind.get('volunteers')!.value).toBeCloseTo(volunteers / residents, 12);
    expect(ind.get('volunteers')!.met).toBe(volunteers / residents >= 0.2);
    const urban = props.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === 'urban');
    expect(ind.get('foundations-urban')!.value).toBeCloseTo(urban.filter(({ i }) => i % 2).length / urban.length, 12);
    // The demo's communities state workers, so the communities file wins over the CSV: its own figure.
    const q = a.quotas.find((x) => x.id === 'workersPer10000Residents')!;
    expect(q.shareMeeting).toBeGreaterThanOrEqual(0);
    expect(q.shareMeeting).toBeLessThanOrEqual(1);
    expect(ind.get('workers')!.shareMeeting).toBe(q.shareMeeting);
    expect(a.diagnostics.indicators).toEqual({ source: file, unmatchedIds: [], unmatchedStreets: [] });
  });

  it('refuses an unknown column and a row naming neither id nor street', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readIndicatorsCsv } = await import('../src/intake/read-indicators.js');
    const dir = await mkdtemp(join(tmpdir(), 'lifecircle-indicators-'));
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'id,nursing_bed\nC001,3\n');
    await expect(readIndicatorsCsv(bad)).rejects.toThrow(/unknown column "nursing_bed"/);
    await writeFile(bad, 'id,street,volunteers\n,,3\n');
    await expect(readIndicatorsCsv(bad)).rejects.toThrow(/neither a community `id` nor a `street`/);
  });
});
