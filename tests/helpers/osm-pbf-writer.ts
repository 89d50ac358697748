// A minimal OSM PBF writer for tests: builds files with exactly the elements a test needs, so the
// reader is checked against data written independently of it (with pbf's writer and zlib).
import { deflateSync } from 'node:zlib';
import { PbfWriter } from 'pbf';

export interface TestNode { id: number; lon: number; lat: number; tags?: Record<string, string> }
export interface TestWay { id: number; refs: number[]; tags?: Record<string, string> }
export interface TestRelation {
  id: number;
  tags?: Record<string, string>;
  members: Array<{ type: 'node' | 'way' | 'relation'; ref: number; role: string }>;
}

function frame(type: string, payload: Uint8Array): Uint8Array {
  return frameBlob(type, { rawSize: payload.length, zlib: deflateSync(payload) });
}

function headerBlock(): Uint8Array {
  const w = new PbfWriter();
  w.writeStringField(4, 'OsmSchema-V0.6');
  w.writeStringField(4, 'DenseNodes');
  w.writeStringField(16, 'lifecircle tests');
  return w.finish();
}

class Strings {
  list: string[] = [''];
  index(s: string): number {
    let i = this.list.indexOf(s);
    if (i < 0) i = this.list.push(s) - 1;
    return i;
  }
}

const delta = (values: number[]) => values.map((v, i) => (i === 0 ? v : v - values[i - 1]));

/** One PrimitiveBlock holding the given elements (granularity 100, i.e. 1e-7 degrees). */
function primitiveBlock(nodes: TestNode[], ways: TestWay[], relations: TestRelation[]): Uint8Array {
  const strings = new Strings();
  const kv = (tags: Record<string, string> = {}) => {
    const keys = Object.keys(tags).map((k) => strings.index(k));
    const vals = Object.values(tags).map((v) => strings.index(v));
    return { keys, vals };
  };
  // Tags are indexed before the string table is written, so build the groups first.
  const groups: Array<(w: PbfWriter) => void> = [];
  if (nodes.length) {
    const keysVals: number[] = [];
    for (const n of nodes) {
      const { keys, vals } = kv(n.tags);
      keys.forEach((k, i) => keysVals.push(k, vals[i]));
      keysVals.push(0);
    }
    groups.push((w) =>
      w.writeMessage(2, (_: unknown, dw: PbfWriter) => {
        dw.writePackedSVarint(1, delta(nodes.map((n) => n.id)));
        dw.writePackedSVarint(8, delta(nodes.map((n) => Math.round(n.lat * 1e7))));
        dw.writePackedSVarint(9, delta(nodes.map((n) => Math.round(n.lon * 1e7))));
        dw.writePackedVarint(10, keysVals);
      }, null),
    );
  }
  const wayData = ways.map((way) => ({ way, ...kv(way.tags) }));
  for (const { way, keys, vals } of wayData) {
    groups.push((w) =>
      w.writeMessage(3, (_: unknown, ww: PbfWriter) => {
        ww.writeVarintField(1, way.id);
        ww.writePackedVarint(2, keys);
        ww.writePackedVarint(3, vals);
        ww.writePackedSVarint(8, delta(way.refs));
      }, null),
    );
  }
  const relData = relations.map((rel) => ({ rel, ...kv(rel.tags), roles: rel.members.map((m) => strings.index(m.role)) }));
  for (const { rel, keys, vals, roles } of relData) {
    groups.push((w) =>
      w.writeMessage(4, (_: unknown, rw: PbfWriter) => {
        rw.writeVarintField(1, rel.id);
        rw.writePackedVarint(2, keys);
        rw.writePackedVarint(3, vals);
        rw.writePackedVarint(8, roles);
        rw.writePackedSVarint(9, delta(rel.members.map((m) => m.ref)));
        rw.writePackedVarint(10, rel.members.map((m) => ['node', 'way', 'relation'].indexOf(m.type)));
      }, null),
    );
  }
  const w = new PbfWriter();
  w.writeMessage(1, (_: unknown, sw: PbfWriter) => {
    for (const s of strings.list) sw.writeBytesField(1, new TextEncoder().encode(s));
  }, null);
  // One group per element kind, as the spec requires (a group holds one kind only).
  if (nodes.length) w.writeMessage(2, (_: unknown, gw: PbfWriter) => groups[0](gw), null);
  const rest = groups.slice(nodes.length ? 1 : 0);
  const wayGroups = rest.slice(0, ways.length);
  const relGroups = rest.slice(ways.length);
  if (wayGroups.length) w.writeMessage(2, (_: unknown, gw: PbfWriter) => wayGroups.forEach((g) => g(gw)), null);
  if (relGroups.length) w.writeMessage(2, (_: unknown, gw: PbfWriter) => relGroups.forEach((g) => g(gw)), null);
  w.writeVarintField(17, 100);
  return w.finish();
}

/** A whole PBF file: a header block, then one block of nodes and one of ways and relations. */
export function writeTestPbf(nodes: TestNode[], ways: TestWay[], relations: TestRelation[]): Uint8Array {
  return concat([
    frame('OSMHeader', headerBlock()),
    frame('OSMData', primitiveBlock(nodes, [], [])),
    frame('OSMData', primitiveBlock([], ways, relations)),
  ]);
}

/** The header block's bytes, then one framed block per call of `dataBlock`: for building big files piece by piece. */
export function pbfHeaderBytes(): Uint8Array {
  return frame('OSMHeader', headerBlock());
}
export function pbfDataBlockBytes(nodes: TestNode[], ways: TestWay[], relations: TestRelation[]): Uint8Array {
  return frame('OSMData', primitiveBlock(nodes, ways, relations));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A framed block with a hand-made Blob, for hostile files: a declared raw_size that lies, a payload
 * stored raw or zlib-compressed as given, or another compression's field number (4-7).
 */
export function frameBlob(type: string, blobFields: { rawSize?: number; zlib?: Uint8Array; raw?: Uint8Array; otherField?: number }): Uint8Array {
  const blob = new PbfWriter();
  if (blobFields.raw) blob.writeBytesField(1, blobFields.raw);
  if (blobFields.rawSize !== undefined) blob.writeVarintField(2, blobFields.rawSize);
  if (blobFields.zlib) blob.writeBytesField(3, blobFields.zlib);
  if (blobFields.otherField) blob.writeBytesField(blobFields.otherField, new Uint8Array([1, 2, 3]));
  const blobBytes = blob.finish();
  const header = new PbfWriter();
  header.writeStringField(1, type);
  header.writeVarintField(3, blobBytes.length);
  const headerBytes = header.finish();
  const out = new Uint8Array(4 + headerBytes.length + blobBytes.length);
  new DataView(out.buffer).setUint32(0, headerBytes.length, false);
  out.set(headerBytes, 4);
  out.set(blobBytes, 4 + headerBytes.length);
  return out;
}
