// Units where there are no community boundaries: Voronoi cells of community points and hexagon or
// square cells over the populated area, checked against brute force (nearest point, point in
// polygon) and areas by @turf/area; then whole runs of `analyze` on the demo.
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import pointOnFeature from '@turf/point-on-feature';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { voronoiCells } from '../src/units/voronoi-cells.js';
import { gridCells } from '../src/units/grid-cells.js';
import { runCli } from './support/run-cli.js';
import { scratchDir, fc } from './support/scratch.js';
import { mulberry32 } from '../scripts/synth/random.js';

const pt = (lon: number, lat: number, props: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [lon, lat] } });
const metres = (a: number[], b: number[]) => Math.hypot((a[0] - b[0]) * 102_470, (a[1] - b[1]) * 110_790); // near 23N

describe('Voronoi cells of community points', () => {
  const rnd = mulberry32(7);
  const points = Array.from({ length: 40 }, (_, i) => pt(113.30 + rnd() * 0.05, 23.10 + rnd() * 0.04, { id: `P${i}`, name: `点${i}` }));
  // A concave (L-shaped) study area holding every point.
  const boundary: Polygon = { type: 'Polygon', coordinates: [[[113.29, 23.09], [113.36, 23.09], [113.36, 23.12], [113.33, 23.12], [113.33, 23.15], [113.29, 23.15], [113.29, 23.09]]] };
  const inside = points.filter((p) => booleanPointInPolygon(p.geometry as never, boundary));
  const cells = voronoiCells(inside, boundary);

  it('one cell per point, with its properties, holding its point', () => {
    expect(cells.map((c) => c.properties!.id)).toEqual(inside.map((p) => p.properties!.id));
    cells.forEach((c, i) => expect(booleanPointInPolygon(inside[i].geometry as never, c as never)).toBe(true));
  });

  it('the cells tile the study area: their areas add up to its area', () => {
    const sum = cells.reduce((s, c) => s + area(c), 0);
    expect(Math.abs(sum - area(boundary)) / area(boundary)).toBeLessThan(1e-6);
  });

  it('every sample place lies in the cell of its nearest point (brute force)', () => {
    for (let k = 0; k < 400; k++) {
      const q = [113.29 + rnd() * 0.07, 23.09 + rnd() * 0.06];
      if (!booleanPointInPolygon(q, boundary)) continue;
      const dists = inside.map((p) => metres(q, (p.geometry as { coordinates: number[] }).coordinates));
      const nearest = dists.indexOf(Math.min(...dists));
      const sorted = [...dists].sort((a, b) => a - b);
      if (sorted[1] - sorted[0] < 1) continue; // on a cell edge
      const holding = cells.findIndex((c) => booleanPointInPolygon(q, c as never));
      expect(holding).toBe(nearest);
    }
  });
});

describe('hexagon and square units', () => {
  const rnd = mulberry32(3);
  const pop = Array.from({ length: 3000 }, () => pt(113.28 + rnd() * 0.08, 23.08 + rnd() * 0.06, { population: 1 + Math.floor(rnd() * 20) }));
  const total = pop.reduce((s, p) => s + (p.properties!.population as number), 0);

  for (const shape of ['hex', 'grid'] as const) {
    it(`${shape}:500 -- each point lies in a cell, populations add up, cells of the right area`, () => {
      const cells = gridCells({ shape, sizeM: 500 }, pop);
      const want = shape === 'hex' ? (Math.sqrt(3) / 2) * 500 ** 2 : 500 ** 2;
      for (const c of cells) expect(Math.abs(area(c) - want) / want).toBeLessThan(0.005);
      const sums = new Map<string, number>();
      for (const p of pop) {
        const holding = cells.filter((c) => booleanPointInPolygon(p.geometry as never, c as never, { ignoreBoundary: false }));
        expect(holding.length).toBeGreaterThanOrEqual(1);
        const id = String(holding[0].properties!.id);
        sums.set(id, (sums.get(id) ?? 0) + (p.properties!.population as number));
      }
      for (const c of cells) expect(c.properties!.population).toBeCloseTo(sums.get(String(c.properties!.id)) ?? 0, 6);
      expect(cells.reduce((s, c) => s + (c.properties!.population as number), 0)).toBeCloseTo(total, 6);
    });
  }
});

describe('analyze without community boundaries', () => {
  const DEMO = new URL('../data/demo/', import.meta.url).pathname;
  const { dir, put } = scratchDir('lifecircle-units-');
  const base = ['--network', join(DEMO, 'network.geojson'), '--facilities', join(DEMO, 'facilities.geojson'), '--population', join(DEMO, 'population.geojson'), '--quiet'];

  it('community points become Voronoi cells and are scored by name', async () => {
    const polys = JSON.parse(readFileSync(join(DEMO, 'communities.geojson'), 'utf8')).features as Feature[];
    const points = put('points.geojson', fc(polys.map((f) => ({ ...pointOnFeature(f as never), properties: f.properties }))));
    const out = join(dir, 'voronoi');
    const r = await runCli(['analyze', ...base, '--communities', points, '--out', out]);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(out, 'communities.csv'), 'utf8');
    expect(csv.trim().split('\n').length).toBe(1 + polys.length);
    expect(csv).toContain('乐泉社区');
  });

  it('--boundary: community points become Voronoi cells clipped to a boundary file; points outside it are left out, said', async () => {
    const polys = JSON.parse(readFileSync(join(DEMO, 'communities.geojson'), 'utf8')).features as Feature[];
    const points = polys.map((f) => ({ ...pointOnFeature(f as never), properties: f.properties }) as Feature<Point>);
    // The study area: a rectangle over the middle of the district, as a 街道 outline would be.
    const xs = points.map((p) => p.geometry.coordinates[0]).sort((a, b) => a - b);
    const ys = points.map((p) => p.geometry.coordinates[1]).sort((a, b) => a - b);
    // Edges between two points' coordinates, so no point lies on the boundary.
    const between = (v: number[], q: number) => (v[Math.floor(v.length * q)] + v[Math.floor(v.length * q) + 1]) / 2;
    const [w, e] = [between(xs, 0.2), between(xs, 0.8)];
    const [s, n] = [between(ys, 0.1), between(ys, 0.9)];
    const rect: Polygon = { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
    const boundary = put('street-outline.geojson', fc([{ type: 'Feature', properties: { name: '石牌街道' }, geometry: rect }]));
    const inside = points.filter((p) => booleanPointInPolygon(p, rect));
    expect(inside.length).toBeGreaterThan(5);
    expect(inside.length).toBeLessThan(points.length);
    const out = join(dir, 'voronoi-boundary');
    const r = await runCli(['analyze', ...base.filter((a) => a !== '--quiet'), '--communities', put('points-b.geojson', fc(points)), '--boundary', boundary, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${points.length - inside.length} community points lie outside ${boundary} and were left out`);
    const cells = JSON.parse(readFileSync(join(out, 'communities.geojson'), 'utf8')).features as Feature<Polygon | MultiPolygon>[];
    expect(cells.map((c) => c.properties!.id).sort()).toEqual(inside.map((p) => p.properties!.id).sort());
    // The cells tile the boundary: inside it, their areas adding up to its area (turf).
    for (const c of cells) {
      const rings = c.geometry.type === 'Polygon' ? c.geometry.coordinates : c.geometry.coordinates.flat();
      for (const [x, y] of rings.flat()) {
        expect(x).toBeGreaterThanOrEqual(w - 1e-9);
        expect(x).toBeLessThanOrEqual(e + 1e-9);
        expect(y).toBeGreaterThanOrEqual(s - 1e-9);
        expect(y).toBeLessThanOrEqual(n + 1e-9);
      }
    }
    const sum = cells.reduce((t, c) => t + area(c as never), 0);
    expect(Math.abs(sum - area(rect)) / area(rect)).toBeLessThan(1e-6);
    // Each community's point lies in its own cell.
    for (const p of inside) expect(booleanPointInPolygon(p, cells.find((c) => c.properties!.id === p.properties!.id)!)).toBe(true);
    const csv = readFileSync(join(out, 'communities.csv'), 'utf8');
    expect(csv.trim().split('\n').length).toBe(1 + inside.length);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(JSON.stringify(summary.inputNotes ?? summary.diagnostics)).toContain('community-outside');
  });

  it('--units hex:500 scores hexagons over the populated area; --units needs --population', async () => {
    const out = join(dir, 'hex');
    const r = await runCli(['analyze', ...base, '--units', 'hex:500', '--out', out]);
    expect(r.code).toBe(0);
    const cells = JSON.parse(readFileSync(join(out, 'communities.geojson'), 'utf8')).features;
    expect(cells.length).toBeGreaterThan(10);
    expect(cells[0].properties.id).toMatch(/^H-?\d+_-?\d+$/);
    const noPop = await runCli(['analyze', '--network', join(DEMO, 'network.geojson'), '--facilities', join(DEMO, 'facilities.geojson'), '--units', 'hex:500', '--out', join(dir, 'x'), '--quiet']);
    expect(noPop.code).toBe(2);
    expect(noPop.stderr).toMatch(/--units needs --population/);
  });
});
