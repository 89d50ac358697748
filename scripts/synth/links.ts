import type { NetworkBuilder, StreetTags } from './network-builder.js';
import type { Random } from './random.js';
import { crossesAnyRiver, type River } from './river.js';

// Roads between places: country roads between villages, connectors between districts. A link is a
// wavy polyline with vertices every stepM, split into a few ways so that the road has junctions in
// its interior where hamlet tracks branch off.

export interface LinkOptions {
  stepM: number;
  /** Peak sideways wander, metres (zero at both ends). */
  wanderM: number;
  tags: StreetTags;
  /** Probability of a dead-end track branching off an interior vertex. */
  branchShare?: number;
}

/** Vertex ids of a wavy line from vertex a to vertex b (both included). */
export function wavyLine(net: NetworkBuilder, rng: Random, a: number, b: number, stepM: number, wanderM: number): number[] {
  const ax = net.x(a);
  const ay = net.y(a);
  const dx = net.x(b) - ax;
  const dy = net.y(b) - ay;
  const len = Math.hypot(dx, dy) || 1;
  const steps = Math.max(1, Math.round(len / stepM));
  const px = -dy / len;
  const py = dx / len;
  const amp = Math.min(wanderM, len / 6) * rng.uniform(-1, 1);
  const waves = rng.int(1, 2);
  const out = [a];
  for (let s = 1; s < steps; s++) {
    const t = s / steps;
    const off = amp * Math.sin(Math.PI * waves * t) + rng.uniform(-2, 2);
    out.push(net.addVertex(ax + dx * t + px * off, ay + dy * t + py * off));
  }
  out.push(b);
  return out;
}

/** Adds the link as ways of 3-12 vertices; returns its vertex ids. */
export function addLink(net: NetworkBuilder, rng: Random, a: number, b: number, opts: LinkOptions): number[] {
  const line = wavyLine(net, rng, a, b, opts.stepM, opts.wanderM);
  let start = 0;
  while (start < line.length - 1) {
    const end = Math.min(line.length - 1, start + rng.int(3, 12));
    net.addLine(line.slice(start, end + 1), opts.tags);
    start = end;
  }
  const branchShare = opts.branchShare ?? 0;
  for (let k = 1; k < line.length - 1; k++) {
    if (!rng.chance(branchShare)) continue;
    const v = line[k];
    const angle = rng.uniform(0, 2 * Math.PI);
    const lenM = rng.uniform(60, 180);
    const mid = net.addVertex(net.x(v) + (Math.cos(angle) * lenM) / 2 + rng.uniform(-8, 8), net.y(v) + (Math.sin(angle) * lenM) / 2);
    const tip = net.addVertex(net.x(v) + Math.cos(angle) * lenM, net.y(v) + Math.sin(angle) * lenM);
    net.addLine([v, mid, tip], { highway: 'track' });
  }
  return line;
}

/**
 * A link that crosses a river on a bridge: approach road, a straight bridge way tagged bridge=yes +
 * layer=1 from bank to bank, approach road. Returns false when the crossing cannot be found.
 */
export function addBridgedLink(net: NetworkBuilder, rng: Random, a: number, b: number, river: River, opts: LinkOptions): boolean {
  const ax = net.x(a);
  const ay = net.y(a);
  const bx = net.x(b);
  const by = net.y(b);
  const span = river.crossingSpan(ax, ay, bx, by, 15);
  if (!span) return false;
  const [t0, t1] = span;
  if (t0 <= 0 || t1 >= 1) return false;
  const p = net.addVertex(ax + (bx - ax) * t0, ay + (by - ay) * t0);
  const q = net.addVertex(ax + (bx - ax) * t1, ay + (by - ay) * t1);
  // Straight approaches: a wandering one could dip into the river.
  addLink(net, rng, a, p, { ...opts, wanderM: 0 });
  net.addLine([p, q], { ...opts.tags, bridge: 'yes', layer: '1' });
  addLink(net, rng, q, b, { ...opts, wanderM: 0 });
  return true;
}

/**
 * Joins two groups of ports (vertex ids) with links: for each port of A in order, the nearest port of
 * B, if within maxGapM, not across a river, and at least spacingM from the start of every link
 * already made. Returns the number of links.
 */
export function connectPorts(
  net: NetworkBuilder,
  rng: Random,
  rivers: readonly River[],
  portsA: readonly number[],
  portsB: readonly number[],
  maxGapM: number,
  spacingM: number,
  opts: LinkOptions,
  maxLinks = Infinity,
): number {
  const starts: number[] = [];
  let made = 0;
  // Shortest gaps first, so connectors take the obvious places.
  const candidates: [number, number, number][] = [];
  for (const a of portsA) {
    let best = -1;
    let bestD = Infinity;
    for (const b of portsB) {
      const d = Math.hypot(net.x(a) - net.x(b), net.y(a) - net.y(b));
      if (d < bestD) { bestD = d; best = b; }
    }
    if (best >= 0 && bestD <= maxGapM && bestD > 1) candidates.push([bestD, a, best]);
  }
  candidates.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  for (const [, a, b] of candidates) {
    if (made >= maxLinks) break;
    if (starts.some((s) => Math.hypot(net.x(s) - net.x(a), net.y(s) - net.y(a)) < spacingM)) continue;
    if (crossesAnyRiver(rivers, net.x(a), net.y(a), net.x(b), net.y(b))) continue;
    addLink(net, rng, a, b, opts);
    starts.push(a);
    made++;
  }
  return made;
}
