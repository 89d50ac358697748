import type { Feature, FeatureCollection } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import { communityRows, round } from './community-table.js';

/** `communities.geojson`: the input polygons with the community table's properties. `rows`: communityRows' (the CSV shares them). */
export function communitiesGeoJson(analysis: Analysis, rows = communityRows(analysis)): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: analysis.communities.map((s, i) => ({
      type: 'Feature',
      properties: rows[i],
      geometry: s.community.feature.geometry,
    })),
  };
}

/**
 * `facilities.geojson`: every input facility with its original properties, plus what the analysis
 * found: category and type, whether it linked, the population it serves as the nearest of its
 * category, and for facilities with capacity the 2SFCA demand and places per 1,000 people in reach.
 * Added properties start with `lc_` so that none of the user's is overwritten.
 */
export function facilitiesGeoJson(analysis: Analysis, inputs: readonly Feature[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: analysis.facilities.map((_, i) => ({
      type: 'Feature',
      properties: { ...(inputs[i].properties ?? {}), ...addedProperties(analysis, i) },
      geometry: inputs[i].geometry,
    })),
  };
}

/** The `lc_` properties `facilitiesGeoJson` adds to facility i, in their order. */
function addedProperties(analysis: Analysis, i: number) {
  const f = analysis.facilities[i];
  return {
    lc_category: f.category ?? null,
    lc_type: f.type ?? null,
    lc_linked: f.linked,
    lc_community: f.community >= 0 ? analysis.communities[f.community].community.id : null,
    lc_served_population: round(f.servedPopulation, 1),
    lc_demand: f.demand === undefined ? null : round(f.demand, 1),
    lc_places_per_1000: f.ratioPer1000 === undefined ? null : round(f.ratioPer1000, 2),
  };
}

const ADDED_KEYS = ['lc_category', 'lc_type', 'lc_linked', 'lc_community', 'lc_served_population', 'lc_demand', 'lc_places_per_1000'];

/**
 * `JSON.stringify(facilitiesGeoJson(analysis, inputs))`, written without building the features: a
 * city's 30,000 copies of the input properties, made only to be serialized, cost more than the text.
 * A facility's properties are its input's text with the added ones appended before the closing brace,
 * which is where the spread puts them: after every input key. An input that already has an `lc_` key
 * (the spread replaces its value in place), a `toJSON`, or an array for properties is written through
 * the object instead.
 */
export function facilitiesGeoJsonText(analysis: Analysis, inputs: readonly Feature[]): string {
  const parts: string[] = [];
  for (let i = 0; i < analysis.facilities.length; i++) {
    const given = inputs[i].properties ?? {};
    let properties: string;
    if (Array.isArray(given) || typeof given.toJSON === 'function' || ADDED_KEYS.some((k) => Object.hasOwn(given, k))) {
      properties = JSON.stringify({ ...given, ...addedProperties(analysis, i) });
    } else {
      const own = JSON.stringify(given), added = JSON.stringify(addedProperties(analysis, i));
      properties = own === '{}' ? added : `${own.slice(0, -1)},${added.slice(1)}`;
    }
    const geometry = JSON.stringify(inputs[i].geometry);
    parts.push(geometry === undefined ? `{"type":"Feature","properties":${properties}}` : `{"type":"Feature","properties":${properties},"geometry":${geometry}}`);
  }
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}`;
}
