// Decoding of one OSM PBF PrimitiveBlock (osmformat.proto) into callbacks, without building an
// object per node: dense nodes are delta-decoded straight into the callback's arguments, and
// strings of the block's table are decoded only when a tag needs them.
import { PbfReader } from 'pbf';

export type Tags = Record<string, string>;

export type MemberType = 'node' | 'way' | 'relation';
export interface RelationMember {
  type: MemberType;
  ref: number;
  role: string;
}

export interface BlockHandlers {
  /** Each node. `tags` is null when the node has none or when `nodeTags` is false. */
  node?: (id: number, lon: number, lat: number, tags: Tags | null) => void;
  /** Build tag objects for nodes (default true); a coordinate-only pass sets false. */
  nodeTags?: boolean;
  /** Each way with its node ids in order. `tags` is empty when `wayTags` is false. */
  way?: (id: number, tags: Tags, refs: number[]) => void;
  wayTags?: boolean;
  relation?: (id: number, tags: Tags, members: RelationMember[]) => void;
}

/** Bit flags for what a block contains, so later passes can skip blocks without inflating them. */
export const HAS_NODES = 1;
export const HAS_WAYS = 2;
export const HAS_RELATIONS = 4;

const MEMBER_TYPES: MemberType[] = ['node', 'way', 'relation'];
const utf8 = new TextDecoder('utf-8');

/** The block's string table, decoded lazily: most passes never need most strings. */
class StringTable {
  private starts: number[] = [];
  private ends: number[] = [];
  private cache: Array<string | undefined> = [];
  constructor(private buf: Uint8Array) {}
  add(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }
  get(i: number): string {
    let s = this.cache[i];
    if (s === undefined) {
      s = utf8.decode(this.buf.subarray(this.starts[i], this.ends[i]));
      this.cache[i] = s;
    }
    return s;
  }
}

interface BlockFrame {
  granularity: number;
  latOffset: number;
  lonOffset: number;
  strings: StringTable;
}

/**
 * Decodes a PrimitiveBlock and calls the handlers for its elements, in block order.
 * Returns the HAS_* flags of the element kinds found.
 */
export function decodePrimitiveBlock(data: Uint8Array, handlers: BlockHandlers): number {
  const pbf = new PbfReader(data);
  const frame: BlockFrame = { granularity: 100, latOffset: 0, lonOffset: 0, strings: new StringTable(data) };
  // granularity and offsets (fields 17-20) are written after the groups (field 2), so the groups
  // are located first and decoded once the whole frame is known.
  const groups: number[] = [];
  let field: number;
  while ((field = pbf.nextField())) {
    if (field === 1) {
      const end = pbf.readVarint() + pbf.pos;
      while (pbf.pos < end) {
        const f = pbf.nextField(end);
        if (f === 1) {
          const len = pbf.readVarint();
          frame.strings.add(pbf.pos, pbf.pos + len);
          pbf.pos += len;
        }
      }
    } else if (field === 2) {
      const len = pbf.readVarint();
      groups.push(pbf.pos, pbf.pos + len);
      pbf.pos += len;
    } else if (field === 17) frame.granularity = pbf.readVarint();
    else if (field === 19) frame.latOffset = pbf.readVarint(true);
    else if (field === 20) frame.lonOffset = pbf.readVarint(true);
  }
  let kinds = 0;
  for (let g = 0; g < groups.length; g += 2) {
    kinds |= decodeGroup(pbf, groups[g], groups[g + 1], frame, handlers);
  }
  return kinds;
}

function decodeGroup(pbf: PbfReader, start: number, end: number, frame: BlockFrame, h: BlockHandlers): number {
  let kinds = 0;
  pbf.pos = start;
  let field: number;
  while ((field = pbf.nextField(end))) {
    const len = pbf.readVarint();
    const msgEnd = pbf.pos + len;
    if (field === 1) {
      kinds |= HAS_NODES;
      if (h.node) decodeNode(pbf, msgEnd, frame, h);
    } else if (field === 2) {
      kinds |= HAS_NODES;
      if (h.node) decodeDense(pbf, msgEnd, frame, h);
    } else if (field === 3) {
      kinds |= HAS_WAYS;
      if (h.way) decodeWay(pbf, msgEnd, frame, h);
    } else if (field === 4) {
      kinds |= HAS_RELATIONS;
      if (h.relation) decodeRelation(pbf, msgEnd, frame, h);
    }
    pbf.pos = msgEnd;
  }
  return kinds;
}

function tagsOf(keys: number[], vals: number[], strings: StringTable): Tags {
  const tags: Tags = {};
  for (let i = 0; i < keys.length; i++) tags[strings.get(keys[i])] = strings.get(vals[i]);
  return tags;
}

// (offset + granularity * v) is an exact integer in nanodegrees; dividing once rounds correctly,
// so a granularity-100 coordinate comes out as the same double as its 7-decimal text.
function degrees(offset: number, granularity: number, v: number): number {
  return (offset + granularity * v) / 1e9;
}

function decodeNode(pbf: PbfReader, end: number, frame: BlockFrame, h: BlockHandlers): void {
  let id = 0;
  let lat = 0;
  let lon = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  let field: number;
  while ((field = pbf.nextField(end))) {
    if (field === 1) id = pbf.readSVarint();
    else if (field === 2) pbf.readPackedVarint(keys);
    else if (field === 3) pbf.readPackedVarint(vals);
    else if (field === 8) lat = pbf.readSVarint();
    else if (field === 9) lon = pbf.readSVarint();
  }
  const tags = h.nodeTags !== false && keys.length > 0 ? tagsOf(keys, vals, frame.strings) : null;
  h.node!(id, degrees(frame.lonOffset, frame.granularity, lon), degrees(frame.latOffset, frame.granularity, lat), tags);
}

function decodeDense(pbf: PbfReader, end: number, frame: BlockFrame, h: BlockHandlers): void {
  const ids: number[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const keysVals: number[] = [];
  const wantTags = h.nodeTags !== false;
  let field: number;
  while ((field = pbf.nextField(end))) {
    if (field === 1) pbf.readPackedSVarint(ids);
    else if (field === 8) pbf.readPackedSVarint(lats);
    else if (field === 9) pbf.readPackedSVarint(lons);
    else if (field === 10 && wantTags) pbf.readPackedVarint(keysVals);
  }
  const { granularity, latOffset, lonOffset, strings } = frame;
  const node = h.node!;
  let id = 0;
  let lat = 0;
  let lon = 0;
  let kv = 0;
  for (let i = 0; i < ids.length; i++) {
    id += ids[i];
    lat += lats[i];
    lon += lons[i];
    let tags: Tags | null = null;
    // keys_vals is (key, val)* 0 per node, and empty when no node of the block has tags.
    if (kv < keysVals.length) {
      while (kv < keysVals.length && keysVals[kv] !== 0) {
        tags ??= {};
        tags[strings.get(keysVals[kv])] = strings.get(keysVals[kv + 1]);
        kv += 2;
      }
      kv++;
    }
    node(id, degrees(lonOffset, granularity, lon), degrees(latOffset, granularity, lat), tags);
  }
}

function decodeWay(pbf: PbfReader, end: number, frame: BlockFrame, h: BlockHandlers): void {
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  const refs: number[] = [];
  const wantTags = h.wayTags !== false;
  let field: number;
  while ((field = pbf.nextField(end))) {
    if (field === 1) id = pbf.readVarint();
    else if (field === 2 && wantTags) pbf.readPackedVarint(keys);
    else if (field === 3 && wantTags) pbf.readPackedVarint(vals);
    else if (field === 8) pbf.readPackedSVarint(refs);
  }
  for (let i = 1; i < refs.length; i++) refs[i] += refs[i - 1];
  h.way!(id, tagsOf(keys, vals, frame.strings), refs);
}

function decodeRelation(pbf: PbfReader, end: number, frame: BlockFrame, h: BlockHandlers): void {
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  const roles: number[] = [];
  const memids: number[] = [];
  const types: number[] = [];
  let field: number;
  while ((field = pbf.nextField(end))) {
    if (field === 1) id = pbf.readVarint();
    else if (field === 2) pbf.readPackedVarint(keys);
    else if (field === 3) pbf.readPackedVarint(vals);
    else if (field === 8) pbf.readPackedVarint(roles);
    else if (field === 9) pbf.readPackedSVarint(memids);
    else if (field === 10) pbf.readPackedVarint(types);
  }
  const members: RelationMember[] = new Array(memids.length);
  let ref = 0;
  for (let i = 0; i < memids.length; i++) {
    ref += memids[i];
    members[i] = { type: MEMBER_TYPES[types[i] ?? 0] ?? 'node', ref, role: frame.strings.get(roles[i]) };
  }
  h.relation!(id, tagsOf(keys, vals, frame.strings), members);
}

/** Features a reader must understand to read a file correctly (HeaderBlock.required_features). */
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);

export interface PbfHeader {
  requiredFeatures: string[];
  optionalFeatures: string[];
  writingProgram?: string;
  /** [west, south, east, north] in degrees, when the header has a bbox. */
  bbox?: [number, number, number, number];
}

export function decodeHeaderBlock(data: Uint8Array): PbfHeader {
  const header: PbfHeader = { requiredFeatures: [], optionalFeatures: [] };
  new PbfReader(data).readFields((tag, hdr, pbf) => {
    if (tag === 1) {
      const box = [0, 0, 0, 0];
      pbf.readMessage((t, b, p) => {
        // HeaderBBox: left=1, right=2, top=3, bottom=4, sint64 nanodegrees
        if (t >= 1 && t <= 4) b[t - 1] = p.readSVarint() / 1e9;
      }, box);
      hdr.bbox = [box[0], box[3], box[1], box[2]];
    } else if (tag === 4) hdr.requiredFeatures.push(pbf.readString());
    else if (tag === 5) hdr.optionalFeatures.push(pbf.readString());
    else if (tag === 16) hdr.writingProgram = pbf.readString();
  }, header);
  return header;
}

export function unsupportedFeatures(header: PbfHeader): string[] {
  return header.requiredFeatures.filter((f) => !SUPPORTED_FEATURES.has(f));
}
