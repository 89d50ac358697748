import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import { escapeHtml } from './escape.js';
import { attainmentStatus } from './report-facts.js';
import { mapProjection, pathData, project, round, simplifyLine, type MapProjection } from './map-projection.js';
import type { SiteRow } from './plan-facts.js';
import { categoryColour } from './category-style.js';
import { mapData, type MapData } from './map-data.js';


/** Above this many street segments the network is left off the map: the file would grow past what a browser draws smoothly. */
export const MAX_NETWORK_SEGMENTS = 150_000;

export interface ReportMap {
  /** The SVG: streets, communities (one path each, index in `data-i`) and suggested sites. */
  readonly svg: string;
  /** Facility and coverage layers, for the page's canvas. */
  readonly data: MapData;
  readonly networkDrawn: boolean;
  readonly projection: MapProjection;
  /** Suggested sites drawn in the layer `layer-sites` (0 when none were given). */
  readonly sitesDrawn: number;
}

export interface ReportMapOptions {
  /** Coverage areas with properties `category` and `minutes` or `meters`. */
  coverage?: FeatureCollection;
  /** Suggested new sites, drawn last as numbered markers. */
  sites?: readonly SiteRow[];
}

/** A suggested site's marker is drawn in screen pixels: the page script scales it by the map units per pixel. */
export const SITE_MARKER_HALF_HEIGHT_PX = 9;
/** Map width in pixels assumed before the script runs (or where it does not, as in print). */
const ASSUMED_MAP_WIDTH_PX = 900;

/**
 * The report's map: an SVG of the streets, the communities coloured by attainment (one path each,
 * with its index in `data-i`) and any suggested sites, plus the facility and coverage layers as
 * compact data the page draws on a canvas over it. Pan, zoom and the switches are the page script's work.
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

  const sites = opts.sites ?? [];
  if (sites.length > 0) parts.push(siteLayer(analysis, sites, proj));

  const [x0, y0, w, h] = proj.viewBox;
  const svg = `<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="Map of communities by attainment 社区达标地图">${parts.join('')}</svg>`;
  const data = mapData(analysis, proj, opts.coverage);
  return { svg, data, networkDrawn, projection: proj, sitesDrawn: sites.length };
}

/**
 * Numbered badges, unlike the facilities' dots: a dark rounded square ringed in the category's colour.
 * Each is a group placed in map units holding a group sized in pixels, so only the inner scale changes
 * with the zoom. Sites at the same place (one candidate chosen for several categories) stand side by
 * side, since no zoom would part them. The best-ranked are drawn last, on top.
 */
function siteLayer(analysis: Analysis, sites: readonly SiteRow[], proj: MapProjection): string {
  const d = proj.digits;
  const scale = round(proj.viewBox[2] / ASSUMED_MAP_WIDTH_PX, 4);
  const hh = SITE_MARKER_HALF_HEIGHT_PX;
  const halfWidth = (site: SiteRow) => Math.max(hh, 3.5 * String(site.rank).length + 4);
  const placed = sites.map((site) => {
    const [x, y] = project(proj, site.lon, site.lat);
    return { x: round(x, d), y: round(y, d) };
  });
  const together = new Map<string, number[]>();
  placed.forEach((p, k) => {
    const key = `${p.x} ${p.y}`;
    if (!together.has(key)) together.set(key, []);
    together.get(key)!.push(k);
  });
  const offsetPx = new Array<number>(sites.length).fill(0);
  for (const group of together.values()) {
    const hw = Math.max(...group.map((k) => halfWidth(sites[k])));
    group.forEach((k, j) => { offsetPx[k] = (j - (group.length - 1) / 2) * (2 * hw + 3); });
  }
  const marks = sites.map((site, k) => {
    const hw = halfWidth(site), dx = offsetPx[k];
    return `<g class="site" data-site="${k}" transform="translate(${placed[k].x} ${placed[k].y})">` +
      `<title>${escapeHtml(`#${site.rank} ${site.zh} ${site.en} (${site.id})`)}</title>` +
      `<g class="mark" transform="scale(${scale})"><rect x="${dx - hw}" y="${-hh}" width="${2 * hw}" height="${2 * hh}" rx="4" stroke="${categoryColour(analysis, site.category)}"/>` +
      `<text x="${dx}" y="4">${site.rank}</text></g></g>`;
  });
  return `<g id="layer-sites" class="layer sites">${marks.reverse().join('')}</g>`;
}

function* communityPositions(analysis: Analysis): Generator<Position> {
  for (const s of analysis.communities) {
    const g = s.community.feature.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of polygons) yield* rings[0];
  }
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
