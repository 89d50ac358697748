import { createWriteStream, type WriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';

// Streams features to disk as a GeoJSON FeatureCollection or as GeoJSONSeq (one feature per line,
// RFC 8142 without the record separator). Strings are gathered into chunks of about 1 MB and handed
// to the stream only when it has room (backpressure), so a 5M-edge city never becomes one string.

const CHUNK_CHARS = 1 << 20;

export class ChunkWriter {
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private size = 0;
  private readonly tmpPath: string;

  constructor(private readonly path: string) {
    this.tmpPath = `${path}.partial`;
    this.stream = createWriteStream(this.tmpPath);
  }

  /** Queues text; true when the caller should `await flush()` before queueing more. */
  push(text: string): boolean {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.stream.once('error', onError);
      this.stream.once('drain', () => {
        this.stream.off('error', onError);
        resolve();
      });
    });
  }

  /** Flushes, closes, and moves the file into place: a file is there whole or not at all. */
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    await rename(this.tmpPath, this.path);
  }
}

export type FeatureFormat = 'geojson' | 'geojsonseq';

export const EXTENSIONS: Record<FeatureFormat, string> = { geojson: '.geojson', geojsonseq: '.geojsonl' };

/** Writes the features (objects, or their JSON text) to path; returns how many were written. */
export async function writeFeatures(path: string, features: Iterable<unknown>, format: FeatureFormat): Promise<number> {
  const json = (f: unknown) => (typeof f === 'string' ? f : JSON.stringify(f));
  const out = new ChunkWriter(path);
  let n = 0;
  if (format === 'geojson') {
    out.push('{"type":"FeatureCollection","features":[\n');
    for (const f of features) {
      if (out.push((n++ === 0 ? '' : ',\n') + json(f))) await out.flush();
    }
    out.push('\n]}\n');
  } else {
    for (const f of features) {
      n++;
      if (out.push(json(f) + '\n')) await out.flush();
    }
  }
  await out.close();
  return n;
}
