// The outer layer of an OSM PBF file (https://wiki.openstreetmap.org/wiki/PBF_Format):
// a sequence of [4-byte big-endian length][BlobHeader][Blob], each Blob a zlib-compressed (or raw)
// HeaderBlock or PrimitiveBlock. This module reads that sequence block by block from a file
// handle, so a multi-gigabyte extract never sits in memory whole, and inflates a few blocks
// ahead on libuv's thread pool while the caller decodes the current one.
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import { PbfReader } from 'pbf';
import { InputError } from '../../errors.js';
import { checkInputFile, readFailure } from '../file-errors.js';

const inflateAsync = promisify(inflate);

/** The spec caps a BlobHeader at 64 KiB and a Blob at 32 MiB; larger means a corrupt file. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;

export interface RawBlock {
  /** Position of the block's length prefix in the file: a stable id for the block across passes. */
  offset: number;
  /** "OSMHeader" or "OSMData". */
  type: string;
  /** The decompressed HeaderBlock or PrimitiveBlock. */
  data: Uint8Array;
}

/** Where the blocks come from: a path (streamed) or bytes already in memory. */
export type PbfSource = string | Uint8Array;

interface BlobLocation {
  offset: number;
  type: string;
  blobStart: number;
  blobSize: number;
}

interface ByteReader {
  size: number;
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

async function openReader(source: PbfSource): Promise<ByteReader> {
  if (typeof source !== 'string') {
    return {
      size: source.byteLength,
      read: async (position, length) => source.subarray(position, position + length),
      close: async () => {},
    };
  }
  await checkInputFile(source);
  let handle: FileHandle;
  try {
    handle = await open(source, 'r');
  } catch (err) {
    throw readFailure(err, source);
  }
  const size = (await handle.stat()).size;
  return {
    size,
    async read(position, length) {
      const buf = new Uint8Array(length);
      const { bytesRead } = await handle.read(buf, 0, length, position);
      return bytesRead === length ? buf : buf.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

function sourceName(source: PbfSource): string {
  return typeof source === 'string' ? source : 'OSM PBF bytes';
}

async function readBlobLocation(
  reader: ByteReader,
  offset: number,
  name: string,
): Promise<BlobLocation> {
  const prefix = await reader.read(offset, 4);
  if (prefix.length < 4) throw new InputError('truncated OSM PBF file (block length)', name);
  const headerSize = ((prefix[0] << 24) | (prefix[1] << 16) | (prefix[2] << 8) | prefix[3]) >>> 0;
  if (headerSize === 0 || headerSize > MAX_HEADER_BYTES) {
    throw new InputError(`not an OSM PBF file (BlobHeader of ${headerSize} bytes at byte ${offset})`, name);
  }
  const headerBytes = await reader.read(offset + 4, headerSize);
  if (headerBytes.length < headerSize) throw new InputError('truncated OSM PBF file (BlobHeader)', name);
  const header = { type: '', datasize: -1 };
  try {
    new PbfReader(headerBytes).readFields((tag, h, pbf) => {
      if (tag === 1) h.type = pbf.readString();
      else if (tag === 3) h.datasize = pbf.readVarint();
    }, header);
  } catch (err) {
    throw corruptBlock(err, name, offset);
  }
  if (header.datasize < 0 || header.datasize > MAX_BLOB_BYTES) {
    throw new InputError(`not an OSM PBF file (Blob of ${header.datasize} bytes at byte ${offset})`, name);
  }
  return { offset, type: header.type, blobStart: offset + 4 + headerSize, blobSize: header.datasize };
}

/** The spec's cap on a block's inflated size (raw_size); zlib is told to stop there, so a zip bomb cannot grow. */
export const MAX_RAW_BLOCK_BYTES = 32 * 1024 * 1024;

/** The fields of a Blob message; a corrupt one is an InputError naming the block, not pbf's own words. */
function readBlobFields(blobBytes: Uint8Array, name: string, offset: number): { raw?: Uint8Array; zlib?: Uint8Array; rawSize: number; other: number } {
  const blob: { raw?: Uint8Array; zlib?: Uint8Array; rawSize: number; other: number } = { rawSize: -1, other: 0 };
  try {
    new PbfReader(blobBytes).readFields((tag, b, pbf) => {
      if (tag === 1) b.raw = pbf.readBytes();
      else if (tag === 2) b.rawSize = pbf.readVarint();
      else if (tag === 3) b.zlib = pbf.readBytes();
      else if (tag >= 4 && tag <= 7) b.other = tag;
    }, blob);
  } catch (err) {
    throw corruptBlock(err, name, offset);
  }
  return blob;
}

/** An InputError for a block whose bytes do not decode (bit flips, truncation inside a block). */
export function corruptBlock(err: unknown, name: string, offset: number): InputError {
  if (err instanceof InputError) return err;
  return new InputError(`corrupt OSM PBF block at byte ${offset} (${err instanceof Error ? err.message : String(err)})`, name);
}

async function decodeBlob(blob: ReturnType<typeof readBlobFields>, name: string, offset: number): Promise<Uint8Array> {
  if (blob.raw) {
    if (blob.raw.length > MAX_RAW_BLOCK_BYTES) throw new InputError(`OSM PBF block at byte ${offset} is larger than the format's 32 MiB`, name);
    return blob.raw;
  }
  if (blob.zlib) {
    // raw_size is checked before inflating, and zlib stops at it: a block claiming 100 bytes that
    // inflates to 1 GiB fails after 100 bytes, not after taking the memory.
    if (blob.rawSize > MAX_RAW_BLOCK_BYTES) {
      throw new InputError(`OSM PBF block at byte ${offset} declares ${blob.rawSize} bytes inflated, over the format's 32 MiB`, name);
    }
    const cap = blob.rawSize >= 0 ? blob.rawSize : MAX_RAW_BLOCK_BYTES;
    let out: Buffer;
    try {
      out = await inflateAsync(blob.zlib, { maxOutputLength: Math.max(1, cap) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new InputError(`corrupt OSM PBF block at byte ${offset} (inflates to more than the ${cap} bytes it declares)`, name);
      }
      throw new InputError(`corrupt OSM PBF block at byte ${offset} (zlib: ${(err as Error).message})`, name);
    }
    if (blob.rawSize >= 0 && out.length !== blob.rawSize) {
      throw new InputError(`corrupt OSM PBF block at byte ${offset} (inflated ${out.length} bytes, expected ${blob.rawSize})`, name);
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
  const kinds: Record<number, string> = { 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' };
  throw new InputError(
    `OSM PBF block at byte ${offset} uses ${kinds[blob.other] ?? 'an unknown'} compression; ` +
      'only zlib and raw blocks are supported (re-encode with "osmium cat -o out.osm.pbf in.osm.pbf")',
    name,
  );
}

export interface ReadBlocksOptions {
  /** Only inflate blocks whose offset this returns true for (others are skipped unread). */
  wanted?: (offset: number) => boolean;
  /**
   * How many blocks to inflate ahead of the consumer. Blocks are inflated ahead only while their
   * declared sizes add up to at most 32 MiB, so a file of huge blocks goes one block at a time.
   */
  lookahead?: number;
  /** Called after each block with the bytes consumed so far and the total. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

interface PendingBlock {
  loc: BlobLocation;
  data: Promise<Uint8Array>;
  /** The block's inflated size as declared (the cap when it declares none). */
  rawBytes: number;
}

function pendingBytes(pending: readonly PendingBlock[]): number {
  let sum = 0;
  for (const p of pending) sum += p.rawBytes;
  return sum;
}

/** Yields the decompressed blocks of a PBF in file order. */
export async function* readBlocks(source: PbfSource, opts: ReadBlocksOptions = {}): AsyncGenerator<RawBlock> {
  const name = sourceName(source);
  const reader = await openReader(source);
  const lookahead = Math.max(1, opts.lookahead ?? 3);
  const pending: PendingBlock[] = [];
  let offset = 0;
  try {
    for (;;) {
      while (pending.length < lookahead && offset < reader.size && pendingBytes(pending) < MAX_RAW_BLOCK_BYTES) {
        const loc = await readBlobLocation(reader, offset, name);
        offset = loc.blobStart + loc.blobSize;
        if (opts.wanted && loc.type === 'OSMData' && !opts.wanted(loc.offset)) continue;
        const blobBytes = await reader.read(loc.blobStart, loc.blobSize);
        if (blobBytes.length < loc.blobSize) throw new InputError('truncated OSM PBF file (Blob)', name);
        const fields = readBlobFields(blobBytes, name, loc.offset);
        const data = decodeBlob(fields, name, loc.offset);
        // Rejections surface when awaited below; this keeps Node from reporting them early.
        data.catch(() => {});
        pending.push({ loc, data, rawBytes: fields.raw ? fields.raw.length : fields.rawSize >= 0 ? fields.rawSize : MAX_RAW_BLOCK_BYTES });
      }
      const next = pending.shift();
      if (!next) break;
      const data = await next.data;
      opts.onProgress?.(Math.min(offset, reader.size), reader.size);
      yield { offset: next.loc.offset, type: next.loc.type, data };
    }
  } finally {
    await reader.close();
  }
}
