import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints } from '../src/network/link-points.js';
import { pointToPointM } from '../src/routing/distance-field.js';
import { isWalkable } from '../src/network/walkable.js';
import { ll, line } from './support/geo.js';

/** Distance between two points given in metres on the test plane, through the network. */
function walk(features: ReturnType<typeof line>[], from: [number, number], to: [number, number], opts = {}): number {
  const net = buildNetwork(features);
  const links = linkPoints(net, [ll(...from), ll(...to)], opts);
  return pointToPointM(net, links, 0, links, 1);
}

describe('graph building', () => {
  it('joins lines at a shared interior vertex', () => {
    // A runs west-east through (100,0); B runs south-north through the same vertex.
    const a = line([[0, 0], [100, 0], [200, 0]]);
    const b = line([[100, -100], [100, 0], [100, 100]]);
    const net = buildNetwork([a, b]);
    expect(net.nodeCount).toBe(5); // four line ends and the shared vertex
    expect(net.edgeCount).toBe(4);
    expect(net.componentCount).toBe(1);
    // From 5 m off A's west end to 5 m off B near its north end: 5 + 100 + 95 + 5.
    expect(walk([a, b], [0, 5], [105, 95])).toBeCloseTo(205, 0);
  });

  it('does not join lines that merely cross (a bridge over a street)', () => {
    const street = line([[0, 0], [200, 0]]);
    const bridge = line([[100, -100], [100, 100]], { bridge: 'yes', layer: '1' });
    const net = buildNetwork([street, bridge]);
    expect(net.componentCount).toBe(2);
    expect(walk([street, bridge], [0, 5], [105, 95])).toBe(Infinity);
  });

  it('merges vertices equal to 1e-7 degrees and keeps farther ones apart', () => {
    const [lon, lat] = ll(100, 0);
    const a = { type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: [ll(0, 0), [lon, lat]] } };
    const b = { type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: [[lon + 2e-9, lat - 2e-9], ll(200, 0)] } };
    expect(buildNetwork([a, b]).componentCount).toBe(1);
    const c = { type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: [[lon + 3e-7, lat], ll(200, 0)] } };
    expect(buildNetwork([a, c]).componentCount).toBe(2);
  });

  it('keeps shape vertices inside one edge and measures along them', () => {
    const l = line([[0, 0], [30, 40], [60, 0]]); // two 50 m segments
    const net = buildNetwork([l]);
    expect(net.edgeCount).toBe(1);
    expect(net.edgeLengthM[0]).toBeCloseTo(100, 1);
    expect(net.stats.vertices).toBe(3);
  });

  it('splits MultiLineStrings into parts and drops degenerate ones', () => {
    const f = { type: 'Feature' as const, properties: {}, geometry: { type: 'MultiLineString' as const, coordinates: [[ll(0, 0), ll(10, 0)], [ll(50, 0), ll(50, 0)]] } };
    const net = buildNetwork([f]);
    expect(net.edgeCount).toBe(1);
    expect(net.stats.degenerateLines).toBe(1);
  });

  it('counts components and their vertices', () => {
    const big = line([[0, 0], [10, 0], [20, 0], [30, 0]]);
    const small = line([[0, 100], [10, 100]]);
    const net = buildNetwork([big, small]);
    expect(net.componentCount).toBe(2);
    expect([...net.componentVertexCount].sort()).toEqual([2, 4]);
    expect(net.stats.largestComponentVertices).toBe(4);
  });
});

describe('walkable filter', () => {
  it.each([
    [{ highway: 'residential' }, true],
    [{ highway: 'footway' }, true],
    [{}, true],
    [null, true],
    [{ highway: 'motorway' }, false],
    [{ highway: 'trunk_link' }, false],
    [{ highway: 'trunk', foot: 'yes' }, true],
    [{ highway: 'motorway', foot: 'designated' }, true],
    [{ highway: 'primary', foot: 'no' }, false],
    [{ highway: 'service', access: 'private' }, false],
    [{ highway: 'service', access: 'no', foot: 'yes' }, true],
    [{ highway: 'proposed' }, false],
    [{ highway: 'construction' }, false],
  ])('%j walkable: %s', (props, expected) => {
    expect(isWalkable(props)).toBe(expected);
  });

  it('leaves unwalkable lines out of the graph', () => {
    const net = buildNetwork([line([[0, 0], [100, 0]]), line([[0, 50], [100, 50]], { highway: 'motorway' })]);
    expect(net.edgeCount).toBe(1);
    expect(net.stats.notWalkable).toBe(1);
  });
});

describe('linking and point-to-point times', () => {
  it('walks two points on one edge the direct way', () => {
    // Both points beside one 300 m street: 10 off + 200 along + 10 off.
    expect(walk([line([[0, 0], [300, 0]])], [50, 10], [250, -10])).toBeCloseTo(220, 0);
  });

  it('takes the network when it beats the direct way along a shared edge', () => {
    // A U-shaped street (300 m) closed by a 100 m connector. The points sit on the U's two legs,
    // 280 m apart along it, but only 10 + 100 + 10 m apart through the connector.
    const u = line([[0, 0], [0, 100], [100, 100], [100, 0]]);
    const connector = line([[0, 0], [100, 0]]);
    expect(walk([u, connector], [0, 10], [100, 10])).toBeCloseTo(120, 0);
  });

  it('leaves a point beyond snapMaxM unlinked, and counts it', () => {
    const net = buildNetwork([line([[0, 0], [100, 0]])]);
    const links = linkPoints(net, [ll(50, 10), ll(50, 600)]);
    expect(links.edge[0]).toBe(0);
    expect(links.edge[1]).toBe(-1);
    expect(links.unlinked).toBe(1);
    expect(linkPoints(net, [ll(50, 600)], { snapMaxM: 700 }).unlinked).toBe(0);
  });

  it('does not link into a small island while a larger component is within the cap', () => {
    // A 60-vertex street far below, and a 2-vertex island 20 m from the point.
    const main = line(Array.from({ length: 60 }, (_, i) => [i * 10, 0] as [number, number]));
    const island = line([[200, 120], [260, 120]]);
    const net = buildNetwork([main, island]);
    const links = linkPoints(net, [ll(230, 100)]);
    expect(net.componentVertexCount[net.nodeComponent[net.edgeFrom[links.edge[0]]]]).toBe(60);
    expect(links.offNetworkM[0]).toBeCloseTo(100, 1);
    expect(links.linkedToIsland).toBe(0);
    // With the big street beyond the cap, the island is the best there is.
    const far = linkPoints(net, [ll(230, 100)], { snapMaxM: 50 });
    expect(far.offNetworkM[0]).toBeCloseTo(20, 1);
    expect(far.linkedToIsland).toBe(1);
    // With the rule off (islands of size 0), the nearest edge wins.
    expect(linkPoints(net, [ll(230, 100)], { minIslandVertices: 0 }).offNetworkM[0]).toBeCloseTo(20, 1);
  });
});
