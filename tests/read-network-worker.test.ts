import type { Feature, LineString, Position } from 'geojson';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { readLayer } from '../src/io/read-layer.js';
import { buildNetwork } from '../src/network/build-network.js';
import type { Network } from '../src/network/network.js';
import { readNetworkOnWorker } from '../src/parallel/read-network.js';
import { analyze, analyzePrepared, prepareAnalysis } from '../src/scoring/analyze.js';
import { readAnalysisInputs, startAnalysisInputs } from '../src/cli/load-inputs.js';
import { networkPositions } from '../src/network/network-positions.js';
import { fc, scratchDir } from './support/scratch.js';
import { line, point, seeded } from './support/geo.js';

// The worker path must give exactly the network the main thread builds: every array, the stats, and a
// segment index that answers the same searches.
function expectSameNetwork(a: Network, b: Network): void {
  for (const [key, value] of Object.entries(a)) {
    if (key === 'segmentIndex') continue;
    const other = (b as unknown as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(value)) expect(Array.from(other as Float64Array), key).toEqual(Array.from(value as Float64Array));
    else expect(other, key).toEqual(value);
  }
  const rand = seeded(5);
  for (let q = 0; q < 50; q++) {
    const x = (rand() - 0.5) * 2000, y = (rand() - 0.5) * 2000, r = rand() * 200;
    expect(b.segmentIndex.search(x - r, y - r, x + r, y + r).sort()).toEqual(a.segmentIndex.search(x - r, y - r, x + r, y + r).sort());
  }
}

const tmp = scratchDir('lc-network-worker-');
const rand = seeded(3);
const streets: Feature<LineString>[] = [];
for (let i = 0; i <= 10; i++) {
  for (let j = 0; j < 10; j++) {
    if (rand() < 0.2) continue;
    streets.push(line([[j * 90, i * 90], [(j + 1) * 90, i * 90]], { highway: 'residential' }), line([[i * 90, j * 90], [i * 90, (j + 1) * 90]], { highway: j % 3 ? 'footway' : 'motorway' }));
  }
}

describe('readNetworkOnWorker', () => {
  it('builds the same network as buildNetwork(readLayer(...)) on this thread, and reports bytes', async () => {
    const file = tmp.put('grid.geojson', fc(streets));
    const bytes: number[] = [];
    const onWorker = await readNetworkOnWorker(file, [], { label: 'streets', onBytes: (n) => bytes.push(n) });
    const here = buildNetwork(await readLayer(file), { source: 'streets' });
    expect(bytes.at(-1)).toBe(statSync(file).size);
    expect(here.stats.notWalkable).toBeGreaterThan(0);
    expectSameNetwork(here, onWorker);
    // The analysis of a built network equals the analysis of its lines.
    const facilities = [point(100, 100, { category: 'grocery' }), point(700, 500, { category: 'health' })];
    const communities: Feature[] = [{ type: 'Feature', properties: { id: 'c1', kind: 'urban', zone: 'central' },
      geometry: { type: 'Polygon' as const, coordinates: [[[0, 0], [900, 0], [900, 900], [0, 900], [0, 0]].map(([x, y]) => point(x, y).geometry.coordinates as Position)] } }];
    const a = analyze({ network: streets, facilities, communities }, {});
    const b = analyze({ network: onWorker, facilities, communities }, {});
    expect(b.communities).toEqual(a.communities);
    // Prepared while the network is on its way, as the CLI does, then finished on it: the same again.
    const pending = readNetworkOnWorker(file, [], { label: 'streets' });
    const prepared = prepareAnalysis({ facilities, communities });
    const c = analyzePrepared(prepared, await pending);
    expect(c.communities).toEqual(a.communities);
    expect(c.facilities).toEqual(a.facilities);
  });

  it('passes an InputError back with its file, feature and field', async () => {
    const bad = [...streets.slice(0, 3), { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[113.3, 23.1], [113.3, 'x']] } }];
    const file = tmp.put('bad.geojson', fc(bad));
    const err = await readNetworkOnWorker(file, [], { label: 'bad streets' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const inputError = err as InputError;
    expect(inputError.file).toBe('bad streets');
    expect(inputError.feature).toBe(3);
    expect(inputError.field).toMatch(/geometry\.coordinates/);
    // The same sentence the main thread would give.
    const here = (() => { try { buildNetwork(bad as never, { source: 'bad streets' }); } catch (e) { return e as InputError; } })();
    expect(inputError.message).toBe(here?.message);
  });

  it('says a missing file is missing, as readLayer does', async () => {
    const missing = join(tmp.dir, 'nope.geojson');
    const err = await readNetworkOnWorker(missing, []).catch((e: unknown) => e);
    const here = await readLayer(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe((here as Error).message);
  });

  it('lets readAnalysisInputs hand analyze a built network, with the same Voronoi hull', async () => {
    const network = tmp.put('streets.geojson', fc(streets));
    const facilities = tmp.put('facilities.geojson', fc([point(100, 100, { category: 'grocery' })]));
    const communities = tmp.put('points.geojson', fc([point(200, 200, { id: 'a' }), point(700, 700, { id: 'b' })]));
    const read = (networkWorkerMinBytes: number) => readAnalysisInputs({ network, facilities, communities }, { networkWorkerMinBytes }, []);
    const [onWorker, here] = [await read(0), await read(Infinity)];
    expect(Array.isArray(onWorker.network)).toBe(false);
    expect(Array.isArray(here.network)).toBe(true);
    // Voronoi cells clipped to the network's hull: the hull of the built network's vertices is the
    // hull of the walkable lines (the footways and residential streets, not the motorways).
    expect(onWorker.communities).toEqual(here.communities);
    expect(networkPositions(here.network).length).toBeLessThan(streets.flatMap((f) => f.geometry.coordinates).length);
  });

  it('hands over the point layers while the network is still being built, and a failed network goes unhandled nowhere', async () => {
    const bad = tmp.put('bad-streets.geojson', fc([...streets, { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 'x']] } }]));
    const facilities = tmp.put('one-facility.geojson', fc([point(100, 100, { category: 'grocery' })]));
    const communities = tmp.put('one-square.geojson', fc([{ type: 'Feature', properties: { id: 'c', kind: 'urban' },
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [900, 0], [900, 900], [0, 900], [0, 0]].map(([x, y]) => point(x, y).geometry.coordinates as Position)] } }]));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const started = startAnalysisInputs({ network: bad, facilities, communities }, { networkWorkerMinBytes: 0 }, []);
      // The same file read on a worker of its own tells when the first read has failed, without
      // touching `started.network` (any then or catch on it would handle it).
      const twin = readNetworkOnWorker(bad, []).then(() => 'built', () => 'failed');
      const points = await started.points;
      expect(points.facilities).toHaveLength(1);
      expect(points.communities).toHaveLength(1);
      expect(await twin).toBe('failed');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(unhandled).toEqual([]);
      const err = await started.network.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).feature).toBe(streets.length);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  const monaco = join(import.meta.dirname, '../../shared/data/monaco/monaco-roads.geojson');
  it.skipIf(!existsSync(monaco))('builds Monaco (real OSM streets) the same on the worker', async () => {
    const onWorker = await readNetworkOnWorker(monaco, []);
    expectSameNetwork(buildNetwork(await readLayer(monaco), { source: monaco }), onWorker);
  });
});
