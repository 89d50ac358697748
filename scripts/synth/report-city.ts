import type { Feature, LineString, Point, Polygon, Position } from 'geojson';
import { CATEGORIES } from './facilities.js';
import { GUANGZHOU } from './projection.js';
import { hashSeed, Random } from './random.js';

// A city shaped for the report, not for routing: Guangzhou's extent (80 x 55 km) tiled by 3,000
// communities with wobbly outlines of ~160 vertices that neighbours share exactly (as real boundaries
// do), 30,000 facilities crowded towards the centre, a coarse 1 km street grid that analyze routes in
// a second or two, and a few resident points per community. Some names are hostile on purpose
// (`</script>`, an onerror attribute, U+2028), so a city-sized page is also an escaping test.

export interface ReportCityOptions {
  communities?: number;
  facilities?: number;
  widthM?: number;
  heightM?: number;
  /** Vertices along each side of a community's outline. */
  sideVertices?: number;
  seed?: number;
}

export interface ReportCity {
  network: Feature<LineString>[];
  communities: Feature<Polygon>[];
  facilities: Feature<Point>[];
  population: Feature<Point>[];
}

export const HOSTILE_NAMES = ['</script><script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'Line\u2028Separator 社区'];

export function reportCity(opts: ReportCityOptions = {}): ReportCity {
  const n = opts.communities ?? 3000;
  const nFacilities = opts.facilities ?? 30_000;
  const W = opts.widthM ?? 80_000, H = opts.heightM ?? 55_000;
  const side = opts.sideVertices ?? 40;
  const seed = opts.seed ?? 1;
  const rng = new Random(seed);
  const cols = Math.round(Math.sqrt((n * W) / H)), rows = Math.ceil(n / cols);
  const cw = W / cols, ch = H / rows;
  const x0 = -W / 2, y0 = -H / 2;
  const ll = ([x, y]: [number, number]): Position => [GUANGZHOU.lon(x), GUANGZHOU.lat(y)];

  // A shared side between two corners: the same points for both neighbours, jitter across the side.
  const sideCache = new Map<string, [number, number][]>();
  const sidePoints = (a: [number, number], b: [number, number], key: string): [number, number][] => {
    let pts = sideCache.get(key);
    if (!pts) {
      const r = new Random(hashSeed(seed, ...key.split(',').map(Number)));
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      const len = Math.hypot(dx, dy), nx = -dy / len, ny = dx / len;
      const amp = 0.06 * len, phase = r.uniform(0, Math.PI * 2);
      pts = [];
      for (let k = 0; k <= side; k++) {
        const t = k / side;
        const off = k === 0 || k === side ? 0 : Math.sin(t * Math.PI) * (amp * Math.sin(phase + t * 7) + r.uniform(-0.01, 0.01) * len);
        pts.push([a[0] + dx * t + nx * off, a[1] + dy * t + ny * off]);
      }
      sideCache.set(key, pts);
    }
    return pts;
  };
  const corner = (i: number, j: number): [number, number] => [x0 + i * cw, y0 + j * ch];
  const hSide = (i: number, j: number) => sidePoints(corner(i, j), corner(i + 1, j), `0,${i},${j}`);
  const vSide = (i: number, j: number) => sidePoints(corner(i, j), corner(i, j + 1), `1,${i},${j}`);

  const communities: Feature<Polygon>[] = [];
  const population: Feature<Point>[] = [];
  for (let c = 0; c < n; c++) {
    const i = c % cols, j = Math.floor(c / cols);
    const ring = [
      ...hSide(i, j),
      ...vSide(i + 1, j).slice(1),
      ...hSide(i, j + 1).slice().reverse().slice(1),
      ...vSide(i, j).slice().reverse().slice(1),
    ];
    const cx = x0 + (i + 0.5) * cw, cy = y0 + (j + 0.5) * ch;
    const far = Math.hypot(cx / W, cy / H);
    const rural = far > 0.38;
    const name = c % 997 === 5 ? HOSTILE_NAMES[(c / 997 | 0) % HOSTILE_NAMES.length] : `${rural ? '村' : '社区'} ${c}`;
    const people = Math.round(rural ? rng.uniform(300, 1500) : rng.uniform(1000, 6000));
    communities.push({
      type: 'Feature',
      properties: { id: `C${c}`, name, kind: rural ? '村' : 'urban', zone: far < 0.2 ? 'central' : 'outer', street: `Street ${Math.floor(i / 4)}-${Math.floor(j / 4)}`, population: people },
      geometry: { type: 'Polygon', coordinates: [ring.map(ll)] },
    });
    for (let k = 0; k < 4; k++) {
      const px = cx + rng.uniform(-0.3, 0.3) * cw, py = cy + rng.uniform(-0.3, 0.3) * ch;
      population.push({ type: 'Feature', properties: { population: people / 4 }, geometry: { type: 'Point', coordinates: ll([px, py]) } });
    }
  }

  const network: Feature<LineString>[] = [];
  const step = 1000;
  for (let x = x0; x <= x0 + W + 1; x += step) {
    const line: Position[] = [];
    for (let y = y0; y <= y0 + H + 1; y += step) line.push(ll([x, y]));
    network.push({ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: line } });
  }
  for (let y = y0; y <= y0 + H + 1; y += step) {
    const line: Position[] = [];
    for (let x = x0; x <= x0 + W + 1; x += step) line.push(ll([x, y]));
    network.push({ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: line } });
  }

  // Facilities: crowded towards the centre, the everyday categories commoner than the rare ones.
  const weights = CATEGORIES.map((_, k) => 1 / (1 + 0.25 * k));
  const total = weights.reduce((a, b) => a + b, 0);
  const facilities: Feature<Point>[] = [];
  for (let f = 0; f < nFacilities; f++) {
    let u = rng.next() * total, k = 0;
    while (u > weights[k] && k < weights.length - 1) u -= weights[k++];
    const x = Math.max(-W / 2, Math.min(W / 2, rng.normal() * W * 0.22));
    const y = Math.max(-H / 2, Math.min(H / 2, rng.normal() * H * 0.22));
    facilities.push({
      type: 'Feature',
      properties: { id: `F${f}`, category: CATEGORIES[k], name: `${CATEGORIES[k]} ${f}`, capacity: rng.int(20, 200) },
      geometry: { type: 'Point', coordinates: ll([x, y]) },
    });
  }
  return { network, communities, facilities, population };
}
