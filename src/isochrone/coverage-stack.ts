import type { MultiPolygon } from 'geojson';
import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import { extentOf } from '../geo/extent.js';
import { NetworkSearch } from '../routing/network-search.js';
import { seedLinks } from '../routing/distance-field.js';
import { viewField, type FieldView } from './reach-field.js';
import { ReachedPieces } from './reached-pieces.js';
import { TimeRaster } from './time-raster.js';
import { contourPolygons } from './contour-polygons.js';
import { MarchWorkspace } from './march-squares.js';
import { laneLattice, PAIR_CAPACITY, STEPS, UNREACHED, type LaneKernel } from './lane-lattice.js';
import type { ResolvedDrawOptions } from './options.js';

/** One set of sources to draw (e.g. a category's facilities at one walking pace) and its levels. */
export interface CoverageGroup {
  readonly sources: Links;
  /** Where each source stands on the plane; when given, its walk to its linking point counts as reached. */
  readonly sourceX?: Float64Array;
  readonly sourceY?: Float64Array;
  /** Levels to contour, metres walked (thresholds at the group's pace plus the slack). */
  readonly levelsM: readonly number[];
  /**
   * Every node's walk from these same sources, computed to at least the largest level (the route
   * stage's field of the category, unbounded): when given, drawing reuses it instead of searching.
   * Distances beyond the largest level are read as unreached, which is exactly what a search bounded
   * there gives (both are exact shortest distances, summed along the same arcs), so the drawing is the same.
   */
  readonly nodeDistM?: Float64Array;
}

/** What drawing reads of a network: routing, edges and their geometry (shared copies in workers are one). */
export type DrawingNetwork = Pick<Network, 'nodeCount' | 'edgeCount' | 'adjStart' | 'adjNode' | 'adjEdge' | 'adjLengthM' | 'edgeFrom' | 'edgeTo' | 'edgeLengthM' | 'edgeGeomStart' | 'geomVertex' | 'geomOffsetM' | 'vertexX' | 'vertexY' | 'plane'>;

export interface DrawGroupsOptions {
  /** A search over the network to reuse. */
  search?: NetworkSearch;
  /** Called after each group is drawn, with the number drawn so far. */
  onGroup?: (drawn: number) => void;
  /** The code that writes the groups' walks, WebAssembly or JavaScript: the same cells either way (default: `laneLattice`'s choice by the pass's groups). */
  kernel?: LaneKernel;
}

/** Groups drawn in one pass over the streets; more are drawn in several passes. */
export const GROUPS_PER_PASS = 16;

/**
 * Coverage of many source sets over a whole city, drawn together: one multi-source search per group,
 * then ONE pass over the street geometry that writes every group's walking distance into a shared
 * lattice, then marching squares per group. Polygons per group and level, in the order given.
 *
 * Why together: at city extent every group reaches nearly every street, and drawing a group costs
 * mostly geometry (which cells lie within the cap of which street segment, and where the nearest point
 * of the segment is), which is the same for every group. Done once, each group adds only a sum and a
 * comparison per cell and segment, eight groups in one WebAssembly vector operation (`LaneLattice`).
 * Values of all groups for a cell sit next to each other in memory.
 *
 * The surface is `TimeRaster`'s: every cell centre within the cap (less half a cell diagonal) of a
 * reached street holds the walk to the nearest point of the nearest such street segment plus the
 * straight leg; the walk along an edge is min(from one end, from the other). Unlike `TimeRaster.splat`,
 * a cell near a street is written even where the walk exceeds the largest level (so the outermost
 * contour is interpolated rather than snapped to the last reached cell centre). Edges a source stands
 * on, and sources' walks to their linking points, are drawn as exact pieces (`ReachedPieces`) per group.
 */
export function drawCoverageGroups(network: DrawingNetwork, groups: readonly CoverageGroup[], o: ResolvedDrawOptions, opts: DrawGroupsOptions = {}): MultiPolygon[][] {
  const out: MultiPolygon[][] = [];
  // Searches only for groups without a field of their own (a search's arrays are 4 bytes x 4 per node).
  const search = opts.search ?? (groups.some((g) => !g.nodeDistM) ? new NetworkSearch(network) : undefined);
  const raster = new TimeRaster();
  const march = new MarchWorkspace();
  const box = lattice(network, groups);
  for (let first = 0; first < groups.length; first += GROUPS_PER_PASS) {
    const pass = groups.slice(first, first + GROUPS_PER_PASS);
    const stack = stackGroups(network, pass, o, search, box, opts.kernel);
    pass.forEach((group, g) => {
      stack.unstack(g, raster);
      const pieces = stack.sourcePieces[g];
      if (pieces.count > 0) raster.splat(pieces, o.capM, Math.max(...group.levelsM));
      out.push(contourPolygons(raster, group.levelsM, network.plane, o, march));
      opts.onGroup?.(out.length);
    });
  }
  return out;
}

type Box = readonly [minX: number, minY: number, maxX: number, maxY: number];

/** The streets' extent and every source's position (a source may stand off the streets). */
function lattice(network: DrawingNetwork, groups: readonly CoverageGroup[]): Box {
  const box = extentOf(network.vertexX, network.vertexY);
  for (const g of groups) if (g.sourceX && g.sourceY) extentOf(g.sourceX, g.sourceY, box);
  return box;
}

interface Stack {
  /** Exact pieces of each group's source edges and legs, splatted after unstacking. */
  readonly sourcePieces: ReachedPieces[];
  /** One group's distances as a TimeRaster (negated, -Infinity unreached), rows spanned as reached by any group. */
  unstack(g: number, raster: TimeRaster): void;
}

function stackGroups(network: DrawingNetwork, groups: readonly CoverageGroup[], o: ResolvedDrawOptions, search: NetworkSearch | undefined, box: Box, kernel: LaneKernel | undefined): Stack {
  const G = groups.length;
  const { nodeCount, edgeCount, edgeFrom, edgeTo, edgeLengthM, edgeGeomStart, geomVertex, geomOffsetM, vertexX, vertexY } = network;

  // 1. A search per group (or the field it brings); node distances interleaved (node n, group g at n G + g). Float32 is exact
  // enough (millimetres at 10 km) and fresh memory is dear: on the benchmark machine every new page
  // costs about 20 microseconds to touch, so 100 MB cost half a second before any work is done.
  // Every node is written below (Infinity when unreached), so the array needs no fill first.
  const dist = new Float32Array(nodeCount * G);
  const maxLevel = new Float64Array(G);
  // Per edge, the groups with a source standing on it (bit g): drawn from exact pieces instead.
  const sourceEdge = new Uint32Array(edgeCount);
  const sourcePieces: ReachedPieces[] = [];
  groups.forEach((group, g) => {
    const level = (maxLevel[g] = Math.max(...group.levelsM));
    const { sources, sourceX, sourceY, nodeDistM: given } = group;
    let view: FieldView;
    if (given) {
      for (let n = 0; n < nodeCount; n++) {
        const d = given[n];
        dist[n * G + g] = d <= level ? d : Infinity;
      }
      view = boundedView(given, level, group);
    } else {
      // drawCoverageGroups passes a search whenever some group has no field.
      const run = search!;
      seedLinks(network, run, sources);
      run.run(level);
      // In node order, not the search's: at city extent nearly every node is reached, and the
      // search's order scatters the writes over the whole array.
      for (let n = 0; n < nodeCount; n++) dist[n * G + g] = run.distanceM(n);
      view = viewField({ search: run, sources, sourceX, sourceY });
    }
    const { edge } = sources;
    for (let s = 0; s < edge.length; s++) if (edge[s] >= 0) sourceEdge[edge[s]] |= 1 << g;
    sourcePieces.push(new ReachedPieces().collect(network, view, level, true));
  });

  // 2. The lattice, shared by every group: the extent plus the cap and a cell (so contours close).
  const shape = new TimeRaster().fitBox(box[0], box[1], box[2], box[3], o.cellM, o.capM, o.maxCells);
  const { nx, ny, x0: gx0, y0: gy0, cellM, rowMin, rowMax } = shape;
  // Walks are kept as whole multiples of a unit in 16 bits (half the memory of Float32), the group's
  // own so that its drawing never depends on which groups share the pass: its largest level plus the
  // cap fits with room to spare, so the unit is a few centimetres even for a 5 km rule.
  const unit = Float64Array.from(maxLevel, (level) => Math.max(0.001, (level + o.capM + cellM) / STEPS));
  // Cells no street comes near are never written, and their pages never touched.
  const lat = laneLattice(nx * ny, G, kernel);
  const { lanes, values, pairCell, pairS, pairH, along, back, perUnit, active } = lat;
  for (let g = 0; g < G; g++) perUnit[g] = 1 / unit[g];

  // 3. One pass over every segment of every edge some group reaches: the geometry (which cells lie
  // within the cap of the segment, and where its nearest point is) once, for every group at once.
  const reachM = Math.max(0, o.capM - cellM * Math.SQRT1_2);
  const r2 = reachM * reachM;
  const span = new Float64Array(4);
  for (let e = 0; e < edgeCount; e++) {
    const a = edgeFrom[e] * G, b = edgeTo[e] * G, len = edgeLengthM[e], onEdge = sourceEdge[e];
    let drawn = 0;
    for (let g = 0; g < G; g++) {
      const dA = dist[a + g], dB = dist[b + g];
      const on = Math.min(dA, dB) <= maxLevel[g] && ((onEdge >>> g) & 1) === 0;
      // The walk to offset s along the edge: min(dA + s, dB + len - s).
      along[g] = dA;
      back[g] = dB + len;
      active[g] = on ? 0xffff : 0;
      drawn |= +on;
    }
    if (!drawn) continue;
    let n = 0;
    for (let k = edgeGeomStart[e], kEnd = edgeGeomStart[e + 1] - 1; k < kEnd; k++) {
      const va = geomVertex[k], vb = geomVertex[k + 1];
      const ax = vertexX[va], ay = vertexY[va], bx = vertexX[vb], by = vertexY[vb];
      const s0 = geomOffsetM[k], ds = geomOffsetM[k + 1] - s0;
      const dx = bx - ax, dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const inv = len2 > 0 ? 1 / len2 : 0;
      shape.cellWindow(ax, ay, bx, by, reachM, span);
      const iLo = span[0], iHi = span[1], jLo = span[2], jHi = span[3];
      for (let j = jLo; j <= jHi; j++) {
        if (iLo < rowMin[j]) rowMin[j] = iLo;
        if (iHi > rowMax[j]) rowMax[j] = iHi;
        const py = gy0 + (j + 0.5) * cellM - ay;
        const row = j * nx;
        for (let i = iLo; i <= iHi; i++) {
          const px = gx0 + (i + 0.5) * cellM - ax;
          let u = (px * dx + py * dy) * inv;
          u = u < 0 ? 0 : u > 1 ? 1 : u;
          const ex = px - u * dx, ey = py - u * dy;
          const h2 = ex * ex + ey * ey;
          if (h2 > r2) continue;
          // A long edge fills the pairs several times (tests/coverage-stack.test.ts's 8 m cells do).
          if (n === PAIR_CAPACITY) {
            lat.write(n);
            n = 0;
          }
          pairCell[n] = row + i;
          pairS[n] = s0 + u * ds;
          pairH[n++] = Math.sqrt(h2);
        }
      }
    }
    lat.write(n);
  }

  return {
    sourcePieces,
    unstack(g, raster) {
      raster.fitBox(box[0], box[1], box[2], box[3], o.cellM, o.capM, o.maxCells);
      const grid = raster.values;
      for (let c = 0, n = nx * ny; c < n; c++) {
        const w = values[c * lanes + g];
        grid[c] = w === 0 ? -Infinity : -(UNREACHED - w) * unit[g];
      }
      raster.rowMin.set(rowMin.subarray(0, ny));
      raster.rowMax.set(rowMax.subarray(0, ny));
    },
  };
}

/** A given field read as a search bounded at `levelM` reads: beyond it, unreached. Only what collecting source edges asks. */
function boundedView(nodeDistM: Float64Array, levelM: number, group: CoverageGroup): FieldView {
  const at = (n: number) => (nodeDistM[n] <= levelM ? nodeDistM[n] : Infinity);
  return {
    sources: group.sources,
    sourceX: group.sourceX,
    sourceY: group.sourceY,
    nodeDistM: at,
    forEachReachedNode(visit) {
      for (let n = 0; n < nodeDistM.length; n++) if (nodeDistM[n] <= levelM) visit(n);
    },
    get reachedCount() {
      let reached = 0;
      for (let n = 0; n < nodeDistM.length; n++) if (nodeDistM[n] <= levelM) reached++;
      return reached;
    },
    fillDistances(out) {
      for (let n = 0; n < out.length; n++) out[n] = at(n);
    },
  };
}
