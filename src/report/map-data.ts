import type { FeatureCollection } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import { categoryLabel } from '../standards/load-standard.js';
import { categoryColour, categoryShape, type MarkerShape } from './category-style.js';
import { project, type MapProjection } from './map-projection.js';
import { coverageData, type CoverageLayerData } from './coverage-data.js';

/**
 * The map's point and area layers as compact data for the page's canvas, not as SVG elements: a
 * city's 30,000 facilities as <circle>s were 3 MB of markup and as many DOM nodes to lay out, and its
 * coverage areas many megabytes more. Coordinates are integers in the map's units times `scale`
 * (projected metres; whole metres on a city, decimetres on a neighbourhood), each point stored as
 * its step from the previous one; coverage rings simplified to the map's resolution (coverage-data.ts).
 */
export interface MapData {
  /** The whole-area view, [minX, minY, width, height] in projected metres (y down). */
  readonly view: [number, number, number, number];
  /** Stored integer per map unit (metre): 1 or 10. */
  readonly scale: number;
  /** The projection: lon0, lat0, kx, ky (metres per degree), so the page can place lon/lat. */
  readonly plane: [number, number, number, number];
  /** Whether the facility layers start switched on (off when there are many: they would bury the attainment colours). */
  readonly facilitiesOn: boolean;
  readonly facilities: FacilityLayerData[];
  readonly coverage: CoverageLayerData[];
  /** The tolerance coverage rings were simplified at (metres): the map's, or coarser to fit the page's budget. */
  readonly coverageToleranceM: number;
}

export interface FacilityLayerData {
  readonly id: string;
  readonly category: string;
  readonly label: string;
  readonly colour: string;
  readonly shape: MarkerShape;
  readonly count: number;
  /** x0, y0, dx1, dy1, ...: each facility's step from the one before. */
  readonly xy: number[];
}

/** Above this many facilities in all, their layers start switched off. */
export const FACILITIES_ON_AT_MOST = 2000;

export function mapData(analysis: Analysis, proj: MapProjection, coverage?: FeatureCollection): MapData {
  const scale = 10 ** proj.digits;
  const q = (v: number) => Math.round(v * scale);

  const facilityLayers = analysis.categories.map((category, k): FacilityLayerData => {
    const points: [number, number][] = [];
    for (const f of analysis.facilities) {
      if (f.category !== category) continue;
      const [x, y] = project(proj, f.position[0], f.position[1]);
      points.push([q(x), q(y)]);
    }
    // Row by row (1 km rows) then west to east, so the steps between neighbours stay short numbers.
    const row = 1000 * scale;
    points.sort((a, b) => Math.floor(a[1] / row) - Math.floor(b[1] / row) || a[0] - b[0] || a[1] - b[1]);
    return { id: `fac-${k}`, category, label: labelOf(analysis, category), colour: categoryColour(analysis, category), shape: categoryShape(analysis, category), count: points.length, xy: deltas(points) };
  });
  const total = facilityLayers.reduce((n, l) => n + l.count, 0);
  const cov = coverageData(analysis, proj, coverage, (c) => labelOf(analysis, c));

  return {
    view: proj.viewBox,
    scale,
    plane: [proj.plane.lon0, proj.plane.lat0, proj.plane.kx, proj.plane.ky],
    facilitiesOn: total <= FACILITIES_ON_AT_MOST,
    facilities: facilityLayers,
    coverage: cov.layers,
    coverageToleranceM: cov.toleranceM,
  };
}

function labelOf(analysis: Analysis, category: string): string {
  const l = categoryLabel(analysis.standard, category);
  return l.nameZh === l.name ? l.name : `${l.nameZh} ${l.name}`;
}

function deltas(points: readonly [number, number][]): number[] {
  const out: number[] = [];
  let lx = 0, ly = 0;
  for (const [x, y] of points) {
    out.push(x - lx, y - ly);
    lx = x; ly = y;
  }
  return out;
}
