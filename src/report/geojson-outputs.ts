import type { Feature, FeatureCollection } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import { communityRows, round } from './community-table.js';

/** `communities.geojson`: the input polygons with the community table's properties. */
export function communitiesGeoJson(analysis: Analysis): FeatureCollection {
  const rows = communityRows(analysis);
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
    features: analysis.facilities.map((f, i) => ({
      type: 'Feature',
      properties: {
        ...(inputs[i].properties ?? {}),
        lc_category: f.category ?? null,
        lc_type: f.type ?? null,
        lc_linked: f.linked,
        lc_community: f.community >= 0 ? analysis.communities[f.community].community.id : null,
        lc_served_population: round(f.servedPopulation, 1),
        lc_demand: f.demand === undefined ? null : round(f.demand, 1),
        lc_places_per_1000: f.ratioPer1000 === undefined ? null : round(f.ratioPer1000, 2),
      },
      geometry: inputs[i].geometry,
    })),
  };
}
