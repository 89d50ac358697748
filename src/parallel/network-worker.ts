import { parentPort } from 'node:worker_threads';
import type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
import { configureLimits, limitsWith } from '../io/limits.js';
import { readLineParts } from '../io/scan-line-collection.js';
import { buildNetworkFromParts } from '../network/network-from-parts.js';
import type { Network } from '../network/network.js';
import { isWalkable } from '../network/walkable.js';
import { sendableError, type NetworkReply, type NetworkRequest } from './network-message.js';

// Reads the street layer and builds the graph on its own thread, so the main thread reads the
// facilities, communities and population meanwhile. The graph goes back as transferred typed arrays.
parentPort!.once('message', (req: NetworkRequest) => {
  void build(req).then(
    ({ reply, transfer }) => parentPort!.postMessage(reply, transfer),
    (err: unknown) => parentPort!.postMessage({ kind: 'failed', error: sendableError(err) } satisfies NetworkReply),
  );
});

async function build(req: NetworkRequest): Promise<{ reply: NetworkReply; transfer: ArrayBuffer[] }> {
  configureLimits(req.limits);
  const notes: ImportDiagnostic[] = [];
  let lastSeen = 0, lastSent = 0;
  const sendBytes = (bytesRead: number) => {
    lastSent = bytesRead;
    parentPort!.postMessage({ kind: 'bytes', bytesRead } satisfies NetworkReply);
  };
  const onBytes = (bytesRead: number) => {
    lastSeen = bytesRead;
    // Every 4 MB is enough for a progress bar and keeps the message count small.
    if (bytesRead - lastSent >= 1 << 22) sendBytes(bytesRead);
  };
  // A plain collection of lines is scanned straight into columns; anything else, or anything the
  // scanner does not take, is read as Features, which reads it or names the problem.
  const parts = await readLineParts(req.source, { walkable: isWalkable, limits: limitsWith(undefined), onBytes });
  let network: Network;
  if (parts) {
    if (lastSeen > lastSent) sendBytes(lastSeen);
    network = buildNetworkFromParts(parts, req.label);
  } else {
    lastSeen = lastSent = 0;
    // Imported only here: the format readers' dependencies (proj4, gcoord, turf) take longer to load
    // than a small street file takes to read, and the scanned path needs none of them.
    const [{ readLayer }, { buildNetwork }] = await Promise.all([import('../io/read-layer.js'), import('../network/build-network.js')]);
    const features = await readLayer(req.source, { notes, encoding: req.encoding, onBytes });
    if (lastSeen > lastSent) sendBytes(lastSeen);
    network = buildNetwork(features, { source: req.label });
  }
  const { segmentIndex, ...arrays } = network;
  // buildNetwork allocates plain ArrayBuffers (never shared ones), so each can be transferred.
  const indexData = segmentIndex.data as ArrayBuffer;
  const sent = { ...arrays, segmentIndexData: indexData };
  const buffers = new Set<ArrayBuffer>([indexData]);
  for (const value of Object.values(arrays)) if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
  return { reply: { kind: 'done', network: sent, notes }, transfer: [...buffers] };
}
