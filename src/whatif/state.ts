import Flatbush from 'flatbush';
import { presenceOf } from '../scoring/presence.js';
import type { Feature } from 'geojson';
import type { Analysis, Diagnostics, FacilityOutcome } from '../scoring/analyze.js';
import type { Community } from '../scoring/communities.js';
import type { Residents, ResidentMethod } from '../scoring/residents.js';
import type { Network, NetworkStats } from '../network/network.js';
import type { LinkOptions, Links } from '../network/link-points.js';
import type { LocalPlane } from '../geo/local-plane.js';
import type { Standard } from '../standards/standard.js';
import { decodeF64, decodeI32, decodeU8, encodeArray, type EncodedArray } from './typed-base64.js';

/**
 * What the report's what-if needs to recompute an analysis after a facility change, as JSON: the
 * network's routing and linking arrays, the linked residents, the facilities with their links and
 * positions, the communities and the standard. Distances are not stored: the page computes them once
 * when it opens, with the same code as analyze, so a change re-routes only its own category.
 * Numbers that enter distances are kept at full precision, so the page's results equal the CLI's.
 */
export interface WhatIfState {
  readonly version: 1;
  readonly standard: Standard;
  readonly categories: string[];
  readonly linkOptions: LinkOptions;
  readonly network: {
    readonly plane: LocalPlane;
    readonly stats: NetworkStats;
    readonly vertexCount: number;
    readonly nodeCount: number;
    readonly edgeCount: number;
    readonly componentCount: number;
    readonly arrays: Record<NetworkArray, EncodedArray>;
    /** The segments' R-tree as Flatbush stores it (restored, not rebuilt). */
    readonly segmentIndex: EncodedArray;
  };
  readonly communities: Omit<Community, 'feature'>[];
  /** Community polygons, for finding the community an added facility stands in. */
  readonly communityGeometry: Community['feature']['geometry'][];
  readonly residents: { readonly count: number; readonly weight: EncodedArray; readonly people: EncodedArray; readonly start: EncodedArray; readonly method: ResidentMethod[] };
  readonly residentLinks: EncodedLinks;
  /** The facilities as analysed, with their positions. */
  readonly facilities: FacilityOutcome[];
  readonly facilityLinks: EncodedLinks;
  /** Facility names where the input gives one (for the map and the exported scenario). */
  readonly facilityNames: (string | null)[];
  readonly diagnostics: Diagnostics;
}

const NETWORK_ARRAYS = [
  'vertexX', 'vertexY', 'nodeVertex', 'edgeFrom', 'edgeTo', 'edgeLengthM', 'edgeGeomStart', 'geomVertex', 'geomOffsetM',
  'adjStart', 'adjNode', 'adjEdge', 'adjLengthM', 'nodeComponent', 'componentVertexCount', 'segmentGeom', 'segmentEdge',
] as const;
type NetworkArray = typeof NETWORK_ARRAYS[number];

interface EncodedLinks {
  readonly count: number;
  readonly edge: EncodedArray;
  readonly offsetM: EncodedArray;
  readonly offNetworkM: EncodedArray;
  readonly unlinked: number;
  readonly linkedToIsland: number;
}

/** The state of an analysis for the what-if; `facilities` are the features analyze was given, in order (for their names). */
export function whatIfState(analysis: Analysis, facilities: readonly Feature[], linkOptions: LinkOptions = {}): WhatIfState {
  const n = analysis.network;
  if (facilities.length !== analysis.facilities.length) {
    throw new Error(`what-if state: ${facilities.length} facility features for ${analysis.facilities.length} analysed facilities`);
  }
  const arrays = Object.fromEntries(NETWORK_ARRAYS.map((k) => [k, encodeArray(n[k])])) as Record<NetworkArray, EncodedArray>;
  return {
    version: 1,
    standard: analysis.standard,
    categories: analysis.categories,
    linkOptions: { snapMaxM: linkOptions.snapMaxM, minIslandVertices: linkOptions.minIslandVertices },
    network: {
      plane: n.plane, stats: n.stats, vertexCount: n.vertexCount, nodeCount: n.nodeCount, edgeCount: n.edgeCount,
      componentCount: n.componentCount, arrays, segmentIndex: encodeArray(new Uint8Array(n.segmentIndex.data as ArrayBuffer)),
    },
    communities: analysis.communities.map(({ community: { feature: _, ...rest } }) => rest),
    communityGeometry: analysis.communities.map((s) => s.community.feature.geometry),
    residents: {
      count: analysis.residents.count, weight: encodeArray(analysis.residents.weight), people: encodeArray(analysis.residents.people),
      start: encodeArray(analysis.residents.start), method: analysis.residents.method,
    },
    residentLinks: encodeLinks(analysis.residentLinks),
    facilities: analysis.facilities,
    facilityLinks: encodeLinks(analysis.facilityLinks),
    facilityNames: facilities.map((f) => {
      const name = f.properties?.name ?? f.properties?.['名称'];
      return name === undefined || name === null ? null : String(name);
    }),
    diagnostics: analysis.diagnostics,
  };
}

function encodeLinks(l: Links): EncodedLinks {
  return {
    count: l.count, edge: encodeArray(l.edge), offsetM: encodeArray(l.offsetM), offNetworkM: encodeArray(l.offNetworkM),
    unlinked: l.unlinked, linkedToIsland: l.linkedToIsland,
  };
}

function decodeLinks(e: EncodedLinks): Links {
  // Snapped positions only draw maps; the what-if never reads them.
  return {
    count: e.count, edge: decodeI32(e.edge), offsetM: decodeF64(e.offsetM), offNetworkM: decodeF64(e.offNetworkM),
    snapX: new Float64Array(e.count), snapY: new Float64Array(e.count), unlinked: e.unlinked, linkedToIsland: e.linkedToIsland,
  };
}

/** What the state restores: an analysis without distances (rescore with `reroute` fills them), and the facility names. */
export interface RestoredState {
  readonly analysis: Analysis;
  readonly facilityNames: (string | null)[];
  readonly linkOptions: LinkOptions;
}

export function restoreState(s: WhatIfState): RestoredState {
  if (s.version !== 1) throw new Error(`what-if state version ${String(s.version)} is not supported`);
  const a = s.network.arrays;
  const f64 = (k: NetworkArray) => decodeF64(a[k]);
  const i32 = (k: NetworkArray) => decodeI32(a[k]);
  const network: Network = {
    plane: s.network.plane, stats: s.network.stats,
    vertexCount: s.network.vertexCount, nodeCount: s.network.nodeCount, edgeCount: s.network.edgeCount, componentCount: s.network.componentCount,
    // Positions in degrees and source features serve output geometry only.
    vertexLon: new Float64Array(0), vertexLat: new Float64Array(0), edgeFeature: new Int32Array(0),
    vertexX: f64('vertexX'), vertexY: f64('vertexY'), nodeVertex: i32('nodeVertex'),
    edgeFrom: i32('edgeFrom'), edgeTo: i32('edgeTo'), edgeLengthM: f64('edgeLengthM'), edgeGeomStart: i32('edgeGeomStart'),
    geomVertex: i32('geomVertex'), geomOffsetM: f64('geomOffsetM'),
    adjStart: i32('adjStart'), adjNode: i32('adjNode'), adjEdge: i32('adjEdge'), adjLengthM: f64('adjLengthM'),
    nodeComponent: i32('nodeComponent'), componentVertexCount: i32('componentVertexCount'),
    segmentGeom: i32('segmentGeom'), segmentEdge: i32('segmentEdge'),
    segmentIndex: Flatbush.from(decodeU8(s.network.segmentIndex).buffer),
  };
  const communities: Community[] = s.communities.map((c, i) => ({
    ...c, feature: { type: 'Feature', properties: {}, geometry: s.communityGeometry[i] },
  }));
  const residents: Residents = {
    count: s.residents.count, weight: decodeF64(s.residents.weight), people: decodeF64(s.residents.people),
    start: decodeI32(s.residents.start), method: s.residents.method,
    lon: new Float64Array(0), lat: new Float64Array(0),
    outsidePoints: s.diagnostics.residents.outsidePoints, outsideWeight: s.diagnostics.residents.outsideWeight,
  };
  // Scores, summaries and distances are filled by the first rescore; these are placeholders of the right shape.
  const analysis: Analysis = {
    standard: s.standard,
    categories: s.categories,
    communities: communities.map((community) => ({ community }) as Analysis['communities'][number]),
    kinds: [], categorySummary: [], quotas: [], sensitivity: [], indicators: [],
    presence: presenceOf(communities, []),
    facilities: s.facilities,
    accessPer1000: new Map(),
    diagnostics: s.diagnostics,
    network, residents,
    residentLinks: decodeLinks(s.residentLinks),
    facilityLinks: decodeLinks(s.facilityLinks),
    residentDistancesM: new Map(),
  };
  return { analysis, facilityNames: s.facilityNames, linkOptions: s.linkOptions };
}
