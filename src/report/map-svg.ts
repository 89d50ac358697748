import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import { featurePosition } from '../geo/feature-point.js';
import { toLat, toLon } from '../geo/local-plane.js';
import { categoryLabel } from '../standards/load-standard.js';
import { escapeHtml } from './escape.js';
import { attainmentStatus } from './report-facts.js';
import { mapProjection, pathData, project, round, simplifyLine, type MapProjection } from './map-projection.js';

/**
 * Category colours, Tableau-like but without the greens and the orange that mean attainment on the
 * same map, so a coverage area or a facility never reads as a community's status.
 */
export const CATEGORY_COLOURS = ['#4e79a7', '#e15759', '#b07aa1', '#ff9da7', '#edc948', '#9c755f', '#17becf', '#3f3f9f', '#79706e', '#76b7b2'];

export function categoryColour(analysis: Analysis, category: string): string {
  const i = analysis.categories.indexOf(category);
  return CATEGORY_COLOURS[(i < 0 ? analysis.categories.length : i) % CATEGORY_COLOURS.length];
}

/** Above this many street segments the network is left off the map: the file would grow past what a browser draws smoothly. */
export const MAX_NETWORK_SEGMENTS = 150_000;

export interface MapLayer {
  readonly id: string;
  readonly category: string;
  readonly zh: string;
  readonly en: string;
  readonly colour: string;
  /** Facilities drawn, or the coverage threshold in words. */
  readonly count?: number;
  readonly threshold?: string;
}

export interface ReportMap {
  readonly svg: string;
  readonly facilityLayers: MapLayer[];
  readonly coverageLayers: MapLayer[];
  readonly networkDrawn: boolean;
  readonly projection: MapProjection;
}

export interface ReportMapOptions {
  /** The facilities as given to analyze (for their positions); else their linking points are drawn. */
  facilities?: readonly Feature[];
  /** Coverage areas with properties `category` and `minutes` or `meters`. */
  coverage?: FeatureCollection;
}

/**
 * The report's map as one SVG: the streets, the communities coloured by attainment (one path each,
 * with its index in `data-i`), the coverage areas per category and threshold (hidden until switched on)
 * and the facilities per category. Pan, zoom and the switches are the page script's work.
 */
export function reportMap(analysis: Analysis, opts: ReportMapOptions = {}): ReportMap {
  const proj = mapProjection(communityPositions(analysis));
  const d = proj.digits;
  const parts: string[] = [];

  const network = analysis.network;
  const networkDrawn = network.stats.segments <= MAX_NETWORK_SEGMENTS && network.edgeCount > 0;
  if (networkDrawn) {
    let dAttr = '';
    for (let e = 0; e < network.edgeCount; e++) {
      const pts: [number, number][] = [];
      for (let g = network.edgeGeomStart[e]; g < network.edgeGeomStart[e + 1]; g++) {
        const v = network.geomVertex[g];
        pts.push(project(proj, network.vertexLon[v], network.vertexLat[v]));
      }
      dAttr += pathData(simplifyLine(pts, proj.toleranceM), d, false);
    }
    parts.push(`<g id="layer-network" class="layer"><path class="street" d="${dAttr}"/></g>`);
  }

  parts.push('<g id="layer-communities" class="layer">');
  analysis.communities.forEach((s, i) => {
    const dAttr = geometryPath(s.community.feature.geometry, proj, true);
    const name = s.community.name;
    parts.push(`<path class="community st-${attainmentStatus(s)}" data-i="${i}" d="${dAttr}"><title>${escapeHtml(name)}</title></path>`);
  });
  parts.push('</g>');

  const coverageLayers: MapLayer[] = [];
  const groups = new Map<string, Feature[]>();
  for (const f of opts.coverage?.features ?? []) {
    const category = String(f.properties?.category ?? '');
    const minutes = f.properties?.minutes, meters = f.properties?.meters;
    const threshold = typeof minutes === 'number' ? `${minutes} min` : typeof meters === 'number' ? `${meters} m` : '';
    const key = `${category}\u0000${threshold}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(f);
  }
  const coverageKeys = [...groups.keys()].sort((a, b) => {
    const [ca, ta] = a.split('\u0000'), [cb, tb] = b.split('\u0000');
    const ia = analysis.categories.indexOf(ca), ib = analysis.categories.indexOf(cb);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || ca.localeCompare(cb) || thresholdValue(ta) - thresholdValue(tb);
  });
  coverageKeys.forEach((key, k) => {
    const [category, threshold] = key.split('\u0000');
    const label = categoryLabel(analysis.standard, category);
    const colour = categoryColour(analysis, category);
    const id = `cov-${k}`;
    coverageLayers.push({ id, category, zh: label.nameZh, en: label.name, colour, threshold });
    const dAttr = groups.get(key)!.map((f) => (f.geometry ? geometryPath(f.geometry, proj, true) : '')).join('');
    parts.push(`<g id="layer-${id}" class="layer coverage" style="display:none"><path d="${dAttr}" fill="${colour}" stroke="${colour}"/></g>`);
  });

  const facilityLayers: MapLayer[] = [];
  const positions = facilityPositions(analysis, opts.facilities);
  for (const category of analysis.categories) {
    const members = analysis.facilities.filter((f) => f.category === category && positions[f.index]);
    const label = categoryLabel(analysis.standard, category);
    const colour = categoryColour(analysis, category);
    const id = `fac-${analysis.categories.indexOf(category)}`;
    facilityLayers.push({ id, category, zh: label.nameZh, en: label.name, colour, count: members.length });
    const circles = members.map((f) => {
      const [x, y] = project(proj, positions[f.index]![0], positions[f.index]![1]);
      return `<circle cx="${round(x, d)}" cy="${round(y, d)}" r="1"><title>${escapeHtml(`${label.nameZh} ${label.name}: ${f.id}`)}</title></circle>`;
    });
    parts.push(`<g id="layer-${id}" class="layer facilities" fill="${colour}">${circles.join('')}</g>`);
  }

  const [x0, y0, w, h] = proj.viewBox;
  const svg = `<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="Map of communities by attainment 社区达标地图">${parts.join('')}</svg>`;
  return { svg, facilityLayers, coverageLayers, networkDrawn, projection: proj };
}

function thresholdValue(t: string): number {
  return parseFloat(t) || 0;
}

function* communityPositions(analysis: Analysis): Generator<Position> {
  for (const s of analysis.communities) {
    const g = s.community.feature.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of polygons) yield* rings[0];
  }
}

/** Each facility's position: its input feature's point, else where it linked to the street, else none. */
function facilityPositions(analysis: Analysis, features: readonly Feature[] | undefined): (Position | undefined)[] {
  const links = analysis.facilityLinks;
  const plane = analysis.network.plane;
  return analysis.facilities.map((f, i) => {
    const feature = features?.[i];
    if (feature) {
      try {
        return featurePosition(feature, undefined, i);
      } catch {
        return undefined;
      }
    }
    return links.edge[i] >= 0 ? [toLon(plane, links.snapX[i]), toLat(plane, links.snapY[i])] : undefined;
  });
}

/** SVG path data for (Multi)Polygon rings or (Multi)LineStrings; anything else draws nothing. */
function geometryPath(g: Geometry, proj: MapProjection, close: boolean): string {
  const rings: Position[][] =
    g.type === 'Polygon' ? g.coordinates
      : g.type === 'MultiPolygon' ? g.coordinates.flat()
        : g.type === 'LineString' ? [g.coordinates]
          : g.type === 'MultiLineString' ? g.coordinates
            : [];
  const isArea = g.type === 'Polygon' || g.type === 'MultiPolygon';
  return rings.map((ring) => {
    const pts = ring.map((p) => project(proj, p[0], p[1]));
    const simple = simplifyLine(pts, proj.toleranceM);
    // A ring simplified below a triangle would vanish; keep it as given.
    return pathData(isArea && simple.length < 4 ? pts : simple, proj.digits, close && isArea);
  }).join('');
}
