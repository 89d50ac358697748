import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, Geometry } from 'geojson';
import type { Analysis, FacilityOutcome } from '../src/scoring/analyze.js';
import { facilitiesGeoJson, facilitiesGeoJsonText } from '../src/report/geojson-outputs.js';

/** An analysis as the two writers read it: facility outcomes and the communities' ids. */
function analysisOf(outcomes: Partial<FacilityOutcome>[]): Analysis {
  return {
    facilities: outcomes,
    communities: [{ community: { id: 'C1' } }, { community: { id: 7 } }],
  } as unknown as Analysis;
}

describe('facilitiesGeoJsonText', () => {
  it('is JSON.stringify of facilitiesGeoJson, whatever the input properties hold', () => {
    // Keys the spread orders specially (integer-like first, __proto__ as an own key) and the added ones themselves.
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '12', '-1', '1.5', '__proto__', 'toString', 'lc_type', 'lc_demand', 'lc_x', 'id', '名称', 'a"b\\c\u2028'));
    const value = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
      fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
    const properties = fc.oneof(
      { weight: 6, arbitrary: fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) => JSON.parse(JSON.stringify(Object.fromEntries(pairs.filter(([, v]) => v !== undefined)))) as Record<string, unknown>) },
      { weight: 1, arbitrary: fc.array(fc.tuple(key, value), { maxLength: 4 }).map((pairs) => Object.fromEntries(pairs)) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.constant(['a', 1] as unknown as Record<string, unknown>) },
    );
    const geometry = fc.oneof(
      fc.tuple(fc.double({ min: -180, max: 180 }), fc.double({ min: -90, max: 90 })).map(([x, y]): Geometry => ({ type: 'Point', coordinates: [x, y] })),
      fc.constant(null), fc.constant(undefined),
    );
    const outcome = fc.record({
      category: fc.option(fc.string(), { nil: undefined }),
      type: fc.option(fc.string(), { nil: undefined }),
      linked: fc.boolean(),
      community: fc.integer({ min: -1, max: 1 }),
      servedPopulation: fc.double({ min: 0, max: 1e6, noNaN: true }),
      demand: fc.option(fc.double({ min: 0, max: 1e6 }), { nil: undefined }),
      ratioPer1000: fc.option(fc.double({ min: 0, max: 1e3 }), { nil: undefined }),
    });
    fc.assert(fc.property(fc.array(fc.tuple(properties, geometry, outcome), { maxLength: 8 }), (rows) => {
      const inputs = rows.map(([p, g]) => ({ type: 'Feature', properties: p, geometry: g }) as unknown as Feature);
      const analysis = analysisOf(rows.map(([, , o]) => o));
      expect(facilitiesGeoJsonText(analysis, inputs)).toBe(JSON.stringify(facilitiesGeoJson(analysis, inputs)));
    }), { numRuns: 400 });
  });

  it('worked example: added properties after the input ones; an input lc_ key keeps its place with the new value', () => {
    const analysis = analysisOf([
      { category: 'health', type: 'clinic', linked: true, community: 0, servedPopulation: 1234.56, demand: undefined, ratioPer1000: 2.345 },
      { category: undefined, type: undefined, linked: false, community: -1, servedPopulation: 0 },
    ]);
    const inputs = [
      { type: 'Feature', properties: { name: 'A', lc_type: 'mine', '2': 'two' }, geometry: { type: 'Point', coordinates: [1, 2] } },
      { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [3, 4] } },
    ] as Feature[];
    expect(JSON.parse(facilitiesGeoJsonText(analysis, inputs)).features.map((f: Feature) => Object.entries(f.properties!))).toEqual([
      [['2', 'two'], ['name', 'A'], ['lc_type', 'clinic'], ['lc_category', 'health'], ['lc_linked', true], ['lc_community', 'C1'],
        ['lc_served_population', 1234.6], ['lc_demand', null], ['lc_places_per_1000', 2.35]],
      [['lc_category', null], ['lc_type', null], ['lc_linked', false], ['lc_community', null], ['lc_served_population', 0], ['lc_demand', null], ['lc_places_per_1000', null]],
    ]);
  });
});
