import { createReadStream } from 'node:fs';
import type { Feature } from 'geojson';
import { InputError } from '../errors.js';
import { asFeature, type ReadFeaturesOptions } from './read-geojson.js';
import { limitsWith } from './limits.js';

/**
 * Reads a FeatureCollection too large for one string, one feature at a time, with stream-json.
 * Memory stays proportional to the features kept, not to the file text.
 */
export async function streamCollection(path: string, opts: ReadFeaturesOptions = {}): Promise<Feature[]> {
  const [{ parser }, { pick }, { streamArray }, { chain }] = await Promise.all([
    import('stream-json'),
    import('stream-json/filters/pick.js'),
    import('stream-json/streamers/stream-array.js'),
    import('stream-chain'),
  ]);
  const features: Feature[] = [];
  const limits = limitsWith(opts.limits);
  const pipeline = chain([
    createReadStream(path),
    parser(),
    pick({ filter: 'features' }),
    streamArray(),
  ]);
  try {
    for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
      features.push(asFeature(item.value, path, item.key, limits));
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`not valid GeoJSON (${(err as Error).message})`, path, features.length);
  }
  if (features.length === 0 && !opts.allowEmpty) throw new InputError('the FeatureCollection holds no features (or no "features" array)', path, undefined, 'features');
  return features;
}
