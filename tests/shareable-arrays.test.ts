import { describe, expect, it } from 'vitest';
import { arraysInOneBlock } from '../src/network/shareable-arrays.js';
import { layoutArrays } from '../src/routing/catchments.js';

describe('arraysInOneBlock', () => {
  it('makes shared arrays as zeroed, 8-byte aligned, non-overlapping views of one buffer', () => {
    const spec = { a: ['int32', 3], b: ['float64', 5], c: ['int32', 1], d: ['float64', 2] } as const;
    const { a, b, c, d } = arraysInOneBlock(spec, true);
    expect([a.length, b.length, c.length, d.length]).toEqual([3, 5, 1, 2]);
    expect(a).toBeInstanceOf(Int32Array);
    expect(b).toBeInstanceOf(Float64Array);
    const buffer = a.buffer;
    expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const x of [b, c, d]) expect(x.buffer).toBe(buffer);
    for (const x of [a, b, c, d]) expect(x.byteOffset % 8).toBe(0);
    // Written in order, each keeps its own values: no two views share a byte.
    a.fill(-1); b.fill(2.5); c.fill(7); d.fill(-3.25);
    expect([...a]).toEqual([-1, -1, -1]);
    expect([...b]).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
    expect([...c]).toEqual([7]);
    expect([...d]).toEqual([-3.25, -3.25]);
    const ends = [a, b, c, d].map((x) => [x.byteOffset, x.byteOffset + x.byteLength]).sort((p, q) => p[0] - q[0]);
    for (let i = 1; i < ends.length; i++) expect(ends[i][0]).toBeGreaterThanOrEqual(ends[i - 1][1]);
    expect(buffer.byteLength).toBeGreaterThanOrEqual(ends.at(-1)![1]);
  });

  it('makes plain zeroed arrays of their own when not shared', () => {
    const { a, b } = arraysInOneBlock({ a: ['float64', 4], b: ['int32', 2] } as const, false);
    expect(a.buffer).toBeInstanceOf(ArrayBuffer);
    expect(a.buffer).not.toBe(b.buffer);
    expect([...a, ...b]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('lays a 2SFCA layout and its extra arrays out in one shared buffer', () => {
    const { scratch, ...arrays } = layoutArrays(10, 4, true, { scratch: ['float64', 12] });
    expect(scratch.length).toBe(12);
    expect(arrays.point.length).toBe(30);
    for (const x of Object.values(arrays)) expect(x.buffer).toBe(scratch.buffer);
  });
});
