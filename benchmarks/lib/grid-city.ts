import { mulberry32 } from '../../scripts/synth/random.js';
import type { Feature, LineString } from 'geojson';

/**
 * A jittered street grid, used when the synthetic-city generator is not available: ways of one to
 * five blocks with an occasional mid-block vertex, written in shuffled order as OSM data is (so node
 * numbering from input order has no locality of its own).
 */
export function gridCity(targetEdges: number, seed: number): Feature<LineString>[] {
  const rand = mulberry32(seed);
  // A k x k grid has 2k(k-1) block edges.
  const k = Math.max(3, Math.round(Math.sqrt(targetEdges / 2)));
  const blockM = 90;
  const lon0 = 113.0, lat0 = 23.0;
  const degX = 1 / 102_400, degY = 1 / 110_800;
  const jitter = new Float64Array(2 * k * k).map(() => (rand() - 0.5) * 30);
  const at = (i: number, j: number): [number, number] => {
    const n = i * k + j;
    return [lon0 + (j * blockM + jitter[2 * n]) * degX, lat0 + (i * blockM + jitter[2 * n + 1]) * degY];
  };
  const features: Feature<LineString>[] = [];
  const addWays = (cell: (a: number, b: number) => [number, number]) => {
    for (let a = 0; a < k; a++) {
      let b = 0;
      while (b < k - 1) {
        const blocks = Math.min(1 + Math.floor(rand() * 5), k - 1 - b);
        const coords: [number, number][] = [cell(a, b)];
        for (let s = 1; s <= blocks; s++) {
          const p = cell(a, b + s - 1), q = cell(a, b + s);
          if (rand() < 0.3) coords.push([(p[0] + q[0]) / 2 + (rand() - 0.5) * 1e-5, (p[1] + q[1]) / 2 + (rand() - 0.5) * 1e-5]);
          coords.push(q);
        }
        features.push({ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: coords } });
        b += blocks;
      }
    }
  };
  addWays((a, b) => at(a, b));
  addWays((a, b) => at(b, a));
  for (let i = features.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [features[i], features[j]] = [features[j], features[i]];
  }
  return features;
}

export { mulberry32 };
