import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';
import { pointInRings } from './geometry.js';
import { Projection } from './projection.js';

// A deliberately plain walking-coverage check used to tune the demo data and to test it, written
// without the library so that it can judge the data before the library exists and independently of
// it afterwards. It reads the GeoJSON the way the library does (walkable
// tags, junctions only at shared vertices), but links points to the nearest vertex rather than the
// nearest edge, so its minutes are a slight overestimate.

export interface TuningRule {
  level: 'convenient' | 'quality';
  kind: 'urban' | 'rural';
  zone?: 'central' | 'outer';
  category: string;
  minutes?: number;
  meters?: number;
  /** Presence rules (issue 11): a facility of the category inside the community, or in its street. */
  within?: 'community' | 'street';
}

/** The demo's districts and their zones, read independently of the library's table. */
const DISTRICT_ZONES: Record<string, string> = { 海珠区: 'central', 番禺区: 'outer' };

export interface CommunityCheck {
  id: string;
  name: string;
  kind: string;
  zone: string;
  /** Population-weighted share within each rule's threshold, keyed `${level}:${category}`. */
  shares: Record<string, number>;
  missingConvenient: string[];
  missingQuality: string[];
  convenient: boolean;
  quality: boolean;
}

export function isWalkable(tags: Record<string, unknown> | null): boolean {
  const t = tags ?? {};
  const foot = String(t.foot ?? '');
  const footYes = foot === 'yes' || foot === 'designated';
  const hw = String(t.highway ?? '');
  if (/^(motorway|trunk)(_link)?$/.test(hw) && !footYes) return false;
  if (foot === 'no') return false;
  if ((t.access === 'no' || t.access === 'private') && !footYes) return false;
  return true;
}

class Heap {
  ids: number[] = [];
  keys: number[] = [];
  push(id: number, key: number): void {
    let i = this.ids.length;
    this.ids.push(id);
    this.keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.ids[i] = this.ids[p];
      this.keys[i] = this.keys[p];
      i = p;
    }
    this.ids[i] = id;
    this.keys[i] = key;
  }
  pop(): [number, number] {
    const top: [number, number] = [this.ids[0], this.keys[0]];
    const id = this.ids.pop()!;
    const key = this.keys.pop()!;
    const n = this.ids.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.keys[c + 1] < this.keys[c]) c++;
        if (this.keys[c] >= key) break;
        this.ids[i] = this.ids[c];
        this.keys[i] = this.keys[c];
        i = c;
      }
      this.ids[i] = id;
      this.keys[i] = key;
    }
    return top;
  }
  get size(): number {
    return this.ids.length;
  }
}

export interface WalkInputs {
  network: FeatureCollection<LineString>;
  facilities: FeatureCollection<Point>;
  communities: FeatureCollection<Polygon>;
  population: FeatureCollection<Point>;
}

interface WalkGraph {
  toXY(c: number[]): [number, number];
  /** Nearest vertex and the straight distance to it, metres. */
  nearest(x: number, y: number): [number, number];
  /** Network metres from every vertex to the nearest facility of the category (off-network leg included). */
  field(facilities: FeatureCollection<Point>, category: string): Float64Array;
}

function walkGraph(network: FeatureCollection<LineString>): WalkGraph {
  const proj = new Projection(113.3, 23.1);
  const toXY = (c: number[]): [number, number] => [(c[0] - proj.lon0) * proj.kx, (c[1] - proj.lat0) * proj.ky];
  const ids = new Map<string, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  const adj: [number, number][][] = [];
  const vertex = (c: number[]) => {
    const key = `${c[0]},${c[1]}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = xs.length;
      ids.set(key, id);
      const [x, y] = toXY(c);
      xs.push(x);
      ys.push(y);
      adj.push([]);
    }
    return id;
  };
  for (const f of network.features) {
    if (!isWalkable(f.properties)) continue;
    const cs = f.geometry.coordinates;
    for (let k = 1; k < cs.length; k++) {
      const a = vertex(cs[k - 1]);
      const b = vertex(cs[k]);
      const d = Math.hypot(xs[a] - xs[b], ys[a] - ys[b]);
      adj[a].push([b, d]);
      adj[b].push([a, d]);
    }
  }
  const nearest = (x: number, y: number): [number, number] => {
    let best = -1;
    let bestD = Infinity;
    for (let v = 0; v < xs.length; v++) {
      const d = (xs[v] - x) ** 2 + (ys[v] - y) ** 2;
      if (d < bestD) { bestD = d; best = v; }
    }
    return [best, Math.sqrt(bestD)];
  };
  const field = (facilities: FeatureCollection<Point>, category: string) => {
    const dist = new Float64Array(xs.length).fill(Infinity);
    const heap = new Heap();
    for (const f of facilities.features) {
      if (f.properties?.category !== category) continue;
      const [v, off] = nearest(...toXY(f.geometry.coordinates));
      if (off < dist[v]) { dist[v] = off; heap.push(v, off); }
    }
    while (heap.size) {
      const [v, d] = heap.pop();
      if (d > dist[v]) continue;
      for (const [w, len] of adj[v]) if (d + len < dist[w]) { dist[w] = d + len; heap.push(w, d + len); }
    }
    return dist;
  };
  return { toXY, nearest, field };
}

/** For each population point: its position (metres from 113.3 E, 23.1 N), weight, and walking
 * metres to the nearest facility of the category. */
export function walkingMetres(inputs: WalkInputs, category: string): { x: number; y: number; w: number; metres: number }[] {
  const g = walkGraph(inputs.network);
  const dist = g.field(inputs.facilities, category);
  return inputs.population.features.map((p) => {
    const [x, y] = g.toXY(p.geometry.coordinates);
    const [v, off] = g.nearest(x, y);
    return { x, y, w: Number(p.properties?.population ?? 0), metres: off + dist[v] };
  });
}

/** Per community: the share of residents within each rule, and attainment. */
export function walkCheck(inputs: WalkInputs, rules: readonly TuningRule[], metresPerMinute = 60, minShare = 0.8): CommunityCheck[] {
  const { toXY, nearest, field } = walkGraph(inputs.network);
  const categories = [...new Set(rules.map((r) => r.category))];
  const fieldOf = new Map<string, Float64Array>();
  for (const cat of categories) fieldOf.set(cat, field(inputs.facilities, cat));
  const comms = inputs.communities.features.map((f: Feature<Polygon>) => ({
    f,
    rings: f.geometry.coordinates.map((r) => r.slice(0, -1).flatMap((c) => toXY(c))),
    points: [] as { v: number; off: number; w: number }[],
  }));
  for (const p of inputs.population.features) {
    const [x, y] = toXY(p.geometry.coordinates);
    const home = comms.find((c) => pointInRings(c.rings, x, y));
    if (!home) continue;
    const [v, off] = nearest(x, y);
    home.points.push({ v, off, w: Number(p.properties?.population ?? 0) });
  }
  // Facilities inside each community, by category, for presence rules (facility types are not read here).
  const inside = comms.map(() => new Set<string>());
  for (const q of inputs.facilities.features) {
    const [x, y] = toXY(q.geometry.coordinates);
    const home = comms.findIndex((c) => pointInRings(c.rings, x, y));
    if (home >= 0) inside[home].add(String(q.properties?.category));
  }
  const streetOf = comms.map(({ f }) => f.properties?.street);
  return comms.map(({ f, points }, ci) => {
    const props = f.properties ?? {};
    const kind = String(props.kind);
    const zone = String(props.zone ?? DISTRICT_ZONES[String(props.district)]);
    const applicable = rules.filter((r) => r.kind === kind && (!r.zone || r.zone === zone));
    // A rule with a zone replaces the zone-less rule of the same level, category and test.
    const effective = applicable.filter((r) => r.zone || !applicable.some((o) => o.zone && o.level === r.level && o.category === r.category && o.within === r.within));
    const shares: Record<string, number> = {};
    const missing = { convenient: [] as string[], quality: [] as string[] };
    const total = points.reduce((s, p) => s + p.w, 0);
    for (const r of effective) {
      if (r.within) {
        const members = r.within === 'street' && streetOf[ci] !== undefined ? comms.map((_, k) => k).filter((k) => streetOf[k] === streetOf[ci]) : [ci];
        const present = members.some((k) => inside[k].has(r.category));
        shares[`${r.level}:${r.category}:${r.within}`] = present ? 1 : 0;
        if (!present && !missing[r.level].includes(r.category)) missing[r.level].push(r.category);
        continue;
      }
      const dist = fieldOf.get(r.category)!;
      const limitM = r.meters ?? (r.minutes ?? 0) * metresPerMinute;
      let covered = 0;
      for (const p of points) if (p.off + dist[p.v] <= limitM) covered += p.w;
      const share = total > 0 ? covered / total : 0;
      shares[`${r.level}:${r.category}`] = share;
      if (share < minShare && !missing[r.level].includes(r.category)) missing[r.level].push(r.category);
    }
    const convenient = missing.convenient.length === 0;
    return {
      id: String(props.id),
      name: String(props.name),
      kind,
      zone,
      shares,
      missingConvenient: missing.convenient,
      missingQuality: missing.quality,
      convenient,
      quality: convenient && missing.quality.length === 0,
    };
  });
}
