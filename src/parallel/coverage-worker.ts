import { parentPort } from 'node:worker_threads';
import { drawCoverageGroups } from '../isochrone/coverage-stack.js';
import { packedBuffers, packShapes, type CoverageReply, type CoverageRequest } from './coverage-message.js';
import { sendableError } from './network-message.js';

// Draws its share of the coverage groups over the network the main thread shared, and sends the
// shapes back as transferred typed arrays.
parentPort!.once('message', (req: CoverageRequest) => {
  try {
    const shapes = packShapes(drawCoverageGroups(req.network, req.groups, req.options, {
      onGroup: (drawn) => parentPort!.postMessage({ kind: 'group', drawn } satisfies CoverageReply),
    }));
    parentPort!.postMessage({ kind: 'done', shapes } satisfies CoverageReply, packedBuffers(shapes));
  } catch (err) {
    parentPort!.postMessage({ kind: 'failed', error: sendableError(err) } satisfies CoverageReply);
  }
});
