import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import {
  analyze, buildNetwork, coverageAreas, InputError, isochrones, rescore, standardCoverage, suggestSites, travelTimes, loadStandard,
} from '../src/index.js';
import { ll, line, point } from './support/geo.js';
import { fc } from './support/scratch.js';

/**
 * GeoJSON in as users have it: every entry that takes features takes a FeatureCollection (what
 * JSON.parse of a .geojson file gives) or an array of Features, with the same answer; any other
 * shape is an InputError naming the argument, never a raw TypeError from deep inside.
 *
 * The map: one street along y = 0 from 0 to 2000 m; a clinic at 0 and a park at 1000; one urban
 * community [0, 2000] x [-50, 50] of 100 people. At 60 m/min the clinic is 0-33 minutes away.
 */
const streets = [line([[0, 0], [1000, 0], [2000, 0]], { highway: 'residential' })];
const facilities = [point(0, 0, { id: 'clinic', category: 'health' }), point(1000, 0, { id: 'park', category: 'sports' })];
const homes = [point(600, 0, { id: 'h1' }), point(1800, 0, { id: 'h2' })];
const square: Feature<Polygon> = {
  type: 'Feature', properties: { id: 'A', name: 'A', kind: 'urban', population: 100 },
  geometry: { type: 'Polygon', coordinates: [[ll(0, -50), ll(2000, -50), ll(2000, 50), ll(0, 50), ll(0, -50)]] },
};
const standard = loadStandard({
  id: 'tiny', name: 'Tiny', walkSpeedKmh: 3.6, minShare: 0.8,
  rules: [{ level: 'convenient', kind: 'urban', category: 'health', minutes: 15, source: 'test' }],
  targets: { convenient: { urban: 1 } },
});
// Round-tripped through JSON, exactly as a user reading a file would have them.
const asParsed = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The InputError a call throws, so a test can check which argument it names. */
function inputError(f: () => unknown): InputError {
  try { f(); } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('every entry takes a FeatureCollection or a Feature[]', () => {
  const network = buildNetwork(streets);

  it('buildNetwork: the same graph from either', () => {
    const fromFc = buildNetwork(asParsed(fc(streets)) as never);
    expect(fromFc.stats).toEqual(network.stats);
  });

  it('travelTimes: the same minutes from either (hand-worked: 600 m = 10 min, 1800 m = 30 min to the clinic)', () => {
    const a = travelTimes(network, facilities, homes);
    const b = travelTimes(network, asParsed(fc(facilities)) as never, asParsed(fc(homes)) as never);
    expect([...b.byCategory.get('health')!.minutes]).toEqual([...a.byCategory.get('health')!.minutes]);
    expect(a.byCategory.get('health')!.minutes[0]).toBeCloseTo(10, 6);
    expect(a.byCategory.get('health')!.minutes[1]).toBeCloseTo(30, 6);
  });

  it('isochrones and coverageAreas: the same polygons from either, and from bare positions', () => {
    const arr = isochrones(network, homes, { minutes: [5] });
    expect(isochrones(network, asParsed(fc(homes)) as never, { minutes: [5] })).toEqual(arr);
    expect(isochrones(network, homes.map((h) => h.geometry.coordinates), { minutes: [5] }).features.map((f) => f.geometry))
      .toEqual(arr.features.map((f) => f.geometry));
    const cov = coverageAreas(network, facilities, [5]);
    expect(coverageAreas(network, asParsed(fc(facilities)) as never, [5])).toEqual(cov);
    expect(cov.features[0].geometry.coordinates.length).toBeGreaterThan(0);
  });

  it('analyze, rescore, suggestSites and standardCoverage: one analysis from FeatureCollections straight from JSON.parse', () => {
    const fromArrays = analyze({ network: streets, facilities, communities: [square] }, { standard });
    const inputs = asParsed({ network: fc(streets), facilities: fc(facilities), communities: fc([square]) });
    const fromFc = analyze(inputs as never, { standard });
    // Residents every 100 m from 0 to 2000 m: those within 900 m (15 min) of the clinic, about half.
    expect(fromArrays.communities[0].rules[0].share).toBeGreaterThan(0.3);
    expect(fromArrays.communities[0].rules[0].share).toBeLessThan(0.7);
    expect(fromFc.communities.map((c) => c.rules.map((r) => r.share))).toEqual(fromArrays.communities.map((c) => c.rules.map((r) => r.share)));
    // The analysis keeps where each facility stands, so coverage needs nothing else.
    expect(fromFc.facilities.map((f) => f.position)).toEqual(facilities.map((f) => f.geometry.coordinates));
    expect(standardCoverage(fromFc).features.length).toBe(1);

    const added = point(2000, 0, { id: 'new', category: 'health' });
    const a = rescore(fromFc, { add: [added] });
    const b = rescore(fromFc, { add: asParsed(fc([added])) as never });
    expect(b.communities.map((c) => c.rules.map((r) => r.share))).toEqual(a.communities.map((c) => c.rules.map((r) => r.share)));
    expect(b.facilities.at(-1)!.position).toEqual(added.geometry.coordinates);

    const sites = [point(1500, 0, { id: 's1' })];
    const p1 = suggestSites(fromFc, { candidates: sites });
    const p2 = suggestSites(fromFc, { candidates: asParsed(fc(sites)) as never });
    expect(p2.sites).toEqual(p1.sites);
  });
});

describe('a wrong shape is an InputError naming the argument', () => {
  const network = buildNetwork(streets);

  it('analyze with a bare object for facilities (was: features.map is not a function)', () => {
    const e = inputError(() => analyze({ network: streets, facilities: { features: facilities } as never, communities: [square] }, { standard }));
    expect(e.file).toBe('facilities');
    expect(e.message).not.toMatch(/is not a function/);
  });

  it('analyze names the input by its source name when given one', () => {
    const e = inputError(() => analyze({ network: streets, facilities, communities: 'A' as never }, { standard, sources: { communities: 'areas.geojson' } }));
    expect(e.message).toBe('areas.geojson: expected a FeatureCollection or an array of Features, got a string');
  });

  it('analyze with a half-built network object (was: Cannot destructure property lon0 of network.plane)', () => {
    const e = inputError(() => analyze({ network: { plane: null } as never, facilities, communities: [square] }, { standard }));
    expect(e.file).toBe('network');
    expect(e.message).toMatch(/buildNetwork/);
  });

  it('travelTimes, isochrones and coverageAreas with street lines in place of a network', () => {
    for (const call of [
      () => travelTimes(fc(streets) as never, facilities, homes),
      () => isochrones(streets as never, homes),
      () => coverageAreas(fc(streets) as never, facilities, [5]),
    ]) {
      const e = inputError(call);
      expect(e.file).toBe('network');
      expect(e.message).toMatch(/expected a network built with buildNetwork/);
    }
  });

  it('isochrones with a Feature instead of a collection names the origins', () => {
    const e = inputError(() => isochrones(network, homes[0] as never));
    expect(e.message).toBe('origins: expected a FeatureCollection or an array of Features, got a Feature');
  });

  it('travelTimes with a number in the points array names the point', () => {
    const e = inputError(() => travelTimes(network, facilities, [homes[0], 7] as never));
    expect([e.file, e.feature]).toEqual(['points', 1]);
  });

  it('rescore with a GeometryCollection-like object for add names add', () => {
    const analysis = analyze({ network, facilities, communities: [square] }, { standard });
    const e = inputError(() => rescore(analysis, { add: { type: 'Feature' } as never }));
    expect(e.file).toBe('add');
  });

  it('buildNetwork with a FeatureCollection without features', () => {
    const e = inputError(() => buildNetwork({ type: 'FeatureCollection' } as never));
    expect([e.file, e.field]).toEqual(['network', 'features']);
  });
});
