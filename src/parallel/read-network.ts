import { Worker } from 'node:worker_threads';
import Flatbush from 'flatbush';
import type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
import { limitsWith } from '../io/limits.js';
import type { Network } from '../network/network.js';
import { receivedError, type NetworkReply, type NetworkRequest } from './network-message.js';

export interface ReadNetworkOptions {
  /** The name errors and warnings give the network (default: the source). */
  label?: string;
  encoding?: string;
  /** Bytes of the network file read so far. */
  onBytes?: (bytesRead: number) => void;
}

/**
 * Reads a street layer and builds its walking graph on a worker thread: the same network as
 * `buildNetwork(await readLayer(source))`, while the calling thread is free to read the other inputs.
 * Errors come back as they were thrown (an InputError keeps its file, feature and field).
 * Node only (worker_threads).
 */
export async function readNetworkOnWorker(source: string, notes: ImportDiagnostic[], opts: ReadNetworkOptions = {}): Promise<Network> {
  const worker = newWorker();
  try {
    const reply = await new Promise<Extract<NetworkReply, { kind: 'done' }>>((resolve, reject) => {
      worker.on('message', (msg: NetworkReply) => {
        if (msg.kind === 'bytes') opts.onBytes?.(msg.bytesRead);
        else if (msg.kind === 'done') resolve(msg);
        else reject(receivedError(msg.error));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the network worker stopped (exit code ${code}) before it answered`)));
      const request: NetworkRequest = { source, label: opts.label ?? source, encoding: opts.encoding, limits: limitsWith(undefined) };
      worker.postMessage(request);
    });
    notes.push(...reply.notes);
    const { segmentIndexData, ...arrays } = reply.network;
    return { ...arrays, segmentIndex: Flatbush.from(segmentIndexData) };
  } finally {
    await worker.terminate();
  }
}

/** The network worker; run from the TypeScript sources (tests, benchmarks) it registers tsx first. */
function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./network-worker.js', import.meta.url));
  const entry = new URL('./network-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}
