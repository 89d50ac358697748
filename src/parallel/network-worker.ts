import { parentPort } from 'node:worker_threads';
import type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
import { configureLimits } from '../io/limits.js';
import { readLayer } from '../io/read-layer.js';
import { buildNetwork } from '../network/build-network.js';
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
  const features = await readLayer(req.source, {
    notes, encoding: req.encoding,
    onBytes: (bytesRead) => {
      lastSeen = bytesRead;
      // Every 4 MB is enough for a progress bar and keeps the message count small.
      if (bytesRead - lastSent >= 1 << 22) sendBytes(bytesRead);
    },
  });
  if (lastSeen > lastSent) sendBytes(lastSeen);
  const { segmentIndex, ...arrays } = buildNetwork(features, { source: req.label });
  // buildNetwork allocates plain ArrayBuffers (never shared ones), so each can be transferred.
  const indexData = segmentIndex.data as ArrayBuffer;
  const network = { ...arrays, segmentIndexData: indexData };
  const buffers = new Set<ArrayBuffer>([indexData]);
  for (const value of Object.values(arrays)) if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
  return { reply: { kind: 'done', network, notes }, transfer: [...buffers] };
}
